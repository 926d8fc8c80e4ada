/**
 * Hostile archives (issue 7), each served through the emulator's download endpoint in place of
 * the real zip and run through the Get Download node. Each must give safe names or a clear error
 * naming the archive's item IDs; none may crash the process. The zip bomb and the many tiny
 * entries must be stopped by the caps while streaming: the bytes inflated and the entries read
 * are counted, and stay near the cap, far below what the archive declares or holds.
 */
jest.mock('n8n-workflow', () => require('./fast-sleep').mockN8nWorkflow());

import { existsSync } from 'fs';
import { dirname, join } from 'path';
import * as zlib from 'zlib';

import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';

import { buildZip, crc32, type ZipEntrySpec, type ZipOptions } from '../../emulator/zip';
import { streamStats } from '../../nodes/SharedGallery/unzip';
import {
	chain,
	CONTINUE,
	DOWNLOAD,
	SEED,
	binaryBuffer,
	captureLogs,
	downloadNode,
	errorText,
	listDir,
	makeEngine,
	privateTmpDir,
	removePrivateTmpDir,
	resetEmulator,
	sha256,
	stopEngineTimers,
	type Emulator,
	type LogCapture,
} from './helpers';
import { setUp } from '../helpers/gallery';

const M = SEED.media;
const A = M.sunsetPier; // sunset-pier.jpg
const B = M.cafeNight; // café-night.jpg
const C = M.garden; // garden.png
const F = M.img2024; // IMG_2024.jpeg
const IDS = [A, B, C, F];
const NAMES: Record<string, string> = {
	[A]: 'sunset-pier.jpg',
	[B]: 'café-night.jpg',
	[C]: 'garden.png',
	[F]: 'IMG_2024.jpeg',
};
const MB = 1024 * 1024;

let emu: Emulator;
let logs: LogCapture;
let workDir: string;

beforeAll(async () => {
	workDir = privateTmpDir();
	({ emulator: emu } = await setUp());
	logs = captureLogs();
});

afterAll(async () => {
	logs?.restore();
	await emu?.close();
	stopEngineTimers();
	await removePrivateTmpDir(workDir);
});

// An uncaught exception or unhandled rejection anywhere fails the running test (Jest's handlers).
afterEach(async () => {
	// The node's work folder is gone after every run, and nothing else was written there.
	expect(await listDir(workDir)).toEqual([]);
});

interface Run {
	output: INodeExecutionData[];
	thrown: unknown;
	inflated: number;
	entriesRead: number;
	fileRequests: number;
}

async function serve(
	zip: Buffer,
	{ ids = IDS, options = {}, continueOnFail = true } = {},
): Promise<Run> {
	resetEmulator(emu);
	emu.faults.add({ endpoint: 'file', replaceBody: zip });
	// Count what the extraction really does: bytes inflated, entries read.
	streamStats.inflated = 0;
	streamStats.entries = 0;
	const harness = makeEngine(emu, 'apiKey');
	const result = await harness.run(
		chain(downloadNode({ itemIds: ids.join(','), options }, continueOnFail ? CONTINUE : {})),
	);
	return {
		output: result.output(DOWNLOAD),
		thrown: harness.thrown[0]?.error,
		inflated: streamStats.inflated,
		entriesRead: streamStats.entries,
		fileRequests: emu.fileLog.length,
	};
}

const zip = (entries: ZipEntrySpec[], opts?: ZipOptions) => buildZip(entries, opts);
const payload = (id: string) => Buffer.from(`payload of ${NAMES[id]} from the hostile archive`);

function files(run: Run): Map<string, INodeExecutionData> {
	return new Map(
		run.output.filter((i) => i.json.error === undefined).map((i) => [i.json.itemId as string, i]),
	);
}

function errorItem(run: Run, id: string): INodeExecutionData | undefined {
	return run.output.find(
		(i) =>
			i.json.error !== undefined && (i.json.itemId === id || String(i.json.error).includes(id)),
	);
}

/** Safe names everywhere, nothing lost, every error a node error naming IDs. */
async function expectSafe(run: Run, ids = IDS): Promise<void> {
	for (const item of run.output) {
		if (item.json.error !== undefined) continue;
		for (const name of [item.json.fileName as string, item.binary?.data?.fileName ?? '']) {
			expect(name).not.toMatch(/[\\/]|^\.\.?$|^[A-Za-z]:|[\u0000-\u001f]/);
			expect(name.length).toBeGreaterThan(0);
		}
	}
	for (const id of ids) {
		const delivered = run.output.filter(
			(i) => i.json.error === undefined && i.json.itemId === id,
		).length;
		const failed = errorItem(run, id) ? 1 : 0;
		expect({ id, outcomes: delivered + failed }).toEqual({ id, outcomes: 1 });
	}
	if (run.thrown) {
		expect(run.thrown instanceof NodeApiError || run.thrown instanceof NodeOperationError).toBe(
			true,
		);
	}
}

async function bytesOf(run: Run, id: string): Promise<Buffer> {
	const item = files(run).get(id);
	if (!item?.binary?.data) throw new Error(`${id} was not delivered`);
	return await binaryBuffer(item.binary.data);
}

/** Both modes: under continue-on-fail the failing IDs are error items; stopping, one error names them. */
async function expectFailure(
	zipBytes: Buffer,
	failing: string[],
	cause: RegExp,
	options = {},
): Promise<Run> {
	const stopped = await serve(zipBytes, { options, continueOnFail: false });
	expect(
		stopped.thrown instanceof NodeApiError || stopped.thrown instanceof NodeOperationError,
	).toBe(true);
	const text = errorText(stopped.thrown);
	for (const id of failing) expect(text).toContain(id);
	expect(text).toMatch(cause);

	const continued = await serve(zipBytes, { options });
	await expectSafe(continued);
	for (const id of failing) {
		const item = errorItem(continued, id);
		expect(item).toBeDefined();
		expect(`${item!.json.error} ${item!.json.description ?? ''}`).toMatch(cause);
	}
	return continued;
}

// ---------------------------------------------------------------------------------------------

describe('entry names', () => {
	test('zip-slip names ../x, /etc/x, ..\\x and C:\\x are reduced to safe base names', async () => {
		const entries: ZipEntrySpec[] = [
			{ name: `../${NAMES[A]}`, data: payload(A) },
			{ name: `/etc/${NAMES[B]}`, data: payload(B) },
			{ name: `..\\${NAMES[C]}`, data: payload(C) },
			{ name: `C:\\${NAMES[F]}`, data: payload(F) },
		];
		const run = await serve(zip(entries));
		await expectSafe(run);
		for (const id of IDS) {
			expect(files(run).get(id)?.json.fileName).toBe(NAMES[id]);
			expect((await bytesOf(run, id)).equals(payload(id))).toBe(true);
		}
		// Nothing was written where the names point.
		expect(existsSync(join(dirname(workDir), NAMES[A]))).toBe(false);
		expect(existsSync(`/etc/${NAMES[B]}`)).toBe(false);
	});

	test('deep traversal and mixed separators', async () => {
		const run = await serve(
			zip([
				{ name: `../../../../../../../../tmp/${NAMES[A]}`, data: payload(A) },
				{ name: `a/../../b\\..\\..\\${NAMES[B]}`, data: payload(B) },
				{ name: `\\\\server\\share\\${NAMES[C]}`, data: payload(C) },
				{ name: `D:/${NAMES[F]}`, data: payload(F) },
			]),
		);
		await expectSafe(run);
		for (const id of IDS) expect((await bytesOf(run, id)).equals(payload(id))).toBe(true);
	});

	test('duplicate names: no guessing, the ambiguous item is downloaded on its own', async () => {
		const run = await serve(
			zip([
				{ name: NAMES[A], data: 'first copy' },
				{ name: NAMES[A], data: 'second copy' },
				{ name: NAMES[B], data: payload(B) },
				{ name: NAMES[C], data: payload(C) },
				{ name: NAMES[F], data: payload(F) },
			]),
		);
		await expectSafe(run);
		// A came again alone (archived: false): the emulator's original bytes, not either copy.
		expect(sha256(await bytesOf(run, A))).toBe(emu.store.fileSha256(A));
		expect((await bytesOf(run, B)).equals(payload(B))).toBe(true);
		expect(run.fileRequests).toBe(2);
	});

	test('duplicates that differ only in case or Unicode form are ambiguous too', async () => {
		const decomposed = NAMES[B].normalize('NFD');
		const run = await serve(
			zip([
				{ name: NAMES[A], data: 'one' },
				{ name: NAMES[A].toUpperCase(), data: 'two' },
				{ name: NAMES[B], data: 'three' },
				{ name: decomposed, data: 'four' },
				{ name: NAMES[C], data: payload(C) },
				{ name: NAMES[F], data: payload(F) },
			]),
		);
		await expectSafe(run);
		expect(sha256(await bytesOf(run, A))).toBe(emu.store.fileSha256(A));
		expect(sha256(await bytesOf(run, B))).toBe(emu.store.fileSha256(B));
	});

	test('non-UTF-8 (CP437) names are decoded; undecodable ones are harmless', async () => {
		const run = await serve(
			zip([
				{ name: NAMES[A], data: payload(A) },
				{ name: NAMES[B], data: payload(B), utf8: false }, // é as CP437 byte 0x82
				{ name: Buffer.from([0x82, 0xff, 0xfe, 0x2e, 0x6a, 0x70, 0x67]), data: 'not requested' }, // invalid UTF-8
				{
					name: Buffer.from([0xe9, 0x2f, 0x2e, 0x2e, 0x2f, 0x01, 0x78]),
					data: 'control characters',
				},
				{ name: NAMES[C], data: payload(C) },
				{ name: NAMES[F], data: payload(F) },
			]),
		);
		await expectSafe(run);
		expect(files(run).get(B)?.json.fileName).toBe(NAMES[B]);
		expect((await bytesOf(run, B)).equals(payload(B))).toBe(true);
		expect(run.output.filter((i) => i.json.error === undefined)).toHaveLength(4);
	});

	test('entries whose names leave nothing usable', async () => {
		const run = await serve(
			zip([
				{ name: '..', data: 'x' },
				{ name: 'C:', data: 'y' },
				{ name: NAMES[A], data: payload(A) },
				{ name: NAMES[B], data: payload(B) },
				{ name: NAMES[C], data: payload(C) },
				{ name: NAMES[F], data: payload(F) },
			]),
		);
		await expectSafe(run);
	});
});

describe('caps stop bombs while streaming', () => {
	/** A deflate stream of `size` zero bytes, made without holding them (about 1000:1). */
	async function zeros(size: number): Promise<{ packed: Buffer; crc: number }> {
		const chunk = Buffer.alloc(MB);
		const deflate = zlib.createDeflateRaw({ level: 9 });
		const out: Buffer[] = [];
		deflate.on('data', (b: Buffer) => out.push(b));
		const done = new Promise((resolve) => deflate.on('end', resolve));
		let crc = 0;
		for (let written = 0; written < size; written += MB) {
			crc = crc32(chunk, crc);
			if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
		}
		deflate.end();
		await done;
		return { packed: Buffer.concat(out), crc };
	}

	/** An entry holding pre-deflated bytes, declaring whatever sizes it is told. */
	function bombEntry(
		name: string,
		packed: Buffer,
		crc: number,
		declared: number,
		zip64 = false,
	): ZipEntrySpec {
		const header = { method: 8, crc, uncompressedSize: declared };
		return { name, data: packed, method: 'store', zip64, local: header, central: header };
	}

	const HELD = 96 * MB;
	let bomb: { packed: Buffer; crc: number };

	beforeAll(async () => {
		bomb = await zeros(HELD);
	});

	test('a zip bomb (high ratio) over Max Total Size: stopped before it is inflated', async () => {
		const archive = zip([
			bombEntry(NAMES[A], bomb.packed, bomb.crc, HELD),
			{ name: NAMES[B], data: payload(B) },
		]);
		expect(archive.length).toBeLessThan(HELD / 500); // ratio > 500:1
		const rssBefore = process.memoryUsage().rss;
		const run = await expectFailure(archive, [A], /cap|Max Total Size|bytes/i, {
			maxTotalBytes: 8 * MB,
		});
		expect(run.inflated).toBeLessThanOrEqual(8 * MB + 64 * 1024);
		process.stdout.write(
			`[hostile] bomb ${HELD / MB} MB in ${(archive.length / 1024).toFixed(0)} KB: inflated ${run.inflated} bytes, ` +
				`rss +${((process.memoryUsage().rss - rssBefore) / MB).toFixed(1)} MB\n`,
		);
	});

	test('a huge declared size (ZIP64, 1 TiB) with the default caps: stopped before reading', async () => {
		const archive = zip(
			[
				bombEntry(NAMES[A], bomb.packed, bomb.crc, 2 ** 40, true),
				{ name: NAMES[B], data: payload(B) },
			],
			{ zip64: true },
		);
		const run = await expectFailure(archive, [A], /cap|Max Total Size|bytes/i);
		expect(run.inflated).toBe(0);
	});

	test('a bomb that declares a small size but holds 96 MB: stopped at the declared size', async () => {
		const archive = zip([
			bombEntry(NAMES[A], bomb.packed, bomb.crc, 1000),
			{ name: NAMES[B], data: payload(B) },
		]);
		const run = await expectFailure(archive, [A], /corrupt|size|bytes/i);
		expect(run.inflated).toBeLessThan(2 * MB);
	});

	test('honest entries that add up past Max Total Size: stopped at the cap, mid-archive', async () => {
		const part = await zeros(4 * MB);
		const archive = zip([
			bombEntry(NAMES[A], part.packed, part.crc, 4 * MB),
			bombEntry(NAMES[B], part.packed, part.crc, 4 * MB),
			bombEntry(NAMES[C], part.packed, part.crc, 4 * MB),
			bombEntry(NAMES[F], part.packed, part.crc, 4 * MB),
		]);
		const run = await serve(archive, { options: { maxTotalBytes: 10 * MB } });
		await expectSafe(run);
		expect(run.inflated).toBeLessThanOrEqual(10 * MB);
		expect(run.inflated).toBeGreaterThanOrEqual(4 * MB); // the counter sees what is extracted
		const failedIds = IDS.filter((id) => errorItem(run, id));
		expect(failedIds.length).toBeGreaterThanOrEqual(2);
		for (const id of failedIds) expect(String(errorItem(run, id)!.json.error)).toMatch(/cap/i);
	});

	test('many tiny entries (20,000) over Max Files: stopped after the cap, not after reading them all', async () => {
		const entries: ZipEntrySpec[] = [{ name: NAMES[A], data: payload(A) }];
		for (let i = 0; i < 20_000; i++)
			entries.push({ name: `tiny-${i}.txt`, data: i % 2 ? '' : 'x' });
		const archive = zip(entries);
		const run = await expectFailure(archive, [B, C, F], /cap|Max Files|more than 100 files/i, {
			maxFiles: 100,
		});
		// Two passes over the directory at most (scan, then extract), each stopped at the cap.
		expect(run.entriesRead).toBeLessThanOrEqual(2 * 102);
		expect(run.entriesRead).toBeGreaterThan(100); // the counter sees the entries read
	});

	test('many tiny entries with the default Max Files (1,000)', async () => {
		const entries: ZipEntrySpec[] = [];
		for (let i = 0; i < 20_000; i++) entries.push({ name: `tiny-${i}.txt`, data: '' });
		const run = await expectFailure(zip(entries), IDS, /cap|Max Files|more than 1000 files/i);
		expect(run.entriesRead).toBeLessThanOrEqual(2 * 1002);
	});
});

describe('unusual but legal entries', () => {
	test('an encrypted entry fails alone, naming its item; the rest are delivered', async () => {
		const archive = zip([
			{ name: NAMES[A], data: payload(A), encrypted: true },
			{ name: NAMES[B], data: payload(B) },
			{ name: NAMES[C], data: payload(C) },
			{ name: NAMES[F], data: payload(F) },
		]);
		const run = await expectFailure(archive, [A], /encrypt/i);
		expect(files(run).size).toBe(3);
		// A local failure: a NodeOperationError with what to do, no HTTP status.
		const stopped = await serve(archive, { continueOnFail: false });
		expect(stopped.thrown).toBeInstanceOf(NodeOperationError);
		expect(stopped.thrown).toMatchObject({
			message: `Cannot extract ${A} from the download: the file is encrypted (items: ${A})`,
			description: expect.stringMatching(/Download it from the Wix dashboard/),
		});
	});

	test('zero-byte files are delivered as empty files', async () => {
		const run = await serve(
			zip(IDS.map((id) => ({ name: NAMES[id], data: id === A ? '' : payload(id) }))),
		);
		await expectSafe(run);
		const a = files(run).get(A);
		if (a) {
			expect(a.json.fileSize).toBe(0);
			expect((await bytesOf(run, A)).length).toBe(0);
		} else {
			expect(String(errorItem(run, A)?.json.error)).toContain(A);
		}
	});

	test('directory entries, __MACOSX and .DS_Store are skipped', async () => {
		const run = await serve(
			zip([
				{ name: 'photos', directory: true },
				{ name: `photos/${NAMES[A]}`, data: payload(A) },
				{ name: `__MACOSX/photos/._${NAMES[A]}`, data: 'resource fork' },
				{ name: '.DS_Store', data: 'finder' },
				{ name: NAMES[B], directory: true }, // a folder named like a requested file
				{ name: NAMES[C], data: payload(C) },
				{ name: NAMES[F], data: payload(F) },
			]),
		);
		await expectSafe(run);
		expect(run.output.filter((i) => i.json.error === undefined)).toHaveLength(4);
		expect((await bytesOf(run, A)).equals(payload(A))).toBe(true);
		// B had only a folder in the archive: fetched alone, the original bytes.
		expect(sha256(await bytesOf(run, B))).toBe(emu.store.fileSha256(B));
	});

	test('nested zips are kept as files, not extracted', async () => {
		const inner = zip([
			{ name: '../../escape.sh', data: '#!/bin/sh\necho pwned' },
			{ name: NAMES[C], data: 'inner garden' },
		]);
		const run = await serve(
			zip([
				{ name: NAMES[A], data: inner },
				{ name: 'nested.zip', data: inner },
				{ name: NAMES[B], data: payload(B) },
				{ name: NAMES[C], data: payload(C) },
				{ name: NAMES[F], data: payload(F) },
			]),
		);
		await expectSafe(run);
		expect((await bytesOf(run, A)).equals(inner)).toBe(true);
		expect((await bytesOf(run, C)).equals(payload(C))).toBe(true);
		expect(run.output).toHaveLength(4);
	});

	test('entries with data descriptors (stored and deflated, with and without signature)', async () => {
		const run = await serve(
			zip([
				{ name: NAMES[A], data: payload(A), dataDescriptor: true },
				{ name: NAMES[B], data: payload(B), dataDescriptor: true, method: 'deflate' },
				{ name: NAMES[C], data: payload(C), dataDescriptor: true, descriptorSignature: false },
				{
					name: NAMES[F],
					data: payload(F),
					dataDescriptor: true,
					method: 'deflate',
					descriptorSignature: false,
				},
			]),
		);
		await expectSafe(run);
		for (const id of IDS) expect((await bytesOf(run, id)).equals(payload(id))).toBe(true);
	});

	test('a ZIP64 archive', async () => {
		const run = await serve(
			zip(
				IDS.map((id, i) => ({
					name: NAMES[id],
					data: payload(id),
					zip64: true,
					method: i % 2 ? 'deflate' : 'store',
					dataDescriptor: i === 3,
				})),
				{ zip64: true },
			),
		);
		await expectSafe(run);
		for (const id of IDS) expect((await bytesOf(run, id)).equals(payload(id))).toBe(true);
	});

	test('a symlink entry is delivered as a plain file holding the link text', async () => {
		const run = await serve(
			zip([
				{ name: NAMES[A], data: '/etc/passwd', unixMode: 0o120777 },
				{ name: NAMES[B], data: payload(B) },
				{ name: NAMES[C], data: payload(C) },
				{ name: NAMES[F], data: payload(F) },
			]),
		);
		await expectSafe(run);
		const a = files(run).get(A);
		if (a) expect((await bytesOf(run, A)).toString()).toBe('/etc/passwd');
	});
});

describe('archives that contradict themselves', () => {
	const good = (except: string): ZipEntrySpec[] =>
		IDS.filter((id) => id !== except).map((id) => ({ name: NAMES[id], data: payload(id) }));

	test('the local header names another file than the central directory', async () => {
		const archive = zip([
			{ name: NAMES[A], data: payload(A), local: { name: '../../evil.sh' } },
			...good(A),
		]);
		await expectFailure(archive, [A], /disagree|corrupt/i);
	});

	test('the local header uses another compression method', async () => {
		const archive = zip([{ name: NAMES[A], data: payload(A), local: { method: 8 } }, ...good(A)]);
		await expectFailure(archive, [A], /disagree|corrupt/i);
	});

	test('the central directory claims other sizes than the data has', async () => {
		const archive = zip([
			{
				name: NAMES[A],
				data: payload(A),
				central: { compressedSize: 5000, uncompressedSize: 5000 },
			},
			...good(A),
		]);
		await expectFailure(archive, [A], /corrupt|truncated|size/i);
	});

	test('a wrong CRC-32', async () => {
		const archive = zip([
			{ name: NAMES[A], data: payload(A), local: { crc: 0x1234 }, central: { crc: 0x1234 } },
			...good(A),
		]);
		await expectFailure(archive, [A], /corrupt|CRC/i);
	});

	test('two central records point at the same local header', async () => {
		const archive = zip([
			{ name: NAMES[A], data: payload(A) },
			{ name: NAMES[B], data: payload(B), central: { localHeaderOffset: 0 } },
			...good(A).slice(1),
		]);
		await expectFailure(archive, [B], /disagree|corrupt/i);
	});

	test('the end record claims more entries than there are', async () => {
		const run = await serve(
			zip(
				IDS.map((id) => ({ name: NAMES[id], data: payload(id) })),
				{ entryCountOverride: 9 },
			),
		);
		await expectSafe(run);
	});

	test('junk before the first entry (a self-extractor stub)', async () => {
		const run = await serve(
			zip(
				IDS.map((id) => ({ name: NAMES[id], data: payload(id) })),
				{ prefix: Buffer.from('MZ'.padEnd(512, '\u0000')) },
			),
		);
		await expectSafe(run);
	});

	test('no central directory at all', async () => {
		const archive = zip(
			IDS.map((id) => ({ name: NAMES[id], data: payload(id) })),
			{ omitCentralDirectory: true },
		);
		await expectFailure(archive, IDS, /corrupt|truncated/i);
	});

	test('not a zip: an HTML error page served with 200', async () => {
		await expectFailure(
			Buffer.from('<html><body>Service temporarily unavailable</body></html>'),
			IDS,
			/corrupt|truncated|not a zip/i,
		);
	});

	test('a ZIP64 end-of-directory locator pointing past 2^53: a clear error, no crash, no hang', async () => {
		const archive = zip(
			IDS.map((id) => ({ name: NAMES[id], data: payload(id), zip64: true })),
			{ zip64: true },
		);
		const locator = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]));
		expect(locator).toBeGreaterThan(0);
		archive.writeBigUInt64LE(0xfffffffffffffff0n, locator + 8);
		let timer: NodeJS.Timeout | undefined;
		const run = await Promise.race([
			serve(archive),
			new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), 10_000))),
		]);
		clearTimeout(timer);
		// An uncaught exception on the way fails this test through Jest's handler.
		expect({ hang: run === 'hang' }).toEqual({ hang: false });
		if (run !== 'hang') {
			await expectSafe(run);
			for (const id of IDS)
				expect(String(errorItem(run, id)?.json.error)).toMatch(/corrupt|truncated/i);
		}
	}, 20_000);

	test('an empty body', async () => {
		await expectFailure(Buffer.alloc(0), IDS, /corrupt|truncated|empty/i);
	});
});
