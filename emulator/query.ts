// Query items: filter (fields ANDed, values within a field ORed), sort, cursor paging, fieldset.
import * as crypto from 'crypto';
import { validationError } from './errors';
import {
	ITEM_TYPES,
	ORIENTATIONS,
	SORT_FIELDS,
	Validator,
	field,
	type Orientation,
	type SortField,
} from './schema';
import { albumTagCount, serializeItem } from './serialize';
import { signOpaque, verifyOpaque } from './tokens';
import type { GalleryStore, StoredItem } from './store';
import type { Dialect } from './types';

export interface QueryRequest {
	filter: {
		createdBy?: string[];
		likedBy?: string[];
		taggedBy?: string[];
		itemIds?: string[];
		albumIds?: string[];
		itemTypes?: string[];
	};
	sort: { field: Exclude<SortField, 'UNKNOWN'>; order: Orientation };
	limit?: number;
	cursor?: string;
	fieldset: Set<string>;
}

/** Validate and normalise a request body (camelCase or snake_case). Throws a 400 WixError. */
export function parseQuery(body: unknown): QueryRequest {
	const v = new Validator();
	const root = v.object(body ?? {}, 'body') ?? {};
	const f = v.object(field(root, 'filter'), 'filter') ?? {};
	const filter: QueryRequest['filter'] = {};
	for (const name of ['createdBy', 'likedBy', 'taggedBy', 'itemIds', 'albumIds'] as const) {
		const list = v.strings(field(f, name), `filter.${name}`);
		if (list) filter[name] = list;
	}
	const types = field(f, 'itemTypes');
	if (types !== undefined) {
		if (!Array.isArray(types)) v.fail('filter.itemTypes', 'must be an array', 'FORMAT');
		else
			filter.itemTypes = types
				.map((t, i) => v.enumValue(t, `filter.itemTypes[${i}]`, ITEM_TYPES))
				.filter((t): t is (typeof ITEM_TYPES)[number] => !!t);
	}
	const s = v.object(field(root, 'sort'), 'sort') ?? {};
	const sortField = v.enumValue(field(s, 'field'), 'sort.field', SORT_FIELDS);
	const order = v.enumValue(field(s, 'order'), 'sort.order', ORIENTATIONS) ?? 'DESC';
	const p = v.object(field(root, 'paging'), 'paging') ?? {};
	const limit = v.int(field(p, 'limit'), 'paging.limit', 0);
	const cursor = field(p, 'cursor');
	if (cursor !== undefined && typeof cursor !== 'string')
		v.fail('paging.cursor', 'must be a string', 'FORMAT');
	const fs = root.fieldset ?? root.field_set ?? root.fieldSet ?? root.fieldsets;
	const fieldset = new Set(v.strings(fs ?? undefined, 'fieldset') ?? []);
	v.done();
	return {
		filter,
		// UNKNOWN (the proto default) means "no sort given": newest first.
		sort: { field: !sortField || sortField === 'UNKNOWN' ? 'CREATED_DATE' : sortField, order },
		limit: limit || undefined,
		cursor: typeof cursor === 'string' && cursor !== '' ? cursor : undefined,
		fieldset,
	};
}

function matches(store: GalleryStore, item: StoredItem, f: QueryRequest['filter']): boolean {
	const anyOf = (list: string[] | undefined, test: (id: string) => boolean) =>
		!list || list.length === 0 || list.some(test);
	return (
		anyOf(f.createdBy, (id) => item.createdById === id) &&
		anyOf(f.likedBy, (id) => item.likedBy.includes(id)) &&
		anyOf(f.taggedBy, (id) => item.taggedMemberIds.includes(id)) &&
		anyOf(f.itemIds, (id) => item.id === id) &&
		anyOf(f.albumIds, (id) => item.parentAlbumId === id) &&
		anyOf(f.itemTypes, (t) => item.type === t)
	);
}

type Key = number | string;

/** The value an item sorts by. Fields an item doesn't have count as 0 (media have no album tag count or order number). */
export function sortKey(
	store: GalleryStore,
	item: StoredItem,
	sortField: QueryRequest['sort']['field'],
): Key {
	switch (sortField) {
		case 'CREATED_DATE':
			return Date.parse(item.createdDate);
		case 'VIEW_COUNT':
			return item.viewCount;
		case 'LIKE_COUNT':
			return store.likeCount(item);
		case 'COMMENT_COUNT':
			return item.commentCount;
		case 'NAME':
			// Case-insensitive, then exact, by UTF-16 code units (locale-independent).
			return `${item.name.toLowerCase()}\u0000${item.name}`;
		case 'MEMBER_TAG_COUNT':
			return item.taggedMemberIds.length;
		case 'ALBUM_INFO_TAG_COUNT':
			return item.album ? albumTagCount(store, item) : 0;
		case 'ORDER_NUMBERS':
			return item.album ? item.album.orderNumber : 0;
	}
}

function compareKeys(a: Key, b: Key): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/** Order by the key in the requested direction; ties always by id ascending. */
function compareEntries(
	a: { key: Key; id: string },
	b: { key: Key; id: string },
	order: Orientation,
): number {
	const c = compareKeys(a.key, b.key) * (order === 'ASC' ? 1 : -1);
	return c || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

interface CursorState {
	/** Hash of filter + sort: a cursor only continues the query that made it. */
	q: string;
	/** The last item returned (keyset paging). */
	after: { key: Key; id: string };
}

function queryHash(r: QueryRequest): string {
	const norm = (l?: string[]) => (l && l.length ? [...new Set(l)].sort() : []);
	const f = r.filter;
	const canon = JSON.stringify([
		norm(f.createdBy),
		norm(f.likedBy),
		norm(f.taggedBy),
		norm(f.albumIds),
		norm(f.itemTypes),
		r.sort.field,
		r.sort.order,
	]);
	return crypto.createHash('sha256').update(canon).digest('hex').slice(0, 16);
}

export interface QueryContext {
	store: GalleryStore;
	maxPageSize: number;
	dialect: Dialect;
	secret: Buffer;
	/** Fault: answer with a cursor that doesn't advance. */
	repeatCursor?: boolean;
}

export function runQuery(
	req: QueryRequest,
	ctx: QueryContext,
): { items: unknown[]; metadata: Record<string, string> } {
	const { store } = ctx;
	const ser = { fieldset: req.fieldset, dialect: ctx.dialect };
	const cursorName = ctx.dialect === 'docs-example' ? 'nextCursor' : 'cursor';
	const matching = store.items.filter((i) => matches(store, i, req.filter));

	// itemIds given: sort and paging are ignored; everything that matches, in the order asked for.
	if (req.filter.itemIds && req.filter.itemIds.length) {
		const order = [...new Set(req.filter.itemIds)];
		const byId = new Map(matching.map((i) => [i.id, i]));
		const items = order.map((id) => byId.get(id)).filter((i): i is StoredItem => !!i);
		return { items: items.map((i) => serializeItem(store, i, ser)), metadata: {} };
	}

	const hash = queryHash(req);
	let after: CursorState['after'] | undefined;
	if (req.cursor) {
		const state = verifyOpaque(req.cursor, ctx.secret) as CursorState | undefined;
		if (!state || typeof state.q !== 'string') {
			throw validationError([
				{ field: 'paging.cursor', description: 'invalid cursor', violatedRule: 'FORMAT' },
			]);
		}
		if (state.q !== hash) {
			throw validationError([
				{
					field: 'paging.cursor',
					description: 'cursor does not belong to this query (filter or sort changed)',
					violatedRule: 'OTHER',
				},
			]);
		}
		after = state.after;
	}
	const entries = matching
		.map((item) => ({ item, key: sortKey(store, item, req.sort.field), id: item.id }))
		.sort((a, b) => compareEntries(a, b, req.sort.order));
	const start = after ? entries.findIndex((e) => compareEntries(e, after!, req.sort.order) > 0) : 0;
	const from = start < 0 ? entries.length : start;
	const size = Math.min(req.limit ?? ctx.maxPageSize, ctx.maxPageSize);
	const page = entries.slice(from, from + size);
	const metadata: Record<string, string> = {};
	if (ctx.repeatCursor && req.cursor) {
		metadata[cursorName] = req.cursor;
	} else if (from + size < entries.length && page.length) {
		const last = page[page.length - 1];
		metadata[cursorName] = signOpaque(
			{ q: hash, after: { key: last.key, id: last.id } } satisfies CursorState,
			ctx.secret,
		);
	}
	return { items: page.map((e) => serializeItem(store, e.item, ser)), metadata };
}
