/**
 * Binary data in queue mode. n8n 2 keeps it in the database there by default: that mode refuses
 * files over N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (512 MiB by default). Filesystem mode needs
 * one folder shared by main and workers. Get Download unzips while it downloads and holds each
 * file in memory as one Buffer while it stores it, in either mode: Max File Size bounds that.
 */
import { join } from 'path';
import { SEED } from '../../emulator';
import { executionError } from '../e2e/helpers/context';
import { nodeItems } from '../e2e/helpers/n8n';
import { writeBigFile } from './helpers/bigFile';
import { QueueDeployment } from './helpers/deployment';
import {
	callWebhook,
	downloadByWebhook,
	downloadGroupsByWebhook,
	endedExecutions,
	outputHashes,
	seedByWebhook,
} from './helpers/flows';

const MiB = 1024 * 1024;
const { media, members } = SEED;

/**
 * Bounds on the worker's peak RSS growth with the 400 MiB video, from the suite's runs (README,
 * "Running in production"). Get Download hands n8n each file as its bytes arrive: in filesystem
 * mode n8n writes them as they come, so the worker never holds the file (36–37 MiB on 2.8.4,
 * 39–197 MiB on 2.41.1, whose worker grows more by itself); in database mode n8n gathers the
 * pieces, joins them into one Buffer and the Postgres driver builds its INSERT from that
 * (1,157–1,172 and 837–1,238 MiB, two to three times the file). Each upper bound lies between
 * the highest measurement and what one more copy of the file would make.
 */
/** Filesystem mode: under the file (a copy of it alone would be 400 MiB). */
const FS_MAX = 300 * MiB;
/** Database mode: n8n holds the file (its pieces, then one Buffer of them) at the least. */
const DB_MIN = 1.5 * 400 * MiB;
/** 3.5 × 400 MiB: 1,400 MiB (one more copy, 1,560+). */
const DB_MAX = 3.5 * 400 * MiB;

let d: QueueDeployment;
/** Measured peak RSS growth of the worker that stored the 400 MiB video, per mode. */
const rssGrowth: Record<string, number> = {};

beforeAll(async () => {
	d = await QueueDeployment.start();
});

afterAll(async () => {
	process.stdout.write(
		`[queue] worker peak RSS growth with a 400 MiB video: ${JSON.stringify(
			Object.fromEntries(
				Object.entries(rssGrowth).map(([k, v]) => [k, `${Math.round(v / MiB)} MiB`]),
			),
		)}\n`,
	);
	await d?.close();
});

let runs = 0;
/** Saves a webhook workflow, activates it, calls it once, returns the ended execution. */
async function runOnce(
	build: (path: string) => ReturnType<typeof seedByWebhook>,
	body: object = {},
): Promise<any> {
	const path = `sg-queue-binary-${++runs}`;
	const wf = await d.main.createWorkflow(build(path));
	await d.main.activate(wf);
	await callWebhook(d.main, path, body);
	const [summary] = await endedExecutions(d.main, wf.id, 1, 600_000);
	return await d.main.execution(summary.id);
}

function addVideo(name: string, bytes: number): string {
	const path = join(d.root, name);
	writeBigFile(path, bytes);
	return d.emu.store.addMedia({ name, createdById: members.dana, sourcePath: path }).id;
}

/** Runs one download of a big video and measures the worker that ran it (VmHWM since its start). */
async function measureVideo(mode: string, videoId: string): Promise<void> {
	// Fresh workers: their peak so far is start-up, not an earlier test's file.
	for (const w of d.workers) await d.restartWorker(w.index);
	const before = d.workers.map((w) => d.rss(w.index));
	const exec = await runOnce((path) =>
		downloadByWebhook(`queue: 400 MiB, ${mode}`, path, [videoId]),
	);
	expect(exec.status).toBe('success');
	const worker = d.workerOf(exec.id)!;
	rssGrowth[mode] = d.peakRss(worker) - before[worker];
	const [file] = nodeItems(exec, 'Get Download');
	expect(file.json.fileSize).toBe(400 * MiB);
	const binaryId = String(file.binary.data.id);
	if (mode === 'database') {
		// Read back in Postgres: main's REST answer for 400 MiB of bytea takes minutes.
		expect(binaryId).toMatch(/^database:/);
		const stored = await d.pg.psql(
			'n8n',
			`SELECT encode(sha256(data), 'hex') FROM binary_data WHERE "fileId" = '${binaryId.split(':')[1]}'`,
		);
		expect(stored).toBe(d.emu.store.fileSha256(videoId));
	} else {
		expect(binaryId).toMatch(/^filesystem/);
		const hashes = await outputHashes(d.main, exec, 'Get Download');
		expect(hashes.get(videoId)?.sha256).toBe(d.emu.store.fileSha256(videoId));
	}
}

describe('database mode (the queue default)', () => {
	test("a 400 MiB video is stored; the worker holds what n8n's database mode makes of it: its pieces, one Buffer of them, the INSERT", async () => {
		const video = addVideo('member-video-400.mp4', 400 * MiB);
		await measureVideo('database', video);
		// n8n's database manager gathers the pieces Get Download hands over and joins them; the
		// Postgres driver builds its INSERT from that Buffer: about three times the file.
		expect(rssGrowth.database).toBeGreaterThan(DB_MIN);
		expect(rssGrowth.database).toBeLessThan(DB_MAX);
	});

	describe('with N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE=8 and a 12 MiB video between two photos of one archive', () => {
		let video: string;
		beforeAll(async () => {
			await d.setBinaryMode(undefined, { N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: '8' });
			video = addVideo('member-video-12.mp4', 12 * MiB);
		});
		const ids = () => [media.sunsetPier, video, media.cafeNight];

		test('under Continue On Fail: the video fails alone with a clear error; the photos before and after it arrive', async () => {
			const exec = await runOnce((path) =>
				downloadByWebhook('queue: oversized, continue', path, ids(), { continueOnFail: true }),
			);
			expect(exec.status).toBe('success');
			const out = nodeItems(exec, 'Get Download');
			const hashes = await outputHashes(d.main, exec, 'Get Download');
			expect([...hashes.keys()].sort()).toEqual([media.sunsetPier, media.cafeNight].sort());
			for (const [id, { sha256 }] of hashes) expect(sha256).toBe(d.emu.store.fileSha256(id));
			const failed = out.filter((i) => i.json.error);
			expect(failed.map((i) => i.json.itemId)).toEqual([video]);
			const message = String(failed[0].json.error);
			expect(message).toContain(video);
			expect(message).toContain('member-video-12.mp4');
			expect(message).toContain('12 MB');
			expect(message).toContain('8 MB');
			expect(message).toContain('N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE');
			expect(message).not.toMatch(/API error|corrupt|truncated/i);
		});

		test('without it: the execution fails with that error; the two photos stored in the same pass belong to the failed execution and go with it', async () => {
			const exec = await runOnce((path) =>
				downloadByWebhook('queue: oversized, stop', path, ids()),
			);
			expect(exec.status).toBe('error');
			const error = executionError(exec)!;
			expect(error.node).toBe('Get Download');
			expect(error.message).toContain(video);
			expect(error.message).toContain('N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE');
			expect(error.message).not.toMatch(/API error|corrupt/i);
			// The archive is read in one pass and each file stored as it comes; the refusal is reported
			// once the archive has been read to its end. n8n gives a node no way to delete what it
			// stored: both photos, before and after the video, are kept under the execution, with no
			// output item, until the execution is deleted or pruned.
			const rows = async () =>
				Number(
					await d.pg.psql(
						'n8n',
						`SELECT count(*) FROM binary_data WHERE "sourceType" = 'execution' AND "sourceId" = '${exec.id}'`,
					),
				);
			expect(await rows()).toBe(2);
			const deleted = await d.main.request('POST', '/rest/executions/delete', { ids: [exec.id] });
			expect(deleted.status).toBe(200);
			expect(await rows()).toBe(0);
		});
	});
});

describe('filesystem mode (one folder shared by main and workers)', () => {
	beforeAll(async () => {
		await d.setBinaryMode('filesystem', { N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: '512' });
	});

	test('the seed workflow: 5 files on the shared folder, the original bytes', async () => {
		const exec = await runOnce((path) => seedByWebhook('queue: seed, filesystem', path));
		expect(exec.status).toBe('success');
		const hashes = await outputHashes(d.main, exec, 'Shared Gallery Get Download');
		expect([...hashes.keys()]).toEqual(SEED.headline.expectedIds);
		for (const [id, { sha256, id: binaryId }] of hashes) {
			expect(binaryId).toMatch(/^filesystem/);
			expect(sha256).toBe(d.emu.store.fileSha256(id));
		}
	});

	let video: string;

	test('a 400 MiB video: the worker never holds the file, n8n writes it as it arrives', async () => {
		video = addVideo('member-video-400-fs.mp4', 400 * MiB);
		await measureVideo('filesystem', video);
		// Each piece goes to n8n's write as it arrives: nothing the size of the file is held.
		expect(rssGrowth.filesystem).toBeLessThan(FS_MAX);
	});

	test('Max File Size below the video: a clear error on the worker; the archive before it arrives, the run stops at the cap', async () => {
		const exec = await runOnce(
			(path) =>
				downloadGroupsByWebhook(
					'queue: Max File Size',
					path,
					{ maxFileSizeMb: 100 },
					{ continueOnFail: true },
				),
			// One archive per group: two photos, the video, one more photo.
			{
				groups: [
					{ ids: `${media.sunsetPier},${media.cafeNight}` },
					{ ids: video },
					{ ids: media.garden },
				],
			},
		);
		expect(exec.status).toBe('success');
		expect(d.workerOf(exec.id)).toBeDefined();
		const out = nodeItems(exec, 'Get Download');
		const hashes = await outputHashes(d.main, exec, 'Get Download');
		expect([...hashes.keys()].sort()).toEqual([media.sunsetPier, media.cafeNight].sort());
		for (const [id, { sha256 }] of hashes) expect(sha256).toBe(d.emu.store.fileSha256(id));
		// A cap ends the run: the video and what comes after it fail with the cap's error.
		const failed = out.filter((i) => i.json.error);
		expect(failed.map((i) => i.json.itemId)).toEqual([video, media.garden]);
		for (const item of failed) {
			const message = String(item.json.error);
			expect(message).toMatch(
				/^Safety cap reached: "member-video-400-fs\.mp4" is larger than Max File Size \(100 MB\)/,
			);
			// Each names its own item: the video's archive, then the archive the cap left undone.
			expect(message).toContain(`(items not delivered: ${String(item.json.itemId)})`);
			expect(message).not.toMatch(/API error|corrupt|truncated|binary data/i);
		}

		// Without Continue On Fail, the execution fails with it.
		const stopped = await runOnce(
			(path) => downloadGroupsByWebhook('queue: Max File Size, stop', path, { maxFileSizeMb: 100 }),
			{ groups: [{ ids: video }] },
		);
		expect(stopped.status).toBe('error');
		expect(d.workerOf(stopped.id)).toBeDefined();
		const error = executionError(stopped)!;
		expect(error.node).toBe('Get Download');
		expect(error.message).toMatch(
			/^Safety cap reached: .* is larger than Max File Size \(100 MB\)/,
		);
		expect(error.message).toContain(video);
	});
});
