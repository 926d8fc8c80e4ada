import { GalleryStore, SEED, addSyntheticItems, seedGallery, startEmulator } from '../../emulator';
import { shown } from './headers';
import { queryAll, sha256 } from './helpers';

function seeded(): GalleryStore {
	const s = new GalleryStore({ rootAlbumId: SEED.rootAlbumId });
	seedGallery(s);
	return s;
}

const store = seeded();
const media = store.items.filter((i) => i.media);

describe('seed gallery', () => {
	test('members: at least 3, one with a non-ASCII name, one private profile', () => {
		expect(store.members.length).toBeGreaterThanOrEqual(3);
		expect(store.members.some((m) => /[^\x00-\x7f]/.test(m.name))).toBe(true);
		expect(store.getMember(SEED.members.zoe)!.name).toBe('Zoë Okafor');
		expect(store.members.some((m) => m.identityProfileStatus === 'PRIVATE')).toBe(true);
	});

	test('albums at the root, media at the root and in albums', () => {
		const albums = store.items.filter((i) => i.type === 'ALBUM');
		expect(albums.length).toBeGreaterThanOrEqual(2);
		expect(albums.every((a) => a.parentAlbumId === SEED.rootAlbumId)).toBe(true);
		expect(media.length).toBeGreaterThanOrEqual(30);
		expect(media.filter((m) => m.parentAlbumId === SEED.rootAlbumId).length).toBeGreaterThan(5);
		expect(media.filter((m) => m.parentAlbumId === SEED.albums.summer).length).toBeGreaterThan(5);
	});

	test('photos, GIFs and videos: real files whose shown size and length match the item', () => {
		const formats = new Set<string>();
		for (const m of media) {
			const d = shown(store.fileBytes(m.id));
			formats.add(d.format);
			expect({ id: m.id, width: d.width, height: d.height, ms: d.durationMs }).toEqual({
				id: m.id,
				width: m.media!.width,
				height: m.media!.height,
				ms: m.media!.durationMs,
			});
			expect(m.media!.size).toBe(store.fileBytes(m.id).length);
			if (d.format === 'mp4' || d.format === 'mov')
				expect([
					['ftyp', 'moov', 'free', 'mdat'],
					['ftyp', 'free', 'mdat', 'moov'],
				]).toContainEqual(d.boxes);
		}
		expect([...formats].sort()).toEqual(['gif', 'heic', 'jpeg', 'mov', 'mp4', 'png', 'webp']);
	});

	test('every file is unique and carries its item id', () => {
		const hashes = new Set(media.map((m) => store.fileSha256(m.id)));
		expect(hashes.size).toBe(media.length);
		for (const m of media) expect(store.fileBytes(m.id).includes(Buffer.from(m.id))).toBe(true);
		expect(store.fileSha256(media[0].id)).toBe(sha256(store.fileBytes(media[0].id)));
	});

	test('shared and non-ASCII file names, likes, views, comments, tags, processing', () => {
		expect(media.filter((m) => m.name === 'IMG_0001.jpg')).toHaveLength(3);
		expect(media.map((m) => m.name)).toEqual(
			expect.arrayContaining(['café-night.jpg', '日本の夕日.png']),
		);
		expect(media.some((m) => store.isProcessing(m.id))).toBe(true);
		expect(new Set(media.map((m) => store.likeCount(m))).size).toBeGreaterThan(15);
		expect(media.some((m) => m.likedBy.length > 0 && store.likeCount(m) === m.likedBy.length)).toBe(
			true,
		);
		expect(media.some((m) => m.taggedMemberIds.length > 5)).toBe(true);
		expect(new Set(media.map((m) => m.viewCount)).size).toBeGreaterThan(15);
	});

	test('deterministic: same IDs, dates and bytes every time', () => {
		const again = seeded();
		expect(again.items.map((i) => [i.id, i.createdDate, i.name])).toEqual(
			store.items.map((i) => [i.id, i.createdDate, i.name]),
		);
		for (const m of media) expect(again.fileSha256(m.id)).toBe(store.fileSha256(m.id));
		expect(Object.values(SEED.media)).toEqual(media.map((m) => m.id));
	});

	test('MIME types by extension', () => {
		expect(store.mimeType(SEED.media.cafeNight)).toBe('image/jpeg');
		expect(store.mimeType(SEED.media.img2024)).toBe('image/jpeg');
		expect(store.mimeType(SEED.media.japanSunset)).toBe('image/png');
		expect(store.mimeType(SEED.media.skatePark)).toBe('image/gif');
		expect(store.mimeType(SEED.media.beachVolley)).toBe('video/mp4');
	});
});

describe('synthetic items (Return All, benchmarks)', () => {
	test('10,000 items: every page followed, each once, unique bytes', async () => {
		const emu = await startEmulator({ seed: false });
		try {
			const t = Date.now();
			const added = addSyntheticItems(emu.store, 10_000);
			expect(Date.now() - t).toBeLessThan(15_000);
			expect(new Set(added.map((i) => emu.store.fileSha256(i.id))).size).toBe(10_000);
			const items = await queryAll(emu, { sort: { field: 'LIKE_COUNT', order: 'DESC' } });
			expect(items).toHaveLength(10_000);
			expect(new Set(items.map((i) => i.id)).size).toBe(10_000);
		} finally {
			await emu.close();
		}
	}, 60_000);

	test('options: author, album, names, padding, id prefix', () => {
		const s = seeded();
		const a = addSyntheticItems(s, 3, {
			createdById: SEED.members.dana,
			parentAlbumId: SEED.albums.night,
			name: 'bench-{n}.jpg',
			bytesPerItem: 200_000,
			idPrefix: 'batch-a',
		});
		expect(a.map((i) => i.name)).toEqual(['bench-1.jpg', 'bench-2.jpg', 'bench-3.jpg']);
		expect(
			a.every((i) => i.createdById === SEED.members.dana && i.parentAlbumId === SEED.albums.night),
		).toBe(true);
		for (const i of a) {
			expect(i.media!.size).toBeGreaterThan(190_000);
			expect(i.media!.size).toBeLessThan(210_000);
			expect(shown(s.fileBytes(i.id))).toMatchObject({ format: 'jpeg', width: 64, height: 48 });
		}
		expect(() => addSyntheticItems(s, 1, { idPrefix: 'batch-a' })).toThrow(/duplicate/);
	});
});
