// Get Download of one large file from a file host that takes byte ranges (issue 14): the file in
// parts over Parallel Downloads connections, in order, byte for byte; one stream when the host
// only says it takes ranges, or the file is small, or Parallel Downloads is 1.
import { addSyntheticItems, uuidFrom, type Emulator } from '../../emulator';
import { stopEngineTimers, type Engine } from '../../engine';
import { RANGE_PART, RANGED_MIN } from '../../nodes/SharedGalleryGetDownload/rangedBody';
import { DOWNLOAD_URL_PATH } from '../../nodes/SharedGallery/endpoints';
import {
	calls,
	download,
	fileGets,
	fileHashes,
	mostInFlight,
	setUp,
	tolerant,
} from '../helpers/gallery';

const BIG = RANGED_MIN + 3 * RANGE_PART + 12_345;

let emulator: Emulator;
let engine: Engine;
let big: string;
let small: string;

async function start(ranges: boolean | 'advertised') {
	({ emulator, engine } = await setUp({ seed: false, ranges }));
	const member = emulator.store.addMember({ id: uuidFrom('member:ranges'), name: 'Ranges' });
	[big] = addSyntheticItems(emulator.store, 1, {
		createdById: member.id,
		idPrefix: 'ranges-big',
		name: 'long-video-{n}.mp4',
		bytesPerItem: BIG,
	}).map((item) => item.id);
	[small] = addSyntheticItems(emulator.store, 1, {
		createdById: member.id,
		idPrefix: 'ranges-small',
		name: 'short-clip-{n}.mp4',
		bytesPerItem: RANGED_MIN - 1,
	}).map((item) => item.id);
}

async function stop() {
	await emulator.close();
	stopEngineTimers();
}

async function run(itemId: string, parallelDownloads = 4, extra: object = {}) {
	emulator.resetLogs();
	const result = await engine.run(
		download({ itemIds: itemId, options: { parallelDownloads } }, extra),
	);
	return result.output('Download');
}

/** The file-host GETs, by arrival: their Range header (undefined for the whole file) and status. */
const gets = () =>
	fileGets(emulator).map((e) => ({
		range: e.headers.range as string | undefined,
		status: e.status,
	}));

async function expectOriginal(items: Awaited<ReturnType<typeof run>>, itemId: string) {
	const size = emulator.store.fileBytes(itemId).length;
	expect(items).toHaveLength(1);
	expect(items[0].json.itemId).toBe(itemId);
	expect(items[0].json.fileSize).toBe(size);
	expect(await fileHashes(items)).toEqual([[itemId, emulator.store.fileSha256(itemId)]]);
}

describe('a host that takes ranges', () => {
	beforeAll(async () => await start(true));
	afterAll(stop);
	beforeEach(() => emulator.faults.clear());

	test('a large file: the first part from the open body, the others by Range, at most N at once, byte for byte', async () => {
		const items = await run(big, 3);
		await expectOriginal(items, big);
		const ranges = gets().map((g) => g.range);
		const size = emulator.store.fileBytes(big).length;
		const parts = Math.ceil(size / RANGE_PART) - 1;
		expect(ranges[0]).toBeUndefined();
		expect(ranges.slice(1).sort()).toEqual(
			Array.from({ length: parts }, (_, i) => {
				const start = (i + 1) * RANGE_PART;
				return `bytes=${start}-${Math.min(start + RANGE_PART, size) - 1}`;
			}).sort(),
		);
		expect(
			gets()
				.slice(1)
				.every((g) => g.status === 206),
		).toBe(true);
		expect(mostInFlight(emulator)).toBeGreaterThan(1);
		expect(mostInFlight(emulator)).toBeLessThanOrEqual(3);
	});

	test('Parallel Downloads 1, or a file under the threshold: one GET of the whole file', async () => {
		await expectOriginal(await run(big, 1), big);
		expect(gets().map((g) => g.range)).toEqual([undefined]);
		await expectOriginal(await run(small, 4), small);
		expect(gets().map((g) => g.range)).toEqual([undefined]);
	});

	test('a part answered 503 is asked again, alone; the file arrives whole', async () => {
		emulator.faults.add({ endpoint: 'file', ranged: true, status: 503 });
		await expectOriginal(await run(big), big);
		const statuses = gets().map((g) => g.status);
		expect(statuses.filter((s) => s === 503)).toHaveLength(1);
		expect(gets()[0].range).toBeUndefined();
		expect(gets().filter((g) => g.range === undefined)).toHaveLength(1);
	});

	test('a part that breaks off: the file is fetched again from the start, and arrives whole', async () => {
		emulator.faults.add({ endpoint: 'file', ranged: true, reset: true });
		await expectOriginal(await run(big), big);
		expect(gets().filter((g) => g.range === undefined)).toHaveLength(2);
	});

	test('the URL expires among the parts: a new URL, and the file arrives whole', async () => {
		emulator.faults.add({ endpoint: 'file', ranged: true, status: 410 });
		await expectOriginal(await run(big), big);
		expect(calls(emulator, DOWNLOAD_URL_PATH)).toHaveLength(2);
	});

	test('Max File Size below the file: the cap, and no part is asked for', async () => {
		emulator.resetLogs();
		const capped = await engine.run(
			download(
				{ itemIds: big, options: { parallelDownloads: 4, maxFileBytes: 10_000_000 } },
				tolerant,
			),
		);
		const out = capped.output('Download');
		expect(String(out[0].json.error)).toMatch(/Max File Size/);
		expect(gets().filter((g) => g.range !== undefined)).toHaveLength(0);
	});
});

describe('a host that says it takes ranges and answers every GET whole', () => {
	beforeAll(async () => await start('advertised'));
	afterAll(stop);

	test('the open body goes on alone: byte for byte, no part kept', async () => {
		await expectOriginal(await run(big, 4), big);
		const all = gets();
		expect(all[0].range).toBeUndefined();
		// The parts asked for before the second part's answer came back were answered whole and closed.
		expect(all.slice(1).every((g) => g.range !== undefined && g.status === 200)).toBe(true);
		expect(all.length).toBeLessThanOrEqual(4);
	});
});

describe('a host without ranges (the default)', () => {
	beforeAll(async () => await start(false));
	afterAll(stop);

	test('one GET of the whole file', async () => {
		await expectOriginal(await run(big, 4), big);
		expect(gets().map((g) => g.range)).toEqual([undefined]);
	});
});
