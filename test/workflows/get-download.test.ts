import { SEED, type Emulator } from '../../emulator';
import { buildZip } from '../../emulator/zip';
import { chain, TYPES, type Engine } from '../../engine';
import { calls, download, fileHashes, setUp, tolerant, useGallery } from '../helpers/gallery';

const { media, members, albums } = SEED;

describe('Get Download: files', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery((e, g) => ((emulator = e), (engine = g)));

	const expectOriginals = async (items: Parameters<typeof fileHashes>[0]) => {
		for (const [itemId, hash] of await fileHashes(items))
			expect(hash).toBe(emulator.store.fileSha256(itemId));
	};

	test('Query Items (seed use case) → Get Download: 5 files, the original bytes, paired to their items', async () => {
		const result = await engine.run(
			chain(
				{
					name: 'Query',
					type: TYPES.query,
					parameters: {
						limit: 5,
						sortField: 'LIKE_COUNT',
						filters: { createdBy: `${members.dana},${members.zoe}`, itemTypes: ['VISUAL_MEDIA'] },
					},
				},
				{ name: 'Download', type: TYPES.download, parameters: { itemIds: '={{ $json.id }}' } },
			),
		);
		const files = result.output('Download');
		expect(files.map((f) => f.json.itemId)).toEqual(SEED.headline.expectedIds);
		expect(files.map((f) => f.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => [{ item }]));
		for (const file of files) {
			const stored = emulator.store.getItem(String(file.json.itemId))!;
			expect(file.json.fileName).toBe(stored.name);
			expect(file.json.mimeType).toBe(emulator.store.mimeType(stored.id));
			expect(file.binary!.data).toMatchObject({
				fileName: stored.name,
				mimeType: emulator.store.mimeType(stored.id),
			});
			expect(file.json.fileSize).toBe(emulator.store.fileBytes(stored.id).length);
		}
		await expectOriginals(files);
		// The file host is another origin: no credential, no API header.
		const secrets = [emulator.credentials.apiKey, emulator.credentials.siteId];
		for (const entry of emulator.fileLog) {
			expect(Object.keys(entry.headers)).not.toEqual(expect.arrayContaining(['authorization']));
			expect(Object.keys(entry.headers)).not.toContain('wix-site-id');
			for (const secret of secrets) expect(JSON.stringify(entry.headers)).not.toContain(secret);
		}
		expect(emulator.fileLog.length).toBeGreaterThan(0);
	});

	test.each(['suffix', 'index-prefix'] as const)(
		'items sharing a name are each attributed right (server renames: %s)',
		async (duplicateNaming) => {
			const own = await setUp({ duplicateNaming });
			try {
				const ids = [media.zoeImg0001, media.danaImg0001, media.malikImg0001, media.sunsetPier];
				const files = (await own.engine.run(download({ itemIds: ids.join(',') }))).output(
					'Download',
				);
				expect(files.map((f) => f.json.itemId).sort()).toEqual([...ids].sort());
				for (const [itemId, hash] of await fileHashes(files))
					expect(hash).toBe(own.emulator.store.fileSha256(itemId));
				expect(files.filter((f) => f.json.fileName === 'IMG_0001.jpg')).toHaveLength(3);
			} finally {
				await own.emulator.close();
			}
		},
	);

	test('a single item comes as the file itself (archived: false)', async () => {
		const files = (await engine.run(download({ itemIds: media.beachVolley }))).output('Download');
		expect(files).toHaveLength(1);
		expect(files[0].json).toMatchObject({
			itemId: media.beachVolley,
			fileName: 'beach-volley.mp4',
			mimeType: 'video/mp4',
		});
		await expectOriginals(files);
		expect(calls(emulator, '/download-url')).toHaveLength(1);
	});

	test('an album gives its media, each file with albumId and its own itemId', async () => {
		const files = (await engine.run(download({ itemIds: albums.summer }))).output('Download');
		const expected = emulator.store.items
			.filter((i) => i.parentAlbumId === albums.summer && i.type === 'VISUAL_MEDIA')
			.map((i) => i.id);
		expect(files.map((f) => f.json.itemId).sort()).toEqual(expected.sort());
		expect(files.every((f) => f.json.albumId === albums.summer)).toBe(true);
		await expectOriginals(files);
	});

	test("one archive per input item: each input's files come from its own requests, paired to it", async () => {
		const ids = [media.sunsetPier, media.cafeNight];
		const result = await engine.run(
			chain(
				{ name: 'Query', type: TYPES.query, parameters: { filters: { itemIds: ids.join(',') } } },
				{
					name: 'Download',
					type: TYPES.download,
					parameters: { itemIds: '={{ $json.id }}', options: { oneArchivePerInputItem: true } },
				},
			),
		);
		const files = result.output('Download');
		expect(files.map((f) => [f.json.itemId, f.pairedItem])).toEqual([
			[ids[0], [{ item: 0 }]],
			[ids[1], [{ item: 1 }]],
		]);
		expect(calls(emulator, '/download-url').map((c) => c.body)).toEqual([
			{ itemIds: [ids[0]] },
			{ itemIds: [ids[1]] },
		]);
	});

	test('a missing ID fails the node, naming it; with continue-on-fail it is an error item and the rest download', async () => {
		const missing = 'a0000000-0000-4000-8000-000000000000';
		const failed = await engine.run(download({ itemIds: `${media.sunsetPier},${missing}` }));
		// The API answered (200) without the item: a NodeOperationError, with no made-up HTTP status.
		expect(failed.error('Download')?.name).toBe('NodeOperationError');
		expect(failed.error('Download')?.message).toContain(missing);
		expect(failed.error('Download')?.message).toBe(`Item ${missing} was not found in the gallery`);
		expect(failed.error('Download')?.httpCode).toBeUndefined();
		expect(failed.error('Download')?.description).toMatch(/Check that the ID exists/);

		const files = (
			await engine.run(download({ itemIds: `${media.sunsetPier},${missing}` }, tolerant))
		).output('Download');
		expect(files).toHaveLength(2);
		expect(files.find((f) => f.json.itemId === missing)?.json.error).toContain(missing);
		await expectOriginals(files.filter((f) => f.binary));
	});

	test.each([
		['corrupt', { corrupt: true }],
		['truncated', { truncate: true }],
	])(
		'a %s archive gives a NodeOperationError naming its item IDs and what to do',
		async (_kind, fault) => {
			const ids = [media.sunsetPier, media.cafeNight, media.garden];
			emulator.faults.add({ endpoint: 'file', ...fault });
			const result = await engine.run(download({ itemIds: ids.join(',') }));
			const error = result.error('Download');
			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toMatch(/^The downloaded file is corrupt or truncated: .+ \(items: /);
			for (const id of ids) expect(error?.message).toContain(id);
			expect(error?.httpCode).toBeUndefined();
			expect(error?.description).toMatch(/Run the node again/);
		},
	);

	test('a file the archive leaves out, even when asked for alone, is a NodeOperationError naming it', async () => {
		// Both download URLs (both IDs, then the missing one alone) point at an archive of two other items.
		const other = await fetch(`${emulator.baseUrl}/shared-gallery/v1/items/download-url`, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				authorization: emulator.credentials.apiKey,
				'wix-site-id': emulator.credentials.siteId,
			},
			body: JSON.stringify({ itemIds: [media.cafeNight, media.garden] }),
		});
		const { url } = (await other.json()) as { url: string };
		emulator.resetLogs();
		emulator.faults.add({
			endpoint: 'download-url',
			status: 200,
			body: { url, archived: true },
			times: 2,
		});
		const result = await engine.run(
			download({ itemIds: `${media.sunsetPier},${media.cafeNight}` }),
		);
		const error = result.error('Download');
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(
			`Item ${media.sunsetPier} ("sunset-pier.jpg") was requested but is missing from the download (items: ${media.sunsetPier})`,
		);
		expect(error?.description).toMatch(/Run the node again/);
		expect(
			calls(emulator, '/download-url').map((c) => (c.body as { itemIds: string[] }).itemIds),
		).toEqual([[media.sunsetPier, media.cafeNight], [media.sunsetPier]]);
	});

	test('the caps stop the run, naming what was not delivered', async () => {
		const ids = [media.sunsetPier, media.cafeNight, media.garden];
		const byCount = await engine.run(
			download({ itemIds: ids.join(','), options: { maxFiles: 2 } }),
		);
		expect(byCount.error('Download')?.name).toBe('NodeOperationError');
		expect(byCount.error('Download')?.message).toMatch(/Safety cap reached: more than 2 files/);
		expect(byCount.error('Download')?.description).toMatch(/Raise Max Files/);

		const bySize = await engine.run(
			download({ itemIds: ids.join(','), options: { maxTotalBytes: 3000 } }, tolerant),
		);
		const out = bySize.output('Download');
		const errors = out.filter((f) => f.json.error);
		expect(errors.length).toBeGreaterThan(0);
		expect(errors[0].json.error).toMatch(/Safety cap reached/);
		expect(errors[0].json.error).toMatch(/past 2\.9 KB|passed 2\.9 KB/);
		expect(errors[0].json.description).toMatch(/Raise Max Total Size/);
		expect(out.map((f) => f.json.itemId).sort()).toEqual([...ids].sort());
	});

	test('version 2: Max Total Size in MB and Timeout in seconds; version 1 keeps bytes and milliseconds', async () => {
		const ids = [media.sunsetPier, media.cafeNight];
		const big = () =>
			emulator.faults.add({
				endpoint: 'file',
				replaceBody: buildZip([
					{ name: 'sunset-pier.jpg', data: Buffer.alloc(2 * 1024 * 1024, 7) },
					{ name: 'café-night.jpg', data: emulator.store.fileBytes(media.cafeNight) },
				]),
			});
		const v2 = (options: object) =>
			download({ itemIds: ids.join(','), options }, { typeVersion: 2 });
		big();
		const capped = await engine.run(v2({ maxTotalSizeMb: 1, timeoutSeconds: 30 }));
		expect(capped.error('Download')?.name).toBe('NodeOperationError');
		expect(capped.error('Download')?.message).toMatch(
			/^Safety cap reached: "sunset-pier\.jpg" would bring the total past 1 MB; raise Max Total Size/,
		);

		big();
		const roomy = await engine.run(v2({ maxTotalSizeMb: 3, timeoutSeconds: 30 }));
		expect(roomy.output('Download').map((f) => f.json.fileSize)).toEqual([
			2 * 1024 * 1024,
			emulator.store.fileBytes(media.cafeNight).length,
		]);

		// A version-1 node does not take the version-2 options (n8n drops them): its own still apply.
		big();
		const v1 = await engine.run(
			download({
				itemIds: ids.join(','),
				options: { maxTotalSizeMb: 100, maxTotalBytes: 1024 * 1024 },
			}),
		);
		expect(v1.error('Download')?.message).toMatch(/past 1 MB/);
	});

	test('zip-slip entry names are reduced to safe base names', async () => {
		const ids = [media.sunsetPier, media.cafeNight];
		const bytes = ids.map((id) => emulator.store.fileBytes(id));
		emulator.faults.add({
			endpoint: 'file',
			replaceBody: buildZip([
				{ name: '../../sunset-pier.jpg', data: bytes[0] },
				{ name: '/etc/café-night.jpg', data: bytes[1] },
				{ name: '..\\..\\evil.sh', data: 'echo owned' },
			]),
		});
		const files = (await engine.run(download({ itemIds: ids.join(',') }))).output('Download');
		expect(files.map((f) => f.json.fileName)).toEqual(['sunset-pier.jpg', 'café-night.jpg']);
		await expectOriginals(files);
	});

	test('archive entries under unknown names are not guessed: each item is downloaded on its own', async () => {
		const ids = [media.sunsetPier, media.cafeNight];
		emulator.faults.add({
			endpoint: 'file',
			replaceBody: buildZip(
				ids.map((id, i) => ({ name: `download-${i}.jpg`, data: emulator.store.fileBytes(id) })),
			),
		});
		const files = (await engine.run(download({ itemIds: ids.join(',') }))).output('Download');
		expect(files.map((f) => f.json.itemId)).toEqual(ids);
		await expectOriginals(files);
		expect(
			calls(emulator, '/download-url').map((c) => (c.body as { itemIds: string[] }).itemIds),
		).toEqual([ids, [ids[0]], [ids[1]]]);
	});

	test('a URL that expires between the request and the download is renewed once', async () => {
		let jump = 0;
		const own = await setUp({ now: () => Date.now() + jump });
		try {
			// The clock jumps 16 minutes when the first download starts: the URL has expired by then.
			const original = own.emulator.fileLog.push.bind(own.emulator.fileLog);
			own.emulator.fileLog.push = (...entries) => {
				if (jump === 0) jump = 16 * 60_000;
				return original(...entries);
			};
			const ids = [media.sunsetPier, media.cafeNight];
			const files = (await own.engine.run(download({ itemIds: ids.join(',') }))).output('Download');
			expect(files.map((f) => f.json.itemId)).toEqual(ids);
			expect(own.emulator.fileLog.map((e) => e.status)).toEqual([410, 200]);
			expect(calls(own.emulator, '/download-url')).toHaveLength(2);
		} finally {
			await own.emulator.close();
		}
	});

	test('downloads forbidden by the site settings fail clearly', async () => {
		const own = await setUp({ whoCanDownload: 'NO_ONE' });
		try {
			const result = await own.engine.run(download({ itemIds: media.sunsetPier }));
			expect(result.error('Download')?.message).toMatch(/403/);
			expect(result.error('Download')?.message).toContain(media.sunsetPier);
		} finally {
			await own.emulator.close();
		}
	});
});

describe('Get Download: display URLs', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery((e, g) => ((emulator = e), (engine = g)));

	test('an image and a video: URL, expiry, size and duration; the URL serves the original bytes', async () => {
		const before = Date.now();
		const urls = (
			await engine.run(
				download({
					operation: 'getDisplayUrls',
					itemIds: `${media.sunsetPier},${media.beachVolley}`,
				}),
			)
		).output('Download');
		expect(urls.map((u) => u.json.itemId)).toEqual([media.sunsetPier, media.beachVolley]);
		const [image, video] = urls.map((u) => u.json);
		expect(image).toMatchObject({ mediaType: 'image', notProcessedYet: false, duration: null });
		expect(video).toMatchObject({
			mediaType: 'video',
			notProcessedYet: false,
			width: 1280,
			height: 720,
			duration: 12425,
		});
		const expiresIn = Date.parse(String(image.expiresAt)) - before;
		expect(expiresIn).toBeGreaterThan(14 * 60_000);
		expect(expiresIn).toBeLessThanOrEqual(15 * 60_000 + 5000);
		const response = await fetch(String(image.url));
		expect(Buffer.from(await response.arrayBuffer())).toEqual(
			emulator.store.fileBytes(media.sunsetPier),
		);
		expect(emulator.store.getItem(media.sunsetPier)!.viewCount).toBe(310);
	});

	test('a still-processing item: notProcessedYet, or the URL once ready with waitForProcessing', async () => {
		const [now] = (
			await engine.run(download({ operation: 'getDisplayUrls', itemIds: media.timelapse }))
		).output('Download');
		expect(now.json).toMatchObject({ itemId: media.timelapse, notProcessedYet: true, url: null });

		emulator.resetLogs();
		const id = emulator.store.addMedia({
			name: 'just-uploaded.jpg',
			createdById: members.dana,
			processing: 2,
		}).id;
		const [ready] = (
			await engine.run(
				download({
					operation: 'getDisplayUrls',
					itemIds: id,
					options: { waitForProcessing: true, incrementViewCount: true },
				}),
			)
		).output('Download');
		expect(ready.json).toMatchObject({ itemId: id, notProcessedYet: false });
		expect(String(ready.json.url)).toMatch(/^http/);
		const views = calls(emulator, '/visual-media/view');
		expect(views).toHaveLength(3);
		expect(
			views.map((v) => (v.body as { incrementViewCount: boolean }).incrementViewCount),
		).toEqual([true, false, false]);
	});
});
