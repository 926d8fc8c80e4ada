// The seed gallery: deterministic members, albums and media with real, small, unique files.
//
// Headline query (the guide's use case): filter createdBy [dana, zoe] + itemTypes [VISUAL_MEDIA],
// sort LIKE_COUNT DESC, paging.limit 5 →
//   sunset-pier.jpg (42), IMG_0001.jpg (zoe, 35), IMG_0001.jpg (dana, 27), café-night.jpg (21), beach-volley.mp4 (18);
//   6th is 日本の夕日.png (12): like counts are distinct around 5th place, and two of the five share a name.
import { GalleryStore, uuidFrom, type AddMediaInput, type StoredItem } from './store';
import { makeJpeg } from './media';
import { FIT_MEDIA, type FitKey } from './seed-fit';

/** The guide's example member IDs for the first two members; the docs example's root album ID. */
const MEMBERS = {
	dana: '7e60dbb7-736e-4cb4-ac12-07301289fc42',
	zoe: '2090bbca-4872-402b-a172-5b9b3146b892',
	malik: uuidFrom('member:malik'),
	priya: uuidFrom('member:priya'),
	kenji: uuidFrom('member:kenji'),
	lena: uuidFrom('member:lena'),
};
const ALBUMS = {
	summer: uuidFrom('album:summer'),
	night: uuidFrom('album:night'),
	empty: uuidFrom('album:empty'),
	/** "Fit check": media with chosen sizes, lengths and layouts (seed-fit.ts). */
	fit: uuidFrom('album:fit'),
};

type Who = keyof typeof MEMBERS;

export const SEED = {
	rootAlbumId: 'cb38d144-c9f8-499b-b5ac-b37541a2791b',
	members: MEMBERS,
	albums: ALBUMS,
	media: {} as Record<MediaKey | FitKey, string>,
	/** sort LIKE_COUNT DESC, limit 5, createdBy [dana, zoe], itemTypes [VISUAL_MEDIA]. */
	headline: {
		request: {} as Record<string, unknown>,
		expectedIds: [] as string[],
		expectedLikeCounts: [42, 35, 27, 21, 18],
		sixth: { likeCount: 12 },
	},
};

interface SeedMedia {
	key: string;
	name: string;
	by: Who;
	likes: number;
	views: number;
	comments: number;
	tags?: Who[];
	album?: keyof typeof ALBUMS;
	size?: [number, number];
	durationMs?: number;
	processing?: true | number;
	description?: string;
}

// Root first, then "Summer Picnic 2024", then "Night Walks". Dates follow list order.
const MEDIA = [
	{
		key: 'sunsetPier',
		name: 'sunset-pier.jpg',
		by: 'dana',
		likes: 42,
		views: 310,
		comments: 12,
		tags: ['zoe', 'malik'],
		description: 'Golden hour at the pier',
	},
	{
		key: 'zoeImg0001',
		name: 'IMG_0001.jpg',
		by: 'zoe',
		likes: 35,
		views: 220,
		comments: 7,
		tags: ['dana'],
	},
	{
		key: 'danaImg0001',
		name: 'IMG_0001.jpg',
		by: 'dana',
		likes: 27,
		views: 180,
		comments: 4,
		size: [480, 640],
	},
	{
		key: 'malikImg0001',
		name: 'IMG_0001.jpg',
		by: 'malik',
		likes: 50,
		views: 400,
		comments: 15,
		tags: ['kenji'],
	},
	{
		key: 'cafeNight',
		name: 'café-night.jpg',
		by: 'zoe',
		likes: 21,
		views: 150,
		comments: 9,
		tags: ['dana', 'malik', 'priya', 'kenji', 'lena', 'zoe'],
	},
	{
		key: 'beachVolley',
		name: 'beach-volley.mp4',
		by: 'dana',
		likes: 18,
		views: 260,
		comments: 6,
		size: [1280, 720],
		durationMs: 12425,
	},
	{
		key: 'japanSunset',
		name: '日本の夕日.png',
		by: 'zoe',
		likes: 12,
		views: 95,
		comments: 2,
		size: [320, 240],
		tags: ['kenji'],
	},
	{ key: 'skatePark', name: 'skate-park.gif', by: 'malik', likes: 33, views: 205, comments: 5 },
	{
		key: 'garden',
		name: 'garden.png',
		by: 'priya',
		likes: 8,
		views: 40,
		comments: 1,
		size: [320, 240],
	},
	{
		key: 'droneShot',
		name: 'drone-shot.mp4',
		by: 'kenji',
		likes: 25,
		views: 330,
		comments: 8,
		size: [1920, 1080],
		durationMs: 31500,
	},
	{
		key: 'whiteboard',
		name: 'whiteboard.png',
		by: 'dana',
		likes: 2,
		views: 12,
		comments: 0,
		size: [320, 240],
	},
	{ key: 'zoeDance', name: 'Zoë-dance.gif', by: 'zoe', likes: 9, views: 77, comments: 3 },
	{
		key: 'portrait',
		name: 'portrait.jpg',
		by: 'lena',
		likes: 19,
		views: 120,
		comments: 2,
		size: [480, 640],
	},
	{
		key: 'oldScan',
		name: 'old-scan.png',
		by: 'kenji',
		likes: 0,
		views: 3,
		comments: 0,
		size: [240, 320],
	},
	{ key: 'img2024', name: 'IMG_2024.jpeg', by: 'malik', likes: 6, views: 33, comments: 1 },
	{
		key: 'freshUpload',
		name: 'fresh-upload.mp4',
		by: 'dana',
		likes: 0,
		views: 0,
		comments: 0,
		processing: 2,
	},
	{
		key: 'timelapse',
		name: 'long-timelapse.mp4',
		by: 'zoe',
		likes: 1,
		views: 0,
		comments: 0,
		processing: true,
		durationMs: 95000,
	},

	{
		key: 'picnicBlanket',
		name: 'picnic-blanket.jpg',
		by: 'dana',
		likes: 6,
		views: 60,
		comments: 2,
		album: 'summer',
	},
	{
		key: 'danaImg0002',
		name: 'IMG_0002.jpg',
		by: 'dana',
		likes: 5,
		views: 44,
		comments: 0,
		album: 'summer',
	},
	{
		key: 'kenjiImg0002',
		name: 'IMG_0002.jpg',
		by: 'kenji',
		likes: 4,
		views: 41,
		comments: 1,
		album: 'summer',
		tags: ['dana'],
	},
	{
		key: 'frisbee',
		name: 'frisbee.mp4',
		by: 'malik',
		likes: 11,
		views: 90,
		comments: 3,
		album: 'summer',
		size: [1280, 720],
		durationMs: 8000,
	},
	{
		key: 'lemonade',
		name: 'lemonade.png',
		by: 'zoe',
		likes: 3,
		views: 25,
		comments: 0,
		album: 'summer',
		size: [320, 240],
	},
	{ key: 'kite', name: 'kite.gif', by: 'priya', likes: 3, views: 25, comments: 0, album: 'summer' },
	{
		key: 'groupPhoto',
		name: 'group-photo.jpg',
		by: 'lena',
		likes: 14,
		views: 140,
		comments: 11,
		album: 'summer',
		tags: ['dana', 'zoe', 'malik', 'kenji'],
	},
	{
		key: 'sunburn',
		name: 'sunburn.jpg',
		by: 'malik',
		likes: 1,
		views: 9,
		comments: 2,
		album: 'summer',
	},
	{
		key: 'watermelon',
		name: 'watermelon.jpg',
		by: 'zoe',
		likes: 9,
		views: 70,
		comments: 1,
		album: 'summer',
		tags: ['lena'],
	},
	{
		key: 'panorama',
		name: 'picnic-panorama.jpg',
		by: 'kenji',
		likes: 7,
		views: 52,
		comments: 0,
		album: 'summer',
		size: [1600, 400],
	},

	{
		key: 'neonAlley',
		name: 'neon-alley.jpg',
		by: 'zoe',
		likes: 8,
		views: 66,
		comments: 2,
		album: 'night',
	},
	{
		key: 'moon',
		name: 'moon.png',
		by: 'dana',
		likes: 3,
		views: 25,
		comments: 0,
		album: 'night',
		size: [320, 320],
	},
	{
		key: 'cityLights',
		name: 'city-lights.mp4',
		by: 'malik',
		likes: 16,
		views: 101,
		comments: 4,
		album: 'night',
		size: [1920, 1080],
		durationMs: 20000,
	},
	{
		key: 'streetlamp',
		name: 'streetlamp.jpg',
		by: 'kenji',
		likes: 3,
		views: 25,
		comments: 0,
		album: 'night',
	},
	{
		key: 'nightBus',
		name: 'night-bus.gif',
		by: 'lena',
		likes: 2,
		views: 14,
		comments: 0,
		album: 'night',
	},
	{
		key: 'strasse',
		name: 'Ünïcödé Straße.jpg',
		by: 'lena',
		likes: 5,
		views: 38,
		comments: 1,
		album: 'night',
		tags: ['priya'],
	},
	{ key: 'stars', name: 'stars.jpg', by: 'priya', likes: 0, views: 5, comments: 0, album: 'night' },
	{
		key: 'fog',
		name: 'fog.png',
		by: 'dana',
		likes: 1,
		views: 8,
		comments: 0,
		album: 'night',
		size: [320, 240],
	},
] as const satisfies readonly SeedMedia[];

export type MediaKey = (typeof MEDIA)[number]['key'];

for (const m of [...MEDIA, ...FIT_MEDIA]) SEED.media[m.key] = uuidFrom(`seed:${m.key}`);
SEED.headline.request = {
	filter: { createdBy: [SEED.members.dana, SEED.members.zoe], itemTypes: ['VISUAL_MEDIA'] },
	sort: { field: 'LIKE_COUNT', order: 'DESC' },
	paging: { limit: 5 },
};
SEED.headline.expectedIds = [
	SEED.media.sunsetPier,
	SEED.media.zoeImg0001,
	SEED.media.danaImg0001,
	SEED.media.cafeNight,
	SEED.media.beachVolley,
];

const START = Date.UTC(2024, 2, 1, 9, 0, 0);
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/** Members who liked it: the first `likes` of a rotation of all members; larger counts come from members not listed. */
function likers(index: number, likes: number): { likedBy: string[]; likeCount?: number } {
	const ids = Object.values(SEED.members);
	const rotated = ids.map((_, i) => ids[(i + index) % ids.length]);
	if (likes <= ids.length - 1) return { likedBy: rotated.slice(0, likes) };
	return { likedBy: rotated.slice(0, 3), likeCount: likes };
}

export function seedGallery(store: GalleryStore): void {
	const m = SEED.members;
	const avatar = (who: string) => `https://static.wixstatic.com/media/avatars/${who}.jpg`;
	store.addMember({ id: m.dana, name: 'Dana Whitfield', imageUrl: avatar('dana') });
	store.addMember({ id: m.zoe, name: 'Zoë Okafor', imageUrl: avatar('zoe') });
	store.addMember({ id: m.malik, name: 'Malik Haddad', imageUrl: avatar('malik') });
	store.addMember({
		id: m.priya,
		name: 'Priya Raman',
		imageUrl: avatar('priya'),
		identityProfileStatus: 'PRIVATE',
	});
	store.addMember({ id: m.kenji, name: 'Kenji Sato' });
	store.addMember({
		id: m.lena,
		name: 'Lena Fischer',
		imageUrl: avatar('lena'),
		identityProfileStatus: 'PRIVATE',
	});

	store.addAlbum({
		id: SEED.albums.summer,
		name: 'Summer Picnic 2024',
		createdById: m.dana,
		orderNumber: 1,
		createdDate: iso(START - 48 * HOUR),
	});
	store.addAlbum({
		id: SEED.albums.night,
		name: 'Night Walks',
		createdById: m.zoe,
		orderNumber: 2,
		createdDate: iso(START - 24 * HOUR),
		description: 'After dark',
	});
	store.addAlbum({
		id: SEED.albums.empty,
		name: 'Empty Album',
		createdById: m.malik,
		orderNumber: 3,
		createdDate: iso(START - 12 * HOUR),
	});

	MEDIA.forEach((s: SeedMedia, i) => {
		const input: AddMediaInput = {
			id: SEED.media[s.key as MediaKey],
			name: s.name,
			createdById: m[s.by],
			// Five days apart (about six months in all), so date windows select part of the seed.
			createdDate: iso(START + i * 5 * DAY + i * 7 * 60 * 1000),
			...likers(i, s.likes),
			viewCount: s.views,
			commentCount: s.comments,
			taggedMemberIds: (s.tags ?? []).map((t) => m[t]),
			parentAlbumId: s.album ? SEED.albums[s.album] : undefined,
			processing: s.processing,
			description: s.description,
			width: s.size?.[0],
			height: s.size?.[1],
			durationMs: s.durationMs,
		};
		store.addMedia(input);
	});
	seedFitCheck(store);
}

/** The "Fit check" album: Lena's, older than everything else and liked by no one. */
function seedFitCheck(store: GalleryStore): void {
	store.addAlbum({
		id: SEED.albums.fit,
		name: 'Fit check',
		createdById: SEED.members.lena,
		orderNumber: 4,
		createdDate: iso(START - 61 * DAY),
		description: 'Sizes, lengths and layouts for the fit check',
	});
	FIT_MEDIA.forEach((f, i) => {
		store.addMedia({
			id: SEED.media[f.key],
			name: f.name,
			createdById: SEED.members.lena,
			createdDate: iso(START - 60 * DAY + i * HOUR),
			parentAlbumId: SEED.albums.fit,
			width: f.width,
			height: f.height,
			durationMs: f.durationMs,
			shape: f.shape,
		});
	});
}

function iso(ms: number): string {
	return new Date(ms).toISOString();
}

export interface SyntheticOptions {
	/** Default: the seed's members in turn (or one synthetic member if the store has none). */
	createdById?: string | string[];
	/** Default: the root. */
	parentAlbumId?: string;
	/** First createdDate (ms); each next item is `stepMs` later. Default 2023-01-01. */
	startDate?: number;
	/** Time between two items' createdDate. Default a minute. */
	stepMs?: number;
	/** Name pattern; `{n}` is the 1-based number. Default 'synthetic-{n}.jpg'. */
	name?: string;
	/** Pad each JPEG to about this many bytes (COM segments). */
	bytesPerItem?: number;
	/** Id prefix, so several batches don't collide. Default 'synthetic'. */
	idPrefix?: string;
}

/** Add `count` small, unique JPEG items (for Return All tests and benchmarks). */
export function addSyntheticItems(
	store: GalleryStore,
	count: number,
	opts: SyntheticOptions = {},
): StoredItem[] {
	let authors =
		typeof opts.createdById === 'string'
			? [opts.createdById]
			: (opts.createdById ?? store.members.map((x) => x.id));
	if (authors.length === 0)
		authors = [store.addMember({ id: uuidFrom('member:synthetic'), name: 'Synthetic Member' }).id];
	const start = opts.startDate ?? Date.UTC(2023, 0, 1);
	const prefix = opts.idPrefix ?? 'synthetic';
	const out: StoredItem[] = [];
	for (let n = 1; n <= count; n++) {
		const id = uuidFrom(`${prefix}:${n}`);
		const name = (opts.name ?? 'synthetic-{n}.jpg').replace('{n}', String(n));
		const content = makeJpeg(
			64,
			48,
			n % 180,
			`shared-gallery-emulator item ${id}`,
			opts.bytesPerItem,
		);
		out.push(
			store.addMedia({
				id,
				name,
				createdById: authors[(n - 1) % authors.length],
				createdDate: new Date(start + n * (opts.stepMs ?? 60 * 1000)).toISOString(),
				content,
				likeCount: (n * 7919) % 500,
				viewCount: (n * 104729) % 5000,
				commentCount: n % 13,
				parentAlbumId: opts.parentAlbumId,
				width: 64,
				height: 48,
			}),
		);
	}
	return out;
}

/** The large site: the seed grown to this many members and albums (pickers' paging and search). */
export const LARGE_SITE = { members: 10_000, albums: 500 };

const FIRST_NAMES = [
	'Ana',
	'Ben',
	'Chloé',
	'David',
	'Elif',
	'Farah',
	'Gustav',
	'Hana',
	'Ivan',
	'Jonas',
	'Keiko',
	'Liam',
	'Maya',
	'Noah',
	'Olga',
	'Pablo',
	'Quinn',
	'Rosa',
	'Sven',
	'Tara',
	'Umar',
	'Vera',
	'Wei',
	'Ximena',
	'Yusuf',
	'Zara',
	'Amir',
	'Bea',
	'Carlos',
	'Dalia',
	'Emil',
	'Fatima',
	'Gia',
	'Hugo',
	'Ines',
	'Jamal',
	'Kira',
	'Luca',
	'Mina',
	'Nils',
	'Oscar',
	'Pia',
	'Rafael',
	'Sofia',
	'Theo',
	'Uma',
	'Viktor',
	'Wanda',
	'Yara',
	'Zeno',
];
const LAST_NAMES = [
	'Costa',
	'Novak',
	'Berg',
	'Tanaka',
	'Silva',
	'Kowalski',
	'Haddad',
	'Müller',
	'Ng',
	'Rossi',
	'Dubois',
	'Larsen',
	'Singh',
	'Park',
	'Moreau',
	'Ivanova',
	'García',
	'Okafor',
	'Lindqvist',
	'Chen',
];
const ALBUM_THEMES = [
	'Hiking',
	'Birthday',
	'Wedding',
	'Road Trip',
	'Garden',
	'Concert',
	'Graduation',
	'Beach',
	'Winter',
	'Market',
	'Museum',
	'Harbor',
	'Festival',
	'Picnic',
	'Camping',
	'Skyline',
	'Forest',
	'Marathon',
	'Workshop',
	'Reunion',
	'Snow Day',
	'Carnival',
	'Sunrise',
	'Lake',
	'Parade',
];

/**
 * Grows a seeded store to LARGE_SITE: members named "First Last" (then "First Last 2", … when a
 * name repeats) and albums named "<theme> <year>", in a fixed order, so tests can count matches.
 * The seed's members and albums stay, and stay the ones who upload, like and tag.
 */
export function addLargeSite(store: GalleryStore): void {
	const combos = FIRST_NAMES.length * LAST_NAMES.length;
	for (let n = 0; store.members.length < LARGE_SITE.members; n++) {
		const first = FIRST_NAMES[n % FIRST_NAMES.length];
		const last = LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length];
		const round = Math.floor(n / combos);
		store.addMember({
			id: uuidFrom(`large-site:member:${n}`),
			name: round === 0 ? `${first} ${last}` : `${first} ${last} ${round + 1}`,
		});
	}
	const authors = Object.values(SEED.members);
	const albums = () => store.items.filter((i) => i.type === 'ALBUM').length;
	for (let n = albums(), k = 0; n < LARGE_SITE.albums; n++, k++) {
		const theme = ALBUM_THEMES[k % ALBUM_THEMES.length];
		store.addAlbum({
			id: uuidFrom(`large-site:album:${k}`),
			name: `${theme} ${2000 + Math.floor(k / ALBUM_THEMES.length)}`,
			createdById: authors[k % authors.length],
			createdDate: iso(START - (k + 100) * HOUR),
		});
	}
}
