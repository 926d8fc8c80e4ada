import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { QUERY_PATH } from './endpoints';
import { normalizeItem, type GalleryItem } from './items';
import { listName } from './posted';
import { apiPages, type Context } from './transport';
import { dateTime, number, wholeNumber } from './validate';

/** Items read at most by one query that filters locally (date window, posted list). */
export const DEFAULT_SCAN_CAP = 10_000;

const PAGE_SIZE = 100;

export interface LocalQuery {
	filter: IDataObject;
	fieldset: string[];
	sort: { field: string; order: 'ASC' | 'DESC' };
	/** Created at or after (ms). */
	after?: number;
	/** Created before (ms). */
	before?: number;
	/** Items wanted; all when undefined. */
	limit?: number;
	scanCap: number;
	/**
	 * The items to output from these candidates (in output order), at most `wanted`:
	 * the posted-list filter. Everything when not given.
	 */
	keep?: (candidates: GalleryItem[], wanted: number | undefined) => Promise<GalleryItem[]>;
	itemIndex: number;
}

/**
 * A query the API cannot answer alone. With Created After, pages newest first (CREATED_DATE
 * DESC, the other filters sent) and stops at the first item older than it: at most
 * ceil(items since Created After ÷ 100) + 1 requests. Unless the sort is newest first, the
 * window is then sorted here (`compareItems`). Otherwise pages in the chosen sort and filters
 * each page as it comes. Either way `keep` sees candidates in output order, a page at a time,
 * until Limit items are kept, so skipped items never count towards Limit.
 */
export async function runLocalQuery(this: Context, query: LocalQuery): Promise<GalleryItem[]> {
	const { after, before, limit, sort } = query;
	const newestFirst = sort.field === 'CREATED_DATE' && sort.order === 'DESC';
	const resort = after !== undefined && !newestFirst;
	const body: IDataObject = {
		filter: query.filter,
		sort: after !== undefined ? { field: 'CREATED_DATE', order: 'DESC' } : sort,
	};
	if (query.fieldset.length) body.fieldset = query.fieldset;

	const kept: GalleryItem[] = [];
	const window: GalleryItem[] = [];
	const wanted = () => (limit === undefined ? undefined : limit - kept.length);
	const take = async (candidates: GalleryItem[]) => {
		for (let start = 0; start < candidates.length && wanted() !== 0; start += PAGE_SIZE) {
			const batch = candidates.slice(start, start + PAGE_SIZE);
			kept.push(...(query.keep ? await query.keep(batch, wanted()) : batch.slice(0, wanted())));
		}
	};

	let scanned = 0;
	const pages = apiPages.call(this, QUERY_PATH, body, {
		pageSize: PAGE_SIZE,
		itemIndex: query.itemIndex,
	});
	for await (const page of pages) {
		const candidates: GalleryItem[] = [];
		let ended = false;
		for (const raw of page) {
			const item = normalizeItem(raw);
			const created = createdMs(item);
			// With Created After the pages come newest first: the first older item ends the window.
			if (after !== undefined && created < after) {
				ended = true;
				break;
			}
			if (++scanned > query.scanCap) throw scanCapError(this.getNode(), query);
			if (before !== undefined && created >= before) continue;
			candidates.push(item);
		}
		if (resort) window.push(...candidates);
		else await take(candidates);
		if (ended || (!resort && wanted() === 0)) break;
	}
	if (resort) await take(window.sort((a, b) => compareItems(a, b, sort)));
	return kept;
}

function createdMs(item: GalleryItem): number {
	const ms = Date.parse(String(item.createdDate ?? ''));
	return Number.isNaN(ms) ? 0 : ms;
}

/** The value an item sorts by locally, as the API's sort fields name it (absent counts as 0). */
function sortValue(item: GalleryItem, field: string): number | string {
	const album = (item.albumInfo ?? {}) as IDataObject;
	switch (field) {
		case 'NAME':
			// Case-insensitive, then exact, by UTF-16 code units (locale-independent).
			return `${item.name.toLowerCase()}\u0000${item.name}`;
		case 'CREATED_DATE':
			return createdMs(item);
		case 'VIEW_COUNT':
			return Number(item.viewCount ?? 0);
		case 'LIKE_COUNT':
			return Number(item.likeCount ?? 0);
		case 'COMMENT_COUNT':
			return Number(item.commentCount ?? 0);
		case 'MEMBER_TAG_COUNT':
			return Number(item.memberTagCount ?? 0);
		case 'ALBUM_INFO_TAG_COUNT':
			return Number(album.tagCount ?? 0);
		default:
			return Number(album.orderNumber ?? 0);
	}
}

/** The window's local order: the chosen sort; ties newest first, then by ID ascending. */
export function compareItems(
	a: GalleryItem,
	b: GalleryItem,
	sort: { field: string; order: 'ASC' | 'DESC' },
): number {
	const x = sortValue(a, sort.field);
	const y = sortValue(b, sort.field);
	const bySort = (x < y ? -1 : x > y ? 1 : 0) * (sort.order === 'ASC' ? 1 : -1);
	return bySort || createdMs(b) - createdMs(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function scanCapError(node: INode, query: LocalQuery): NodeOperationError {
	const what =
		query.after !== undefined
			? `more than ${query.scanCap} items were created since Created After`
			: `more than ${query.scanCap} items were read`;
	return new NodeOperationError(node, `Scan cap reached: ${what}`, {
		itemIndex: query.itemIndex,
		description:
			'This query filters the gallery here, item by item, and stops before reading too much. Narrow it: set a later Created After, add filters (Created By, Albums, Item Types), or raise the Scan Cap option.',
	});
}

/** The Filters that Query Items applies itself, and the options that go with them. */
export interface LocalFilters {
	after?: number;
	before?: number;
	postedList?: string;
	claimMinutes: number;
	scanCap: number;
}

export const LOCAL_FILTER_NAMES = ['createdAfter', 'createdBefore', 'notInPostedList'];

/**
 * Reads Created After / Before (a date without an offset in `timeZone`, the workflow's), Not In
 * Posted List, Claim Minutes and Scan Cap. Undefined when no local filter is set (the API
 * answers the query alone).
 */
export function readLocalFilters(
	node: INode,
	filters: IDataObject,
	options: IDataObject,
	itemIndex: number,
	timeZone?: string,
): LocalFilters | undefined {
	const after = dateTime(
		node,
		filters.createdAfter,
		'Filters → Created After',
		itemIndex,
		timeZone,
	);
	const before = dateTime(
		node,
		filters.createdBefore,
		'Filters → Created Before',
		itemIndex,
		timeZone,
	);
	const list = filters.notInPostedList;
	const postedList =
		list === undefined || list === ''
			? undefined
			: listName(node, list, 'Filters → Not In Posted List', itemIndex);
	const claimMinutes = number(node, options.claimMinutes ?? 60, 'Claim Minutes', itemIndex);
	const scanCap = wholeNumber(node, options.scanCap ?? DEFAULT_SCAN_CAP, 'Scan Cap', itemIndex);
	if (after !== undefined && before !== undefined && after >= before) {
		throw new NodeOperationError(node, 'Created After must be earlier than Created Before', {
			itemIndex,
			description: `The window [${new Date(after).toISOString()}, ${new Date(before).toISOString()}) holds no time. Swap the dates, or clear one.`,
		});
	}
	if (after === undefined && before === undefined && postedList === undefined) return undefined;
	if (filters.itemIds !== undefined && filters.itemIds !== '') {
		throw new NodeOperationError(
			node,
			'Item IDs cannot be combined with Created After, Created Before or Not In Posted List',
			{
				itemIndex,
				description: 'Remove the Item IDs filter, or the date and posted-list filters.',
			},
		);
	}
	return { after, before, postedList, claimMinutes, scanCap };
}
