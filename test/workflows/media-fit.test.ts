// Media facts and the fit check (issue 24): Download Files reads them from the file's bytes as
// it streams, Get Display URLs from the API's imageInfo / videoInfo. The same item must get the
// same facts and the same verdict from both, on every medium the emulator serves.
import { SEED, type Emulator } from '../../emulator';
import { makeJpeg } from '../../emulator/media';
import type { Engine } from '../../engine';
import type { Fit } from '../../nodes/SharedGallery/fit';
import { download, useGallery } from '../helpers/gallery';

const ALL = ['x', 'instagramFeed', 'instagramReel', 'facebookPage'];

/** An item's `fit` field. */
type Fits = Record<string, Fit>;

describe('media facts and fit: Download Files and Get Display URLs agree', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery((e, g) => {
		emulator = e;
		engine = g;
	});

	/** Every processed medium of the seed, whatever its kind. */
	const mediaIds = () =>
		emulator.store.items.filter((i) => i.media && i.media.processing === null).map((i) => i.id);

	async function both(ids: string[], options: object = { checkFitFor: ALL }) {
		const files = (
			await engine.run(download({ itemIds: ids.join(), options: { ...options, maxFiles: 5000 } }))
		).output('Download');
		const views = (
			await engine.run(download({ itemIds: ids.join(), operation: 'getDisplayUrls', options }))
		).output('Download');
		return { files, views };
	}

	const facts = (json: Record<string, unknown>) => ({
		itemId: json.itemId,
		width: json.width,
		height: json.height,
		durationSeconds: json.durationSeconds,
		fit: json.fit,
	});

	test('every seed medium: the same width, height, duration and fit from both operations', async () => {
		const ids = mediaIds();
		expect(ids.length).toBeGreaterThan(20);
		const { files, views } = await both(ids);
		expect(files).toHaveLength(ids.length);
		expect(views).toHaveLength(ids.length);
		const byId = new Map(views.map((v) => [v.json.itemId, facts(v.json)]));
		for (const file of files) {
			expect(facts(file.json)).toEqual(byId.get(file.json.itemId));
			// …and both are the emulator's truth: the size as displayed, the duration in seconds.
			const stored = emulator.store.getItem(String(file.json.itemId))!.media!;
			expect([file.json.width, file.json.height]).toEqual([stored.width, stored.height]);
			expect(file.json.durationSeconds).toBe(
				stored.kind === 'video' ? stored.durationMs! / 1000 : null,
			);
			expect(file.json.mediaFactsProblem).toBeUndefined();
			expect(Object.keys(file.json.fit as object)).toEqual(ALL);
		}
	});

	// The Fit check album's shapes (emulator/seed-fit.ts) against each platform, through both
	// operations: [item, platform, ok, what a reason must say].
	const VERDICTS: Array<[string, string, boolean, RegExp?]> = [
		['fitPortrait34', 'instagramFeed', false, /aspect 0\.75 .*outside Instagram's 0\.8/],
		['fitPortrait34', 'x', true],
		['fitPortrait45', 'instagramFeed', true],
		['fitLandscape191', 'instagramFeed', true],
		['fitPanorama', 'instagramFeed', false, /aspect 4 \(12000×3000\)/],
		['fitJpeg4_9MB', 'x', true],
		['fitJpeg6_1MB', 'x', false, /6\.1 MB is over X's 5 MB/],
		['fitJpeg8_6MB', 'instagramFeed', false, /8\.6 MB is over Instagram's 8 MB/],
		['fitPng', 'instagramFeed', false, /JPEG only; this is a PNG/],
		['fitHeic', 'x', false, /HEIC/],
		['fitGif16MB', 'x', false, /16(\.0)? MB is over X's 15 MB/],
		['fitVideo2s', 'instagramReel', false, /2 s is under Instagram's 3 s/],
		['fitVideo140s', 'x', true],
		['fitVideo141s', 'x', false, /141 s is over X's 140 s/],
		['fitVideo16min', 'instagramReel', false, /16 min is over Instagram's 15 min/],
		['fitVideo16min', 'facebookPage', true],
		['fitPhoneVideo', 'instagramReel', true],
		['fitPhoneVideo', 'x', false, /1080×1920 is over X's 1280×1024/],
	];

	test('the Fit check album: each shape gets the verdict its platform gives, from both operations', async () => {
		const keys = [...new Set(VERDICTS.map(([key]) => key))];
		const ids = keys.map((key) => SEED.media[key as keyof typeof SEED.media]);
		const { files, views } = await both(ids);
		for (const items of [files, views]) {
			const fitOf = new Map(items.map((i) => [i.json.itemId, i.json.fit as Fits]));
			for (const [key, platform, ok, reason] of VERDICTS) {
				const fit = fitOf.get(SEED.media[key as keyof typeof SEED.media])![platform];
				expect({ key, platform, ok: fit.ok }).toEqual({ key, platform, ok });
				if (reason) expect(fit.reasons.join(' | ')).toMatch(reason);
				else expect(fit.reasons).toEqual([]);
			}
		}
	});

	test('without Check Fit For: facts, no fit field', async () => {
		const { files, views } = await both([SEED.media.sunsetPier], {});
		for (const item of [...files, ...views]) {
			expect(item.json.width).toEqual(expect.any(Number));
			expect(item.json.fit).toBeUndefined();
		}
	});

	test('verdicts carry reasons with numbers: a 3:4 photo for Instagram, a 6 MB one for X', async () => {
		const portrait = emulator.store.addMedia({
			name: 'portrait.jpg',
			createdById: SEED.members.dana,
			width: 3000,
			height: 4000,
		}).id;
		const big = emulator.store.addMedia({
			name: 'big.jpg',
			createdById: SEED.members.dana,
			content: makeJpeg(1600, 1200, 3, 'big', 6_100_000),
			width: 1600,
			height: 1200,
		}).id;
		const { files, views } = await both([portrait, big], {
			checkFitFor: ['instagramFeed', 'x'],
		});
		for (const items of [files, views]) {
			const [p, b] = items.map((i) => i.json.fit as Fits);
			expect(p.instagramFeed.ok).toBe(false);
			expect(p.instagramFeed.reasons.join(' ')).toMatch(/0\.75/);
			expect(p.x).toEqual({ ok: true, reasons: [] });
			expect(b.x.ok).toBe(false);
			expect(b.x.reasons.join(' ')).toMatch(/6\.1 MB/);
			expect(b.instagramFeed).toEqual({ ok: true, reasons: [] });
		}
	});

	test('a file whose header cannot be read: no facts, a reason, and "unknown", never a failed file', async () => {
		const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]), Buffer.alloc(40)]);
		const id = emulator.store.addMedia({
			name: 'broken.jpg',
			createdById: SEED.members.dana,
			content: broken,
		}).id;
		const items = (
			await engine.run(download({ itemIds: id, options: { checkFitFor: ['x'] } }))
		).output('Download');
		expect(items).toHaveLength(1);
		expect(items[0].binary?.data).toBeDefined();
		expect(items[0].json).toMatchObject({ width: null, height: null, durationSeconds: null });
		expect(items[0].json.mediaFactsProblem).toEqual(expect.any(String));
		const fit = (items[0].json.fit as Fits).x;
		expect(fit.ok).toBe(false);
		expect(fit.reasons.join(' ')).toMatch(/^unknown/);
	});

	test('Get Display URLs trusts the API: a PNG named .jpg fits Instagram there, and not from its bytes', async () => {
		const png = emulator.store.addMedia({
			name: 'screenshot.png',
			createdById: SEED.members.dana,
			width: 1080,
			height: 1080,
		});
		const misnamed = emulator.store.addMedia({
			name: 'screenshot.jpg',
			createdById: SEED.members.dana,
			content: emulator.store.fileBytes(png.id),
			width: 1080,
			height: 1080,
		}).id;
		const { files, views } = await both([misnamed], { checkFitFor: ['instagramFeed'] });
		const fitOf = (json: Record<string, unknown>) => (json.fit as Fits).instagramFeed;
		expect(fitOf(files[0].json)).toEqual({
			ok: false,
			reasons: ['Instagram feed posts take JPEG only; this is a PNG'],
		});
		expect(fitOf(views[0].json)).toEqual({ ok: true, reasons: [] });
	});

	test('media still processing: the API gives no size, so one "unknown" reason and no yes', async () => {
		const id = emulator.store.addMedia({
			name: 'fresh.mp4',
			createdById: SEED.members.dana,
			processing: true,
		}).id;
		const [item] = (
			await engine.run(
				download({ itemIds: id, operation: 'getDisplayUrls', options: { checkFitFor: ['x'] } }),
			)
		).output('Download');
		expect(item.json).toMatchObject({
			notProcessedYet: true,
			width: null,
			height: null,
			durationSeconds: null,
			mediaFactsProblem: 'the API gave no size and no duration for this item',
			fit: {
				x: { ok: false, reasons: ['unknown: the API gave no size and no duration for this item'] },
			},
		});
	});

	test.each([
		['an unknown platform', ['x', 'tiktok'], /"tiktok" is not one of x, instagramFeed/],
		['a number', 5, /Check Fit For: expected a list of values/],
	])(
		'Check Fit For with %s: a NodeOperationError before any request',
		async (_, value, message) => {
			for (const operation of ['downloadFiles', 'getDisplayUrls']) {
				const before = emulator.requestLog.length;
				const run = await engine.run(
					download({ itemIds: SEED.media.sunsetPier, operation, options: { checkFitFor: value } }),
				);
				const error = run.error('Download');
				expect(error?.name).toBe('NodeOperationError');
				expect(error!.message).toMatch(message);
				expect(emulator.requestLog.length).toBe(before);
			}
		},
	);

	test('comma-separated text from an expression is read as a list', async () => {
		const [item] = (
			await engine.run(
				download({
					itemIds: SEED.media.sunsetPier,
					operation: 'getDisplayUrls',
					options: { checkFitFor: '={{ "x, facebookPage" }}' },
				}),
			)
		).output('Download');
		expect(Object.keys(item.json.fit as object)).toEqual(['x', 'facebookPage']);
	});
});
