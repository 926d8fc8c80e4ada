/**
 * What production does to a queue-mode deployment: a worker killed in the middle of a download,
 * Redis restarted under a running execution, main restarted between two polls of an active
 * trigger, and the temporary folder running out of space.
 */
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync } from 'fs';
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

beforeAll(async () => {
	d = await QueueDeployment.start();
});

afterAll(async () => {
	await d?.close();
});

beforeEach(() => {
	d.emu.faults.clear();
	d.emu.resetLogs();
});

const tempFolders = (dir = d.tmpDir) =>
	readdirSync(dir).filter((n) => n.startsWith('n8n-shared-gallery-'));

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

async function expectDelivered(exec: any, ids: string[]): Promise<void> {
	expect(exec.status).toBe('success');
	const hashes = await outputHashes(d.main, exec, 'Get Download', d.pg);
	expect([...hashes.keys()].sort()).toEqual([...ids].sort());
	for (const [id, { sha256 }] of hashes) expect(sha256).toBe(d.emu.store.fileSha256(id));
}

test("a worker SIGKILLed in the middle of a download: n8n ends that execution, a rerun delivers every file, and the next run removes the dead worker's temporary archive", async () => {
	const video = addVideo('crash-video.mp4', 64 * MiB);
	const ids = [media.sunsetPier, video, media.cafeNight];
	const wf = await saveAndActivate(ids);
	// The file host sends half of the archive's first file, then waits: the kill lands mid-download.
	d.emu.faults.add(parseFaultSpec('file:slow=60000'));
	await callWebhook(d.main, wf.path);
	const executionId = await startedExecution(wf.id);
	const victim = d.workerOf(executionId)!;
	const pid = d.workers[victim].proc.child.pid!;
	// Killed once part of the archive is on disk.
	const partial = () =>
		tempFolders()
			.filter((n) => n.startsWith(`n8n-shared-gallery-${pid}@`))
			.flatMap((n) => readdirSync(join(d.tmpDir, n)).map((f) => join(d.tmpDir, n, f)))
			.some((f) => statSync(f).size > 0);
	const deadline = Date.now() + 60_000;
	while (!partial()) {
		if (Date.now() > deadline)
			throw new Error(`[queue] worker ${victim} wrote no temporary archive`);
		await sleep(200);
	}
	d.killWorker(victim);
	const leftover = tempFolders().filter((n) => n.startsWith(`n8n-shared-gallery-${pid}@`));
	expect(leftover).toHaveLength(1);
	expect(readdirSync(join(d.tmpDir, leftover[0])).length).toBeGreaterThan(0);

	// n8n notices the dead worker's job (Bull's stalled-job check) and ends the execution.
	const t = Date.now();
	const [ended] = await endedExecutions(d.main, wf.id, 1, 300_000);
	const crashed = await d.main.execution(ended.id);
	const status = crashed.status;
	process.stdout.write(
		`[queue] SIGKILL: execution ${ended.id} ended "${status}" ${Math.round((Date.now() - t) / 1000)} s after the kill: ${executionError(crashed)?.message ?? ''}\n`,
	);
	expect(['crashed', 'error']).toContain(status);
	expect(tempFolders()).toContain(leftover[0]);

	// The operator restarts the worker (its supervisor would) and runs the workflow again.
	await d.restartWorker(victim);
	d.emu.faults.clear();
	await callWebhook(d.main, wf.path);
	const runs = await endedExecutions(d.main, wf.id, 2, 300_000);
	const rerun = await d.main.execution(runs[0].id);
	await expectDelivered(rerun, ids);
	// The rerun removed the dead process's folder, and its own.
	expect(tempFolders()).toEqual([]);
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
	expect(tempFolders()).toEqual([]);
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

describe('the temporary folder runs out of space', () => {
	let mount: string;
	let how: string;
	beforeAll(async () => {
		mount = join(d.root, 'small-tmp');
		mkdirSync(mount);
		const res = await run('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mount], {
			env: cleanEnv(),
		});
		// Where this machine cannot mount (no root), ENOSPC is injected at the write instead.
		how = res.code === 0 ? 'a real 4 MiB tmpfs' : 'ENOSPC injected at the write (no tmpfs here)';
		const env: Record<string, string> =
			res.code === 0
				? { TMPDIR: mount }
				: {
						TMPDIR: mount,
						NODE_OPTIONS: `--require ${join(__dirname, 'helpers', 'enospc-preload.js')}`,
					};
		process.stdout.write(`[queue] disk full: ${how}\n`);
		for (const w of d.workers) await d.restartWorker(w.index, env);
	});
	afterAll(async () => {
		for (const w of d.workers)
			await d.restartWorker(w.index, { TMPDIR: d.tmpDir, NODE_OPTIONS: '' });
		await run('umount', [mount], { env: cleanEnv() });
		if (existsSync(mount)) rmdirSync(mount);
	});

	test.each([false, true])(
		'a clear error naming the items, no file item, nothing left behind (continue on fail: %s)',
		async (continueOnFail) => {
			const video = addVideo(`full-disk-${continueOnFail}.mp4`, 6 * MiB);
			const ids = [media.sunsetPier, video, media.cafeNight];
			const wf = await saveAndActivate(ids, { continueOnFail });
			await callWebhook(d.main, wf.path);
			const [summary] = await endedExecutions(d.main, wf.id, 1, 300_000);
			const exec = await d.main.execution(summary.id);
			const messages = continueOnFail
				? nodeItems(exec, 'Get Download').map((i) => String(i.json.error))
				: [executionError(exec)!.message];
			if (continueOnFail) {
				expect(exec.status).toBe('success');
				const out = nodeItems(exec, 'Get Download');
				expect(out.filter((i) => i.binary)).toEqual([]);
				expect(out.map((i) => i.json.itemId).sort()).toEqual([...ids].sort());
			} else {
				expect(exec.status).toBe('error');
			}
			for (const message of messages) {
				expect(message).toContain(
					'Cannot save the download in the temporary folder: no space left on device',
				);
				for (const id of ids) expect(message).toContain(id);
				expect(message).not.toMatch(/API error|request failed/i);
			}
			expect(tempFolders(mount)).toEqual([]);
		},
	);
});
