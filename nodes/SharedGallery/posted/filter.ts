import type { GalleryItem } from '../items';
import { PostedList } from './store';

/**
 * Query Items' Not In Posted List: keeps the candidates that are neither posted nor claimed,
 * and claims those it keeps (when claimMs > 0). The posted check comes first and covers the
 * page; claims are taken only for the items that will be output.
 */
export function keepUnposted(
	list: PostedList,
	claimMs: number,
): (candidates: GalleryItem[], wanted: number | undefined) => Promise<GalleryItem[]> {
	return async (candidates, wanted) => {
		const posted = await list.posted(candidates.map((item) => item.id));
		const open = candidates.filter((item) => !posted.has(item.id));
		if (claimMs === 0) return wanted === undefined ? open : open.slice(0, wanted);
		const ids = open.map((item) => item.id);
		const claimed = new Set(await list.claim(ids, wanted, claimMs, Date.now()));
		return open.filter((item) => claimed.has(item.id));
	};
}
