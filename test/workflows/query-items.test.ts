import { addSyntheticItems, SEED, type Emulator } from '../../emulator';
import { chain, TYPES, type Engine } from '../../engine';
import { calls, useGallery } from '../helpers/gallery';

const { dana, zoe, malik, kenji } = SEED.members;
const query = (parameters: object, extra: object = {}) =>
	chain({ name: 'Query', type: TYPES.query, parameters: parameters as never, ...extra });

describe('Query Items against the emulator', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery((e, g) => ((emulator = e), (engine = g)));

	test('the seed use case: the 5 most-liked media of two members, in order', async () => {
		const result = await engine.run(
			query({
				limit: 5,
				sortField: 'LIKE_COUNT',
				sortOrder: 'DESC',
				filters: { createdBy: `${dana}, ${zoe}`, itemTypes: ['VISUAL_MEDIA'] },
			}),
		);
		const items = result.output('Query');
		expect(items.map((i) => i.json.id)).toEqual(SEED.headline.expectedIds);
		expect(items.map((i) => i.json.likeCount)).toEqual(SEED.headline.expectedLikeCounts);
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
		const [request] = calls(emulator, '/items/query');
		expect(request.body).toEqual({
			filter: { createdBy: [dana, zoe], itemTypes: ['VISUAL_MEDIA'] },
			sort: { field: 'LIKE_COUNT', order: 'DESC' },
			fieldset: ['Profiles'],
			paging: { limit: 5 },
		});
		expect(items[0].json).toMatchObject({
			mediaType: 'image',
			mimeType: 'image/jpeg',
			type: 'VISUAL_MEDIA',
		});
		expect(items[4].json).toMatchObject({ mediaType: 'video', mimeType: 'video/mp4' });
	});

	const filterCases: Array<[string, object, (item: Record<string, unknown>) => boolean]> = [
		['createdBy', { createdBy: malik }, (i) => (i.createdBy as { id: string }).id === malik],
		[
			'likedBy',
			{ likedBy: kenji },
			(i) => emulator.store.getItem(i.id as string)!.likedBy.includes(kenji),
		],
		[
			'taggedBy',
			{ taggedBy: kenji },
			(i) => emulator.store.getItem(i.id as string)!.taggedMemberIds.includes(kenji),
		],
		['albumIds', { albumIds: [SEED.albums.summer] }, (i) => i.parentAlbumId === SEED.albums.summer],
		['itemTypes', { itemTypes: ['ALBUM'] }, (i) => i.type === 'ALBUM'],
	];
	test.each(filterCases)(
		'the %s filter is sent in camelCase and narrows as the schema says',
		async (key, filters, matches) => {
			const total = (await engine.run(query({ returnAll: true }))).output('Query').length;
			emulator.resetLogs();
			const items = (await engine.run(query({ returnAll: true, filters }))).output('Query');
			expect(items.length).toBeGreaterThan(0);
			expect(items.length).toBeLessThan(total);
			expect(items.every((i) => matches(i.json))).toBe(true);
			const sent = calls(emulator, '/items/query')[0].body as { filter: Record<string, unknown> };
			expect(Object.keys(sent.filter)).toEqual([key]);
		},
	);

	const sortFields = [
		'CREATED_DATE',
		'VIEW_COUNT',
		'LIKE_COUNT',
		'COMMENT_COUNT',
		'NAME',
		'MEMBER_TAG_COUNT',
		'ALBUM_INFO_TAG_COUNT',
		'ORDER_NUMBERS',
	];
	test.each(sortFields.flatMap((field) => ['ASC', 'DESC'].map((order) => [field, order])))(
		'sort %s %s reaches the API',
		async (field, order) => {
			const result = await engine.run(query({ limit: 3, sortField: field, sortOrder: order }));
			expect(result.error()).toBeUndefined();
			expect((calls(emulator, '/items/query')[0].body as { sort: unknown }).sort).toEqual({
				field,
				order,
			});
		},
	);

	test('item IDs: exactly those items, in the order asked; a missing ID is an error', async () => {
		const ids = [SEED.media.cafeNight, SEED.media.sunsetPier];
		const items = (
			await engine.run(query({ filters: { itemIds: ids.join('\n') }, limit: 1 }))
		).output('Query');
		expect(items.map((i) => i.json.id)).toEqual(ids);

		const missing = 'no-such-item-1';
		const failed = await engine.run(query({ filters: { itemIds: [...ids, missing] } }));
		expect(failed.error('Query')?.name).toBe('NodeOperationError');
		expect(failed.error('Query')!.message).toContain(missing);

		const tolerant = await engine.run(
			query({ filters: { itemIds: [...ids, missing] } }, { onError: 'continueRegularOutput' }),
		);
		const out = tolerant.output('Query');
		expect(out.map((i) => i.json.id ?? i.json.itemId)).toEqual([...ids, missing]);
		expect(out[2].json.error).toContain(missing);
	});

	test('simplify gives the flat shape', async () => {
		const [item] = (
			await engine.run(
				query({ filters: { itemIds: SEED.media.beachVolley }, options: { simplify: true } }),
			)
		).output('Query');
		expect(Object.keys(item.json).sort()).toEqual(
			[
				'commentCount',
				'createdById',
				'createdByName',
				'createdDate',
				'creditName',
				'fileExtension',
				'id',
				'likeCount',
				'mediaType',
				'memberTagCount',
				'mimeType',
				'name',
				'parentAlbumId',
				'previewUrl',
				'size',
				'type',
				'viewCount',
			].sort(),
		);
		expect(item.json).toMatchObject({
			mediaType: 'video',
			mimeType: 'video/mp4',
			fileExtension: 'mp4',
			id: SEED.media.beachVolley,
		});
		expect(typeof item.json.size).toBe('number');
		expect(String(item.json.previewUrl)).toMatch(/^https?:\/\//);
	});

	test('Profiles is always asked for (the credit); the fieldset option adds RecentTaggedMembers', async () => {
		const [plain] = (
			await engine.run(query({ filters: { itemIds: SEED.media.sunsetPier } }))
		).output('Query');
		expect(calls(emulator, '/items/query')[0].body).toMatchObject({ fieldset: ['Profiles'] });
		emulator.resetLogs();
		const [full] = (
			await engine.run(
				query({
					filters: { itemIds: SEED.media.sunsetPier },
					options: { fieldset: ['RecentTaggedMembers'] },
				}),
			)
		).output('Query');
		expect(calls(emulator, '/items/query')[0].body).toMatchObject({
			fieldset: ['Profiles', 'RecentTaggedMembers'],
		});
		expect((plain.json.createdBy as { name?: string }).name).toBe('Dana Whitfield');
		expect(plain.json.creditName).toBe('Dana Whitfield');
		expect(full.json.creditName).toBe('Dana Whitfield');
		expect((full.json.latestTaggedMembers as unknown[]).length).toBeGreaterThan(0);
	});

	test("one run per input item, each paired to it; parameters from the item's expressions", async () => {
		// Two input items (a Dana item and a Zoë item); each asks for 2 items by its own uploader.
		const result = await engine.run(
			chain(
				{
					name: 'Seeds',
					type: TYPES.query,
					parameters: { filters: { itemIds: `${SEED.media.sunsetPier},${SEED.media.cafeNight}` } },
				},
				{
					name: 'Query',
					type: TYPES.query,
					parameters: {
						limit: '={{ 2 }}',
						sortField: '={{ "LIKE_COUNT" }}',
						filters: { createdBy: '={{ [$json.createdBy.id] }}' },
					},
				},
			),
		);
		const items = result.output('Query');
		expect(items.map((i) => [(i.json.createdBy as { id: string }).id, i.pairedItem])).toEqual([
			[dana, { item: 0 }],
			[dana, { item: 0 }],
			[zoe, { item: 1 }],
			[zoe, { item: 1 }],
		]);
	});
});

describe('Query Items paging', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery(
		(e, g) => {
			emulator = e;
			engine = g;
			addSyntheticItems(e.store, 1003);
		},
		{ maxPageSize: 5, seed: false },
	);

	test('Return All over 1,003 items makes exactly ceil(N/page) requests, no duplicates, nothing missing', async () => {
		const items = (
			await engine.run(query({ returnAll: true, filters: { itemTypes: ['VISUAL_MEDIA'] } }))
		).output('Query');
		const expected = emulator.store.items
			.filter((i) => i.type === 'VISUAL_MEDIA')
			.map((i) => i.id)
			.sort();
		expect(items.map((i) => i.json.id).sort()).toEqual(expected);
		expect(new Set(items.map((i) => i.json.id)).size).toBe(items.length);
		expect(calls(emulator, '/items/query')).toHaveLength(Math.ceil(expected.length / 5));
	});

	test('limit 7 with a page size of 5 returns 7, and no page asks for more than needed', async () => {
		const items = (await engine.run(query({ limit: 7 }))).output('Query');
		expect(items).toHaveLength(7);
		const limits = calls(emulator, '/items/query').map(
			(c) => (c.body as { paging: { limit: number } }).paging.limit,
		);
		expect(limits).toEqual([7, 2]);
	});

	test('a repeated cursor is asked again once: all items, no duplicates', async () => {
		const all = (await engine.run(query({ returnAll: true })))
			.output('Query')
			.map((i) => i.json.id);
		emulator.faults.add({ endpoint: 'query', repeatCursor: true });
		const items = (await engine.run(query({ returnAll: true })))
			.output('Query')
			.map((i) => i.json.id);
		expect(items).toEqual(all);
	});

	test('a cursor that keeps repeating ends the loop with a clear error, not partial results', async () => {
		emulator.faults.add({ endpoint: 'query', repeatCursor: true, times: Infinity });
		const result = await engine.run(query({ returnAll: true }));
		expect(result.error('Query')?.name).toBe('NodeApiError');
		expect(result.error('Query')?.message).toMatch(/same page cursor/);
		expect(calls(emulator, '/items/query').length).toBeLessThanOrEqual(4);
	});
});

describe('Query Items errors', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery((e, g) => ((emulator = e), (engine = g)));

	const bad: Array<[string, object]> = [
		['an empty ID in a list', { filters: { createdBy: '={{ ["a", ""] }}' } }],
		['a non-string ID', { filters: { likedBy: '={{ [42] }}' } }],
		['an object for IDs', { filters: { taggedBy: '={{ {"a": 1} }}' } }],
		['a limit below 1', { limit: 0 }],
		['a fractional limit', { limit: 2.5 }],
		['an unknown sort value through an expression', { sortField: '={{ "MOST_RECENT" }}' }],
		['an unknown sort order', { sortOrder: '={{ "UP" }}' }],
		['an unknown item type', { filters: { itemTypes: '={{ ["PHOTO"] }}' } }],
		['an unknown fieldset', { options: { fieldset: '={{ ["Everything"] }}' } }],
		['an ID with spaces inside', { filters: { itemIds: 'a b' } }],
		['an ID filter whose expression gives nothing', { filters: { createdBy: '={{ [] }}' } }],
		['an album filter whose expression gives nothing', { filters: { albumIds: '={{ "" }}' } }],
		[
			'thousands of IDs',
			{ filters: { itemIds: Array.from({ length: 1001 }, (_, i) => `id-${i}`).join(',') } },
		],
	];
	test.each(bad)('%s gives a NodeOperationError before any request', async (_name, parameters) => {
		const result = await engine.run(query(parameters));
		const error = result.error('Query');
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.context.itemIndex).toBe(0);
		expect(emulator.requestLog).toHaveLength(0);
	});

	test('an API failure gives a NodeApiError naming the cause, and continue-on-fail goes on', async () => {
		emulator.faults.add({ endpoint: 'query', status: 500 });
		const result = await engine.run(query({ limit: 1 }));
		const error = result.error('Query');
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/500/);
		expect(error?.context.itemIndex).toBe(0);

		emulator.faults.add({ endpoint: 'query', status: 500 });
		const tolerant = await engine.run(query({ limit: 1 }, { onError: 'continueRegularOutput' }));
		expect(tolerant.output('Query')[0].json.error).toMatch(/500/);
	});

	test('a connection reset mid-body, 502 and 504 are retried', async () => {
		emulator.faults.add({ endpoint: 'query', reset: true });
		emulator.faults.add({ endpoint: 'query', status: 502 });
		emulator.faults.add({ endpoint: 'query', status: 504 });
		const result = await engine.run(query({ limit: 2 }));
		expect(result.output('Query')).toHaveLength(2);
		expect(calls(emulator, '/items/query')).toHaveLength(4);
	});

	test('retries are bounded: after 5 attempts a clear error, with no secret in it', async () => {
		emulator.faults.add({ endpoint: 'query', status: 503, retryAfter: 0, times: Infinity });
		const result = await engine.run(query({ limit: 2 }));
		const error = result.error('Query');
		expect(error?.message).toMatch(/503/);
		expect(calls(emulator, '/items/query')).toHaveLength(5);
		const text = JSON.stringify(error);
		expect(text).not.toContain(emulator.credentials.apiKey);
		expect(text).not.toContain(emulator.credentials.siteId);
	});

	test('429 and 503 are retried, honouring Retry-After', async () => {
		emulator.faults.add({ endpoint: 'query', status: 429, retryAfter: 0 });
		emulator.faults.add({ endpoint: 'query', status: 503 });
		const result = await engine.run(query({ limit: 2 }));
		expect(result.output('Query')).toHaveLength(2);
		expect(calls(emulator, '/items/query').map((c) => c.status)).toEqual([429, 503, 200]);
	});
});
