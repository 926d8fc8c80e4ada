import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

/** More IDs than this in one parameter is a mistake, not a request. */
export const MAX_IDS_PER_PARAMETER = 1000;

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

/**
 * Turns `"a, b\nc"` or `["a", "b"]` into validated, de-duplicated IDs.
 * Throws a NodeOperationError naming the parameter and the item, before any request.
 */
export function parseIds(
	node: INode,
	value: unknown,
	parameter: string,
	itemIndex: number,
	{ required = false, hint }: { required?: boolean; hint?: string } = {},
): string[] {
	const fail = (message: string, description?: string) =>
		new NodeOperationError(node, `${parameter}: ${message}`, { itemIndex, description });

	let parts: unknown[];
	if (value === undefined || value === null || value === '') {
		parts = [];
	} else if (typeof value === 'string') {
		parts = value.split(/[,\n\r]+/);
	} else if (Array.isArray(value)) {
		parts = value.flat(2);
	} else {
		throw fail(
			`expected IDs as text or a list, got ${describe(value)}`,
			'Give one or more IDs separated by commas or new lines, or an expression that returns an array of strings.',
		);
	}

	const ids: string[] = [];
	for (const part of parts) {
		if (typeof part !== 'string') {
			throw fail(`every ID must be text, got ${describe(part)}`);
		}
		const id = part.trim();
		if (id === '') {
			if (Array.isArray(value)) throw fail('an ID in the list is empty');
			continue;
		}
		if (!ID_PATTERN.test(id)) {
			throw fail(
				`"${truncate(id)}" is not a valid ID`,
				hint ?? 'IDs are made of letters, digits, "-" and "_".',
			);
		}
		ids.push(id);
	}
	if (required && ids.length === 0) {
		throw fail('no ID given', 'Give at least one ID.');
	}
	if (typeof value === 'string' && value.trim() !== '' && ids.length === 0) {
		throw fail('no ID given');
	}
	const unique = [...new Set(ids)];
	if (unique.length > MAX_IDS_PER_PARAMETER) {
		throw fail(
			`${unique.length} IDs given; at most ${MAX_IDS_PER_PARAMETER} are allowed in one item`,
			'Split the IDs over several input items.',
		);
	}
	return unique;
}

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function truncate(text: string): string {
	return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** The lists a version-2 filter keeps its picked members or albums in (fields.ts). */
const PICKER_LISTS: Record<string, string> = { members: 'member', albums: 'album' };

/**
 * A version-2 filter, `{members: [{member: {__rl, mode, value}}, …]}`, as the list of IDs
 * parseIds reads: each entry's value, with "a, b" typed By ID split, an expression's array
 * flattened, blank entries left out. Anything else (version 1's text or list) is returned as is.
 */
export function fromPickers(value: unknown): unknown {
	if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
	const keys = Object.keys(value);
	// A filter added without any entry yet: blank, as an empty text filter is.
	if (keys.length === 0) return [];
	if (keys.length !== 1 || !PICKER_LISTS[keys[0]]) return value;
	const entries = (value as IDataObject)[keys[0]];
	if (!Array.isArray(entries)) return value;
	const ids: unknown[] = [];
	for (const entry of entries as IDataObject[]) {
		let picked: unknown = entry?.[PICKER_LISTS[keys[0]]];
		if (picked && typeof picked === 'object' && !Array.isArray(picked) && '__rl' in picked)
			picked = (picked as IDataObject).value;
		if (typeof picked === 'string') ids.push(...picked.split(/[,\n\r]+/).filter((id) => id.trim()));
		else if (Array.isArray(picked)) ids.push(...picked.flat(2));
		else if (picked !== undefined && picked !== null) ids.push(picked);
	}
	return ids;
}
