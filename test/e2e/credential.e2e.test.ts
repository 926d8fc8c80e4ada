/**
 * The credential's Test button in real n8n: the editor's own endpoint, POST /rest/credentials/test,
 * which n8n's CLI answers with the credential's `test` request (and its preAuthentication for OAuth).
 */
import { BAD_API_KEY, CRED, startSuite, type SuiteContext } from './helpers/context';
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

/** As the editor does: a credential is saved before it is tested (OAuth stores its token in it). */
async function testCredential(data: Record<string, unknown>, saved?: { id: string; name: string }) {
	const res = await server!.request('POST', '/rest/credentials/test', {
		credentials: { ...(saved ?? { name: 'Shared Gallery account' }), type: 'sharedGalleryApi', data: { baseUrl: ctx.emu.baseUrl, ...data } },
	});
	expect(res.status).toBe(200);
	return res.json.data as { status: string; message: string };
}

test.each(['apiKey', 'oauth', 'instanceToken'])('Test succeeds for %s against the emulator', async (authentication) => {
	const c = ctx.emu.credentials;
	const data =
		authentication === 'apiKey'
			? { authentication, apiKey: c.apiKey, siteId: c.siteId }
			: authentication === 'oauth'
				? { authentication, clientId: c.clientId, clientSecret: c.clientSecret, instanceId: c.instanceId, accessToken: '' }
				: { authentication, instanceToken: c.instanceToken };
	ctx.emu.resetLogs();
	const result = await testCredential(data, authentication === 'oauth' ? CRED.galleryOauth : undefined);
	expect(result).toEqual({ status: 'OK', message: expect.any(String) });
	const paths = ctx.emu.requestLog.map((e) => `${e.status} ${e.path}`);
	expect(paths).toContain('200 /shared-gallery/v1/items/query');
	if (authentication === 'oauth') expect(paths).toContain('200 /oauth2/token');
});

test('a bad API key gives a clear message, no stack trace, and never the key', async () => {
	const result = await testCredential({ authentication: 'apiKey', apiKey: BAD_API_KEY, siteId: ctx.emu.credentials.siteId });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/401|unauthori[sz]ed|Authorization failed/i);
	expect(result.message).not.toMatch(/\n\s+at /);
	expect(JSON.stringify(result)).not.toContain(BAD_API_KEY);
});
