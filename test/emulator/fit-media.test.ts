/**
 * The "Fit check" media: every file says in its own header what the API says (shown size, length,
 * bytes), and the generators' layouts (EXIF orientation, exact sizes, moov last, track rotation,
 * WebP, HEIC) are well-formed, read back by an independent reader (headers.ts).
 * Checked by hand once (2026-12-04) with GraphicsMagick 1.4 (libwebp 1.2.4, libheif 1.15.1):
 * `gm identify` reads every seed JPEG, PNG, GIF, WebP and HEIC at its size (the JPEGs as stored,
 * orientation 6 reported as RightTop; the HEIC turned by irot to 3024x4032), `gm convert` decodes
 * the WebP to its flat colour and the over-size JPEGs and GIF without a warning; `file` names the
 * .mov "Apple QuickTime movie" and the .heic "HEIF Image HEVC Main". Chromium 156 (headless)
 * decodes the first frame of every seed video, moov last or not, and reports 1080x1920 and 15 s
 * for the turned .mov, 960 s for the 16-minute one.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import {
	FIT_MEDIA,
	GalleryStore,
	SEED,
	makeGif,
	makeHeic,
	makeJpeg,
	makeMediaFile,
	makeMp4,
	makeWebp,
	seedGallery,
	startEmulator,
	type Emulator,
	type MediaShape,
} from '../../emulator';
import { boxesOf, shown } from './headers';
import { PATHS, api, query } from './helpers';

const store = new GalleryStore({ rootAlbumId: SEED.rootAlbumId });
seedGallery(store);

describe('the Fit check album', () => {
	test.each(FIT_MEDIA.map((f) => [f.key, f] as const))('%s: the header says it', (_, f) => {
		const item = store.getItem(SEED.media[f.key])!;
		const bytes = store.fileBytes(item.id);
		const facts = shown(bytes);
		expect({ ...facts, boxes: undefined, orientation: undefined, rotation: undefined }).toEqual({
			format: f.format,
			width: f.width,
			height: f.height,
			durationMs: f.durationMs,
		});
		expect(item.media!.size).toBe(bytes.length);
		const shape = f.shape ?? {};
		if (shape.bytes !== undefined) expect(bytes.length).toBe(shape.bytes);
		if (facts.boxes && f.format !== 'heic')
			expect(facts.boxes.indexOf('moov') > facts.boxes.indexOf('mdat')).toBe(!!shape.moovLast);
		expect(item.parentAlbumId).toBe(SEED.albums.fit);
		expect(item.createdById).toBe(SEED.members.lena);
		expect(store.likeCount(item)).toBe(0);
	});

	test('covers what the fit check needs', () => {
		const aspects = FIT_MEDIA.map((f) => f.width / f.height);
		expect(aspects).toEqual(expect.arrayContaining([0.75, 0.8, 0.5625, 1, 1.91, 4]));
		const sizes = FIT_MEDIA.map((f) => store.getItem(SEED.media[f.key])!.media!.size);
		expect(sizes.some((s) => s > 5 * 2 ** 20 && s < 8_000_000)).toBe(true); // over 5 MB and 5 MiB
		expect(sizes.some((s) => s > 8 * 2 ** 20)).toBe(true);
		expect(sizes.some((s) => s > 15 * 2 ** 20)).toBe(true);
		const videos = FIT_MEDIA.filter((f) => f.durationMs !== undefined);
		expect(videos.map((f) => f.durationMs!).sort((a, b) => a - b)).toEqual([
			2000, 15_000, 140_000, 141_000, 960_000,
		]);
		expect(new Set(FIT_MEDIA.map((f) => f.format))).toEqual(
			new Set(['jpeg', 'png', 'gif', 'webp', 'heic', 'mp4', 'mov']),
		);
	});

	test("the emulator's README table says what the store holds", () => {
		const readme = readFileSync(join(__dirname, '../../emulator/README.md'), 'utf8');
		const rows = readme
			.split('\n')
			.filter((line) => line.startsWith('| `fit'))
			.map((line) => line.split('|').map((cell) => cell.trim()));
		expect(rows.map((r) => [r[1], r[2], r[3], r[4], r[5]])).toEqual(
			FIT_MEDIA.map((f) => [
				`\`${f.key}\``,
				f.name,
				`${f.width}×${f.height}`,
				f.durationMs === undefined ? '' : String(f.durationMs / 1000),
				store.getItem(SEED.media[f.key])!.media!.size.toLocaleString('en-US'),
			]),
		);
	});

	test('only its own: older than the rest of the seed, and no one liked it', () => {
		const fit = new Set(FIT_MEDIA.map((f) => SEED.media[f.key]));
		const others = store.items.filter((i) => i.media && !fit.has(i.id));
		const newestFit = Math.max(...[...fit].map((id) => Date.parse(store.getItem(id)!.createdDate)));
		expect(Math.min(...others.map((i) => Date.parse(i.createdDate)))).toBeGreaterThan(newestFit);
	});
});

describe('the API says what the bytes say', () => {
	let emu: Emulator;
	beforeAll(async () => {
		emu = await startEmulator();
	});
	afterAll(() => emu.close());

	test('Get Display URLs: imageInfo / videoInfo as shown, duration in ms; query: size in bytes', async () => {
		const ids = FIT_MEDIA.map((f) => SEED.media[f.key]);
		const view = await api(emu, PATHS.view, { itemIds: ids });
		expect(view.status).toBe(200);
		const listed = await query(emu, { filter: { itemIds: ids } });
		for (const [i, id] of ids.entries()) {
			const bytes = emu.store.fileBytes(id);
			const facts = shown(bytes);
			const entry = view.body.urls[i];
			expect(entry.itemId).toBe(id);
			const info = entry.videoInfo ?? entry.imageInfo;
			expect({ width: info.width, height: info.height, duration: info.duration }).toEqual({
				width: facts.width,
				height: facts.height,
				duration: facts.durationMs,
			});
			expect(listed.body.items[i].visualMediaInfo.size).toBe(String(bytes.length));
			const file = await fetch(entry.url);
			expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
		}
	});
});

describe('generators', () => {
	test('JPEG: an exact size (a trailer after EOI), any EXIF orientation', () => {
		for (const orientation of [undefined, 1, 3, 5, 6, 8]) {
			const plain = makeJpeg(40, 30, 9, 'x', 0, { orientation });
			for (const extra of [0, 1, 2, 3, 4, 5, 65_537, 200_001]) {
				const file = makeJpeg(40, 30, 9, 'x', 0, { orientation, bytes: plain.length + extra });
				expect(file.length).toBe(plain.length + extra);
				expect(file.subarray(0, plain.length).equals(plain)).toBe(true);
			}
			const turned = (orientation ?? 1) >= 5;
			expect(shown(plain)).toMatchObject({
				width: turned ? 30 : 40,
				height: turned ? 40 : 30,
				orientation: orientation ?? 1,
			});
		}
		expect(() => makeJpeg(40, 30, 9, 'x', 0, { bytes: 100 })).toThrow(/needs more than 100/);
	});

	test('GIF: an exact size for every count of filler bytes', () => {
		const plain = makeGif(20, 10, 3, 'x');
		for (const extra of [0, 1, 2, 3, 4, 5, 6, 255, 256, 257, 258, 259, 260, 261, 516, 70_000]) {
			const file = makeGif(20, 10, 3, 'x', plain.length + extra);
			expect(file.length).toBe(plain.length + extra);
			expect(shown(file)).toMatchObject({ format: 'gif', width: 20, height: 10 });
			expect(file.subarray(-100)).toEqual(plain.subarray(-100)); // the picture, unchanged
		}
	});

	test('MP4: moov last holds the same samples, its offsets pointing into mdat', () => {
		const first = makeMp4(320, 240, 5000, 'same');
		const last = makeMp4(320, 240, 5000, 'same', 10, 96, { moovLast: true });
		expect(last.length).toBe(first.length);
		const mdat = (b: Buffer) => boxesOf(b).find(([t]) => t === 'mdat')![1];
		expect(mdat(last).equals(mdat(first))).toBe(true);
		const stco = (b: Buffer) => b.readUInt32BE(b.indexOf('stco') + 12);
		expect(last.subarray(stco(last)).subarray(0, 64)).toEqual(mdat(first).subarray(0, 64));
		expect(first.subarray(stco(first)).subarray(0, 64)).toEqual(mdat(first).subarray(0, 64));
		expect(shown(last)).toMatchObject({
			boxes: ['ftyp', 'free', 'mdat', 'moov'],
			durationMs: 5000,
		});
	});

	test.each([0, 90, 180, 270] as const)('MP4: a track turned %i°', (rotation) => {
		const file = makeMp4(1920, 1080, 4000, 'turn', 10, 96, { rotation, quickTime: true });
		const facts = shown(file);
		const turned = rotation % 180 !== 0;
		expect(facts).toMatchObject({ format: 'mov', rotation, durationMs: 4000 });
		expect([facts.width, facts.height]).toEqual(turned ? [1080, 1920] : [1920, 1080]);
	});

	test('WebP: RIFF and chunk sizes add up, VP8X and VP8L agree, at odd sizes too', () => {
		for (const [w, h] of [
			[1, 1],
			[1080, 1350],
			[16383, 3],
		]) {
			for (const comment of ['even', 'odd']) {
				expect(shown(makeWebp(w, h, 7, comment))).toEqual({ format: 'webp', width: w, height: h });
			}
		}
	});

	test('a shape the format cannot have is refused, not ignored', () => {
		const make = (name: string, shape: MediaShape) => () =>
			makeMediaFile(name, 'refused', 64, 48, 1000, 0, shape);
		expect(make('a.png', { bytes: 5000 })).toThrow(/a.png cannot have bytes/);
		expect(make('a.mp4', { orientation: 6 })).toThrow(/cannot have orientation/);
		expect(make('a.jpg', { moovLast: true, rotation: 90 })).toThrow(/moovLast, rotation/);
		expect(shown(make('a.heic', { rotation: 270 })())).toMatchObject({ width: 64, height: 48 });
	});

	test('HEIC: ispe, irot and the primary item inside mdat', () => {
		expect(shown(makeHeic(4032, 3024, 'h'))).toMatchObject({
			format: 'heic',
			width: 4032,
			height: 3024,
			boxes: ['ftyp', 'meta', 'mdat'],
		});
		for (const rotation of [90, 270] as const)
			expect(shown(makeHeic(4032, 3024, 'h', rotation))).toMatchObject({
				width: 3024,
				height: 4032,
				rotation,
			});
	});
});
