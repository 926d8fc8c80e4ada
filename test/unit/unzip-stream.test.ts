import { randomBytes } from 'crypto';
import { crc32 as zlibCrc32 } from 'zlib';

import { buildZip, zipParts, type ZipEntrySpec, type ZipOptions } from '../../emulator/zip';
import {
	StreamArchiveError,
	Budget,
	crc32,
	readArchiveStream,
} from '../../nodes/SharedGallery/unzip';
import { SafetyCapError } from '../../nodes/SharedGallery/caps';

/** The archive as a body arriving in pieces of `size` bytes (1 byte: every border is tried). */
async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
	for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const roomy = () => new Budget(1000, 1e9, 1e9);

/** An entry's bytes gathered as they arrive. */
async function gather(bytes: AsyncIterable<Buffer>): Promise<Buffer> {
	const pieces: Buffer[] = [];
	for await (const piece of bytes) pieces.push(piece);
	return Buffer.concat(pieces);
}

/** name → bytes (or the entry's problem), reading every entry. */
async function readAll(bytes: Buffer, { size = 7, budget = roomy() } = {}) {
	const out: Record<string, string | Buffer> = {};
	for await (const entry of readArchiveStream(pieces(bytes, size), budget)) {
		out[entry.name] = entry.problem ?? (await gather(entry.bytes()));
	}
	return out;
}

/** Payloads that contain what a careless reader takes for a data descriptor or a header. */
const tricky = Buffer.concat([
	Buffer.from('\xff\xd8'),
	Buffer.from('PK\x07\x08'),
	Buffer.alloc(12, 0),
	Buffer.from('PK\x03\x04PK\x01\x02PK\x07\x08'),
	randomBytes(3000),
	Buffer.from('PK\x07\x08\x00\x00\x00\x00\x10\x00\x00\x00\x10\x00\x00\x00PK\x03\x04'),
]);

describe('crc32', () => {
	test('equals zlib.crc32 on every length and when continued', () => {
		const data = randomBytes(5000);
		for (const length of [0, 1, 7, 8, 9, 63, 64, 65, 71, 4999, 5000]) {
			expect(crc32(data.subarray(0, length))).toBe(zlibCrc32(data.subarray(0, length)) >>> 0);
		}
		expect(crc32(data.subarray(1000), crc32(data.subarray(0, 1000)))).toBe(zlibCrc32(data) >>> 0);
		// Every alignment of the start (the word-at-a-time loop aligns itself first).
		for (let offset = 0; offset < 8; offset++) {
			expect(crc32(data.subarray(offset, offset + 3001))).toBe(
				zlibCrc32(data.subarray(offset, offset + 3001)) >>> 0,
			);
		}
	});
});

describe('data descriptors (sizes after the data)', () => {
	const entries = (method: 'store' | 'deflate', signature: boolean): ZipEntrySpec[] => [
		{ name: 'a.jpg', data: tricky, method, dataDescriptor: true, descriptorSignature: signature },
		{
			name: 'b.png',
			data: Buffer.alloc(100_000, 7),
			method,
			dataDescriptor: true,
			descriptorSignature: signature,
		},
		{
			name: 'empty.txt',
			data: Buffer.alloc(0),
			method,
			dataDescriptor: true,
			descriptorSignature: signature,
		},
		{
			name: 'c.bin',
			data: randomBytes(70_000),
			method,
			dataDescriptor: true,
			descriptorSignature: signature,
			zip64: true,
		},
	];
	test.each([
		['stored', 'store', true],
		['stored, no signature', 'store', false],
		['deflated', 'deflate', true],
		['deflated, no signature', 'deflate', false],
	] as const)(
		'%s entries extract byte for byte, whatever the chunk borders',
		async (_label, method, signature) => {
			const spec = entries(method, signature);
			const archive = buildZip(spec);
			for (const size of [1, 5, 4096, archive.length]) {
				const out = await readAll(archive, { size });
				expect(Object.keys(out)).toEqual(['a.jpg', 'b.png', 'empty.txt', 'c.bin']);
				for (const entry of spec)
					expect(Buffer.compare(out[entry.name as string] as Buffer, entry.data as Buffer)).toBe(0);
			}
		},
	);

	test('mixed: with and without descriptors, stored and deflated, ZIP64 end records', async () => {
		const spec: ZipEntrySpec[] = [
			{ name: 'one.jpg', data: tricky, method: 'store' },
			{ name: 'two.jpg', data: tricky, method: 'deflate', dataDescriptor: true },
			{ name: 'three.jpg', data: tricky, method: 'deflate' },
			{ name: 'four.jpg', data: tricky, method: 'store', dataDescriptor: true, zip64: true },
		];
		const out = await readAll(buildZip(spec, { zip64: true }), { size: 333 });
		for (const entry of spec)
			expect(Buffer.compare(out[entry.name as string] as Buffer, tricky)).toBe(0);
	});

	test("the emulator's streaming writer (what the file host serves): every entry with a descriptor", async () => {
		const files = [
			{ name: 'v.mp4', data: randomBytes(300_000), method: 'store' as const },
			{ name: 'p.jpg', data: tricky, method: 'deflate' as const },
			{ name: 'q.jpg', data: Buffer.alloc(50_000, 1), method: 'deflate' as const },
		];
		const parts: Buffer[] = [];
		for await (const part of zipParts(files)) parts.push(part.bytes);
		const out = await readAll(Buffer.concat(parts), { size: 65_536 });
		for (const file of files) expect(Buffer.compare(out[file.name] as Buffer, file.data)).toBe(0);
	});

	test('entries not read are skipped, and the next ones still extract', async () => {
		const spec = entries('store', true);
		const seen: string[] = [];
		for await (const entry of readArchiveStream(pieces(buildZip(spec), 11), roomy())) {
			if (entry.name === 'c.bin')
				expect(Buffer.compare(await gather(entry.bytes()), spec[3].data as Buffer)).toBe(0);
			seen.push(entry.name);
		}
		expect(seen).toEqual(['a.jpg', 'b.png', 'empty.txt', 'c.bin']);
	});
});

describe('bad archives fail clearly', () => {
	const good: ZipEntrySpec[] = [
		{ name: 'a.jpg', data: tricky },
		{ name: 'b.jpg', data: tricky, method: 'deflate' },
	];
	const fails = async (bytes: Buffer, message: RegExp, options: ZipOptions = {}) => {
		void options;
		await expect(readAll(bytes)).rejects.toThrow(message);
		await expect(readAll(bytes)).rejects.toBeInstanceOf(StreamArchiveError);
	};
	test('a wrong CRC-32', async () =>
		fails(buildZip([{ ...good[0], local: { crc: 1 }, central: { crc: 1 } }]), /CRC-32/));
	test('truncated', async () => fails(buildZip(good).subarray(0, 3000), /ends/));
	test('no central directory', async () =>
		fails(buildZip(good, { omitCentralDirectory: true }), /central directory/));
	test('no central directory, the body ending right after a data descriptor (found by fuzzing)', async () => {
		for (const descriptorSignature of [true, false]) {
			const archive = buildZip(
				good.map((e) => ({ ...e, dataDescriptor: true, descriptorSignature })),
				{ omitCentralDirectory: true },
			);
			await fails(archive, /central directory/);
		}
	});
	test('central directory and local header disagree', async () =>
		fails(buildZip([{ ...good[0], local: { name: 'evil.sh' } }, good[1]]), /disagree/));
	test('not a zip', async () => fails(Buffer.from('<html>nope</html>'), /not a zip/));
	test('empty', async () => fails(Buffer.alloc(0), /empty/));
	test('junk before the first entry is skipped', async () => {
		const out = await readAll(buildZip(good, { prefix: Buffer.alloc(5000, 0x50) }));
		expect(Object.keys(out)).toEqual(['a.jpg', 'b.jpg']);
	});
});

describe('bytes pass on as they arrive', () => {
	const big = randomBytes(2_000_000);
	const archiveOf = (method: 'store' | 'deflate', dataDescriptor: boolean) =>
		buildZip([
			{ name: 'v.mp4', data: big, method, dataDescriptor },
			{ name: 'p.jpg', data: tricky, method, dataDescriptor },
		]);

	test.each([
		['stored', 'store', false],
		['stored, with a descriptor', 'store', true],
		['deflated', 'deflate', false],
		['deflated, with a descriptor', 'deflate', true],
	] as const)(
		'%s: the first piece comes before the body has arrived',
		async (_, method, descriptor) => {
			let pulled = 0;
			const zip = archiveOf(method, descriptor);
			const body = (async function* () {
				for (let at = 0; at < zip.length; at += 65_536) {
					pulled += Math.min(65_536, zip.length - at);
					yield zip.subarray(at, at + 65_536);
				}
			})();
			const firstPieceAt: number[] = [];
			for await (const entry of readArchiveStream(body, roomy())) {
				let first = true;
				for await (const piece of entry.bytes()) {
					if (first && piece.length) firstPieceAt.push(pulled);
					first = false;
				}
			}
			expect(firstPieceAt[0]).toBeLessThan(zip.length / 4);
		},
	);

	test.each([
		['stored', 'store', false],
		['stored, with a descriptor', 'store', true],
		['deflated, with a descriptor', 'deflate', true],
	] as const)(
		'%s: a consumer that stops early (its store refused the file) leaves the rest read past, and the archive goes on',
		async (_, method, descriptor) => {
			const out: Record<string, number> = {};
			for await (const entry of readArchiveStream(
				pieces(archiveOf(method, descriptor), 4096),
				roomy(),
			)) {
				if (entry.name === 'v.mp4') {
					for await (const piece of entry.bytes()) {
						out[entry.name] = piece.length;
						break;
					}
				} else out[entry.name] = (await gather(entry.bytes())).length;
			}
			expect(out['v.mp4']).toBeGreaterThan(0);
			expect(out['v.mp4']).toBeLessThan(big.length);
			expect(out['p.jpg']).toBe(tricky.length);
		},
	);

	test('a wrong CRC-32 throws after the last piece, and again at the next step, even when the consumer stopped early', async () => {
		const zip = buildZip([
			{ name: 'v.mp4', data: big, local: { crc: 1 }, central: { crc: 1 } },
			{ name: 'p.jpg', data: tricky },
		]);
		let passed = 0;
		let thrown: unknown;
		const read = (async () => {
			for await (const entry of readArchiveStream(pieces(zip, 65_536), roomy())) {
				try {
					for await (const piece of entry.bytes()) passed += piece.length;
				} catch (error) {
					thrown = error;
				}
			}
		})();
		await expect(read).rejects.toThrow(/v\.mp4.*CRC-32 mismatch/);
		expect(passed).toBe(big.length);
		expect((thrown as Error).message).toMatch(/CRC-32 mismatch/);

		const stoppedEarly = (async () => {
			for await (const entry of readArchiveStream(pieces(zip, 65_536), roomy())) {
				for await (const _piece of entry.bytes()) break;
			}
		})();
		await expect(stoppedEarly).rejects.toThrow(/CRC-32 mismatch/);
	});
});

describe('caps', () => {
	test('Max File Size: a stored entry with a descriptor stops at the cap', async () => {
		const archive = buildZip([
			{ name: 'big.mp4', data: Buffer.alloc(200_000), dataDescriptor: true },
		]);
		await expect(readAll(archive, { budget: new Budget(10, 1e9, 100_000) })).rejects.toThrow(
			/Max File Size/,
		);
		await expect(readAll(archive, { budget: new Budget(10, 1e9, 100_000) })).rejects.toBeInstanceOf(
			SafetyCapError,
		);
	});
	test('Max Total Size, before the bytes when the size is declared', async () => {
		const archive = buildZip([
			{ name: 'a.bin', data: Buffer.alloc(60_000) },
			{ name: 'b.bin', data: Buffer.alloc(60_000) },
		]);
		await expect(readAll(archive, { budget: new Budget(10, 100_000, 1e9) })).rejects.toThrow(
			/Max Total Size/,
		);
	});
	test('a bomb that declares a small size stops at the declared size', async () => {
		const archive = buildZip([
			{
				name: 'bomb.bin',
				data: Buffer.alloc(5_000_000),
				method: 'deflate',
				central: { uncompressedSize: 1000 },
				local: { uncompressedSize: 1000 },
			},
		]);
		await expect(readAll(archive)).rejects.toThrow(/inflates past/);
	});
	test('Max Files', async () => {
		const archive = buildZip(
			Array.from({ length: 5 }, (_, i) => ({ name: `${i}.txt`, data: 'x' })),
		);
		await expect(readAll(archive, { budget: new Budget(3, 1e9, 1e9) })).rejects.toThrow(
			/Max Files/,
		);
	});
});
