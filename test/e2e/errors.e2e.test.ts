/**
 * Failure paths and the other credential modes in real n8n, with fixtures from
 * test/e2e/workflows/ (not examples: they exist to fail).
 */
import {
	BAD_API_KEY,
	CRED,
	executionError,
	startSuite,
	type SuiteContext,
} from './helpers/context';
import { nodeItems, type ExecResult } from './helpers/n8n';
import { loadFixture, swapCredentials, type Workflow } from './helpers/workflows';

let ctx: SuiteContext;
const timings: Record<string, number> = {};
const MISSING_ID = '0e2e0000-dead-4bad-8000-00000000f00d';

beforeAll(async () => {
	const t = Date.now();
	ctx = await startSuite();
	Object.assign(timings, ctx.timings, { setupMs: Date.now() - t });
});

afterAll(async () => {
	process.stdout.write(`[e2e] errors timings (ms): ${JSON.stringify(timings)}\n`);
	await ctx?.close();
});

async function runWorkflow(label: string, wf: Workflow): Promise<ExecResult> {
	const t = Date.now();
	const res = await ctx.n8n.importAndExecute(wf);
	timings[label] = Date.now() - t;
	return res;
}

/** A seed media item to download (the smallest, to keep the run short). */
function seedMediaId(): string {
	const media = ctx.emu.store.items.filter(
		(i) => i.type === 'VISUAL_MEDIA' && i.media && i.media.processing === null,
	);
	media.sort((a, b) => a.media!.size - b.media!.size);
	return media[0].id;
}

test('a bad API key fails the execution with a clear message that does not echo the key', async () => {
	const wf = swapCredentials(loadFixture('bad-api-key.json'), {
		sharedGalleryApi: CRED.galleryBad,
	});
	const res = await runWorkflow('badKeyMs', wf);
	expect(res.code).toBe(1);
	expect(res.json?.status).toBe('error');
	const err = executionError(res.json);
	expect(err).toBeDefined();
	expect(err!.node).toBe('Shared Gallery Query Items');
	const text = `${err!.message} ${err!.description ?? ''}`;
	process.stdout.write(`[e2e] bad-key error shown by n8n: ${text}\n`);
	// Says what is wrong and what to do about it.
	expect(text).toMatch(/401|unauthori[sz]ed|not authori[sz]ed|invalid.*key|api key/i);
	expect(text).toMatch(/credential|api key/i);
	// The emulator saw the request with the bad key: the failure came from the API, not before it.
	expect(
		ctx.emu.requestLog.some((r) => r.headers.authorization === BAD_API_KEY && r.status === 401),
	).toBe(true);
	// The key never shows up in anything n8n printed.
	expect(res.stdout).not.toContain(BAD_API_KEY);
	expect(res.stderr).not.toContain(BAD_API_KEY);
});

test('continue-on-fail: a seed ID plus a missing ID finishes, with an error item naming the missing ID', async () => {
	const seedId = seedMediaId();
	const fixture = loadFixture('continue-on-fail-missing-id.json');
	const text = JSON.stringify(fixture)
		.replace('__SEED_ITEM_ID__', seedId)
		.replace('__MISSING_ITEM_ID__', MISSING_ID);
	const wf = swapCredentials(JSON.parse(text), { sharedGalleryApi: CRED.gallery });
	const res = await runWorkflow('continueOnFailMs', wf);
	// On failure, say how the CLI ended (a signal once, with two e2e runs side by side) and what it printed.
	expect({
		code: res.code,
		signal: res.signal,
		tail: res.code === 0 ? '' : res.stderr.slice(-2000),
	}).toEqual({
		code: 0,
		signal: null,
		tail: '',
	});
	expect(res.json?.status).toBe('success');
	const items = nodeItems(res.json, 'Shared Gallery Get Download').map((i) => i.json);
	const errors = items.filter((j) => j.error !== undefined);
	expect(errors.length).toBeGreaterThanOrEqual(1);
	const naming = errors.filter(
		(e) => e.itemId === MISSING_ID || String(e.error).includes(MISSING_ID),
	);
	expect(naming.length).toBeGreaterThanOrEqual(1);
	expect(String(naming[0].error).length).toBeGreaterThan(10);
	// The seed ID still gives its file.
	const files = nodeItems(res.json, 'Shared Gallery Get Download').filter(
		(i) => i.json.error === undefined,
	);
	expect(files.map((f) => f.json.itemId)).toEqual([seedId]);
	expect(files[0].binary?.data).toBeDefined();
	expect(Number(files[0].json.fileSize)).toBe(ctx.emu.store.fileBytes(seedId).length);
	expect(files[0].json.mimeType).toBe(ctx.emu.store.mimeType(seedId));
});

test('the OAuth app credential works in real n8n (token from /oauth2/token, then the query)', async () => {
	ctx.emu.resetLogs();
	const wf = swapCredentials(loadFixture('oauth-query.json'), {
		sharedGalleryApi: CRED.galleryOauth,
	});
	const res = await runWorkflow('oauthMs', wf);
	if (res.code !== 0)
		throw new Error(
			`oauth run failed: ${JSON.stringify(executionError(res.json))}\n${res.stdout.slice(-3000)}`,
		);
	const items = nodeItems(res.json, 'Shared Gallery Query Items');
	expect(items.length).toBe(3);
	expect(ctx.emu.issuedAccessTokens.length).toBeGreaterThanOrEqual(1);
	const queries = ctx.emu.requestLog.filter((r) => r.path.includes('query') && r.status === 200);
	expect(queries.length).toBeGreaterThanOrEqual(1);
	expect(ctx.emu.issuedAccessTokens).toContain(queries[0].headers.authorization);
	expect(res.stdout).not.toContain(ctx.emu.credentials.clientSecret);
});
