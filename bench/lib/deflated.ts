// Media whose every byte deflate Huffman-codes, as it does a JPEG's entropy-coded data or an
// MP4's: about 1.003× smaller, no matches (random bytes would be stored, not deflated). Each file
// is written with its raw deflate copy beside it, made from pieces deflated once, so that a
// 1 GB deflated archive costs neither the fixture nor the emulator any deflating.
import { randomFillSync } from 'crypto';
import { createWriteStream, promises as fs, type WriteStream } from 'fs';
import * as zlib from 'zlib';

import { addDeflatedCopy } from '../../emulator/archive';
import type { DeflatedCopy } from '../../emulator/zip';

const MB = 1024 * 1024;
/** One byte in 16 (q 0.06) is one of 8 favoured values: entropy 7.94 bits, deflate 1.0028×. */
const FAVOURED_SHARE = 0.06;
const FAVOURED = 8;

/** Bytes of a JPEG-like distribution: uniform, with a few values a little more frequent. */
export function jpegLike(bytes: number): Buffer {
	const noise = randomFillSync(Buffer.alloc(bytes * 2));
	const out = Buffer.alloc(bytes);
	const threshold = FAVOURED_SHARE * 256;
	for (let i = 0; i < bytes; i++) {
		const a = noise[2 * i];
		const b = noise[2 * i + 1];
		out[i] = a < threshold ? (b % FAVOURED) * (256 / FAVOURED) : b;
	}
	return out;
}

/**
 * A deflate piece that may be followed by others: Huffman-coded blocks, then an empty stored
 * block (full flush), so it ends on a byte and refers to nothing before it.
 */
function deflatePiece(data: Buffer): Buffer {
	return zlib.deflateRawSync(data, {
		strategy: zlib.constants.Z_HUFFMAN_ONLY,
		finishFlush: zlib.constants.Z_FULL_FLUSH,
	});
}

/** The final, empty block (fixed Huffman, end of block only): ends a stream of pieces. */
const FINAL_BLOCK = Buffer.from([0x03, 0x00]);

interface Piece {
	raw: Buffer;
	deflated: Buffer;
}

let pool: Piece[] | undefined;

/** 8 pieces of 1 MiB, rotated: no repeat within deflate's 32 KiB window. */
function piecePool(): Piece[] {
	pool ??= Array.from({ length: 8 }, () => {
		const raw = jpegLike(MB);
		return { raw, deflated: deflatePiece(raw) };
	});
	return pool;
}

async function write(out: WriteStream, bytes: Buffer): Promise<void> {
	if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

async function close(out: WriteStream): Promise<void> {
	await new Promise<void>((resolve, reject) =>
		out.end((error?: Error | null) => (error ? reject(error) : resolve())),
	);
}

/** Writes `path` (`bytes` long) and `path.deflate` (its raw deflate); registers the copy. */
export async function writeJpegLike(path: string, bytes: number, seed: number): Promise<void> {
	const copyPath = `${path}.deflate`;
	const crcPath = `${path}.crc`;
	const existing = await fs.stat(path).catch(() => undefined);
	const crcText = await fs.readFile(crcPath, 'utf8').catch(() => undefined);
	if (existing?.size === bytes && crcText !== undefined) {
		addDeflatedCopy(path, { path: copyPath, crc: Number(crcText) });
		return;
	}
	const pieces = piecePool();
	const raw = createWriteStream(path);
	const packed = createWriteStream(copyPath);
	let crc = 0;
	for (let left = bytes, i = seed; left > 0; i++) {
		const piece = pieces[i % pieces.length];
		if (left >= piece.raw.length) {
			await write(raw, piece.raw);
			await write(packed, piece.deflated);
			crc = zlib.crc32(piece.raw, crc);
			left -= piece.raw.length;
		} else {
			const tail = piece.raw.subarray(0, left);
			await write(raw, tail);
			await write(packed, deflatePiece(tail));
			crc = zlib.crc32(tail, crc);
			left = 0;
		}
	}
	await write(packed, FINAL_BLOCK);
	await Promise.all([close(raw), close(packed)]);
	await fs.writeFile(crcPath, String(crc >>> 0));
	const copy: DeflatedCopy = { path: copyPath, crc: crc >>> 0 };
	addDeflatedCopy(path, copy);
}
