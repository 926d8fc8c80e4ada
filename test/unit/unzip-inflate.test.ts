import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as zlib from 'zlib';

import { jpegLike } from '../../bench/lib/deflated';
import { makeJpeg, makePng, writeLargeMp4 } from '../../emulator';
import { buildZip, zipParts, type StreamEntry } from '../../emulator/zip';
import { SafetyCapError } from '../../nodes/SharedGallery/caps';
import {
	Budget,
	readArchiveStream,
	StreamArchiveError,
	streamStats,
} from '../../nodes/SharedGallery/unzip';
import { INFLATE_STEP } from '../../nodes/SharedGallery/unzip/inflate';

const MB = 1024 * 1024;
const roomy = () => new Budget(1000, 1e10, 1e10);

/** The body in pieces of `size` bytes, as a network gives it. */
async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
	for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

type Path = 'native' | 'fflate';

/** Runs `work` with the runtime's inflater, or as a runtime without `DecompressionStream`. */
async function on<T>(path: Path, work: () => Promise<T>): Promise<T> {
	const global = globalThis as { DecompressionStream?: unknown };
	const saved = global.DecompressionStream;
	if (path === 'fflate') delete global.DecompressionStream;
	const before = streamStats.nativeInflates;
	try {
		const result = await work();
		return result;
	} finally {
		global.DecompressionStream = saved;
		// The path asked for is the path taken.
		if (path === 'fflate') expect(streamStats.nativeInflates).toBe(before);
	}
}

/** name → bytes, every entry read; or the error the archive throws. */
async function readAll(
	path: Path,
	archive: Buffer,
	{ size = 65_536, budget = roomy() } = {},
): Promise<Map<string, Buffer>> {
	return await on(path, async () => {
		const out = new Map<string, Buffer>();
		for await (const entry of readArchiveStream(pieces(archive, size), budget)) {
			const parts: Buffer[] = [];
			for await (const piece of entry.bytes()) parts.push(piece);
			out.set(entry.name, Buffer.concat(parts));
		}
		return out;
	});
}

async function served(entries: StreamEntry[]): Promise<Buffer> {
	const parts: Buffer[] = [];
	for await (const part of zipParts(entries)) parts.push(part.bytes);
	return Buffer.concat(parts);
}

let dir: string;

beforeAll(async () => {
	dir = await fs.mkdtemp(join(tmpdir(), 'unzip-inflate-'));
});

afterAll(async () => {
	await fs.rm(dir, { recursive: true, force: true });
});

describe('the native inflater and fflate give the same files as zlib', () => {
	test('on the emulator’s archives: media the emulator makes, every entry deflated', async () => {
		const video = join(dir, 'clip.mp4');
		await writeLargeMp4(video, 3 * MB, 'inflate test');
		const data: Record<string, Buffer> = {
			'photo.jpg': makeJpeg(640, 480, 80, 'inflate'),
			'scan.png': makePng(300, 200, 40, 'inflate'),
			'jpeg-like.jpg': jpegLike(2 * MB + 123),
			'text.txt': Buffer.from('the same words again and again '.repeat(20_000)),
			'empty.txt': Buffer.alloc(0),
		};
		const entries: StreamEntry[] = [
			...Object.entries(data).map(([name, bytes]) => ({
				name,
				data: bytes,
				method: 'deflate' as const,
			})),
			{ name: 'clip.mp4', path: video, method: 'deflate' },
		];
		const archive = await served(entries);
		const expected = new Map(Object.entries(data));
		expected.set('clip.mp4', zlib.inflateRawSync(zlib.deflateRawSync(await fs.readFile(video))));
		const before = streamStats.nativeInflates;
		const native = await readAll('native', archive);
		expect(streamStats.nativeInflates - before).toBe(entries.length);
		const fallback = await readAll('fflate', archive);
		for (const [name, bytes] of expected) {
			expect({ name, equal: native.get(name)?.equals(bytes) }).toEqual({ name, equal: true });
			expect({ name, equal: fallback.get(name)?.equals(bytes) }).toEqual({ name, equal: true });
		}
	});

	test('on fuzzed input: sizes, byte skews, levels and piece sizes', async () => {
		let seed = 7;
		const random = () => {
			seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
			return seed / 2 ** 31;
		};
		for (let round = 0; round < 12; round++) {
			const length = Math.floor(random() ** 3 * 400_000);
			const alphabet = 1 + Math.floor(random() * 256);
			const noise = randomBytes(length);
			const data = Buffer.alloc(length);
			for (let i = 0; i < length; i++) data[i] = noise[i] % alphabet;
			const level = Math.floor(random() * 10);
			const packed = zlib.deflateRawSync(data, { level });
			const archive = buildZip([
				{ name: 'a.bin', data, method: 'deflate', dataDescriptor: random() < 0.5 },
			]);
			// The archive's entry is zlib's own deflate; the test's level checks another encoder.
			const other = buildZip([
				{
					name: 'b.bin',
					data: packed,
					local: { method: 8, uncompressedSize: length, crc: zlib.crc32(data) },
					central: { method: 8, uncompressedSize: length, crc: zlib.crc32(data) },
				},
			]);
			const size = 1 + Math.floor(random() * 70_000);
			for (const path of ['native', 'fflate'] as const) {
				const out = new Map([
					...(await readAll(path, archive, { size })),
					...(await readAll(path, other, { size })),
				]);
				const context = { round, path, length, alphabet, level, size };
				expect({ ...context, a: out.get('a.bin')?.equals(data) }).toEqual({ ...context, a: true });
				expect({ ...context, b: out.get('b.bin')?.equals(data) }).toEqual({ ...context, b: true });
			}
		}
	});

	test('corrupt deflate data: an error naming the file, on both paths', async () => {
		const data = jpegLike(300_000);
		const packed = zlib.deflateRawSync(data);
		const header = { method: 8, uncompressedSize: data.length, crc: zlib.crc32(data) };
		const cases: Record<string, Buffer> = {
			'cut short': packed.subarray(0, packed.length >> 1),
			'a bad block type': Buffer.concat([Buffer.from([0x07]), packed.subarray(1)]),
			'bytes flipped': Buffer.from(packed.map((b, i) => (i % 5000 === 4000 ? b ^ 0xff : b))),
		};
		for (const [what, bytes] of Object.entries(cases)) {
			const archive = buildZip([
				{ name: 'photo.jpg', data: bytes, local: header, central: header },
			]);
			for (const path of ['native', 'fflate'] as const) {
				const error = await readAll(path, archive).then(
					() => undefined,
					(e: unknown) => e,
				);
				expect({ what, path, error: error instanceof StreamArchiveError }).toEqual({
					what,
					path,
					error: true,
				});
				expect((error as Error).message).toContain('"photo.jpg"');
			}
		}
	});
});

describe('a bomb stops at its cap on both paths', () => {
	/** 64 MB of zeros in about 64 KB, declaring nothing until its descriptor. */
	const zeros = 64 * MB;
	let packed: Buffer;
	let crc: number;

	beforeAll(() => {
		const data = Buffer.alloc(zeros);
		packed = zlib.deflateRawSync(data, { level: 9 });
		crc = zlib.crc32(data);
	});

	test.each(['native', 'fflate'] as const)('%s', async (path) => {
		const header = { method: 8, uncompressedSize: 0, crc: 0 };
		const archive = buildZip([
			{
				name: 'bomb.bin',
				data: packed,
				dataDescriptor: true,
				local: header,
				central: { method: 8, uncompressedSize: zeros, crc },
			},
		]);
		const cap = 4 * MB;
		const budget = new Budget(10, 1e10, cap);
		const before = streamStats.inflated;
		const error = await readAll(path, archive, { budget }).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toBeInstanceOf(SafetyCapError);
		const inflated = streamStats.inflated - before;
		// Past the cap by at most what one step inflates (deflate's most: about 1,032×).
		expect(inflated).toBeGreaterThan(cap);
		expect(inflated).toBeLessThanOrEqual(cap + INFLATE_STEP * 1032);
		if (path === 'native') expect(inflated).toBeLessThanOrEqual(cap + 256 * 1024);
	});
});
