/**
 * The credential's Test button in real n8n: the editor's own endpoint, POST /rest/credentials/test,
 * which n8n's CLI answers with the credential's declared `test` request (and its preAuthentication
 * for OAuth). n8n 2.41.1 shows the credential's `responseCode` rule for the query's status; n8n
 * 2.8.4 loses the status on the way (its ExecutionBaseError drops an Error cause) and shows its
 * own words for it. The OAuth token exchange's refusal shows its own text in both.
 */
import { SharedGalleryApi } from '../../credentials/SharedGalleryApi.credentials';
import { BAD_API_KEY, startSuite, type SuiteContext } from './helpers/context';
import { N8nServer } from './helpers/n8nServer';
import { currentTarget } from './helpers/versions';

/** Whether this n8n applies the credential's rules (2.8.4 does not: see above). */
const RULES_APPLY = currentTarget().n8n !== '2.8.4';

/** What the dialog says for a status the query answered: the rule's message, or n8n 2.8's words. */
function expectedFor(status: 401 | 403 | 404 | 429): string {
	if (!RULES_APPLY)
		return {
			401: 'Authorization failed - please check your credentials',
			403: 'Forbidden - perhaps check your credentials?',
			404: 'The resource you are requesting could not be found',
			429: 'The service is receiving too many requests from you',
		}[status];
	const rule = new SharedGalleryApi().test.rules?.find(
		(r) => r.type === 'responseCode' && r.properties.value === status,
	);
	if (rule?.type !== 'responseCode') throw new Error(`no rule for ${status}`);
	return rule.properties.message;
}

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
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const paths = ctx.emu.requestLog.map((e) => `${e.status} ${e.path}`);
		expect(paths).toContain('200 /shared-gallery/v1/items/query');
		if (authentication === 'oauth') expect(paths).toContain('200 /oauth2/token');
	},
);

/** The emulator's API key credential, with `extra` on top. */
const apiKeyCredential = (extra: Record<string, unknown> = {}) => ({
	authentication: 'apiKey',
	apiKey: ctx.emu.credentials.apiKey,
	siteId: ctx.emu.credentials.siteId,
	...extra,
});

test('a base URL with a trailing slash still works', async () => {
	const result = await testCredential(apiKeyCredential({ baseUrl: `${ctx.emu.baseUrl}/` }));
	expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
});

test('a bad API key: the 401 rule (what to check in each mode), no stack trace, and never the key', async () => {
	const result = await testCredential({
		authentication: 'apiKey',
		apiKey: BAD_API_KEY,
		siteId: ctx.emu.credentials.siteId,
	});
	process.stdout.write(`[e2e] a bad API key: ${JSON.stringify(result)}\n`);
	expect(result).toEqual({ status: 'Error', message: expectedFor(401) });
	expect(JSON.stringify(result)).not.toContain(BAD_API_KEY);
});

test("a wrong OAuth client secret: the token exchange's refusal and what to check, never the secret", async () => {
	const c = ctx.emu.credentials;
	const result = await testCredential({
		authentication: 'oauth',
		clientId: c.clientId,
		clientSecret: 'sgE2eWRONGsecret-3b8d',
		instanceId: c.instanceId,
		accessToken: '',
	});
	process.stdout.write(`[e2e] a wrong OAuth client secret: ${JSON.stringify(result)}\n`);
	expect(result).toEqual({
		status: 'Error',
		message:
			'OAuth token request failed (HTTP 401): Invalid client credentials. Check the client ID, client secret and instance ID.',
	});
	expect(JSON.stringify(result)).not.toContain('sgE2eWRONGsecret-3b8d');
});

test.each([403, 404, 429] as const)('a %i from the query: its rule', async (status) => {
	ctx.emu.faults.add({ endpoint: 'query', status });
	const result = await testCredential(apiKeyCredential());
	ctx.emu.faults.clear();
	process.stdout.write(`[e2e] a ${status}: ${JSON.stringify(result)}\n`);
	expect(result).toEqual({ status: 'Error', message: expectedFor(status) });
});

test('an unreachable base URL: the network error', async () => {
	const result = await testCredential(apiKeyCredential({ baseUrl: 'http://127.0.0.1:1' }));
	process.stdout.write(`[e2e] an unreachable base URL: ${JSON.stringify(result)}\n`);
	expect(result).toEqual({
		status: 'Error',
		message: RULES_APPLY
			? 'ECONNREFUSED'
			: 'The service refused the connection - perhaps it is offline',
	});
});
