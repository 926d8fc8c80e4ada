import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import JSZip from 'jszip';
import {
	buildZip,
	crc32,
	decodeCp437,
	encodeCp437,
	zipCryptoDecrypt,
	zipParts,
	zipStream,
	type StreamEntry,
} from '../../emulator/zip';
import { parseCentral, parseLocal, readZip } from './helpers';

const text = (s: string) => Buffer.from(s, 'utf8');
const blob = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of stream) chunks.push(c as Buffer);
	return Buffer.concat(chunks);
}

// Info-ZIP's unzip is the independent judge of the writer's archives (on the base image;
// .ci/run installs it when missing).

describe('buildZip', () => {
	test('stored and deflated entries read back (yauzl and jszip)', async () => {
		const zip = buildZip([
			{ name: 'a.txt', data: 'hello' },
			{ name: 'b.bin', data: blob, method: 'deflate' },
		]);
		const entries = await readZip(zip);
		expect(entries.map((e) => [e.name, e.entry.compressionMethod])).toEqual([
			['a.txt', 0],
			['b.bin', 8],
		]);
		expect(entries[0].data.toString()).toBe('hello');
		expect(entries[1].data.equals(blob)).toBe(true);
		expect(entries[1].entry.compressedSize).toBeLessThan(blob.length);
		const jz = await JSZip.loadAsync(zip);
		expect((await jz.file('b.bin')!.async('nodebuffer')).equals(blob)).toBe(true);
		const local = parseLocal(zip, 0);
		expect(local).toMatchObject({
			method: 0,
			crc: crc32(text('hello')),
			compressedSize: 5,
			uncompressedSize: 5,
		});
	});

	test('UTF-8 names get flag bit 11; ASCII names do not (auto)', async () => {
		const zip = buildZip([{ name: 'plain.txt' }, { name: '日本の夕日.png' }]);
		const { records } = parseCentral(zip);
		expect(records[0].flags & 0x800).toBe(0);
		expect(records[1].flags & 0x800).toBe(0x800);
		expect(records[1].name.toString('utf8')).toBe('日本の夕日.png');
		expect((await readZip(zip)).map((e) => e.name)).toEqual(['plain.txt', '日本の夕日.png']);
	});

	test('raw CP437 names (utf8: false): no flag, CP437 bytes, readers decode them as CP437', async () => {
		const zip = buildZip([
			{ name: 'café.txt', utf8: false },
			{ name: '日本.txt', utf8: false },
			{ name: Buffer.from([0x41, 0x81, 0x42]) },
		]);
		const { records } = parseCentral(zip);
		expect(records[0].flags & 0x800).toBe(0);
		expect([...records[0].name]).toEqual([...Buffer.from('caf'), 0x82, ...Buffer.from('.txt')]);
		expect(records[1].name.toString('latin1')).toBe('??.txt');
		expect(encodeCp437('café')).toEqual(Buffer.from([0x63, 0x61, 0x66, 0x82]));
		expect(decodeCp437(Buffer.from([0x63, 0x61, 0x66, 0x82]))).toBe('café');
		const names = (await readZip(zip)).map((e) => e.name);
		expect(names).toEqual(['café.txt', '??.txt', 'AüB']);
	});

	test('utf8: true with a Buffer name sets the flag on raw (possibly invalid) bytes', () => {
		const zip = buildZip([{ name: Buffer.from([0xff, 0xfe, 0x2e, 0x74]), utf8: true }]);
		expect(parseCentral(zip).records[0].flags & 0x800).toBe(0x800);
	});

	test('data descriptors: zeros in the local header, signature + CRC + sizes after the data', async () => {
		const zip = buildZip([
			{ name: 'd.bin', data: blob, method: 'deflate', dataDescriptor: true },
			{ name: 'e.txt', data: 'no signature', dataDescriptor: true, descriptorSignature: false },
		]);
		const local = parseLocal(zip, 0);
		expect(local.flags & 8).toBe(8);
		expect(local).toMatchObject({ crc: 0, compressedSize: 0, uncompressedSize: 0 });
		const { records } = parseCentral(zip);
		const after = local.dataOffset + records[0].compressedSize;
		expect(zip.readUInt32LE(after)).toBe(0x08074b50);
		expect(zip.readUInt32LE(after + 4)).toBe(crc32(blob));
		expect(zip.readUInt32LE(after + 12)).toBe(blob.length);
		const second = parseLocal(zip, records[1].localHeaderOffset);
		expect(zip.readUInt32LE(second.dataOffset + 12)).toBe(crc32(text('no signature')));
		const entries = await readZip(zip);
		expect(entries[0].data.equals(blob)).toBe(true);
		expect(entries[1].data.toString()).toBe('no signature');
	});

	test('ZIP64 on demand: 0xFFFFFFFF in the headers, real values in the extra fields and ZIP64 end records', async () => {
		const zip = buildZip(
			[
				{ name: 'z.txt', data: 'zip64 entry', zip64: true },
				{ name: 'plain.txt', data: 'x' },
			],
			{ zip64: true },
		);
		const local = parseLocal(zip, 0);
		expect(local.compressedSize).toBe(0xffffffff);
		expect(local.uncompressedSize).toBe(0xffffffff);
		expect(local.versionNeeded).toBe(45);
		expect(local.extra.readUInt16LE(0)).toBe(0x0001);
		expect(Number(local.extra.readBigUInt64LE(4))).toBe(11);
		const { end, records } = parseCentral(zip);
		expect(end.entries).toBe(0xffff);
		expect(end.offset).toBe(0xffffffff);
		expect(records[0].compressedSize).toBe(0xffffffff);
		expect(records[0].localHeaderOffset).toBe(0xffffffff);
		expect(zip.readUInt32LE(end.at - 20)).toBe(0x07064b50);
		const entries = await readZip(zip);
		expect(entries.map((e) => e.data.toString())).toEqual(['zip64 entry', 'x']);
		expect(unzipTest(zip)).toMatch(/No errors/);
	});

	test('more than 65535 entries switch to the ZIP64 end records by themselves', async () => {
		const entries = Array.from({ length: 65540 }, (_, i) => ({ name: `f${i}` }));
		const zip = buildZip(entries);
		const { end } = parseCentral(zip);
		expect(end.entries).toBe(0xffff);
		const count = await new Promise<number>((resolve, reject) =>
			require('yauzl').fromBuffer(zip, { lazyEntries: true }, (err: Error, z: any) =>
				err ? reject(err) : resolve(z.entryCount),
			),
		);
		expect(count).toBe(65540);
	});

	test('encrypted entries: bit 0 set, ZipCrypto data (12-byte header), readers refuse without a password', async () => {
		const zip = buildZip([
			{ name: 'secret.txt', data: 'top secret', encrypted: true },
			{
				name: 'secret.bin',
				data: blob,
				method: 'deflate',
				encrypted: true,
				password: 'pw',
				dataDescriptor: true,
			},
		]);
		const local = parseLocal(zip, 0);
		expect(local.flags & 1).toBe(1);
		expect(parseCentral(zip).records[0].flags & 1).toBe(1);
		expect(local.compressedSize).toBe(10 + 12);
		const stored = zip.subarray(local.dataOffset, local.dataOffset + local.compressedSize);
		expect(stored.includes(text('top secret'))).toBe(false);
		expect(zipCryptoDecrypt(stored, 'infected').toString()).toBe('top secret');
		await expect(readZip(zip)).rejects.toThrow(/encrypt/i);
		{
			const file = path.join(os.tmpdir(), `sg-enc-${process.pid}.zip`);
			fs.writeFileSync(file, zip);
			try {
				expect(
					execFileSync('unzip', ['-p', '-P', 'infected', file, 'secret.txt'], { encoding: 'utf8' }),
				).toBe('top secret');
				expect(execFileSync('unzip', ['-p', '-P', 'pw', file, 'secret.bin']).equals(blob)).toBe(
					true,
				);
			} finally {
				fs.rmSync(file, { force: true });
			}
		}
	});

	test('directory entries and unix modes (symlinks)', async () => {
		const zip = buildZip([
			{ name: 'folder', directory: true },
			{ name: 'link', data: '/etc/passwd', unixMode: 0o120777 },
			{ name: 'folder/inner.txt', data: 'in a folder' },
		]);
		const { records } = parseCentral(zip);
		expect(records[0].name.toString()).toBe('folder/');
		expect(records[0].externalAttrs & 0x10).toBe(0x10);
		expect(records[1].madeBy >> 8).toBe(3);
		expect(records[1].externalAttrs >>> 16).toBe(0o120777);
		const entries = await readZip(zip);
		expect(entries.map((e) => e.name)).toEqual(['folder/', 'link', 'folder/inner.txt']);
	});

	test('a central directory that disagrees with the local headers', async () => {
		const zip = buildZip([
			{ name: 'local-name.txt', data: 'abc', central: { name: 'central-name.txt' } },
			{ name: 'small.txt', data: blob, method: 'deflate', central: { uncompressedSize: 10 } },
			{ name: 'crc.txt', data: 'abc', local: { crc: 0x12345678 } },
		]);
		const { records } = parseCentral(zip);
		expect(records[0].name.toString()).toBe('central-name.txt');
		expect(parseLocal(zip, records[0].localHeaderOffset).name.toString()).toBe('local-name.txt');
		expect(records[1].uncompressedSize).toBe(10);
		expect(parseLocal(zip, records[1].localHeaderOffset).uncompressedSize).toBe(blob.length);
		expect(parseLocal(zip, records[2].localHeaderOffset).crc).toBe(0x12345678);
		expect(records[2].crc).toBe(crc32(text('abc')));
		// A reader that trusts the central directory's size notices the lie.
		await expect(readZip(zip)).rejects.toThrow(/size|bytes/i);
	});

	test('a wrong localHeaderOffset in the central directory', async () => {
		const zip = buildZip([
			{ name: 'a.txt', data: 'a' },
			{ name: 'b.txt', data: 'b', central: { localHeaderOffset: 0 } },
		]);
		expect(parseCentral(zip).records[1].localHeaderOffset).toBe(0);
	});

	test('prefix bytes, archive comment, entry comment, entry count override, cut-short archive', async () => {
		const zip = buildZip([{ name: 'a.txt', data: 'a', comment: 'entry note' }], {
			prefix: Buffer.from('MZ-stub-'.repeat(8)),
			comment: 'archive note',
		});
		const { end, records } = parseCentral(zip);
		expect(records[0].localHeaderOffset).toBe(64);
		expect(records[0].comment.toString()).toBe('entry note');
		expect(zip.subarray(zip.length - 12).toString()).toBe('archive note');
		expect(end.commentLength).toBe(12);
		expect((await readZip(zip))[0].data.toString()).toBe('a');
		const lying = buildZip([{ name: 'a.txt' }], { entryCountOverride: 5 });
		expect(parseCentral(lying).end.entries).toBe(5);
		const cut = buildZip([{ name: 'a.txt', data: 'a' }], { omitCentralDirectory: true });
		expect(cut.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(false);
		await expect(readZip(cut)).rejects.toThrow();
	});

	test('method override: an unknown compression method', async () => {
		const zip = buildZip([
			{ name: 'x.bin', data: 'xyz', local: { method: 99 }, central: { method: 99 } },
		]);
		expect(parseCentral(zip).records[0].method).toBe(99);
		await expect(readZip(zip)).rejects.toThrow();
	});

	test('Info-ZIP unzip -t accepts an ordinary mixed archive', () => {
		const zip = buildZip([
			{ name: 'a.txt', data: 'hello' },
			{ name: 'café.bin', data: blob, method: 'deflate', dataDescriptor: true },
			{ name: 'dir', directory: true },
			{ name: 'dir/z.txt', data: 'z', zip64: true },
		]);
		expect(unzipTest(zip)).toMatch(/No errors detected/);
	});
});

describe('streaming writer', () => {
	let dir: string;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-zip-'));
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	test('buffers and files, stored and deflated, data descriptors by default', async () => {
		const file = path.join(dir, 'big.bin');
		const big = Buffer.alloc(300 * 1024);
		for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
		fs.writeFileSync(file, big);
		const entries: StreamEntry[] = [
			{ name: 'mem.txt', data: text('in memory') },
			{ name: 'disk.bin', path: file },
			{ name: 'disk-deflated.bin', path: file, method: 'deflate' },
			{ name: 'mem-deflated.bin', data: blob, method: 'deflate' },
		];
		const zip = await collect(zipStream(entries));
		const read = await readZip(zip);
		expect(read.map((e) => e.name)).toEqual(entries.map((e) => e.name));
		expect(read[1].data.equals(big)).toBe(true);
		expect(read[2].data.equals(big)).toBe(true);
		expect(read[3].data.equals(blob)).toBe(true);
		expect(read.every((e) => (e.entry.generalPurposeBitFlag & 8) === 8)).toBe(true);
		for (const e of read) expect(e.entry.crc32).toBe(crc32(e.data));
		expect(unzipTest(zip)).toMatch(/No errors/);
	});

	test('without data descriptors the local headers are complete', async () => {
		const zip = await collect(
			zipStream([{ name: 'a.bin', data: blob, method: 'deflate' }], { dataDescriptors: false }),
		);
		const local = parseLocal(zip, 0);
		expect(local.flags & 8).toBe(0);
		expect(local.crc).toBe(crc32(blob));
		expect(local.uncompressedSize).toBe(blob.length);
		expect((await readZip(zip))[0].data.equals(blob)).toBe(true);
	});

	test('forced ZIP64 with data descriptors (8-byte sizes)', async () => {
		const zip = await collect(
			zipStream(
				[
					{ name: 'a.bin', data: blob },
					{ name: 'b.txt', data: text('b') },
				],
				{ zip64: true },
			),
		);
		const local = parseLocal(zip, 0);
		expect(local.versionNeeded).toBe(45);
		const after = local.dataOffset + blob.length;
		expect(zip.readUInt32LE(after)).toBe(0x08074b50);
		expect(Number(zip.readBigUInt64LE(after + 8))).toBe(blob.length);
		const read = await readZip(zip);
		expect(read[0].data.equals(blob)).toBe(true);
		expect(unzipTest(zip)).toMatch(/No errors/);
	});

	test('parts are labelled (what the fault injector cuts at)', async () => {
		const kinds: string[] = [];
		for await (const p of zipParts([{ name: 'a', data: text('a') }])) kinds.push(p.kind);
		expect(kinds).toEqual(['local', 'data', 'descriptor', 'central', 'end']);
	});
});

function unzipTest(zip: Buffer): string {
	const file = path.join(os.tmpdir(), `sg-unzip-${process.pid}-${Date.now()}.zip`);
	fs.writeFileSync(file, zip);
	try {
		return execFileSync('unzip', ['-t', file], { encoding: 'utf8' });
	} finally {
		fs.rmSync(file, { force: true });
	}
}
