// Get Download with Parallel Downloads (issue 14): several archives in flight, output in order.
// Each case is checked against what one archive at a time gives: the same output, in the same
// order, with the same errors; no more than N archives in flight at once.
import type { INodeExecutionData } from 'n8n-workflow';

import { addSyntheticItems, uuidFrom, type Emulator } from '../../emulator';
import { chain, TYPES, type Engine } from '../../engine';
import { BATCH_SIZE } from '../../nodes/SharedGalleryGetDownload/downloadFiles';
import {
	calls,
	download,
	fileGets as fileGetsOf,
	fileHashes,
	mostInFlight as mostInFlightOf,
	setUp,
	tolerant,
} from '../helpers/gallery';
import { stopEngineTimers } from '../../engine';

/** 4 archives: 50, 50, 50 and 10 files. */
const COUNT = 3 * BATCH_SIZE + 10;

let emulator: Emulator;
let engine: Engine;
let ids: string[];

beforeAll(async () => {
	// 4 MB/s and 20 ms per connection: archives last long enough to be seen side by side.
	({ emulator, engine } = await setUp({
		seed: false,
		link: { bytesPerSecond: 4_000_000, firstByteMs: 20 },
	}));
	const member = emulator.store.addMember({ id: uuidFrom('member:parallel'), name: 'Parallel' });
	ids = addSyntheticItems(emulator.store, COUNT, {
		createdById: member.id,
		idPrefix: 'parallel',
		name: 'parallel-{n}.jpg',
		bytesPerItem: 20_000,
	}).map((item) => item.id);
});
afterAll(async () => {
	await emulator.close();
	stopEngineTimers();
});
beforeEach(() => {
	emulator.faults.clear();
	emulator.resetLogs();
});

async function run(parallelDownloads: number, options: object = {}, settings: object = {}) {
	return await engine.run(
		download({ itemIds: ids.join(','), options: { parallelDownloads, ...options } }, settings),
	);
}

/** What an output item says, without its binary: the comparison between N=1 and N>1. */
const summary = (items: INodeExecutionData[]) =>
	items.map((item) => ({ json: item.json, pairedItem: item.pairedItem }));

async function expectOriginals(items: INodeExecutionData[]): Promise<void> {
	for (const [itemId, hash] of await fileHashes(items))
		expect(hash).toBe(emulator.store.fileSha256(itemId));
}

const fileGets = () => fileGetsOf(emulator);
const mostInFlight = () => mostInFlightOf(emulator);

test('output order, attribution and bytes are those of one at a time; at most N archives at once', async () => {
	const inFlight = async (n: number) => {
		emulator.resetLogs();
		const value = await run(n);
		return { value, inFlight: mostInFlight() };
	};
	const one = await inFlight(1);
	const four = await inFlight(4);
	const two = await inFlight(2);
	const files = four.value.output('Download');
	expect(files.map((f) => f.json.itemId)).toEqual(ids);
	expect(summary(files)).toEqual(summary(one.value.output('Download')));
	expect(summary(two.value.output('Download'))).toEqual(summary(files));
	await expectOriginals(files);
	expect(one.inFlight).toBe(1);
	expect(two.inFlight).toBeLessThanOrEqual(2);
	expect(four.inFlight).toBeLessThanOrEqual(4);
	// Several archives really were in flight together.
	expect(four.inFlight).toBeGreaterThanOrEqual(2);
});

test('the item lookups (100 IDs each) go side by side; one at a time with N = 1; the same output', async () => {
	const lookups = async (n: number) => {
		emulator.resetLogs();
		// The first lookup's answer is held back 400 ms.
		emulator.faults.add({ endpoint: 'query', delayMs: 400 });
		const files = (await run(n)).output('Download');
		const asked = calls(emulator, '/items/query');
		expect(
			asked.map((e) => (e.body as { filter: { itemIds: string[] } }).filter.itemIds.length),
		).toEqual([100, 60]);
		return { files, gap: asked[1].at - asked[0].at };
	};
	const four = await lookups(4);
	const one = await lookups(1);
	expect(four.gap).toBeLessThan(300);
	expect(one.gap).toBeGreaterThanOrEqual(400);
	expect(four.files.map((f) => f.json.itemId)).toEqual(ids);
	expect(summary(four.files)).toEqual(summary(one.files));
});

test('archives that finish out of order still come out in input order', async () => {
	// The first archive's answer is held back: the three after it arrive first.
	emulator.faults.add({ endpoint: 'file', delayMs: 600 });
	const result = await run(4);
	const files = result.output('Download');
	expect(files.map((f) => f.json.itemId)).toEqual(ids);
	await expectOriginals(files);
	const gets = fileGets();
	expect(gets).toHaveLength(4);
	// The later archives were asked for while the first was still held back.
	expect(gets[3].at - gets[0].at).toBeLessThan(500);
});

test('a 429 storm: every request backs off together, nothing is lost', async () => {
	// The first download-url answer is a 429 (Retry-After: 1 s); the three beside it get their URL
	// 200 ms later, so they have to wait out the Retry-After too before they touch the file host.
	emulator.faults.add({ endpoint: 'download-url', status: 429, retryAfter: 1 });
	emulator.faults.add({ endpoint: 'download-url', delayMs: 200, times: 3 });
	emulator.faults.add({ endpoint: 'download-url', status: 429, retryAfter: 1, times: 2 });
	const result = await run(4);
	const files = result.output('Download');
	expect(files.map((f) => f.json.itemId)).toEqual(ids);
	await expectOriginals(files);
	const limited = calls(emulator, '/download-url').filter((c) => c.status === 429);
	expect(limited).toHaveLength(3);
	const first = limited[0].at;
	// No archive was fetched while the run was held back (1 s from the first 429).
	for (const get of fileGets()) expect(get.at).toBeGreaterThanOrEqual(first + 950);
});

test('one archive failing while the others succeed: its IDs become error items, in place', async () => {
	emulator.faults.add({ endpoint: 'download-url', status: 500 });
	const result = await run(4, {}, tolerant);
	const out = result.output('Download');
	const failedIds = (
		calls(emulator, '/download-url').find((c) => c.status === 500)!.body as {
			itemIds: string[];
		}
	).itemIds;
	expect(failedIds).toHaveLength(BATCH_SIZE);
	// Every ID once, in input order, as a file or as an error item naming it.
	expect(out.map((item) => item.json.itemId)).toEqual(ids);
	for (const item of out) {
		const failed = failedIds.includes(String(item.json.itemId));
		expect(item.json.error !== undefined).toBe(failed);
		expect(item.binary !== undefined).toBe(!failed);
		if (failed) expect(String(item.json.error)).toMatch(/500|server/i);
	}
	await expectOriginals(out);
});

test('stop on error: the failing archive is reported; nothing is left running', async () => {
	emulator.faults.add({ endpoint: 'file', status: 403 });
	const result = await run(4);
	const error = result.error('Download');
	expect(error?.name).toBe('NodeApiError');
	const failedIds = (calls(emulator, '/download-url')[0].body as { itemIds: string[] }).itemIds;
	expect(error?.message).toContain(failedIds[0]);
	expect(result.output('Download')).toEqual([]);
	// No request is still going, nor starting, after the node has failed.
	const after = emulator.fileLog.length;
	await new Promise((resolve) => setTimeout(resolve, 300));
	expect(emulator.fileLog.length).toBe(after);
	expect(fileGets().length).toBeLessThanOrEqual(4);
});

test('a URL expiring mid-batch is renewed for that archive only', async () => {
	emulator.faults.add({ endpoint: 'file', status: 410 });
	const result = await run(4);
	const files = result.output('Download');
	expect(files.map((f) => f.json.itemId)).toEqual(ids);
	await expectOriginals(files);
	const asked = calls(emulator, '/download-url').map(
		(c) => (c.body as { itemIds: string[] }).itemIds,
	);
	// Four archives, one asked for twice (the new URL after the 410).
	expect(asked).toHaveLength(5);
	const expired = fileGets().find((g) => g.status === 410)!;
	expect(expired).toBeDefined();
	expect(new Set(asked.map((a) => a.join(','))).size).toBe(4);
});

test('a cap reached while several archives are in flight: the same outcome as one at a time', async () => {
	const capped = { maxFiles: BATCH_SIZE + 10 };
	const one = await run(1, capped, tolerant);
	emulator.resetLogs();
	const four = await run(4, capped, tolerant);
	expect(mostInFlight()).toBeGreaterThanOrEqual(2);
	const out = four.output('Download');
	expect(summary(out)).toEqual(summary(one.output('Download')));
	expect(out.map((item) => item.json.itemId)).toEqual(ids);
	const delivered = out.filter((item) => item.binary);
	const failed = out.filter((item) => item.json.error !== undefined);
	expect(delivered.length).toBeLessThanOrEqual(capped.maxFiles);
	expect(delivered.length + failed.length).toBe(COUNT);
	for (const item of failed) {
		expect(String(item.json.error)).toMatch(/Safety cap reached/);
		// Archives after the one that reached the cap name their own items, not that one's.
		expect(String(item.json.error)).toContain(String(item.json.itemId));
	}
	await expectOriginals(delivered);

	// Stopping on error, the cap is the error (as one at a time), and the run ends cleanly.
	const stopped = await run(4, capped);
	expect(stopped.error('Download')?.message).toMatch(/^Safety cap reached/);
	expect(stopped.error('Download')?.message).toBe(
		(await run(1, capped)).error('Download')?.message,
	);
});

test('one archive per input item: the input items are downloaded side by side, each paired to its own', async () => {
	const asked = ids.slice(0, 4);
	const workflow = chain(
		{ name: 'Query', type: TYPES.query, parameters: { filters: { itemIds: asked.join(',') } } },
		{
			name: 'Download',
			type: TYPES.download,
			parameters: { itemIds: '={{ $json.id }}', options: { oneArchivePerInputItem: true } },
		},
	);
	// The first file's answer is held back: the others are asked for while it waits.
	emulator.faults.add({ endpoint: 'file', delayMs: 600 });
	const files = (await engine.run(workflow)).output('Download');
	expect(files.map((f) => [f.json.itemId, f.pairedItem])).toEqual(
		asked.map((id, item) => [id, [{ item }]]),
	);
	await expectOriginals(files);
	const gets = fileGets();
	expect(gets).toHaveLength(4);
	expect(gets[3].at - gets[0].at).toBeLessThan(500);
});
