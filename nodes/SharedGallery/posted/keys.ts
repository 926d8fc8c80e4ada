import { NodeOperationError, type INode } from 'n8n-workflow';

/**
 * Keys in n8n's deduplication store (scope "workflow"). n8n keeps only an MD5 hash of each
 * key, so a list cannot be listed back: only asked about, ID by ID.
 * - posted: `sg:<list>:posted:<id>`
 * - claim: `sg:<list>:claim:<claim ms>:<bucket>:<id>`, bucket = floor(time / claim ms), and
 *   its confirmation `sg:<list>:confirm:<claim ms>:<bucket>:<id>`.
 */
export function postedKey(list: string, id: string): string {
	return `sg:${list}:posted:${id}`;
}

export function claimKey(list: string, claimMs: number, bucket: number, id: string): string {
	return `sg:${list}:claim:${claimMs}:${bucket}:${id}`;
}

/** The second step of a claim: settles two runs that both won the first in the same moment. */
export function confirmKey(list: string, claimMs: number, bucket: number, id: string): string {
	return `sg:${list}:confirm:${claimMs}:${bucket}:${id}`;
}

/** A claim made in bucket b blocks checks made in b and b + 1: between 1 and 2 claim lengths. */
export function claimBuckets(now: number, claimMs: number): [number, number] {
	const bucket = Math.floor(now / claimMs);
	return [bucket, bucket - 1];
}

const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

/** A posted list's name: letters, digits, space, "_", "." and "-"; case-sensitive. */
export function listName(node: INode, value: unknown, name: string, itemIndex = 0): string {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!LIST_NAME.test(text)) {
		throw new NodeOperationError(
			node,
			text === ''
				? `${name}: no list name given`
				: `${name}: "${text.slice(0, 40)}" is not a valid list name`,
			{
				itemIndex,
				description:
					'Name the list, e.g. "instagram" or "x": letters, digits, spaces, "_", "." and "-", at most 64 characters. The same name in Query Items and Posted List means the same list.',
			},
		);
	}
	return text;
}
