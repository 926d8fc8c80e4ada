import type { GalleryItem } from '../items';
import type { PostedList } from './store';

/**
 * Query Items' Not In Posted List: keeps the candidates (in output order) that are neither
 * posted nor claimed, at most `wanted`, and holds a claim on each one kept (claimMs > 0).
 * A run never holds more than it outputs: each batch is exactly what is still wanted (all
 * the rest with Return All), and after an item is lost the next ones are tried for what is
 * still missing. Every key a run writes for a moment then belongs to an item it outputs, or
 * to one that is posted or claimed elsewhere: another run's stale write of the row can only
 * put back such keys (see `PostedList.take`).
 */
export function keepUnposted(
	list: PostedList,
	claimMs: number,
	held: string[] = [],
): (candidates: GalleryItem[], wanted: number | undefined) => Promise<GalleryItem[]> {
	return async (candidates, wanted) => {
		const now = Date.now();
		const kept: GalleryItem[] = [];
		let next = 0;
		while (next < candidates.length && (wanted === undefined || kept.length < wanted)) {
			const end = wanted === undefined ? candidates.length : next + wanted - kept.length;
			const batch = candidates.slice(next, end);
			next += batch.length;
			const ids = batch.map((item) => item.id);
			const open = new Set(
				claimMs > 0 ? await list.take(ids, claimMs, now) : await unposted(list, ids),
			);
			kept.push(...batch.filter((item) => open.has(item.id)));
		}
		if (claimMs > 0) held.push(...kept.map((item) => item.id));
		return kept;
	};
}

/**
 * Runs a query that claims through `keepUnposted`; if it fails after claiming (a later page's
 * error, the scan cap), the claims are given back, so the next run is offered those items
 * rather than finding them claimed for up to twice Claim Minutes. The query's own error is
 * what the user sees, even if giving back fails.
 */
export async function givingBackOnFailure<T>(
	list: PostedList,
	claimMs: number,
	query: (held: string[]) => Promise<T>,
): Promise<T> {
	const held: string[] = [];
	let succeeded = false;
	try {
		const result = await query(held);
		succeeded = true;
		return result;
	} finally {
		if (!succeeded && held.length) {
			try {
				await list.release(held, claimMs, Date.now());
			} catch {
				// The claims then run out by themselves.
			}
		}
	}
}

/** Without claims: the IDs not posted (the check writes their keys for a moment). */
async function unposted(list: PostedList, ids: string[]): Promise<string[]> {
	const posted = await list.posted(ids);
	return ids.filter((id) => !posted.has(id));
}
