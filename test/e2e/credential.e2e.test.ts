/**
 * The credential's Test button in real n8n: the editor's own endpoint, POST /rest/credentials/test,
 * which n8n's CLI answers with the credential's `test` request (and its preAuthentication for OAuth).
 */
import { BAD_API_KEY, startSuite, type SuiteContext } from './helpers/context';
import { N8nServer } from './helpers/n8nServer';

let ctx: SuiteContext;
let server: N8nServer | undefined;

beforeAll(async () => {
	ctx = await startSuite();
	ctx.n8n.extraEnv = {};
	server = await N8nServer.start(ctx.n8n);
	await server.setupOwner();
});

afterAll(async () => {
	await server?.stop();
	await ctx?.close();
});

/**
 * As the editor does: the credential is saved (POST /rest/credentials), then tested by its id
 * with the dialog's data (newer n8n requires the id; OAuth stores its token in the saved one).
 */
async function testCredential(data: Record<string, unknown>) {
	const body = {
		name: `Shared Gallery ${String(data.authentication)} ${Date.now()}`,
		type: 'sharedGalleryApi',
		data: { baseUrl: ctx.emu.baseUrl, ...data },
	};
	const created = await server!.request('POST', '/rest/credentials', body);
	expect({ status: created.status, text: created.status === 200 ? '' : created.text }).toEqual({
		status: 200,
		text: '',
	});
	const res = await server!.request('POST', '/rest/credentials/test', {
		credentials: { ...body, id: created.json.data.id },
	});
	expect({ status: res.status, text: res.status === 200 ? '' : res.text }).toEqual({
		status: 200,
		text: '',
	});
	return res.json.data as { status: string; message: string };
}

test.each(['apiKey', 'oauth', 'instanceToken'])(
	'Test succeeds for %s against the emulator',
	async (authentication) => {
		const c = ctx.emu.credentials;
		const data =
			authentication === 'apiKey'
				? { authentication, apiKey: c.apiKey, siteId: c.siteId }
				: authentication === 'oauth'
					? {
							authentication,
							clientId: c.clientId,
							clientSecret: c.clientSecret,
							instanceId: c.instanceId,
							accessToken: '',
						}
					: { authentication, instanceToken: c.instanceToken };
		ctx.emu.resetLogs();
		const result = await testCredential(data);
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		const paths = ctx.emu.requestLog.map((e) => `${e.status} ${e.path}`);
		expect(paths).toContain('200 /shared-gallery/v1/items/query');
		if (authentication === 'oauth') expect(paths).toContain('200 /oauth2/token');
	},
);

test("a bad API key gives Wix's error and the hint the node gives, no stack trace, and never the key", async () => {
	const result = await testCredential({
		authentication: 'apiKey',
		apiKey: BAD_API_KEY,
		siteId: ctx.emu.credentials.siteId,
	});
	expect(result.status).toBe('Error');
	// Not n8n's bare "Unauthorized": the nodes' own test (testedBy) words it as a run would.
	expect(result.message).toMatch(/^Shared Gallery API error 401: .+/);
	expect(result.message).toContain('Check the credential');
	expect(result.message).not.toMatch(/\n\s+at /);
	expect(JSON.stringify(result)).not.toContain(BAD_API_KEY);
});
