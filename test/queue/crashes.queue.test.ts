/**
 * What production does to a queue-mode deployment: a worker killed in the middle of a download,
 * Redis restarted under a running execution, main restarted between two polls of an active
 * trigger, and n8n's binary data folder running out of space. Get Download unzips while it
 * downloads: no temporary file, so nothing of it is ever in the shared TMPDIR.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'fs';
import { join } from 'path';
import { parseFaultSpec, SEED } from '../../emulator';
import { cleanEnv, run } from '../../engine/processes';
import { CRED, executionError } from '../e2e/helpers/context';
import { nodeItems } from '../e2e/helpers/n8n';
import { writeBigFile } from './helpers/bigFile';
import { QueueDeployment } from './helpers/deployment';
import { callWebhook, downloadByWebhook, endedExecutions, outputHashes } from './helpers/flows';

const MiB = 1024 * 1024;
const { media, members } = SEED;
const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

let d: QueueDeployment;
/** Every name a temporary folder of the node would have had, seen in the shared TMPDIR. */
const tempNames = new Set<string>();
let watch: NodeJS.Timeout | undefined;

beforeAll(async () => {
	d = await QueueDeployment.start();
	watch = setInterval(() => {
		for (const name of readdirSync(d.tmpDir))
			if (name.startsWith('n8n-shared-gallery-')) tempNames.add(name);
	}, 100);
});

afterAll(async () => {
	clearInterval(watch);
	await d?.close();
});

beforeEach(() => {
	d.emu.faults.clear();
	d.emu.resetLogs();
});

afterEach(() => {
	// Nothing of Get Download in the TMPDIR of main and the workers, at any point.
	expect([...tempNames]).toEqual([]);
});

function addVideo(name: string, bytes: number): string {
	const path = join(d.root, name);
	writeBigFile(path, bytes);
	return d.emu.store.addMedia({ name, createdById: members.dana, sourcePath: path }).id;
}

let paths = 0;
async function saveAndActivate(
	itemIds: string[],
	opts = {},
): Promise<{ id: string; path: string }> {
	const path = `sg-queue-crash-${++paths}`;
	const wf = await d.main.createWorkflow(downloadByWebhook(`queue: ${path}`, path, itemIds, opts));
	await d.main.activate(wf);
	return { id: wf.id, path };
}

/** The first execution of a workflow once a worker has started it. */
async function startedExecution(workflowId: string, timeoutMs = 120_000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const [exec] = await d.main.executions(workflowId);
		if (exec && d.workerOf(exec.id) !== undefined) return exec.id;
		if (Date.now() > deadline) throw new Error(`[queue] no worker started workflow ${workflowId}`);
		await sleep(250);
	}
}

/** The archive downloads of the file host still being sent (answered 200, not ended). */
const downloadsInFlight = () =>
	d.emu.fileLog.filter(
		(f) => f.path === '/_api/download/file' && f.status === 200 && f.endedAt === undefined,
	);

async function expectDelivered(exec: any, ids: string[]): Promise<void> {
	expect(exec.status).toBe('success');
	const hashes = await outputHashes(d.main, exec, 'Get Download', d.pg);
	expect([...hashes.keys()].sort()).toEqual([...ids].sort());
	for (const [id, { sha256 }] of hashes) expect(sha256).toBe(d.emu.store.fileSha256(id));
}

test('a worker SIGKILLed in the middle of a download: n8n marks that execution failed, a rerun delivers every file byte for byte, and no temporary file exists at any point', async () => {
	const video = addVideo('crash-video.mp4', 64 * MiB);
	const ids = [media.sunsetPier, video, media.cafeNight];
	const wf = await saveAndActivate(ids);
	// A slow link (4 MiB/s per connection): the archive takes about 16 s to arrive.
	d.emu.options.link.bytesPerSecond = 4 * MiB;
	let victim: number;
	try {
		await callWebhook(d.main, wf.path);
		const executionId = await startedExecution(wf.id);
		victim = d.workerOf(executionId)!;
		// Mid-download: the archive's GET has been answered and is still being sent, for 2 s now.
		const deadline = Date.now() + 60_000;
		while (downloadsInFlight().length === 0) {
			if (Date.now() > deadline) throw new Error(`[queue] worker ${victim} did not download`);
			await sleep(100);
		}
		await sleep(2000);
		const [download] = downloadsInFlight();
		expect(download).toBeDefined();
		d.killWorker(victim);
		const killedAt = Date.now();
		// The dead worker's connection closes with it: the file host stops sending.
		while (download.endedAt === undefined) {
			if (Date.now() > killedAt + 10_000)
				throw new Error('[queue] the download went on after the kill');
			await sleep(100);
		}

		// n8n notices the dead worker's job (Bull's stalled-job check) and ends the execution.
		const [ended] = await endedExecutions(d.main, wf.id, 1, 300_000);
		const crashed = await d.main.execution(ended.id);
		const seconds = Math.round((Date.now() - killedAt) / 1000);
		process.stdout.write(
			`[queue] SIGKILL: execution ${ended.id} ended "${crashed.status}" ${seconds} s after the kill: ${executionError(crashed)?.message ?? ''}\n`,
		);
		expect(ended.id).toBe(executionId);
		expect(['crashed', 'error']).toContain(crashed.status);
	} finally {
		d.emu.options.link.bytesPerSecond = undefined;
	}

	// The operator restarts the worker (its supervisor would) and runs the workflow again.
	await d.restartWorker(victim);
	await callWebhook(d.main, wf.path);
	const runs = await endedExecutions(d.main, wf.id, 2, 300_000);
	const rerun = await d.main.execution(runs[0].id);
	await expectDelivered(rerun, ids);
	expect(readdirSync(d.tmpDir).filter((n) => n.startsWith('n8n-shared-gallery-'))).toEqual([]);
});

test('Redis restarted while a worker downloads: the execution finishes once, every file delivered once', async () => {
	const video = addVideo('redis-video.mp4', 32 * MiB);
	const ids = [media.sunsetPier, video, media.cafeNight];
	const wf = await saveAndActivate(ids);
	d.emu.faults.add(parseFaultSpec('file:slow=8000'));
	await callWebhook(d.main, wf.path);
	const executionId = await startedExecution(wf.id);
	await d.redis.restart(2000);
	const [ended] = await endedExecutions(d.main, wf.id, 1, 300_000);
	expect(ended.id).toBe(executionId);
	// Long enough for a re-delivered job to show up as a second run.
	await sleep(15_000);
	const all = await d.main.executions(wf.id);
	const exec = await d.main.execution(executionId);
	process.stdout.write(
		`[queue] Redis restart: execution ${executionId} ended "${exec.status}"; executions of the workflow: ${all.length}\n`,
	);
	expect(all).toHaveLength(1);
	await expectDelivered(exec, ids);
	// One download of the archive: nothing was fetched, or stored, twice.
	expect(d.emu.fileLog.filter((f) => f.status === 200)).toHaveLength(1);
	expect(nodeItems(exec, 'Get Download')).toHaveLength(ids.length);
});

test('an active trigger across a restart of main: every new item is emitted exactly once', async () => {
	const saved = await d.main.createWorkflow({
		name: 'queue: trigger across restarts',
		nodes: [
			{
				id: '5b0f6a55-1c1e-4c55-9a55-000000000001',
				name: 'Shared Gallery Trigger',
				type: 'n8n-nodes-shared-gallery.sharedGalleryTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {
					// n8n's shortest polling interval.
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					event: 'newMedia',
					filters: {},
					options: {},
				},
				credentials: { sharedGalleryApi: { ...CRED.gallery } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	const polls = () => d.emu.requestLog.filter((r) => r.path.endsWith('/items/query')).length;
	const before = polls();
	await d.main.activate(saved);
	// The first poll notes where the gallery stands, and emits nothing. n8n 2.8 makes it before
	// answering the activation, n8n 2.41 a moment later: wait for it.
	const deadline = Date.now() + 90_000;
	while (polls() === before) {
		if (Date.now() > deadline) throw new Error('[queue] the trigger did not poll on activation');
		await sleep(250);
	}
	const emitted = async (): Promise<string[]> => {
		const ids: string[] = [];
		for (const summary of await d.main.executions(saved.id)) {
			const exec = await d.main.waitForExecution(summary.id);
			expect(exec.status).toBe('success');
			ids.push(...nodeItems(exec, 'Shared Gallery Trigger').map((i) => String(i.json.id)));
		}
		return ids;
	};
	const waitFor = async (expected: string[]) => {
		const deadline = Date.now() + 180_000;
		for (;;) {
			const ids = await emitted();
			if (expected.every((id) => ids.includes(id))) return;
			if (Date.now() > deadline)
				throw new Error(
					`[queue] trigger emitted ${ids.join(', ')}; waiting for ${expected.join(', ')}`,
				);
			await sleep(1000);
		}
	};
	const upload = (name: string) => d.emu.store.addMedia({ name, createdById: members.zoe }).id;

	const a = upload('trigger-a.jpg');
	await waitFor([a]);
	await d.stopMain();
	const b = upload('trigger-b.jpg');
	const c = upload('trigger-c.jpg');
	await d.startMain();
	await waitFor([a, b, c]);
	const e = upload('trigger-e.jpg');
	await waitFor([a, b, c, e]);
	const ids = await emitted();
	expect([...ids].sort()).toEqual([a, b, c, e].sort());
	await d.main.deactivate(
		await d.main.request('GET', `/rest/workflows/${saved.id}`).then((r) => r.json.data),
	);
});

describe("n8n's binary data folder (filesystem mode) runs out of space", () => {
	let mount: string;
	let mounted = false;
	beforeAll(async () => {
		mount = join(d.root, 'small-binary');
		mkdirSync(mount);
		// SG_QUEUE_INJECT_ENOSPC=1 runs the fallback where a tmpfs could be mounted.
		const res = process.env.SG_QUEUE_INJECT_ENOSPC
			? { code: 1 }
			: await run('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount], { env: cleanEnv() });
		mounted = res.code === 0;
		// Where this machine cannot mount (no root), ENOSPC is injected at the write instead.
		const how = mounted
			? 'a real 4 MiB tmpfs as N8N_BINARY_DATA_STORAGE_PATH'
			: 'ENOSPC injected at the write of a file over 1 MiB under N8N_BINARY_DATA_STORAGE_PATH (no tmpfs mounted)';
		process.stdout.write(`[queue] disk full: ${how}\n`);
		await d.setBinaryMode('filesystem', {
			N8N_BINARY_DATA_STORAGE_PATH: mount,
			...(mounted
				? {}
				: { NODE_OPTIONS: `--require ${join(__dirname, 'helpers', 'enospc-preload.js')}` }),
		});
	});
	afterAll(async () => {
		// The last case of the file: the deployment is closed next. Lazily, in case n8n holds it.
		if (mounted) await run('umount', ['-l', mount], { env: cleanEnv() });
		if (existsSync(mount)) rmSync(mount, { recursive: true, force: true });
	});

	/** Files under the binary data folder (n8n's metadata included). */
	const storedFiles = (dir = mount): string[] =>
		readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
			e.isDirectory() ? storedFiles(join(dir, e.name)) : [join(dir, e.name)],
		);

	test.each([false, true])(
		'a clear error naming the file that did not fit; the photos stored before it are delivered (continue on fail: %s)',
		async (continueOnFail) => {
			const name = `full-disk-${continueOnFail}.mp4`;
			const video = addVideo(name, 6 * MiB);
			// Photos first: n8n 2.8 leaves what it wrote of a file that did not fit, which fills the
			// disk for any file after it (n8n 2.41 removes it).
			const ids = [media.sunsetPier, media.cafeNight, video];
			const wf = await saveAndActivate(ids, { continueOnFail });
			await callWebhook(d.main, wf.path);
			const [summary] = await endedExecutions(d.main, wf.id, 1, 300_000);
			const exec = await d.main.execution(summary.id);
			expect(d.workerOf(exec.id)).toBeDefined();
			let message: string;
			if (continueOnFail) {
				expect(exec.status).toBe('success');
				const out = nodeItems(exec, 'Get Download');
				const failed = out.filter((i) => i.json.error);
				expect(failed.map((i) => i.json.itemId)).toEqual([video]);
				const hashes = await outputHashes(d.main, exec, 'Get Download');
				expect([...hashes.keys()].sort()).toEqual([media.sunsetPier, media.cafeNight].sort());
				for (const [id, { sha256, id: binaryId }] of hashes) {
					expect(binaryId).toMatch(/^filesystem/);
					expect(sha256).toBe(d.emu.store.fileSha256(id));
				}
				message = String(failed[0].json.error);
			} else {
				expect(exec.status).toBe('error');
				expect(executionError(exec)!.node).toBe('Get Download');
				message = executionError(exec)!.message;
			}
			expect(message).toBe(
				`n8n could not store item ${video} ("${name}", 6 MB) in its binary data: no space left on device (items: ${video})`,
			);
			// Deleting the execution frees what n8n stored for it.
			const deleted = await d.main.request('POST', '/rest/executions/delete', { ids: [exec.id] });
			expect(deleted.status).toBe(200);
			expect(storedFiles()).toEqual([]);
		},
	);
});
