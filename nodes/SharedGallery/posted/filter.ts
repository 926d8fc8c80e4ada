import type { GalleryItem } from '../items';
import type { PostedList } from './store';

/**
 * Query Items' Not In Posted List: keeps the candidates (in output order) that are neither
 * posted nor claimed, at most `wanted`, and holds a claim on each one kept (claimMs > 0).
 * Claim first, then check posted: the check writes posted keys for a moment, and only for
 * items this run holds, which other runs skip for the claim. Batches start at what is still
 * wanted and double when items turn out posted; claims beyond Limit are given back.
 */
export function keepUnposted(
	list: PostedList,
	claimMs: number,
): (candidates: GalleryItem[], wanted: number | undefined) => Promise<GalleryItem[]> {
	return async (candidates, wanted) => {
		const now = Date.now();
		const kept: GalleryItem[] = [];
		let size = Math.max(1, wanted ?? candidates.length);
		for (let start = 0; start < candidates.length; start += size, size *= 2) {
			if (wanted !== undefined && kept.length >= wanted) break;
			const batch = candidates.slice(start, start + size).map((item) => item.id);
			const held = claimMs > 0 ? await list.claim(batch, claimMs, now) : batch;
			const posted = await list.posted(held, claimMs, now);
			const open = new Set(held.filter((id) => !posted.has(id)));
			kept.push(...candidates.slice(start, start + size).filter((item) => open.has(item.id)));
		}
		if (wanted === undefined || kept.length <= wanted) return kept;
		const surplus = kept.splice(wanted);
		if (claimMs > 0)
			await list.release(
				surplus.map((item) => item.id),
				claimMs,
				now,
			);
		return kept;
	};
}
