import { SEED, startEmulator, type Emulator } from '../../emulator';
import { PATHS, api, getBytes, jwtPayload, readZip, sha256, tokenOf } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());

const S = SEED.media;
const download = (ids: unknown, e = emu) => api(e, PATHS.download, { itemIds: ids });

describe('download-url', () => {
	test('one media ID → the file itself (archived: false), bytes match the store', async () => {
		const r = await download([S.cafeNight]);
		expect(r.status).toBe(200);
		expect(r.body).toEqual({
			url: expect.stringMatching(
				/^http:\/\/127\.0\.0\.1:\d+\/_api\/download\/file\?downloadToken=/,
			),
			archived: false,
		});
		expect(r.body.url.startsWith(emu.fileBaseUrl)).toBe(true);
		const f = await getBytes(r.body.url);
		expect(f.status).toBe(200);
		expect(f.headers.get('content-type')).toBe('image/jpeg');
		expect(f.headers.get('content-length')).toBe(String(f.bytes.length));
		expect(f.headers.get('content-disposition')).toContain(`filename*=UTF-8''caf%C3%A9-night.jpg`);
		expect(f.headers.get('content-disposition')).toMatch(/^attachment;/);
		expect(sha256(f.bytes)).toBe(emu.store.fileSha256(S.cafeNight));
	});

	test.each([
		[S.japanSunset, 'image/png'],
		[S.skatePark, 'image/gif'],
		[S.beachVolley, 'video/mp4'],
		[S.img2024, 'image/jpeg'],
	])('content types follow the extension: %s → %s', async (id, type) => {
		const r = await download([id]);
		const f = await getBytes(r.body.url);
		expect(f.headers.get('content-type')).toBe(type);
		expect(sha256(f.bytes)).toBe(emu.store.fileSha256(id));
	});

	test('several IDs → one zip, files at the root, bytes attributed by sha256', async () => {
		const ids = SEED.headline.expectedIds;
		const r = await download(ids);
		expect(r.body.archived).toBe(true);
		const f = await getBytes(r.body.url);
		expect(f.headers.get('content-type')).toBe('application/zip');
		expect(f.headers.get('content-length')).toBeNull(); // streamed (chunked)
		const entries = await readZip(f.bytes);
		expect(entries.map((e) => e.name)).toEqual([
			'sunset-pier.jpg',
			'IMG_0001.jpg',
			'IMG_0001 (1).jpg',
			'café-night.jpg',
			'beach-volley.mp4',
		]);
		entries.forEach((e, i) => expect(sha256(e.data)).toBe(emu.store.fileSha256(ids[i])));
		for (const e of entries) expect(e.name).not.toContain('/');
		// Served archives are written as they stream: data descriptors, stored entries, UTF-8 flag on non-ASCII names.
		expect(entries.every((e) => (e.entry.generalPurposeBitFlag & 8) === 8)).toBe(true);
		expect(entries.every((e) => e.entry.compressionMethod === 0)).toBe(true);
		expect(entries[3].entry.generalPurposeBitFlag & 0x800).toBe(0x800);
	});

	test('an album → a zip of its media (even one album alone)', async () => {
		const r = await download([SEED.albums.night]);
		expect(r.body.archived).toBe(true);
		const f = await getBytes(r.body.url);
		expect(f.headers.get('content-disposition')).toContain(`filename*=UTF-8''Night%20Walks.zip`);
		const entries = await readZip(f.bytes);
		const children = emu.store.childrenOf(SEED.albums.night);
		expect(entries).toHaveLength(children.length);
		entries.forEach((e, i) => expect(sha256(e.data)).toBe(emu.store.fileSha256(children[i].id)));
		expect(entries.map((e) => e.name)).toContain('Ünïcödé Straße.jpg');
	});

	test('album + media: albums contribute their media, nothing twice', async () => {
		const r = await download([SEED.albums.summer, S.sunsetPier, S.kite]);
		const entries = await readZip((await getBytes(r.body.url)).bytes);
		const children = emu.store.childrenOf(SEED.albums.summer);
		expect(entries).toHaveLength(children.length + 1);
		const names = entries.map((e) => e.name);
		expect(names).toContain('IMG_0002.jpg');
		expect(names).toContain('IMG_0002 (1).jpg');
		const hashes = new Set(entries.map((e) => sha256(e.data)));
		expect(hashes.size).toBe(entries.length);
	});

	test('the empty album → a valid empty zip', async () => {
		const r = await download([SEED.albums.empty]);
		expect(await readZip((await getBytes(r.body.url)).bytes)).toEqual([]);
	});

	test('the same ID twice counts once (single file)', async () => {
		const r = await download([S.garden, S.garden]);
		expect(r.body.archived).toBe(false);
	});

	test('three files named IMG_0001.jpg: suffix scheme', async () => {
		const ids = [S.zoeImg0001, S.danaImg0001, S.malikImg0001];
		const entries = await readZip((await getBytes((await download(ids)).body.url)).bytes);
		expect(entries.map((e) => e.name)).toEqual([
			'IMG_0001.jpg',
			'IMG_0001 (1).jpg',
			'IMG_0001 (2).jpg',
		]);
		entries.forEach((e, i) => expect(sha256(e.data)).toBe(emu.store.fileSha256(ids[i])));
	});

	test.each(['deflate', 'mixed'] as const)(
		'index-prefix scheme, %s compression',
		async (compression) => {
			const e2 = await startEmulator({ duplicateNaming: 'index-prefix', compression });
			try {
				const ids = [S.zoeImg0001, S.danaImg0001, S.malikImg0001];
				const entries = await readZip((await getBytes((await download(ids, e2)).body.url)).bytes);
				expect(entries.map((e) => e.name)).toEqual([
					'IMG_0001.jpg',
					'1_IMG_0001.jpg',
					'2_IMG_0001.jpg',
				]);
				entries.forEach((e, i) => expect(sha256(e.data)).toBe(e2.store.fileSha256(ids[i])));
				const methods = entries.map((e) => e.entry.compressionMethod);
				expect(methods).toEqual(compression === 'deflate' ? [8, 8, 8] : [0, 8, 0]);
			} finally {
				await e2.close();
			}
		},
	);

	test('renaming avoids names already taken (case-insensitively)', async () => {
		const e2 = await startEmulator({ seed: false });
		try {
			const by = 'someone';
			const a = e2.store.addMedia({ name: 'photo.jpg', createdById: by });
			const b = e2.store.addMedia({ name: 'photo (1).jpg', createdById: by });
			const c = e2.store.addMedia({ name: 'PHOTO.jpg', createdById: by });
			const d = e2.store.addMedia({ name: 'a/b\\c.jpg', createdById: by });
			const entries = await readZip(
				(await getBytes((await download([a.id, b.id, c.id, d.id], e2)).body.url)).bytes,
			);
			expect(entries.map((e) => e.name)).toEqual([
				'photo.jpg',
				'photo (1).jpg',
				'PHOTO (2).jpg',
				'a_b_c.jpg',
			]);
		} finally {
			await e2.close();
		}
	});

	test('large files are streamed from sourcePath', async () => {
		const fs = await import('fs');
		const os = await import('os');
		const path = await import('path');
		const { writeLargeMp4 } = await import('../../emulator');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-emu-'));
		const e2 = await startEmulator({ seed: false });
		try {
			const file = path.join(dir, 'big.mp4');
			await writeLargeMp4(file, 3 * 1024 * 1024, 'big-one');
			const big = e2.store.addMedia({
				name: 'big.mp4',
				createdById: 'x',
				sourcePath: file,
				width: 1920,
				height: 1080,
				durationMs: 60000,
			});
			const small = e2.store.addMedia({ name: 'small.jpg', createdById: 'x' });
			expect(big.media!.size).toBe(fs.statSync(file).size);
			const single = await getBytes((await download([big.id], e2)).body.url);
			expect(sha256(single.bytes)).toBe(e2.store.fileSha256(big.id));
			const entries = await readZip(
				(await getBytes((await download([big.id, small.id], e2)).body.url)).bytes,
			);
			expect(sha256(entries[0].data)).toBe(e2.store.fileSha256(big.id));
			expect(sha256(entries[1].data)).toBe(e2.store.fileSha256(small.id));
		} finally {
			await e2.close();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	test('unknown IDs → 404 ITEM_NOT_FOUND listing them', async () => {
		const r = await download([S.garden, 'nope-1', 'nope-2']);
		expect(r.status).toBe(404);
		expect(r.body).toEqual({
			message: expect.any(String),
			details: {
				applicationError: {
					code: 'ITEM_NOT_FOUND',
					description: expect.any(String),
					data: { itemIds: ['nope-1', 'nope-2'] },
				},
			},
		});
	});

	test.each([[[]], [undefined]])('itemIds %j → 400 validation error', async (ids) => {
		const r = await api(emu, PATHS.download, ids === undefined ? {} : { itemIds: ids });
		expect(r.status).toBe(400);
		expect(r.body.details.validationError.fieldViolations[0]).toMatchObject({
			field: 'itemIds',
			violatedRule: 'MIN_SIZE',
		});
	});

	test('snake_case item_ids (the guide sends it)', async () => {
		const r = await api(emu, PATHS.download, { item_ids: [S.sunsetPier, S.zoeImg0001] });
		expect(r.status).toBe(200);
		expect(r.body.archived).toBe(true);
	});

	test('whoCanDownload NO_ONE → 403 Wix-style', async () => {
		const e2 = await startEmulator({ whoCanDownload: 'NO_ONE' });
		try {
			const r = await download([S.garden], e2);
			expect(r.status).toBe(403);
			expect(r.body.details.applicationError).toMatchObject({
				code: expect.any(String),
				description: expect.any(String),
			});
			e2.options.whoCanDownload = 'MEMBERS';
			expect((await download([S.garden], e2)).status).toBe(200);
		} finally {
			await e2.close();
		}
	});

	test('does not change view counts', async () => {
		const before = emu.store.getItem(S.garden)!.viewCount;
		await getBytes((await download([S.garden])).body.url);
		expect(emu.store.getItem(S.garden)!.viewCount).toBe(before);
	});

	test('token: JWT-shaped, payload {ids, archived}, exp ≈ 15 min', async () => {
		const r = await download([S.garden, S.moon]);
		const claims = jwtPayload(tokenOf(r.body.url));
		expect(claims.payload).toEqual({ ids: [S.garden, S.moon], archived: true });
		expect(claims.exp * 1000 - emu.clock.now()).toBeGreaterThan(14 * 60 * 1000);
		expect(claims.exp * 1000 - emu.clock.now()).toBeLessThanOrEqual(15 * 60 * 1000);
	});

	test('expiry by the clock → 410 {"message":"expired"}', async () => {
		const e2 = await startEmulator();
		try {
			const r = await download([S.garden], e2);
			e2.clock.advance(15 * 60 * 1000 - 1000);
			expect((await getBytes(r.body.url)).status).toBe(200);
			e2.clock.advance(1000);
			const gone = await getBytes(r.body.url);
			expect(gone.status).toBe(410);
			expect(JSON.parse(gone.bytes.toString())).toEqual({ message: 'expired' });
		} finally {
			await e2.close();
		}
	});

	test('urlTtlMs option', async () => {
		const e2 = await startEmulator({ urlTtlMs: 60_000 });
		try {
			const r = await download([S.garden], e2);
			e2.clock.advance(60_000);
			expect((await getBytes(r.body.url)).status).toBe(410);
		} finally {
			await e2.close();
		}
	});

	test('a tampered token → 403; no token → 403', async () => {
		const r = await download([S.garden]);
		const [h, p, s] = tokenOf(r.body.url).split('.');
		const forged = Buffer.from(
			JSON.stringify({
				...jwtPayload(`${h}.${p}.${s}`),
				payload: { ids: [S.sunsetPier], archived: false },
			}),
		).toString('base64url');
		expect(
			(await getBytes(`${emu.fileBaseUrl}/_api/download/file?downloadToken=${h}.${forged}.${s}`))
				.status,
		).toBe(403);
		expect((await getBytes(`${emu.fileBaseUrl}/_api/download/file`)).status).toBe(403);
	});

	test('HEAD gives the headers only', async () => {
		const r = await download([S.garden]);
		const res = await fetch(r.body.url, { method: 'HEAD' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-length')).toBe(String(emu.store.fileBytes(S.garden).length));
	});
});

describe('display URLs (visual-media/view)', () => {
	const view = (body: unknown, e = emu) => api(e, PATHS.view, body);

	test('image → {itemId, url, imageInfo}; video → {itemId, url, videoInfo}', async () => {
		const r = await view({ itemIds: [S.japanSunset, S.droneShot] });
		expect(r.status).toBe(200);
		expect(r.body.urls).toEqual([
			{ itemId: S.japanSunset, url: expect.any(String), imageInfo: { width: 320, height: 240 } },
			{
				itemId: S.droneShot,
				url: expect.any(String),
				videoInfo: { width: 1920, height: 1080, duration: 31500 },
			},
		]);
		const img = await getBytes(r.body.urls[0].url);
		expect(img.headers.get('content-type')).toBe('image/png');
		expect(img.headers.get('content-disposition')).toMatch(/^inline;/);
		expect(sha256(img.bytes)).toBe(emu.store.fileSha256(S.japanSunset));
		const vid = await getBytes(r.body.urls[1].url);
		expect(vid.headers.get('content-type')).toBe('video/mp4');
		expect(sha256(vid.bytes)).toBe(emu.store.fileSha256(S.droneShot));
	});

	test('display URLs expire like download URLs', async () => {
		const e2 = await startEmulator();
		try {
			const r = await view({ itemIds: [S.garden] }, e2);
			e2.clock.advance(15 * 60 * 1000);
			const gone = await getBytes(r.body.urls[0].url);
			expect(gone.status).toBe(410);
			expect(JSON.parse(gone.bytes.toString())).toEqual({ message: 'expired' });
		} finally {
			await e2.close();
		}
	});

	test('incrementViewCount: +1 per item per call; off by default', async () => {
		const before = emu.store.getItem(S.moon)!.viewCount;
		await view({ itemIds: [S.moon] });
		expect(emu.store.getItem(S.moon)!.viewCount).toBe(before);
		await view({ itemIds: [S.moon, S.moon], incrementViewCount: true });
		expect(emu.store.getItem(S.moon)!.viewCount).toBe(before + 1);
		const q = await api(emu, PATHS.query, { filter: { itemIds: [S.moon] } });
		expect(q.body.items[0].viewCount).toBe(before + 1);
	});

	test('processing: N polls answer notProcessedYet, then a URL (seed fresh-upload.mp4: ready on the 3rd)', async () => {
		const e2 = await startEmulator();
		try {
			const first = await view({ itemIds: [S.freshUpload, S.garden] }, e2);
			expect(first.body.urls[0]).toEqual({ itemId: S.freshUpload, notProcessedYet: true });
			expect(first.body.urls[1].url).toBeTruthy();
			expect((await view({ itemIds: [S.freshUpload] }, e2)).body.urls[0]).toEqual({
				itemId: S.freshUpload,
				notProcessedYet: true,
			});
			const third = await view({ itemIds: [S.freshUpload] }, e2);
			expect(third.body.urls[0]).toMatchObject({
				itemId: S.freshUpload,
				url: expect.any(String),
				videoInfo: expect.any(Object),
			});
		} finally {
			await e2.close();
		}
	});

	test('addMedia processingPolls / processing: N on new items', async () => {
		const e2 = await startEmulator({ seed: false });
		try {
			const a = e2.store.addMedia({ name: 'a.jpg', createdById: 'm', processingPolls: 1 });
			const b = e2.store.addMedia({ name: 'b.jpg', createdById: 'm', processing: 1 });
			const first = await view({ itemIds: [a.id, b.id] }, e2);
			expect(first.body.urls.map((u: any) => u.notProcessedYet)).toEqual([true, true]);
			const second = await view({ itemIds: [a.id, b.id] }, e2);
			expect(second.body.urls.map((u: any) => typeof u.url)).toEqual(['string', 'string']);
		} finally {
			await e2.close();
		}
	});

	test('processing: true stays until markProcessed', async () => {
		const e2 = await startEmulator();
		try {
			for (let i = 0; i < 5; i++)
				expect((await view({ itemIds: [S.timelapse] }, e2)).body.urls[0].notProcessedYet).toBe(
					true,
				);
			e2.store.markProcessed(S.timelapse);
			expect((await view({ itemIds: [S.timelapse] }, e2)).body.urls[0].videoInfo).toEqual({
				width: 1280,
				height: 720,
				duration: 95000,
			});
			const q = await api(e2, PATHS.query, { filter: { itemIds: [S.timelapse] } });
			expect(q.body.items[0].visualMediaInfo.previewImages[0].status).toBe('READY');
		} finally {
			await e2.close();
		}
	});

	test('unknown IDs → 404; albums → 400; empty → 400', async () => {
		const nf = await view({ itemIds: ['nope'] });
		expect(nf.status).toBe(404);
		expect(nf.body.details.applicationError).toMatchObject({
			code: 'ITEM_NOT_FOUND',
			data: { itemIds: ['nope'] },
		});
		const album = await view({ itemIds: [SEED.albums.night] });
		expect(album.status).toBe(400);
		expect(album.body.details.applicationError.data.itemIds).toEqual([SEED.albums.night]);
		expect((await view({ itemIds: [] })).status).toBe(400);
	});

	test('preview images resolve on the file host', async () => {
		const q = await api(emu, PATHS.query, { filter: { itemIds: [S.garden, S.droneShot] } });
		for (const item of q.body.items) {
			const f = await getBytes(`${emu.fileBaseUrl}/${item.visualMediaInfo.previewImages[0].url}`);
			expect(f.status).toBe(200);
			expect(f.headers.get('content-type')).toMatch(/^image\//);
		}
	});
});
