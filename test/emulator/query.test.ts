import { SEED, SORT_FIELDS, addSyntheticItems, startEmulator, type Emulator } from '../../emulator';
import { query, queryAll } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());

const M = SEED.members;
const all = () => emu.store.items;

describe('filter', () => {
	test('no filter returns everything, flattened (media in albums and the albums)', async () => {
		const items = await queryAll(emu, {});
		expect(items.map((i) => i.id).sort()).toEqual(
			all()
				.map((i) => i.id)
				.sort(),
		);
		expect(items.some((i) => i.parentAlbumId === SEED.albums.summer)).toBe(true);
		expect(items.filter((i) => i.type === 'ALBUM')).toHaveLength(Object.keys(SEED.albums).length);
	});

	test.each([
		['createdBy', [M.dana, M.malik], (i: any) => [M.dana, M.malik].includes(i.createdById)],
		['likedBy', [M.priya], (i: any) => i.likedBy.includes(M.priya)],
		[
			'taggedBy',
			[M.kenji, M.lena],
			(i: any) => i.taggedMemberIds.includes(M.kenji) || i.taggedMemberIds.includes(M.lena),
		],
		['albumIds', [SEED.albums.night], (i: any) => i.parentAlbumId === SEED.albums.night],
		['albumIds', [SEED.rootAlbumId], (i: any) => i.parentAlbumId === SEED.rootAlbumId],
		['itemTypes', ['ALBUM'], (i: any) => i.type === 'ALBUM'],
		['itemTypes', ['VISUAL_MEDIA'], (i: any) => i.type === 'VISUAL_MEDIA'],
		['itemTypes', ['VISUAL_MEDIA', 'ALBUM'], () => true],
		['itemTypes', ['UNKNOWN'], () => false],
	])('%s %j = one of', async (name, values, pred) => {
		const items = await queryAll(emu, { filter: { [name]: values } });
		const expected = all()
			.filter(pred)
			.map((i) => i.id)
			.sort();
		expect(expected.length).toBeGreaterThan(
			name === 'itemTypes' && values[0] === 'UNKNOWN' ? -1 : 0,
		);
		expect(items.map((i) => i.id).sort()).toEqual(expected);
	});

	test('fields are ANDed', async () => {
		const filter = {
			createdBy: [M.dana, M.zoe],
			likedBy: [M.malik],
			itemTypes: ['VISUAL_MEDIA'],
			albumIds: [SEED.rootAlbumId, SEED.albums.summer],
		};
		const items = await queryAll(emu, { filter });
		const expected = all().filter(
			(i) =>
				[M.dana, M.zoe].includes(i.createdById) &&
				i.likedBy.includes(M.malik) &&
				i.type === 'VISUAL_MEDIA' &&
				[SEED.rootAlbumId, SEED.albums.summer].includes(i.parentAlbumId),
		);
		expect(expected.length).toBeGreaterThan(1);
		expect(expected.length).toBeLessThan(all().length / 3);
		expect(items.map((i) => i.id).sort()).toEqual(expected.map((i) => i.id).sort());
	});

	test('empty arrays mean no restriction', async () => {
		const items = await queryAll(emu, { filter: { createdBy: [], albumIds: [], itemTypes: [] } });
		expect(items).toHaveLength(all().length);
	});

	test('itemIds: all matching, in the order asked, sort and paging ignored, no cursor', async () => {
		const ids = [
			SEED.media.fog,
			SEED.media.sunsetPier,
			SEED.albums.night,
			SEED.media.kite,
			'does-not-exist',
		];
		const r = await query(emu, {
			filter: { itemIds: ids },
			sort: { field: 'NAME', order: 'ASC' },
			paging: { limit: 1 },
		});
		expect(r.status).toBe(200);
		expect(r.body.items.map((i: any) => i.id)).toEqual(ids.slice(0, 4));
		expect(r.body.metadata.cursor).toBeUndefined();
	});

	test('itemIds still ANDed with the other fields', async () => {
		const r = await query(emu, {
			filter: {
				itemIds: [SEED.media.fog, SEED.media.sunsetPier, SEED.media.kite],
				createdBy: [M.dana],
			},
		});
		expect(r.body.items.map((i: any) => i.id)).toEqual([SEED.media.fog, SEED.media.sunsetPier]);
	});
});

describe('headline query (the guide use case)', () => {
	test('top 5 by likes of two members: distinct counts around 5th place, two share a name', async () => {
		const r = await query(emu, SEED.headline.request);
		expect(r.status).toBe(200);
		expect(r.body.items.map((i: any) => i.id)).toEqual(SEED.headline.expectedIds);
		expect(r.body.items.map((i: any) => i.likeCount)).toEqual(SEED.headline.expectedLikeCounts);
		const names = r.body.items.map((i: any) => i.name);
		expect(names.filter((n: string) => n === 'IMG_0001.jpg')).toHaveLength(2);
		const next = await query(emu, {
			...SEED.headline.request,
			paging: { limit: 1, cursor: r.body.metadata.cursor },
		});
		expect(next.body.items[0].likeCount).toBe(SEED.headline.sixth.likeCount);
	});

	test('snake_case spelling of the same query (the guide sends it)', async () => {
		const r = await query(emu, {
			filter: { created_by: [M.dana, M.zoe], item_types: ['VISUAL_MEDIA'] },
			sort: { field: 'LIKE_COUNT', order: 'DESC' },
			paging: { limit: 5 },
		});
		expect(r.body.items.map((i: any) => i.id)).toEqual(SEED.headline.expectedIds);
	});
});

describe('sort', () => {
	const keyOf: Record<string, (i: any) => number | string> = {
		CREATED_DATE: (i) => Date.parse(i.createdDate),
		VIEW_COUNT: (i) => i.viewCount,
		LIKE_COUNT: (i) => i.likeCount,
		COMMENT_COUNT: (i) => i.commentCount,
		NAME: (i) => `${i.name.toLowerCase()}\u0000${i.name}`,
		MEMBER_TAG_COUNT: (i) => i.memberTagCount,
		ALBUM_INFO_TAG_COUNT: (i) => i.albumInfo?.tagCount ?? 0,
		ORDER_NUMBERS: (i) => i.albumInfo?.orderNumber ?? 0,
	};
	const fields = SORT_FIELDS.filter((f) => f !== 'UNKNOWN');

	test('every schema sort field is covered', () => {
		expect(Object.keys(keyOf).sort()).toEqual([...fields].sort());
	});

	test.each(
		fields.flatMap((f) => [
			[f, 'ASC'],
			[f, 'DESC'],
		]),
	)('%s %s, ties by id ascending, across pages', async (field, order) => {
		const items = await queryAll(emu, { sort: { field, order } }, 7);
		expect(items).toHaveLength(all().length);
		const key = keyOf[field];
		const dir = order === 'ASC' ? 1 : -1;
		for (let n = 1; n < items.length; n++) {
			const a = key(items[n - 1]);
			const b = key(items[n]);
			const c = a < b ? -1 : a > b ? 1 : 0;
			if (c === 0) expect(items[n - 1].id < items[n].id).toBe(true);
			else expect(c * dir).toBe(-1);
		}
	});

	test('LIKE_COUNT has ties in the seed, broken by id', async () => {
		const items = await queryAll(emu, { sort: { field: 'LIKE_COUNT', order: 'DESC' } });
		const threes = items.filter((i) => i.likeCount === 3).map((i) => i.id);
		expect(threes.length).toBeGreaterThanOrEqual(3);
		expect(threes).toEqual([...threes].sort());
	});

	test('no sort = CREATED_DATE DESC (UNKNOWN and DESC are the proto defaults)', async () => {
		const a = await queryAll(emu, {});
		const b = await queryAll(emu, { sort: { field: 'CREATED_DATE', order: 'DESC' } });
		const c = await queryAll(emu, { sort: { field: 'UNKNOWN' } });
		expect(a.map((i) => i.id)).toEqual(b.map((i) => i.id));
		expect(c.map((i) => i.id)).toEqual(b.map((i) => i.id));
	});

	test('enum values by number (proto3 JSON)', async () => {
		const byName = await query(emu, {
			sort: { field: 'LIKE_COUNT', order: 'ASC' },
			paging: { limit: 10 },
		});
		const byNumber = await query(emu, { sort: { field: 3, order: 1 }, paging: { limit: 10 } });
		expect(byNumber.body.items.map((i: any) => i.id)).toEqual(
			byName.body.items.map((i: any) => i.id),
		);
	});

	test('ORDER_NUMBERS orders albums by orderNumber', async () => {
		const r = await query(emu, {
			filter: { itemTypes: ['ALBUM'] },
			sort: { field: 'ORDER_NUMBERS', order: 'ASC' },
		});
		expect(r.body.items.map((i: any) => i.id)).toEqual([
			SEED.albums.summer,
			SEED.albums.night,
			SEED.albums.empty,
			SEED.albums.fit,
		]);
	});
});

describe('paging', () => {
	test('cursor pages cover everything once; last page has no cursor', async () => {
		const seen: string[] = [];
		let cursor: string | undefined;
		let pages = 0;
		do {
			const r = await query(emu, {
				sort: { field: 'NAME', order: 'ASC' },
				paging: { limit: 8, ...(cursor ? { cursor } : {}) },
			});
			expect(r.status).toBe(200);
			expect(r.body.items.length).toBeLessThanOrEqual(8);
			seen.push(...r.body.items.map((i: any) => i.id));
			cursor = r.body.metadata.cursor;
			pages++;
		} while (cursor);
		expect(pages).toBe(Math.ceil(all().length / 8));
		expect(new Set(seen).size).toBe(all().length);
	});

	test('no limit: page size = maxPageSize; larger limits are cut to it', async () => {
		const small = await startEmulator({ maxPageSize: 10 });
		try {
			const a = await query(small, {});
			expect(a.body.items).toHaveLength(10);
			const b = await query(small, { paging: { limit: 500 } });
			expect(b.body.items).toHaveLength(10);
			expect(b.body.metadata.cursor).toBeTruthy();
			const c = await query(small, { paging: { limit: 3 } });
			expect(c.body.items).toHaveLength(3);
		} finally {
			await small.close();
		}
	});

	test('default maxPageSize is 100', async () => {
		const big = await startEmulator({ seed: false });
		try {
			addSyntheticItems(big.store, 250);
			const r = await query(big, { paging: { limit: 1000 } });
			expect(r.body.items).toHaveLength(100);
			expect((await queryAll(big, {})).length).toBe(250);
		} finally {
			await big.close();
		}
	});

	test('a cursor only continues its own query (filter or sort changed → 400)', async () => {
		const first = await query(emu, { filter: { createdBy: [M.dana] }, paging: { limit: 2 } });
		const cursor = first.body.metadata.cursor;
		const ok = await query(emu, { filter: { createdBy: [M.dana] }, paging: { limit: 2, cursor } });
		expect(ok.status).toBe(200);
		const otherFilter = await query(emu, {
			filter: { createdBy: [M.zoe] },
			paging: { limit: 2, cursor },
		});
		expect(otherFilter.status).toBe(400);
		expect(otherFilter.body.details.validationError.fieldViolations[0].field).toBe('paging.cursor');
		const otherSort = await query(emu, {
			filter: { createdBy: [M.dana] },
			sort: { field: 'NAME' },
			paging: { limit: 2, cursor },
		});
		expect(otherSort.status).toBe(400);
	});

	test('a forged cursor → 400', async () => {
		const r = await query(emu, { paging: { cursor: 'eyJxIjoiMCJ9.AAAAAAAAAAAAAAAA' } });
		expect(r.status).toBe(400);
		expect(r.body.details.validationError.fieldViolations[0]).toMatchObject({
			field: 'paging.cursor',
		});
	});

	test('keyset cursor survives an insert before the position', async () => {
		const local = await startEmulator();
		try {
			const p1 = await query(local, {
				sort: { field: 'CREATED_DATE', order: 'ASC' },
				paging: { limit: 5 },
			});
			local.store.addMedia({
				name: 'early.jpg',
				createdById: M.dana,
				createdDate: '2020-01-01T00:00:00.000Z',
			});
			const rest = [];
			let cursor = p1.body.metadata.cursor;
			while (cursor) {
				const r = await query(local, {
					sort: { field: 'CREATED_DATE', order: 'ASC' },
					paging: { limit: 5, cursor },
				});
				rest.push(...r.body.items);
				cursor = r.body.metadata.cursor;
			}
			const ids = [...p1.body.items, ...rest].map((i: any) => i.id);
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids.length).toBe(local.store.items.length - 1);
		} finally {
			await local.close();
		}
	});
});

describe('fieldset and item shape', () => {
	test('without Profiles createdBy is {id}; without RecentTaggedMembers the list is empty', async () => {
		const r = await query(emu, { filter: { itemIds: [SEED.media.cafeNight] } });
		const item = r.body.items[0];
		expect(item.createdBy).toEqual({ id: M.zoe });
		expect(item.latestTaggedMembers).toEqual([]);
		expect(item.memberTagCount).toBe(6);
	});

	test('Profiles fills name, imageUrl, identityProfileStatus; RecentTaggedMembers the newest five', async () => {
		const r = await query(emu, {
			filter: { itemIds: [SEED.media.cafeNight] },
			fieldset: ['Profiles', 'RecentTaggedMembers'],
		});
		const item = r.body.items[0];
		expect(item.createdBy).toEqual({
			id: M.zoe,
			name: 'Zoë Okafor',
			imageUrl: expect.stringMatching(/^https:/),
			identityProfileStatus: 'PUBLIC',
		});
		expect(item.latestTaggedMembers.map((p: any) => p.id)).toEqual([
			M.zoe,
			M.lena,
			M.kenji,
			M.priya,
			M.malik,
		]);
		// Private profiles stay bare.
		expect(item.latestTaggedMembers[3]).toEqual({ id: M.priya, identityProfileStatus: 'PRIVATE' });
		expect(item.latestTaggedMembers[2]).toEqual({
			id: M.kenji,
			name: 'Kenji Sato',
			identityProfileStatus: 'PUBLIC',
		});
	});

	test('RecentTaggedMembers without Profiles gives ids only', async () => {
		const r = await query(emu, {
			filter: { itemIds: [SEED.media.sunsetPier] },
			field_set: ['RecentTaggedMembers'],
		});
		expect(r.body.items[0].latestTaggedMembers).toEqual([{ id: M.malik }, { id: M.zoe }]);
	});

	test('media items: visualMediaInfo at the top level (oneOf flattened), size is a string', async () => {
		const r = await query(emu, {
			filter: { itemIds: [SEED.media.beachVolley, SEED.media.japanSunset] },
		});
		const [video, png] = r.body.items;
		expect(video).not.toHaveProperty('additionalInfo');
		expect(video).not.toHaveProperty('albumInfo');
		expect(video.visualMediaInfo.fileExtension).toBe('mp4');
		expect(video.visualMediaInfo.size).toBe(
			String(emu.store.fileBytes(SEED.media.beachVolley).length),
		);
		expect(video.visualMediaInfo.previewImages).toHaveLength(4);
		expect(video.visualMediaInfo.previewImages[0]).toEqual({
			url: expect.stringMatching(/^media\/.+f000\.jpg$/),
			width: 1280,
			height: 720,
			status: 'READY',
		});
		expect(png.name).toBe('日本の夕日.png');
		expect(png.visualMediaInfo.previewImages[0]).toMatchObject({
			width: 320,
			height: 240,
			status: 'READY',
		});
		expect(png.parentAlbumId).toBe(SEED.rootAlbumId);
		expect(typeof png.liked).toBe('boolean');
		expect(typeof png.viewed).toBe('boolean');
	});

	test('albums: albumInfo with childrenCount, cover, tagCount, orderNumber, mediaPreviews', async () => {
		const r = await query(emu, { filter: { itemIds: [SEED.albums.summer, SEED.albums.empty] } });
		const [summer, empty] = r.body.items;
		const children = emu.store.childrenOf(SEED.albums.summer);
		expect(summer.type).toBe('ALBUM');
		expect(summer).not.toHaveProperty('visualMediaInfo');
		expect(summer.albumInfo).toMatchObject({
			childrenCount: children.length,
			orderNumber: 1,
			tagCount: children.reduce((n, c) => n + c.taggedMemberIds.length, 0),
			updatedDate: children[children.length - 1].createdDate,
			cover: { visualMediaId: children[0].id },
		});
		expect(summer.albumInfo.mediaPreviews.length).toBeGreaterThan(0);
		expect(empty.albumInfo).toMatchObject({ childrenCount: 0, mediaPreviews: [] });
		expect(empty.albumInfo.cover).toBeUndefined();
	});

	test('processing items show IN_PROGRESS previews', async () => {
		const r = await query(emu, { filter: { itemIds: [SEED.media.timelapse] } });
		expect(r.body.items[0].visualMediaInfo.previewImages[0].status).toBe('IN_PROGRESS');
	});
});

describe('dialect docs-example', () => {
	test('answers with the doc example spellings', async () => {
		const docs = await startEmulator({ dialect: 'docs-example' });
		try {
			const r = await query(docs, { filter: { itemIds: [SEED.media.sunsetPier] } });
			const item = r.body.items[0];
			expect(item.memberTagsCount).toBe(2);
			expect(item).not.toHaveProperty('memberTagCount');
			expect(item.latestTaggedSiteMembers).toEqual([]);
			expect(item).not.toHaveProperty('latestTaggedMembers');
			expect(item.visualMediaInfo.file_extension).toBe('jpg');
			expect(item.visualMediaInfo).not.toHaveProperty('fileExtension');
			const page = await query(docs, { paging: { limit: 2 } });
			expect(page.body.metadata.nextCursor).toBeTruthy();
			expect(page.body.metadata).not.toHaveProperty('cursor');
			const next = await query(docs, {
				paging: { limit: 2, cursor: page.body.metadata.nextCursor },
			});
			expect(next.status).toBe(200);
		} finally {
			await docs.close();
		}
	});
});

describe('validation', () => {
	test.each([
		[{ sort: { field: 'MOST_RECENT' } }, 'sort.field'],
		[{ sort: { order: 'DOWN' } }, 'sort.order'],
		[{ filter: { itemTypes: ['PHOTO'] } }, 'filter.itemTypes[0]'],
		[{ filter: { item_types: ['VISUAL_MEDIA', 'VIDEO'] } }, 'filter.itemTypes[1]'],
		[{ filter: { createdBy: 'not-an-array' } }, 'filter.createdBy'],
		[{ paging: { limit: -1 } }, 'paging.limit'],
		[{ paging: { limit: 'ten' } }, 'paging.limit'],
	])('%j → 400 with fieldViolations', async (body, fieldName) => {
		const r = await query(emu, body);
		expect(r.status).toBe(400);
		expect(r.body.message).toEqual(expect.any(String));
		const v = r.body.details.validationError.fieldViolations;
		expect(v).toEqual(
			expect.arrayContaining([
				expect.objectContaining({
					field: fieldName,
					description: expect.any(String),
					violatedRule: expect.any(String),
				}),
			]),
		);
	});

	test('invalid JSON → 400', async () => {
		const r = await query(emu, '{not json');
		expect(r.status).toBe(400);
		expect(r.body.details.validationError.fieldViolations[0].field).toBe('body');
	});

	test('the docs example sortBy is not a schema field: ignored', async () => {
		const r = await query(emu, {
			sort: { sortBy: 'MOST_RECENT', order: 'DESC' },
			paging: { limit: 1 },
		});
		expect(r.status).toBe(200);
	});

	test('additional bindings answer too', async () => {
		const { api } = await import('./helpers');
		const r = await api(emu, '/api/v1/shared-gallery/items/query', { paging: { limit: 1 } });
		expect(r.status).toBe(200);
		expect(r.body.items).toHaveLength(1);
	});

	test('unknown path → 404, GET → 405', async () => {
		const r = await fetch(emu.baseUrl + '/shared-gallery/v1/items/download', {
			method: 'POST',
			body: '{}',
		});
		expect(r.status).toBe(404);
		const g = await fetch(emu.baseUrl + '/shared-gallery/v1/items/query');
		expect(g.status).toBe(405);
	});
});
