import { SEED, startEmulator, type Emulator } from '../../emulator';
import { PATHS, api, getBytes } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());

const someQuery = { paging: { limit: 1 } };
const token = (body: unknown, e = emu) =>
	fetch(e.baseUrl + PATHS.token, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	}).then(async (r) => ({
		status: r.status,
		body: (await r.json()) as any,
	}));
const goodClient = (e = emu) => ({
	grant_type: 'client_credentials',
	client_id: e.credentials.clientId,
	client_secret: e.credentials.clientSecret,
	instance_id: e.credentials.instanceId,
});

function expectUnauthorized(r: { status: number; body: any; text: string }, secret?: string) {
	expect(r.status).toBe(401);
	expect(r.body).toMatchObject({
		message: expect.any(String),
		details: { applicationError: { code: 'UNAUTHORIZED' } },
	});
	if (secret) expect(r.text).not.toContain(secret);
}

describe('API key', () => {
	test('Authorization: <apiKey> + wix-site-id works on every endpoint', async () => {
		expect((await api(emu, PATHS.query, someQuery)).status).toBe(200);
		expect((await api(emu, PATHS.download, { itemIds: [SEED.media.garden] })).status).toBe(200);
		expect((await api(emu, PATHS.view, { itemIds: [SEED.media.garden] })).status).toBe(200);
	});

	test('without wix-site-id → 401; with a wrong site → 401; never echoed', async () => {
		expectUnauthorized(
			await api(emu, PATHS.query, someQuery, { authorization: emu.credentials.apiKey }),
			emu.credentials.apiKey,
		);
		expectUnauthorized(
			await api(emu, PATHS.query, someQuery, {
				authorization: emu.credentials.apiKey,
				siteId: 'other-site',
			}),
			emu.credentials.apiKey,
		);
	});

	test('a wrong key → 401, the key presented is not echoed', async () => {
		const bad = 'IST.this-is-a-wrong-key-1234567890';
		expectUnauthorized(
			await api(emu, PATHS.query, someQuery, {
				authorization: bad,
				siteId: emu.credentials.siteId,
			}),
			bad,
		);
	});

	test.each([PATHS.query, PATHS.download, PATHS.view])(
		'no Authorization → 401 on %s',
		async (p) => {
			expectUnauthorized(await api(emu, p, { itemIds: ['x'] }, 'none'));
		},
	);

	test('the request log keeps lower-cased headers and the parsed body', async () => {
		emu.resetLogs();
		await api(emu, PATHS.query, someQuery);
		const entry = emu.requestLog[0];
		expect(entry).toMatchObject({
			method: 'POST',
			path: PATHS.query,
			status: 200,
			body: someQuery,
		});
		expect(entry.headers['wix-site-id']).toBe(emu.credentials.siteId);
		expect(entry.at).toBeCloseTo(emu.clock.now(), -4);
	});
});

describe('instance token', () => {
	test('Authorization: <instanceToken> works, with or without "Bearer "', async () => {
		expect((await api(emu, PATHS.query, someQuery, 'instanceToken')).status).toBe(200);
		expect(
			(
				await api(emu, PATHS.query, someQuery, {
					authorization: `Bearer ${emu.credentials.instanceToken}`,
				})
			).status,
		).toBe(200);
	});

	test('a tampered instance token → 401', async () => {
		const t = emu.credentials.instanceToken;
		const tampered = t.slice(0, 5) + (t[5] === 'A' ? 'B' : 'A') + t.slice(6);
		expectUnauthorized(
			await api(emu, PATHS.query, someQuery, { authorization: tampered }),
			tampered,
		);
	});

	test('expires 4 h after its signDate', async () => {
		const e2 = await startEmulator({ seed: false });
		try {
			e2.clock.advance(4 * 3600 * 1000 - 1000);
			expect((await api(e2, PATHS.query, someQuery, 'instanceToken')).status).toBe(200);
			e2.clock.advance(1000);
			expectUnauthorized(await api(e2, PATHS.query, someQuery, 'instanceToken'));
		} finally {
			await e2.close();
		}
	});
});

describe('OAuth client credentials', () => {
	test('POST /oauth2/token → {access_token, token_type: Bearer, expires_in}; the token works', async () => {
		const r = await token(goodClient());
		expect(r.status).toBe(200);
		expect(r.body).toEqual({
			access_token: expect.any(String),
			token_type: 'Bearer',
			expires_in: 14400,
		});
		expect(emu.issuedAccessTokens).toContain(r.body.access_token);
		expect(
			(await api(emu, PATHS.query, someQuery, { authorization: r.body.access_token })).status,
		).toBe(200);
		expect(
			(
				await api(
					emu,
					PATHS.view,
					{ itemIds: [SEED.media.garden] },
					{ authorization: `Bearer ${r.body.access_token}` },
				)
			).status,
		).toBe(200);
	});

	test('each call issues a new token', async () => {
		const a = await token(goodClient());
		const b = await token(goodClient());
		expect(a.body.access_token).not.toBe(b.body.access_token);
	});

	test('form-encoded requests work too', async () => {
		const res = await fetch(emu.baseUrl + PATHS.token, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(goodClient()).toString(),
		});
		expect(res.status).toBe(200);
	});

	test('bad secret / unknown client / wrong instance → 401; wrong grant or missing field → 400; nothing echoed', async () => {
		const bad = await token({ ...goodClient(), client_secret: 'wrong-secret-value' });
		expect(bad.status).toBe(401);
		expect(JSON.stringify(bad.body)).not.toContain('wrong-secret-value');
		expect(bad.body.details.applicationError.code).toEqual(expect.any(String));
		expect((await token({ ...goodClient(), client_id: 'nobody' })).status).toBe(401);
		expect((await token({ ...goodClient(), instance_id: 'elsewhere' })).status).toBe(401);
		expect((await token({ ...goodClient(), grant_type: 'password' })).status).toBe(400);
		const missing = await token({ grant_type: 'client_credentials' });
		expect(missing.status).toBe(400);
		expect(missing.body.details.validationError.fieldViolations.map((v: any) => v.field)).toEqual([
			'client_id',
			'client_secret',
			'instance_id',
		]);
	});

	test('tokens expire by the clock (expires_in), then 401', async () => {
		const e2 = await startEmulator({ seed: false, tokenTtlSeconds: 60 });
		try {
			const r = await token(goodClient(e2), e2);
			expect(r.body.expires_in).toBe(60);
			e2.clock.advance(59_000);
			expect(
				(await api(e2, PATHS.query, someQuery, { authorization: r.body.access_token })).status,
			).toBe(200);
			e2.clock.advance(1_000);
			expectUnauthorized(
				await api(e2, PATHS.query, someQuery, { authorization: r.body.access_token }),
				r.body.access_token,
			);
		} finally {
			await e2.close();
		}
	});

	test('an injected clock drives expiry', async () => {
		let t = 1_700_000_000_000;
		const e2 = await startEmulator({ seed: false, now: () => t });
		try {
			const r = await token(goodClient(e2), e2);
			t += 14400 * 1000;
			expectUnauthorized(
				await api(e2, PATHS.query, someQuery, { authorization: r.body.access_token }),
			);
			e2.clock.set(1_700_000_000_000);
			expect(e2.clock.now()).toBe(1_700_000_000_000);
			expect(
				(await api(e2, PATHS.query, someQuery, { authorization: r.body.access_token })).status,
			).toBe(200);
		} finally {
			await e2.close();
		}
	});
});

describe('file host', () => {
	test('needs no credential, and never receives one from a plain fetch; its log keeps the headers', async () => {
		emu.resetLogs();
		const r = await api(emu, PATHS.download, { itemIds: [SEED.media.garden, SEED.media.moon] });
		const res = await fetch(r.body.url, { headers: { 'x-test': 'yes' } });
		expect(res.status).toBe(200);
		await res.arrayBuffer();
		expect(emu.fileLog).toHaveLength(1);
		const entry = emu.fileLog[0];
		expect(entry).toMatchObject({ method: 'GET', path: '/_api/download/file', status: 200 });
		expect(entry.url).toContain('downloadToken=');
		expect(entry.headers['x-test']).toBe('yes');
		expect(entry.headers.authorization).toBeUndefined();
		expect(JSON.stringify(emu.fileLog)).not.toContain(emu.credentials.apiKey);
	});

	test('a credential sent to the file host shows up in fileLog (so tests can catch a leaking client)', async () => {
		emu.resetLogs();
		const r = await api(emu, PATHS.download, { itemIds: [SEED.media.garden] });
		await getBytes(r.body.url);
		await fetch(r.body.url, { headers: { authorization: emu.credentials.apiKey } }).then((x) =>
			x.arrayBuffer(),
		);
		expect(emu.fileLog[0].headers.authorization).toBeUndefined();
		expect(emu.fileLog[1].headers.authorization).toBe(emu.credentials.apiKey);
	});
});
