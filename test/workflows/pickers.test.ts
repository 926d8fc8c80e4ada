// Version 2's pickers: members and albums by name (listSearch), and the filters they fill.
import type { INodeListSearchResult } from 'n8n-workflow';

import { LARGE_SITE, SEED, type Emulator } from '../../emulator';
import { chain, Engine, TYPES } from '../../engine';
import {
	MEMBERS_FORBIDDEN,
	searchAlbums,
	searchMembers,
} from '../../nodes/SharedGallery/listSearch';
import { calls, useGallery } from '../helpers/gallery';
import { loadOptionsContext } from '../helpers/loadOptions';

const { dana, zoe, malik } = SEED.members;
const picked = (value: unknown, mode = 'list', cachedResultName?: string) => ({
	__rl: true,
	mode,
	value,
	...(cachedResultName ? { cachedResultName } : {}),
});
const members = (...values: unknown[]) => ({ members: values.map((member) => ({ member })) });
const query = (parameters: object, typeVersion = 2) =>
	chain({ name: 'Query', type: TYPES.query, typeVersion, parameters: parameters as never });

/** A listSearch method run as n8n runs it for the editor: a LoadOptionsContext on the node. */
function picker(engine: Engine, path: string) {
	const context = loadOptionsContext(engine, query({}), 'Query', path);
	return {
		members: (filter?: string, token?: string) =>
			searchMembers.call(context, filter, token) as Promise<INodeListSearchResult>,
		albums: (filter?: string, token?: string) =>
			searchAlbums.call(context, filter, token) as Promise<INodeListSearchResult>,
	};
}

/** Every page a search gives, following its pagination tokens. */
async function allPages(
	search: (filter?: string, token?: string) => Promise<INodeListSearchResult>,
	filter?: string,
) {
	const pages: INodeListSearchResult[] = [];
	let token: string | undefined;
	do {
		const page = await search(filter, token);
		pages.push(page);
		token = page.paginationToken as string | undefined;
	} while (token && pages.length < 1000);
	return { pages, results: pages.flatMap((page) => page.results) };
}

describe('the seed site', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery((e, g) => ((emulator = e), (engine = g)));

	test('member search by name: the Members API searches profile.nickname; name shown, ID as value', async () => {
		const found = await picker(engine, 'filters.createdBy.members[0].member').members('dana');
		expect(found).toEqual({
			results: [{ name: 'Dana Whitfield', value: dana }],
			paginationToken: undefined,
		});
		const [request] = calls(emulator, '/members/v1/members/query');
		expect(request.body).toEqual({
			query: {
				filter: { 'profile.nickname': { $startsWith: 'dana' } },
				paging: { limit: 100, offset: 0 },
				sorting: [{ fieldName: 'profile.nickname', order: 'ASC' }],
			},
			fieldsets: ['PUBLIC'],
		});
		const everyone = await picker(engine, 'filters.likedBy.members[0].member').members();
		expect(everyone.results.map((r) => r.name)).toEqual([
			'Dana Whitfield',
			'Kenji Sato',
			'Lena Fischer',
			'Malik Haddad',
			'Priya Raman',
			'Zoë Okafor',
		]);
		expect(everyone.results.map((r) => r.value).sort()).toEqual(Object.values(SEED.members).sort());
	});

	test('without the Members permission (403) the picker says so; members typed By ID still work', async () => {
		emulator.options.membersPermission = false;
		const search = picker(engine, 'filters.createdBy.members[0].member').members('da');
		await expect(search).rejects.toMatchObject({
			message: MEMBERS_FORBIDDEN,
			httpCode: '403',
			description: expect.stringMatching(/Read Members.*By ID/),
		});
		const run = await engine.run(
			query({
				limit: 5,
				sortField: 'LIKE_COUNT',
				filters: {
					createdBy: members(picked(`${dana}, ${zoe}`, 'id')),
					itemTypes: ['VISUAL_MEDIA'],
				},
			}),
		);
		expect(run.output('Query').map((i) => i.json.id)).toEqual(SEED.headline.expectedIds);
	});

	test("version 2: two members picked by name give the seed's query", async () => {
		const run = await engine.run(
			query({
				limit: 5,
				sortField: 'LIKE_COUNT',
				sortOrder: 'DESC',
				filters: {
					createdBy: members(
						picked(dana, 'list', 'Dana Whitfield'),
						picked(zoe, 'list', 'Zoë Okafor'),
					),
					itemTypes: ['VISUAL_MEDIA'],
				},
			}),
		);
		expect(run.output('Query').map((i) => i.json.id)).toEqual(SEED.headline.expectedIds);
		expect(calls(emulator, '/items/query')[0].body).toEqual({
			...SEED.headline.request,
			fieldset: ['Profiles'],
		});
	});

	test('version 2: IDs typed By ID (comma-separated), expressions giving arrays, and albums', async () => {
		const run = await engine.run(
			query({
				returnAll: true,
				filters: {
					likedBy: members(
						picked(`${dana},${zoe}`, 'id'),
						picked('={{ ["' + malik + '"] }}', 'id'),
					),
					taggedBy: members(picked('={{ $json.nobody ?? "' + malik + '" }}', 'id')),
					albumIds: { albums: [{ album: picked(SEED.albums.summer) }] },
				},
			}),
		);
		expect(run.error('Query')).toBeUndefined();
		const sent = calls(emulator, '/items/query')[0].body as { filter: object };
		expect(sent.filter).toEqual({
			likedBy: [dana, zoe, malik],
			taggedBy: [malik],
			albumIds: [SEED.albums.summer],
		});
	});

	test('version 2: a filter added without any member, or with a blank one, filters nothing', async () => {
		const run = await engine.run(
			query({
				limit: 2,
				filters: { createdBy: {}, likedBy: members(picked('', 'list')), itemTypes: ['ALBUM'] },
			}),
		);
		expect(run.error('Query')).toBeUndefined();
		const sent = calls(emulator, '/items/query')[0].body as { filter: object };
		expect(sent.filter).toEqual({ itemTypes: ['ALBUM'] });
	});

	test('version 2: an expression that gives no member is an error before any request', async () => {
		const run = await engine.run(
			query({ filters: { createdBy: members(picked('={{ [] }}', 'id')) } }),
		);
		expect(run.error('Query')?.message).toMatch(
			/Filters → createdBy: the expression gave no values/,
		);
		expect(calls(emulator, '/items/query')).toHaveLength(0);
	});

	test('a saved version-1 workflow with comma-separated IDs runs unchanged', async () => {
		const saved = require('../../examples/most-liked-media-to-disk.json');
		const node = saved.nodes.find((n: { type: string }) =>
			n.type.endsWith('sharedGalleryQueryItems'),
		);
		expect(node.typeVersion).toBe(1);
		expect(typeof node.parameters.filters.createdBy).toBe('string');
		const run = await engine.run(query({ ...node.parameters }, node.typeVersion));
		expect(run.output('Query').map((i) => i.json.id)).toEqual(SEED.headline.expectedIds);
		expect(calls(emulator, '/items/query')[0].body).toEqual({
			...SEED.headline.request,
			fieldset: ['Profiles'],
		});
	});
});

describe('the large site (10,000 members, 500 albums)', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery((e, g) => ((emulator = e), (engine = g)), { largeSite: true });

	test('member search pages through all 10,000 members, 100 a page, each once', async () => {
		const { pages, results } = await allPages(
			picker(engine, 'filters.createdBy.members[0].member').members,
		);
		expect(pages).toHaveLength(LARGE_SITE.members / 100);
		expect(pages.every((page) => page.results.length === 100)).toBe(true);
		expect(new Set(results.map((r) => r.value)).size).toBe(LARGE_SITE.members);
		const offsets = calls(emulator, '/members/v1/members/query').map(
			(c) => (c.body as { query: { paging: { offset: number } } }).query.paging.offset,
		);
		expect(offsets).toEqual(pages.map((_, i) => i * 100));
	});

	test('member search by name returns exactly the members whose nickname starts with it', async () => {
		const { results } = await allPages(
			picker(engine, 'filters.createdBy.members[0].member').members,
			'am',
		);
		const expected = emulator.store.members.filter((m) => m.name.toLowerCase().startsWith('am'));
		expect(expected.length).toBeGreaterThan(100);
		expect(results.map((r) => r.value).sort()).toEqual(expected.map((m) => m.id).sort());
		expect(results.every((r) => r.name.startsWith('Amir '))).toBe(true);
	});

	test('album search pages through all 500 albums; a search by name finds every match', async () => {
		const albums = picker(engine, 'filters.albumIds.albums[0].album').albums;
		const all = await allPages(albums);
		expect(all.pages.length).toBe(LARGE_SITE.albums / 100);
		expect(new Set(all.results.map((r) => r.value)).size).toBe(LARGE_SITE.albums);
		const hiking = await allPages(albums, 'HIKING');
		const expected = emulator.store.items.filter(
			(i) => i.type === 'ALBUM' && i.name.toLowerCase().includes('hiking'),
		);
		expect(hiking.results.map((r) => r.value).sort()).toEqual(expected.map((i) => i.id).sort());
		expect(hiking.results.map((r) => r.name)).toContain('Hiking 2000');
	});
});
