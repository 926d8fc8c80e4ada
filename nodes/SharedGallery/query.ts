import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { QUERY_PATH } from './endpoints';
import { fromPickers, parseIds } from './ids';
import { normalizeItem, type GalleryItem } from './items';
import { FROM_LIST_HINT, MEMBER_FILTERS } from './memberCheck';
import { pipelined } from './pipelined';
import { enumList, filterLabel } from './validate';
import { apiPaginate, apiRequest, type CallOptions, type Context } from './transport';

export const SORT_FIELDS = [
	{
		name: 'Created Date',
		value: 'CREATED_DATE',
		description: 'When the item was uploaded or the album created',
	},
	{ name: 'View Count', value: 'VIEW_COUNT', description: 'Unique members who viewed the item' },
	{ name: 'Like Count', value: 'LIKE_COUNT', description: 'Members who liked the item' },
	{ name: 'Comment Count', value: 'COMMENT_COUNT', description: 'Comments on the item' },
	{ name: 'Name', value: 'NAME', description: 'File name, or album name' },
	{
		name: 'Member Tag Count',
		value: 'MEMBER_TAG_COUNT',
		description: 'Members tagged in the item',
	},
	{
		name: 'Album Tag Count',
		value: 'ALBUM_INFO_TAG_COUNT',
		description: 'Tags on all media inside an album',
	},
	{
		name: 'Album Order',
		value: 'ORDER_NUMBERS',
		description: 'The order the site owner gave the albums',
	},
] as const;

export const ITEM_TYPES = ['VISUAL_MEDIA', 'ALBUM'] as const;
export const FIELDSETS = ['Profiles', 'RecentTaggedMembers'] as const;
const ID_FILTERS = ['createdBy', 'likedBy', 'taggedBy', 'itemIds', 'albumIds'] as const;

/**
 * Validates the filter collection and gives the API's `filter` object (camelCase). A filter
 * left blank matches everything; an expression that gives nothing is an error, not "no filter".
 */
export function buildFilter(node: INode, filters: IDataObject, itemIndex: number): IDataObject {
	const filter: IDataObject = {};
	const raw = (node.parameters?.filters ?? {}) as IDataObject;
	const emptyExpression = (key: string) =>
		new NodeOperationError(node, `${filterLabel(key)}: the expression gave no values`, {
			itemIndex,
			description:
				'An empty filter would match every item. Fix the expression, or remove the filter.',
		});
	for (const key of Object.keys(filters)) {
		if (!(ID_FILTERS as readonly string[]).includes(key) && key !== 'itemTypes') {
			throw new NodeOperationError(node, `Unknown filter "${key}"`, { itemIndex });
		}
	}
	for (const key of ID_FILTERS) {
		if (filters[key] === undefined) continue;
		// Version 2's member pickers: a name typed By ID is pointed to From List.
		const hint = MEMBER_FILTERS.includes(key) && node.typeVersion >= 2 ? FROM_LIST_HINT : undefined;
		const ids = parseIds(node, fromPickers(filters[key]), filterLabel(key), itemIndex, { hint });
		if (ids.length) filter[key] = ids;
		else if (isExpression(raw[key])) throw emptyExpression(key);
	}
	if (filters.itemTypes !== undefined) {
		const types = enumList(
			node,
			filters.itemTypes,
			filterLabel('itemTypes'),
			ITEM_TYPES,
			itemIndex,
		);
		if (types.length) filter.itemTypes = types;
		else if (isExpression(raw.itemTypes)) throw emptyExpression('itemTypes');
	}
	return filter;
}

/** Whether the saved value is, or (version 2's pickers) holds, an expression. */
function isExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (value && typeof value === 'object') return Object.values(value).some(isExpression);
	return false;
}

/** Items by ID: the API ignores sort and paging then, so one call per 100 IDs. */
export async function getItemsByIds(
	this: Context,
	ids: string[],
	options: CallOptions & { fieldset?: string[]; filter?: IDataObject; parallel?: number } = {},
): Promise<Map<string, GalleryItem>> {
	const found = new Map<string, GalleryItem>();
	const chunks: string[][] = [];
	for (let start = 0; start < ids.length; start += 100) chunks.push(ids.slice(start, start + 100));
	const { itemIndex, retry, timeoutMs, pace } = options;
	// Up to `parallel` requests of 100 IDs at once (the pace keeps them under the rate limit);
	// their items are taken in order, and the first failure, in order, is thrown.
	await pipelined(
		chunks,
		options.parallel ?? 1,
		async (chunk) => {
			const body: IDataObject = { filter: { ...options.filter, itemIds: chunk } };
			if (options.fieldset?.length) body.fieldset = options.fieldset;
			return await apiRequest.call(this, 'POST', QUERY_PATH, body, {
				itemIndex,
				retry,
				timeoutMs,
				pace,
				itemIds: chunk,
			});
		},
		async (chunk, page) => {
			for (const raw of (page.items as IDataObject[] | undefined) ?? []) {
				const item = normalizeItem(raw);
				if (chunk.includes(item.id)) found.set(item.id, item);
			}
		},
	);
	return found;
}

/** The media inside an album (albums hold media only; they live at the gallery's root). */
export async function getAlbumMedia(
	this: Context,
	albumId: string,
	options: CallOptions & { fieldset?: string[] } = {},
): Promise<GalleryItem[]> {
	const body: IDataObject = {
		filter: { albumIds: [albumId], itemTypes: ['VISUAL_MEDIA'] },
		sort: { field: 'CREATED_DATE', order: 'ASC' },
	};
	const { fieldset, ...call } = options;
	if (fieldset?.length) body.fieldset = fieldset;
	const raw = await apiPaginate.call(this, QUERY_PATH, body, { ...call, itemIds: [albumId] });
	return raw.map(normalizeItem);
}
