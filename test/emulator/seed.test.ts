import { GalleryStore, SEED, addSyntheticItems, seedGallery, startEmulator } from '../../emulator';
import { queryAll, sha256 } from './helpers';

function seeded(): GalleryStore {
	const s = new GalleryStore({ rootAlbumId: SEED.rootAlbumId });
	seedGallery(s);
	return s;
}

const store = seeded();
const media = store.items.filter((i) => i.media);

/** Width and height as the file itself says. */
function dimensions(b: Buffer): { format: string; width: number; height: number } {
	if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		expect(b.subarray(12, 16).toString()).toBe('IHDR');
		return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
	}
	if (b.subarray(0, 6).toString() === 'GIF89a') {
		expect(b[b.length - 1]).toBe(0x3b);
		return { format: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
	}
	if (b[0] === 0xff && b[1] === 0xd8) {
		expect(b.subarray(b.length - 2)).toEqual(Buffer.from([0xff, 0xd9]));
		let p = 2;
		while (p < b.length) {
			const marker = b.readUInt16BE(p);
			if (marker === 0xffc0)
				return { format: 'jpeg', height: b.readUInt16BE(p + 5), width: b.readUInt16BE(p + 7) };
			p += 2 + b.readUInt16BE(p + 2);
		}
		throw new Error('no SOF0');
	}
	if (b.subarray(4, 8).toString() === 'ftyp') {
		const boxes: string[] = [];
		for (let p = 0; p < b.length;) {
			const size = b.readUInt32BE(p);
			boxes.push(b.subarray(p + 4, p + 8).toString());
			p += size;
			if (size < 8) throw new Error('bad box');
		}
		expect(boxes).toEqual(['ftyp', 'moov', 'free', 'mdat']);
		const tkhd = b.indexOf('tkhd');
		return {
			format: 'mp4',
			width: b.readUInt32BE(tkhd + 4 + 76) >>> 16,
			height: b.readUInt32BE(tkhd + 4 + 80) >>> 16,
		};
	}
	throw new Error('unknown format');
}

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

	test('photos (JPEG, PNG), GIFs and videos (MP4): real files whose dimensions match the item', () => {
		const formats = new Set<string>();
		for (const m of media) {
			const d = dimensions(store.fileBytes(m.id));
			formats.add(d.format);
			expect({ id: m.id, width: d.width, height: d.height }).toEqual({
				id: m.id,
				width: m.media!.width,
				height: m.media!.height,
			});
			expect(m.media!.size).toBe(store.fileBytes(m.id).length);
		}
		expect([...formats].sort()).toEqual(['gif', 'jpeg', 'mp4', 'png']);
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
			expect(dimensions(s.fileBytes(i.id))).toEqual({ format: 'jpeg', width: 64, height: 48 });
		}
		expect(() => addSyntheticItems(s, 1, { idPrefix: 'batch-a' })).toThrow(/duplicate/);
	});
});
