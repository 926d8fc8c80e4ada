/**
 * The polling trigger in real n8n, in manual mode ("Fetch test event"): it answers with a sample,
 * the newest matching item, so that users can map its fields.
 *
 * `n8n execute` cannot do this in n8n 2.8.4: it only starts a workflow from a Manual Trigger or an
 * Execute Workflow Trigger (else "Missing node to start execution"), and it runs in 'cli' mode,
 * where a polling node only passes on what its activation gave it. So the suite starts the real
 * server (`n8n start`, same user folder and community package) and calls the endpoint the editor
 * calls, POST /rest/workflows/:id/run with triggerToStartFrom.
 */
import { existsSync } from 'fs';
import { join } from 'path';
import { SEED } from '../../emulator';
import { CRED, startSuite, type SuiteContext } from './helpers/context';
import { N8nServer } from './helpers/n8nServer';
import { REPO_ROOT } from './helpers/pack';
import { loadFixture, swapCredentials, type Workflow } from './helpers/workflows';

const TRIGGER = 'Shared Gallery Trigger';
let ctx: SuiteContext;
let server: N8nServer | undefined;
let wf: Workflow;
const timings: Record<string, number> = {};

beforeAll(async () => {
	const built = join(
		REPO_ROOT,
		'dist',
		'nodes',
		'SharedGalleryTrigger',
		'SharedGalleryTrigger.node.js',
	);
	if (!existsSync(built)) throw new Error(`${built} is missing: the trigger node is not built`);
	ctx = await startSuite();
	ctx.n8n.extraEnv = {}; // no proxy needed here
	wf = swapCredentials(loadFixture('trigger-new-media.json'), { sharedGalleryApi: CRED.gallery });
	await ctx.n8n.importWorkflow(wf);
});

afterAll(async () => {
	process.stdout.write(`[e2e] trigger timings (ms): ${JSON.stringify(timings)}\n`);
	await server?.stop();
	await ctx?.close();
});

test('n8n execute refuses a workflow that starts with a polling trigger (why the server is used)', async () => {
	const res = await ctx.n8n.execute(wf.id);
	expect(res.code).not.toBe(0);
	expect(res.stdout + res.stderr).toContain('Missing node to start execution');
});

test('Shared Gallery Trigger (newMedia), run manually in real n8n, gives the newest item as sample', async () => {
	let t = Date.now();
	server = await N8nServer.start(ctx.n8n);
	timings.serverStartMs = Date.now() - t;
	await server.setupOwner();
	ctx.emu.resetLogs();
	t = Date.now();
	const exec = await server.runTriggerManually(wf, TRIGGER);
	timings.manualRunMs = Date.now() - t;
	expect(exec.mode).toBe('manual');
	if (exec.status !== 'success')
		throw new Error(
			`trigger run ${exec.status}: ${JSON.stringify(exec.data?.resultData?.error)?.slice(0, 2000)}`,
		);
	const items = (exec.data.resultData.runData[TRIGGER][0].data.main[0] as any[]).map((i) => i.json);
	// The sample: exactly the newest visual media item.
	const newest = ctx.emu.store.items
		.filter((i) => i.type === 'VISUAL_MEDIA')
		.sort((a, b) => b.createdDate.localeCompare(a.createdDate))[0];
	expect(items).toHaveLength(1);
	expect(items[0].id).toBe(newest.id);
	expect(Object.values(SEED.media)).toContain(items[0].id);
	expect(['image', 'video', 'gif']).toContain(items[0].mediaType);
	// It asked the API for the newest media with the credential's key.
	const queries = ctx.emu.requestLog.filter((r) => r.method === 'POST' && r.status === 200);
	expect(queries.length).toBeGreaterThanOrEqual(1);
	expect(queries[0].headers.authorization).toBe(ctx.emu.credentials.apiKey);
});
