// Version 2's pickers: members and albums by name (listSearch), and the filters they fill.
import type { INodeListSearchResult, INodeProperties } from 'n8n-workflow';

import { LARGE_SITE, SEED, type Emulator } from '../../emulator';
import { chain, Engine, TYPES } from '../../engine';
import { createdByMembers } from '../../nodes/SharedGallery/fields';
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

	test('member search by name: the start of the nickname, first name, last name or slug; name shown, ID as value', async () => {
		const found = await picker(engine, 'filters.createdBy.members[0].member').members('dana');
		expect(found).toEqual({
			results: [{ name: 'Dana Whitfield', value: dana }],
			paginationToken: undefined,
		});
		const [request] = calls(emulator, '/members/v1/members/query');
		expect(request.body).toEqual({
			query: {
				filter: {
					$or: [
						{ 'profile.nickname': { $startsWith: 'dana' } },
						{ 'contact.firstName': { $startsWith: 'dana' } },
						{ 'contact.lastName': { $startsWith: 'dana' } },
						{ 'profile.slug': { $startsWith: 'dana' } },
					],
				},
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

	test('a word inside the name is found by its start ("okafor", "whit", "zoe"), never by its middle', async () => {
		const search = picker(engine, 'filters.createdBy.members[0].member').members;
		const names = async (text: string) => (await search(text)).results.map((r) => r.name);
		expect(await names('okafor')).toEqual(['Zoë Okafor']);
		expect(await names('whit')).toEqual(['Dana Whitfield']);
		// Without its accent: the slug ("zoe-okafor") has none.
		expect(await names('zoe')).toEqual(['Zoë Okafor']);
		expect(await names('Zoë')).toEqual(['Zoë Okafor']);
		// Every word of several must start a part of the name.
		expect(await names('zoe oka')).toEqual(['Zoë Okafor']);
		expect(await names('  dana   whit ')).toEqual(['Dana Whitfield']);
		expect(await names('dana oka')).toEqual([]);
		// The Members API has no "contains": the middle of a word finds no one (the hint says so).
		expect(await names('kafor')).toEqual([]);
		// The sixth search, "  dana   whit ": the whole text, or each word.
		const multi = calls(emulator, '/members/v1/members/query')[5];
		expect((multi.body as { query: { filter: unknown } }).query.filter).toEqual({
			$or: [
				{ 'profile.nickname': { $startsWith: 'dana whit' } },
				{
					$and: ['dana', 'whit'].map((word) => ({
						$or: [
							{ 'profile.nickname': { $startsWith: word } },
							{ 'contact.firstName': { $startsWith: word } },
							{ 'contact.lastName': { $startsWith: word } },
							{ 'profile.slug': { $startsWith: word } },
						],
					})),
				},
			],
		});
	});

	test('should the Members API refuse the word search (400), the nickname search is asked instead', async () => {
		emulator.faults.add({ endpoint: 'members', status: 400 });
		const found = await picker(engine, 'filters.likedBy.members[0].member').members('Zo');
		expect(found.results).toEqual([{ name: 'Zoë Okafor', value: zoe }]);
		const filters = calls(emulator, '/members/v1/members/query').map(
			(c) => (c.body as { query: { filter: unknown } }).query.filter,
		);
		expect(filters).toHaveLength(2);
		expect(filters[1]).toEqual({ 'profile.nickname': { $startsWith: 'Zo' } });
	});

	test("the picker's hints say how it searches, and that By ID takes an ID, not a name", () => {
		const modes = (createdByMembers.options![0] as { values: INodeProperties[] }).values[0].modes!;
		expect(modes.map((mode) => [mode.name, mode.hint])).toEqual([
			['list', expect.stringMatching(/start of a first name, last name or nickname/)],
			['id', expect.stringMatching(/not a name.*From List/)],
		]);
		expect(modes[0].placeholder).toMatch(/start of a name/);
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
			/^Filters → Created By: the expression gave no values/,
		);
		expect(calls(emulator, '/items/query')).toHaveLength(0);
	});

	test('a saved version-1 workflow with comma-separated IDs runs unchanged', async () => {
		// Query Items as examples/most-liked-media-to-disk.json saved it before 0.3.0: the
		// headline query, its two member IDs as one comma-separated text.
		const saved = {
			returnAll: false,
			limit: 5,
			filters: { createdBy: `${dana},${zoe}`, itemTypes: ['VISUAL_MEDIA'] },
			sortField: 'LIKE_COUNT',
			sortOrder: 'DESC',
			options: {},
		};
		const run = await engine.run(query(saved, 1));
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

	test('member search by name returns exactly the members with a first or last name starting with it', async () => {
		const { results } = await allPages(
			picker(engine, 'filters.createdBy.members[0].member').members,
			'am',
		);
		const expected = emulator.store.members.filter((m) =>
			m.name
				.toLowerCase()
				.split(' ')
				.slice(0, 2)
				.some((word) => word.startsWith('am')),
		);
		expect(expected.length).toBeGreaterThan(100);
		expect(results.map((r) => r.value).sort()).toEqual(expected.map((m) => m.id).sort());
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
