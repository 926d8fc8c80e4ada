import type { IDataObject } from 'n8n-workflow';

import { answerError } from './errors';
import { apiRequest, type CallOptions } from './request';
import type { Context } from './retry';

export interface PageOptions extends CallOptions {
	/** Items wanted in all; every page when undefined. */
	limit?: number;
	pageSize?: number;
	/** True for the item that ends the walk (it is not returned). */
	stop?: (item: IDataObject) => boolean;
}

/**
 * Cursor paging: sends `paging: {limit, cursor}` and follows `metadata.cursor` (or `nextCursor`)
 * to the end, or until `limit` items are in, or until `stop` says an item ends the walk. No page
 * asks for more than is still needed.
 */
export async function apiPaginate(
	this: Context,
	path: string,
	body: IDataObject,
	{ limit, pageSize = 100, stop, ...options }: PageOptions,
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	const wanted = limit === undefined ? undefined : () => limit - results.length;
	for await (const items of apiPages.call(this, path, body, { ...options, pageSize, wanted })) {
		for (const item of items) {
			if (stop?.(item)) return results;
			results.push(item);
			if (limit !== undefined && results.length >= limit) return results;
		}
	}
	return results;
}

/**
 * The pages of a cursor walk, one at a time (items already seen left out), for callers that
 * decide page by page when to stop. A cursor given twice is asked again once; given again, it
 * fails the call: the loop never runs forever, and never ends silently with part of the results.
 */
export async function* apiPages(
	this: Context,
	path: string,
	body: IDataObject,
	{
		pageSize = 100,
		wanted,
		...options
	}: CallOptions & { pageSize?: number; wanted?: () => number },
): AsyncGenerator<IDataObject[]> {
	const ids = new Set<unknown>();
	const seen = new Set<string>();
	let cursor: string | undefined;
	let askedAgain = false;
	for (;;) {
		const paging: IDataObject = { limit: wanted ? Math.min(pageSize, wanted()) : pageSize };
		if (cursor) paging.cursor = cursor;
		const page = await apiRequest.call(this, 'POST', path, { ...body, paging }, options);
		const items = Array.isArray(page.items) ? (page.items as IDataObject[]) : [];
		// Checked and added one by one: an ID repeated within one page is left out too.
		const fresh = items.filter((item) => {
			if (item.id === undefined) return true;
			if (ids.has(item.id)) return false;
			ids.add(item.id);
			return true;
		});
		yield fresh;
		const next = nextCursorOf(page);
		if (!next || items.length === 0) return;
		if (seen.has(next)) {
			if (askedAgain) {
				throw answerError(
					this.getNode(),
					'it returned the same page cursor again; the results would be incomplete',
					options,
					'The API kept sending a page it had already sent. Try again later; narrowing the filters makes fewer pages.',
				);
			}
			askedAgain = true;
			continue;
		}
		askedAgain = false;
		seen.add(next);
		cursor = next;
	}
}

/** `metadata.cursor` (schema) or `metadata.nextCursor` (docs example). */
export function nextCursorOf(body: IDataObject): string | undefined {
	const metadata = (body.metadata ?? {}) as IDataObject;
	const cursor = metadata.cursor ?? metadata.nextCursor ?? metadata.next_cursor;
	return typeof cursor === 'string' && cursor !== '' ? cursor : undefined;
}
