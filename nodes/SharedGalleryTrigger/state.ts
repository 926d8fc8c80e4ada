import type { IDataObject } from 'n8n-workflow';

import type { GalleryItem } from '../SharedGallery/items';

/** Kept in the workflow's static data: where the last poll stopped. */
export interface PollState extends IDataObject {
	/** createdDate (ms) of the newest item emitted or seen at activation. */
	highWaterMark?: number;
	/** IDs already emitted at exactly that millisecond, so same-time uploads are neither lost nor repeated. */
	idsAtMark?: string[];
}

/** Same-millisecond IDs kept at most; the state stays small however long the workflow runs. */
export const MAX_IDS_AT_MARK = 1000;

export function createdAt(item: GalleryItem): number {
	const time = Date.parse(String(item.createdDate ?? ''));
	return Number.isNaN(time) ? 0 : time;
}

/** Where an item stands against the state, for a walk from newest to oldest. */
export function isNew(state: PollState, item: GalleryItem): 'new' | 'seen' | 'older' {
	const time = createdAt(item);
	const mark = state.highWaterMark ?? Number.NEGATIVE_INFINITY;
	if (time > mark) return 'new';
	if (time < mark) return 'older';
	return state.idsAtMark?.includes(item.id) ? 'seen' : 'new';
}

/** The state after emitting `items` (oldest first). */
export function advance(state: PollState, items: GalleryItem[], resetIds = false): PollState {
	if (!items.length)
		return { highWaterMark: state.highWaterMark ?? 0, idsAtMark: state.idsAtMark ?? [] };
	const mark = Math.max(state.highWaterMark ?? 0, ...items.map(createdAt));
	const previous = !resetIds && mark === state.highWaterMark ? (state.idsAtMark ?? []) : [];
	const atMark = items.filter((item) => createdAt(item) === mark).map((item) => item.id);
	const idsAtMark = [...new Set([...previous, ...atMark])].slice(-MAX_IDS_AT_MARK);
	return { highWaterMark: mark, idsAtMark };
}
