import { SEED, type Emulator } from '../../emulator';
import { chain, Engine, TYPES, stopEngineTimers } from '../../engine';
import { calls, credentialsFor, setUp, type Scheme } from '../helpers/gallery';
import { loadOptionsContext } from '../helpers/loadOptions';

const query = chain({ name: 'Query', type: TYPES.query, parameters: { limit: 2 } as never });

describe('the Shared Gallery credential against the emulator', () => {
	let emulator: Emulator;
	beforeAll(async () => ({ emulator } = await setUp({ tokenTtlSeconds: 600 })));
	beforeEach(() => emulator.resetLogs());
	afterAll(async () => {
		await emulator.close();
		stopEngineTimers();
	});

	test.each(['apiKey', 'oauth', 'instanceToken'] as Scheme[])(
		'%s: queries work and send the right headers',
		async (scheme) => {
			const engine = new Engine({ credentials: credentialsFor(emulator, scheme) });
			expect((await engine.run(query)).output('Query')).toHaveLength(2);
			const [request] = calls(emulator, '/items/query');
			const c = emulator.credentials;
			if (scheme === 'apiKey')
				expect(request.headers).toMatchObject({ authorization: c.apiKey, 'wix-site-id': c.siteId });
			if (scheme === 'instanceToken') expect(request.headers.authorization).toBe(c.instanceToken);
			if (scheme === 'oauth') {
				expect(calls(emulator, '/oauth2/token')).toHaveLength(1);
				expect(request.headers.authorization).toBe(emulator.issuedAccessTokens.at(-1));
			}
		},
	);

	test('oauth: the token is cached, renewed before it expires, and renewed after a 401', async () => {
		const engine = new Engine({ credentials: credentialsFor(emulator, 'oauth') });
		await engine.run(query);
		await engine.run(query);
		expect(calls(emulator, '/oauth2/token')).toHaveLength(1);
		expect(engine.credentials.data.accessTokenExpiresAt).toBeGreaterThan(Date.now() + 500_000);

		// Close to its expiry (stored by the last token exchange): renewed before the request, no 401.
		engine.credentials.data.accessTokenExpiresAt = Date.now() + 30_000;
		emulator.resetLogs();
		await engine.run(query);
		expect(emulator.requestLog.map((e) => `${e.status} ${e.path}`)).toEqual([
			'200 /oauth2/token',
			'200 /shared-gallery/v1/items/query',
		]);

		// The server's clock passes the token's expiry: a 401, one renewal, and the query succeeds.
		emulator.clock.advance(601_000);
		emulator.resetLogs();
		expect((await engine.run(query)).output('Query')).toHaveLength(2);
		expect(emulator.requestLog.map((e) => `${e.status} ${e.path}`)).toEqual([
			'401 /shared-gallery/v1/items/query',
			'200 /oauth2/token',
			'200 /shared-gallery/v1/items/query',
		]);
	});

	test.each([
		['a bad API key', { apiKey: 'wrong-key-123456' }],
		[
			'a bad instance token',
			{ authentication: 'instanceToken', instanceToken: 'wrong-token-123456' },
		],
	])('%s gives a clear 401 message without the secret', async (_name, override) => {
		const engine = new Engine({
			credentials: { ...credentialsFor(emulator, 'apiKey'), ...override },
		});
		const error = (await engine.run(query)).error('Query');
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/401/);
		expect(error?.description).toMatch(/Check the credential/);
		expect(JSON.stringify(error)).not.toContain('wrong-');
	});

	test('a bad OAuth client secret fails clearly', async () => {
		const engine = new Engine({
			credentials: { ...credentialsFor(emulator, 'oauth'), clientSecret: 'nope-nope-nope' },
		});
		const result = await engine.run(query);
		const error = result.error('Query');
		expect(error).toBeDefined();
		expect(JSON.stringify(error)).not.toContain('nope-nope-nope');
		// The token endpoint's answer, its status, and what to check: no query was sent.
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(
			'Shared Gallery request failed: OAuth token request failed (HTTP 401): Invalid client credentials. Check the client ID, client secret and instance ID.',
		);
		expect(error?.httpCode).toBe('401');
		expect(error?.description).toMatch(/Check the credential/);
		expect(result.output('Query')).toEqual([]);
		expect(emulator.requestLog.map((e) => `${e.status} ${e.path}`)).toEqual(['401 /oauth2/token']);
	});

	test('a token exchange answering 503 (Retry-After 0) is retried: its status is read from its text', async () => {
		emulator.faults.add({ endpoint: 'token', status: 503, retryAfter: 0 });
		const engine = new Engine({ credentials: credentialsFor(emulator, 'oauth') });
		const result = await engine.run(query);
		expect(result.error('Query')).toBeUndefined();
		expect(result.output('Query')).toHaveLength(2);
		expect(emulator.requestLog.map((e) => `${e.status} ${e.path}`)).toEqual([
			'503 /oauth2/token',
			'200 /oauth2/token',
			'200 /shared-gallery/v1/items/query',
		]);
	});

	test("the album picker lists the emulator's albums", async () => {
		const engine = new Engine({ credentials: credentialsFor(emulator) });
		const context = loadOptionsContext(engine, query, query.nodes[1].name, 'filters.albumIds');
		const { getAlbums } = await import('../../nodes/SharedGallery/methods');
		const albums = await getAlbums.call(context);
		const expected = emulator.store.items.filter((i) => i.type === 'ALBUM').map((i) => i.id);
		expect(albums.map((a) => a.value).sort()).toEqual(expected.sort());
		expect(albums.map((a) => a.name)).toContain(emulator.store.getItem(SEED.albums.summer)!.name);
	});
});
