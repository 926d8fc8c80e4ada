import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Readable } from 'stream';
import { deflateRawSync } from 'zlib';

import { buildZip, type ZipEntrySpec, type ZipOptions } from '../../emulator/zip';
import {
	ArchiveError,
	Budget,
	formatSize,
	SafetyCapError,
	meter,
	readArchive,
	safeBaseName,
} from '../../nodes/SharedGallery/archive';

let dir: string;
beforeAll(async () => (dir = await fs.mkdtemp(join(tmpdir(), 'sg-archive-'))));
afterAll(async () => await fs.rm(dir, { recursive: true, force: true }));

let n = 0;
async function zipFile(entries: ZipEntrySpec[], options: ZipOptions = {}): Promise<string> {
	const path = join(dir, `a${n++}.zip`);
	await fs.writeFile(path, buildZip(entries, options));
	return path;
}

async function drain(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** name → bytes (or the entry's problem), reading every entry. */
async function readAll(path: string, budget = new Budget(1000, 1e9)) {
	const out: Record<string, string | Buffer> = {};
	for await (const entry of readArchive(path, budget)) {
		out[entry.name] = entry.problem ?? (await drain(await entry.open()));
	}
	return out;
}

describe('safeBaseName', () => {
	test.each([
		['../x', 'x'],
		['/etc/x', 'x'],
		['..\\x', 'x'],
		['C:\\x', 'x'],
		['C:x', 'x'],
		['a/b/../../c.jpg', 'c.jpg'],
		['..', ''],
		['./', ''],
		['ok\u0000.jpg', 'ok.jpg'],
	])('%s → %s', (stored, safe) => expect(safeBaseName(stored)).toBe(safe));
});

describe('formatSize', () => {
	test.each([
		[5 * 1024 ** 3, '5 GB'],
		[1.5 * 1024 ** 3, '1.5 GB'],
		[1024 ** 2, '1 MB'],
		[300 * 1024 ** 2, '300 MB'],
		[3000, '2.9 KB'],
		[500, '500 bytes'],
	])('%d bytes → %s', (bytes, text) => expect(formatSize(bytes)).toBe(text));
});

describe('readArchive', () => {
	test('stored and deflated entries, data descriptors, ZIP64: the original bytes', async () => {
		const a = Buffer.alloc(5000, 1);
		const b = Buffer.from('hello deflate '.repeat(100));
		const c = Buffer.from('descriptor');
		const path = await zipFile(
			[
				{ name: 'a.jpg', data: a },
				{ name: 'b.txt', data: b, method: 'deflate' },
				{ name: 'c.bin', data: c, dataDescriptor: true, zip64: true },
			],
			{ zip64: true },
		);
		expect(await readAll(path)).toEqual({ 'a.jpg': a, 'b.txt': b, 'c.bin': c });
	});

	test('CP437 and UTF-8 names decode; folders, __MACOSX and .DS_Store are skipped; zero-byte and nested zips kept', async () => {
		const nested = buildZip([{ name: 'inner.txt', data: 'x' }]);
		const path = await zipFile([
			{ name: 'café.jpg', data: 'cp437', utf8: false },
			{ name: '日本.png', data: 'utf8', utf8: true },
			{ name: 'photos', directory: true },
			{ name: '__MACOSX/._café.jpg', data: 'fork' },
			{ name: 'photos/.DS_Store', data: 'ds' },
			{ name: 'empty.gif', data: Buffer.alloc(0) },
			{ name: 'inner.zip', data: nested },
		]);
		const files = await readAll(path);
		expect(Object.keys(files).sort()).toEqual(
			['café.jpg', 'empty.gif', 'inner.zip', '日本.png'].sort(),
		);
		expect(files['empty.gif']).toEqual(Buffer.alloc(0));
		expect(files['inner.zip']).toEqual(nested);
	});

	test('an encrypted entry is a problem of that entry only', async () => {
		const path = await zipFile([
			{ name: 'secret.jpg', data: 'x', encrypted: true },
			{ name: 'open.jpg', data: 'y' },
		]);
		expect(await readAll(path)).toEqual({
			'secret.jpg': 'the file is encrypted',
			'open.jpg': Buffer.from('y'),
		});
	});

	test('a central directory that disagrees with the local header is refused', async () => {
		const path = await zipFile([{ name: 'photo.jpg', data: 'x', local: { name: 'evil.sh' } }]);
		await expect(readAll(path)).rejects.toThrow(/disagree/);
	});

	test('a corrupted byte fails the entry (CRC-32), it never reaches the user', async () => {
		const buffer = buildZip([{ name: 'a.jpg', data: Buffer.alloc(100, 7) }]);
		buffer[30 + 'a.jpg'.length + 10] ^= 0xff;
		const path = join(dir, 'crc.zip');
		await fs.writeFile(path, buffer);
		await expect(readAll(path)).rejects.toThrow(ArchiveError);
	});

	test('a truncated archive and garbage are ArchiveErrors', async () => {
		const full = buildZip([{ name: 'a.jpg', data: Buffer.alloc(1000, 3) }]);
		const cut = join(dir, 'cut.zip');
		await fs.writeFile(cut, full.subarray(0, 600));
		await expect(readAll(cut)).rejects.toThrow(ArchiveError);
		const junk = join(dir, 'junk.zip');
		await fs.writeFile(junk, Buffer.from('not a zip at all'));
		await expect(readAll(junk)).rejects.toThrow(ArchiveError);
	});

	test('caps: too many files stops at the cap, before reading the rest', async () => {
		const path = await zipFile(
			Array.from({ length: 50 }, (_, i) => ({ name: `f${i}.jpg`, data: 'x' })),
		);
		let seen = 0;
		const reading = (async () => {
			for await (const entry of readArchive(path, new Budget(10, 1e9))) {
				seen++;
				await drain(await entry.open());
			}
		})();
		await expect(reading).rejects.toThrow(SafetyCapError);
		await expect(reading).rejects.toThrow(
			'more than 10 files (at "f10.jpg"); raise Max Files to allow more',
		);
		expect(seen).toBe(10);
	});

	test('caps: a bomb is stopped by its declared size before any byte is inflated', async () => {
		const path = await zipFile([
			{ name: 'bomb.bin', data: Buffer.alloc(10 * 1024 * 1024), method: 'deflate' },
		]);
		const budget = new Budget(10, 1024 * 1024);
		const reading = (async () => {
			for await (const entry of readArchive(path, budget)) await drain(await entry.open());
		})();
		await expect(reading).rejects.toThrow(/Max Total Size/);
		await expect(reading).rejects.toThrow(
			new SafetyCapError(
				'size',
				1024 * 1024,
				'"bomb.bin" would bring the total past 1 MB; raise Max Total Size to allow more',
			),
		);
		await expect(reading).rejects.toMatchObject({
			name: 'SafetyCapError',
			cap: 'size',
			limit: 1024 * 1024,
		});
		expect(budget.bytes).toBe(0);
	});

	test('caps: the meter fails the stream once the bytes pass the cap, in MB', async () => {
		const budget = new Budget(10, 1024 * 1024);
		const { Readable } = await import('stream');
		const source = Readable.from([Buffer.alloc(600 * 1024), Buffer.alloc(600 * 1024)]);
		await expect(drain(source.pipe(meter(budget, 'big.mov')))).rejects.toThrow(
			new SafetyCapError(
				'size',
				1024 * 1024,
				'the files passed 1 MB while reading "big.mov"; raise Max Total Size to allow more',
			),
		);
	});

	test('caps: a bomb that lies about its size is stopped while streaming', async () => {
		const real = Buffer.alloc(8 * 1024 * 1024);
		const path = await zipFile([
			{
				name: 'liar.bin',
				data: real,
				method: 'deflate',
				central: { uncompressedSize: 100 },
				local: { uncompressedSize: 100 },
			},
		]);
		const budget = new Budget(10, 1024 * 1024);
		const reading = (async () => {
			for await (const entry of readArchive(path, budget)) await drain(await entry.open());
		})();
		await expect(reading).rejects.toThrow();
		expect(budget.bytes).toBeLessThan(2 * 1024 * 1024);
		expect(deflateRawSync(real).length).toBeLessThan(real.length);
	});
});
