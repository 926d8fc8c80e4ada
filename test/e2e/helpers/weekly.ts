import { SEED, uuidFrom, type GalleryStore, type StoredItem } from '../../../emulator';

/**
 * A week of photos for the weekly examples ("the most-liked photo of the past 7 days, never
 * posted twice"): JPEG photos created inside the window that `$now.minus(7, 'days')` opens
 * when n8n runs, more liked than anything else in the store, plus the most-liked photo of all,
 * created 8 days ago, which no weekly run may offer. Uploaders take turns by rank of likes:
 * public profiles (Malik, Lena, Kenji) and a private one (Priya), so credits cover both.
 * The seed's members Dana and Zoë upload none of them: the other examples' queries see nothing new.
 */
export const WEEK = { days: 7 } as const;

const DAY = 24 * 3600 * 1000;
const UPLOADERS = [SEED.members.malik, SEED.members.priya, SEED.members.lena, SEED.members.kenji];

export interface WeekOfPhotos {
	/** When the photos were made (the test's "now"). */
	now: number;
	photos: StoredItem[];
	/** More liked than any of them, created before the window. */
	lastWeek: StoredItem;
}

export function addWeekOfPhotos(
	store: GalleryStore,
	count: number,
	{ label = 'week', now = Date.now() }: { label?: string; now?: number } = {},
): WeekOfPhotos {
	const top = Math.max(0, ...store.items.map((i) => store.likeCount(i)));
	const photos: StoredItem[] = [];
	// Rank of likes differs from the order of creation: sorting by likes is what picks.
	// k * step mod count is a permutation when step and count have no common factor.
	const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);
	let step = 7;
	while (gcd(step, count) !== 1) step++;
	for (let k = 0; k < count; k++) {
		const rank = (k * step) % count;
		photos.push(
			store.addMedia({
				id: uuidFrom(`${label}:photo:${k}`),
				name: `${label}-photo-${k + 1}.jpg`,
				createdById: UPLOADERS[rank % UPLOADERS.length],
				// From 6 days ago to 2 hours ago: inside the window for every run of a test.
				createdDate: new Date(now - 6 * DAY + (k * (6 * DAY - 2 * 3600_000)) / count).toISOString(),
				likeCount: top + 10 * (count - rank),
				description: `${label} photo ${k + 1}`,
			}),
		);
	}
	const lastWeek = store.addMedia({
		id: uuidFrom(`${label}:last-week`),
		name: `${label}-last-week.jpg`,
		createdById: SEED.members.malik,
		createdDate: new Date(now - 8 * DAY).toISOString(),
		likeCount: top + 10 * (count + 100),
	});
	return { now, photos, lastWeek };
}

/**
 * The emulator's answer to "visual media created in the past 7 days, of these MIME types,
 * most liked first", computed from the store itself. Ties would make the order depend on the
 * node's tie rule, so the top `distinct` must have distinct like counts.
 */
export function weekByLikes(
	store: GalleryStore,
	{
		now = Date.now(),
		mime = /^image\//,
		distinct = 3,
	}: { now?: number; mime?: RegExp; distinct?: number } = {},
): StoredItem[] {
	const since = now - WEEK.days * DAY;
	const ranked = store.items
		.filter(
			(i) =>
				i.type === 'VISUAL_MEDIA' &&
				Date.parse(i.createdDate) >= since &&
				Date.parse(i.createdDate) < now &&
				mime.test(store.mimeType(i.id)),
		)
		.sort((a, b) => store.likeCount(b) - store.likeCount(a));
	const likes = ranked.slice(0, distinct).map((i) => store.likeCount(i));
	if (new Set(likes).size !== Math.min(distinct, ranked.length))
		throw new Error(`[weekly] the top ${distinct} of the week share a like count: ${likes}`);
	return ranked;
}

/** What the examples' captions say about an item's uploader: the name when public, else the fallback. */
export function expectedCredit(store: GalleryStore, item: StoredItem): string | null {
	const member = store.members.find((m) => m.id === item.createdById);
	return member && member.identityProfileStatus === 'PUBLIC' ? member.name : null;
}

export const CREDIT_FALLBACK = 'one of our members';

export function caption(credit: string | null): string {
	return `This week's most-liked photo in our members' gallery, by ${credit ?? CREDIT_FALLBACK}`;
}
