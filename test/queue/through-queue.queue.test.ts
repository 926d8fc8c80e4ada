/**
 * Through the queue: n8n main puts executions on Redis, two workers run them, Postgres keeps
 * everything, and binary data is in the database (queue mode's default). The editor's runs go to
 * the workers too (OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true, n8n 3.0's only behaviour).
 */
import { mkdirSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { SEED } from '../../emulator';
import { sha256 } from '../helpers/sha256';
import { CRED, executionError, SOCIAL_CREDS } from '../e2e/helpers/context';
import { nodeItems } from '../e2e/helpers/n8n';
import { loadExample, swapCredentials, swapTarget, type Workflow } from '../e2e/helpers/workflows';
import { QueueDeployment } from './helpers/deployment';
import { callWebhook, endedExecutions, outputHashes, seedByWebhook } from './helpers/flows';

const TO_DISK = '/home/node/.n8n-files/shared-gallery/';

let d: QueueDeployment;
/** API requests one run of the seed workflow makes (measured by the first test). */
let requestsPerSeedRun = 0;

beforeAll(async () => {
	d = await QueueDeployment.start();
});

afterAll(async () => {
	await d?.close();
});

beforeEach(() => {
	d.social.reset();
	d.emu.resetLogs();
});

function expectSuccess(exec: any): void {
	if (exec.status !== 'success') {
		const err = executionError(exec);
		throw new Error(`execution ${exec.id} ended ${exec.status}: ${err?.node}: ${err?.message}`);
	}
}

/** The editor's "Execute workflow" on a saved workflow; returns the ended execution. */
async function runFromEditor(wf: Workflow): Promise<any> {
	const saved = await d.main.createWorkflow(wf);
	const trigger = wf.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger')!;
	const exec = await d.main.runTriggerManually(saved, trigger.name, 300_000);
	expectSuccess(exec);
	return exec;
}

/** The original sha256 of every image Get Download gave in an execution (sorted, at least one). */
function downloadedImages(exec: any): string[] {
	const images = nodeItems(exec, 'Shared Gallery Get Download')
		.map((i) => i.json)
		.filter((j) => String(j.mimeType).startsWith('image/'));
	expect(images.length).toBeGreaterThan(0);
	return images.map((i) => d.emu.store.fileSha256(i.itemId)).sort();
}

const filesIn = (dir: string) =>
	new Map(readdirSync(dir).map((f) => [f, sha256(readFileSync(join(dir, f)))]));

test('the seed workflow, started by a webhook, runs on a worker: 5 files in the database, byte for byte what regular mode writes', async () => {
	const wf = await d.main.createWorkflow(seedByWebhook('queue: seed', 'sg-queue-seed'));
	await d.main.activate(wf);
	await callWebhook(d.main, 'sg-queue-seed');
	const [summary] = await endedExecutions(d.main, wf.id, 1);
	const exec = await d.main.execution(summary.id);
	expectSuccess(exec);
	expect(d.workerOf(summary.id)).toBeDefined();
	requestsPerSeedRun = d.emu.requestLog.length;
	const files = nodeItems(exec, 'Shared Gallery Get Download');
	expect(files.map((f) => f.json.itemId)).toEqual(SEED.headline.expectedIds);
	const queued = await outputHashes(d.main, exec, 'Shared Gallery Get Download');
	for (const id of SEED.headline.expectedIds) {
		expect(queued.get(id)?.id).toMatch(/^database:/);
		expect(queued.get(id)?.sha256).toBe(d.emu.store.fileSha256(id));
	}

	// The same workflow in regular mode (`n8n execute` on main's user folder, same database).
	const regularDir = join(d.filesDir, 'regular');
	mkdirSync(regularDir);
	const example = swapTarget(
		swapCredentials(loadExample('most-liked-media-to-disk.json'), {
			sharedGalleryApi: CRED.gallery,
		}),
		TO_DISK,
		`${regularDir}/`,
	);
	const regular = await d.mainInstance.importAndExecute(example, {
		env: { EXECUTIONS_MODE: 'regular', N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
	});
	expect(regular.json?.status).toBe('success');
	const written = filesIn(regularDir);
	expect(written.size).toBe(5);
	for (const id of SEED.headline.expectedIds) {
		const name = [...written.keys()].find((f) => f.startsWith(`${id}-`))!;
		expect(written.get(name)).toBe(queued.get(id)!.sha256);
	}
});

describe('every example workflow, run from the editor, goes to a worker and delivers the original files', () => {
	test('most-liked-media-to-disk: Read/Write Files on the worker writes the 5 originals', async () => {
		const dir = join(d.filesDir, 'most-liked');
		mkdirSync(dir);
		const wf = swapTarget(
			swapCredentials(loadExample('most-liked-media-to-disk.json'), SOCIAL_CREDS),
			TO_DISK,
			`${dir}/`,
		);
		const exec = await runFromEditor(wf);
		expect(d.workerOf(exec.id)).toBeDefined();
		const written = filesIn(dir);
		expect(written.size).toBe(5);
		for (const item of nodeItems(exec, 'Shared Gallery Get Download')) {
			const { itemId, fileName } = item.json;
			expect(written.get(`${itemId}-${fileName}`)).toBe(d.emu.store.fileSha256(itemId));
		}
	});

	test('post-media-to-x: X receives every image, byte for byte', async () => {
		const wf = swapTarget(
			swapCredentials(loadExample('post-media-to-x.json'), SOCIAL_CREDS),
			'https://api.x.com',
			d.social.url,
			['Upload media to X'],
		);
		const exec = await runFromEditor(wf);
		expect(d.workerOf(exec.id)).toBeDefined();
		const images = downloadedImages(exec);
		expect(d.social.xUploads.map((u) => u.sha256).sort()).toEqual(images);
		expect(d.social.tweets).toHaveLength(images.length);
	});

	/**
	 * Runs an Instagram example on a worker against the stand-in; every display URL that reached
	 * the node `posted` (past the example's fit check, if it has one) was fetched by the platform
	 * and gave the original bytes. Returns the URLs.
	 */
	async function instagramUrls(file: string, posted = 'Shared Gallery Get Download') {
		const wf = swapTarget(
			swapCredentials(loadExample(file), SOCIAL_CREDS),
			'https://graph.facebook.com',
			d.social.url,
		);
		const exec = await runFromEditor(wf);
		expect(d.workerOf(exec.id)).toBeDefined();
		const urls = nodeItems(exec, posted).map((i) => i.json);
		expect(urls.length).toBeGreaterThan(0);
		for (const u of urls) {
			const container = d.social.igContainers.find((c) => c.url === u.url);
			expect(container?.sha256).toBe(d.emu.store.fileSha256(u.itemId));
		}
		return urls;
	}

	test('instagram-display-urls: the platform fetches each display URL and gets the original', async () => {
		const urls = await instagramUrls('instagram-display-urls.json', 'Fits Instagram');
		expect(d.social.igPublished).toHaveLength(urls.length);
	});

	test.each([
		['instagram-carousel.json', 'At most 10'],
		['instagram-reel.json', 'Shared Gallery Get Download'],
	])(
		'%s: every container the platform fetched holds the original, and the post is published',
		async (file, posted) => {
			const urls = await instagramUrls(file, posted);
			expect(d.social.igContainers).toHaveLength(urls.length);
			expect(d.social.igPublished).toHaveLength(1);
		},
	);

	test('facebook-page-photo: the Page receives every photo, byte for byte', async () => {
		const exec = await runFromEditor(
			swapCredentials(loadExample('facebook-page-photo.json'), SOCIAL_CREDS),
		);
		expect(d.workerOf(exec.id)).toBeDefined();
		expect(d.social.fbPhotos.map((p) => p.sha256).sort()).toEqual(downloadedImages(exec));
	});
});

test('40 executions queued at once all finish, each with its 5 files, and both workers take part', async () => {
	const wf = await d.main.createWorkflow(seedByWebhook('queue: forty', 'sg-queue-forty'));
	await d.main.activate(wf);
	await Promise.all(
		Array.from({ length: 40 }, async (_, i) => await callWebhook(d.main, 'sg-queue-forty', { i })),
	);
	const ended = await endedExecutions(d.main, wf.id, 40, 600_000);
	expect(ended).toHaveLength(40);
	const workers = new Map<number, number>();
	for (const summary of ended) {
		const exec = await d.main.execution(summary.id);
		expectSuccess(exec);
		const hashes = await outputHashes(d.main, exec, 'Shared Gallery Get Download');
		expect([...hashes.keys()]).toEqual(SEED.headline.expectedIds);
		for (const [id, { sha256: hash }] of hashes) expect(hash).toBe(d.emu.store.fileSha256(id));
		const worker = d.workerOf(summary.id);
		expect(worker).toBeDefined();
		workers.set(worker!, (workers.get(worker!) ?? 0) + 1);
	}
	process.stdout.write(`[queue] 40 executions per worker: ${JSON.stringify([...workers])}\n`);
	expect(workers.size).toBe(2);
	// Nothing ran twice: the API saw 40 times the requests of one run.
	expect(requestsPerSeedRun).toBeGreaterThan(0);
	expect(d.emu.requestLog.length).toBe(40 * requestsPerSeedRun);
});
