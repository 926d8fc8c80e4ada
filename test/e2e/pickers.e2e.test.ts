/**
 * The member and album pickers in real n8n: the editor asks for a resource locator's list with
 * POST /rest/dynamic-node-parameters/resource-locator-results ({path, methodName, filter,
 * paginationToken, nodeTypeAndVersion, currentNodeParameters, credentials}; the same body in
 * n8n 2.8.4 and 2.41.1, which also accepts a number as token), and n8n runs the node's
 * listSearch method with the saved credential.
 */
import { SEED } from '../../emulator';
import { MEMBERS_FORBIDDEN, memberNameFilter } from '../../nodes/SharedGallery/listSearch';
import { startSuite, type SuiteContext } from './helpers/context';
import { N8nServer } from './helpers/n8nServer';

const QUERY_ITEMS = 'n8n-nodes-shared-gallery.sharedGalleryQueryItems';
const TRIGGER = 'n8n-nodes-shared-gallery.sharedGalleryTrigger';

let ctx: SuiteContext;
let server: N8nServer | undefined;
let credential: { id: string; name: string };

beforeAll(async () => {
	ctx = await startSuite();
	ctx.n8n.extraEnv = {};
	server = await N8nServer.start(ctx.n8n);
	await server.setupOwner();
	// Saved as the editor saves it, so the signed-in owner may use it.
	const c = ctx.emu.credentials;
	const created = await server.request('POST', '/rest/credentials', {
		name: 'Shared Gallery (pickers)',
		type: 'sharedGalleryApi',
		data: {
			authentication: 'apiKey',
			apiKey: c.apiKey,
			siteId: c.siteId,
			baseUrl: ctx.emu.baseUrl,
		},
	});
	if (created.status !== 200) throw new Error(`credential not saved: ${created.text}`);
	credential = { id: created.json.data.id, name: created.json.data.name };
});

afterAll(async () => {
	await server?.stop();
	await ctx?.close();
});

/** What the editor sends when a From List picker opens, or its search box changes. */
async function pickerList(
	methodName: string,
	path: string,
	{
		filter,
		paginationToken,
		node = QUERY_ITEMS,
	}: { filter?: string; paginationToken?: string; node?: string } = {},
) {
	return await server!.request('POST', '/rest/dynamic-node-parameters/resource-locator-results', {
		methodName,
		path,
		nodeTypeAndVersion: { name: node, version: 2 },
		currentNodeParameters: { filters: {} },
		credentials: { sharedGalleryApi: credential },
		...(filter !== undefined ? { filter } : {}),
		...(paginationToken !== undefined ? { paginationToken } : {}),
	});
}

test('Created By: members searched by name on the Members API, name shown and ID as value', async () => {
	ctx.emu.resetLogs();
	const res = await pickerList('searchMembers', 'filters.createdBy.members[0].member', {
		filter: 'zo',
	});
	expect({ status: res.status, text: res.status === 200 ? '' : res.text }).toEqual({
		status: 200,
		text: '',
	});
	expect(res.json.data.results).toEqual([{ name: 'Zoë Okafor', value: SEED.members.zoe }]);
	const [call] = ctx.emu.requestLog.filter((r) => r.path === '/members/v1/members/query');
	expect(call.headers.authorization).toBe(ctx.emu.credentials.apiKey);
	expect(call.body).toMatchObject({ query: { filter: memberNameFilter('zo') } });
	// A word inside the name, by its start (the last name): the Members API has no "contains".
	const byLastName = await pickerList('searchMembers', 'filters.likedBy.members[0].member', {
		filter: 'okafor',
	});
	expect(byLastName.json.data.results).toEqual([{ name: 'Zoë Okafor', value: SEED.members.zoe }]);
});

test("the Trigger's Created By lists every member; Liked By and Tagged use the same search", async () => {
	const all = await pickerList('searchMembers', 'filters.createdBy.members[0].member', {
		node: TRIGGER,
	});
	expect(all.status).toBe(200);
	expect(all.json.data.results.map((r: { value: string }) => r.value).sort()).toEqual(
		Object.values(SEED.members).sort(),
	);
	const tagged = await pickerList('searchMembers', 'filters.taggedBy.members[0].member', {
		filter: 'Kenji',
	});
	expect(tagged.json.data.results).toEqual([{ name: 'Kenji Sato', value: SEED.members.kenji }]);
});

test('Albums: searched by name, a page at a time', async () => {
	const res = await pickerList('searchAlbums', 'filters.albumIds.albums[0].album', {
		filter: 'night',
	});
	expect(res.status).toBe(200);
	expect(res.json.data.results).toEqual([{ name: 'Night Walks', value: SEED.albums.night }]);
	const all = await pickerList('searchAlbums', 'filters.albumIds.albums[0].album');
	expect(all.json.data.results.map((r: { name: string }) => r.name)).toEqual([
		'Empty Album',
		'Fit check',
		'Night Walks',
		'Summer Picnic 2024',
	]);
});

test('a credential without the Members permission: the picker says so', async () => {
	ctx.emu.options.membersPermission = false;
	try {
		const res = await pickerList('searchMembers', 'filters.createdBy.members[0].member', {
			filter: 'da',
		});
		expect(res.status).not.toBe(200);
		expect(res.text).toContain(MEMBERS_FORBIDDEN);
		expect(res.text).not.toContain(ctx.emu.credentials.apiKey);
	} finally {
		ctx.emu.options.membersPermission = true;
	}
});
