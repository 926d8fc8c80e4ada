import type { Budget } from '../caps';
import { StreamArchiveError } from './budget';
import { crc32 } from './crc32';
import type { Input } from './input';
import { NEXT_RECORD, readU64, SIG, storedNameOf, type LocalHeader } from './records';

export interface RawData {
	crc: number;
	compressedSize: number;
	uncompressedSize: number;
}

/**
 * Data whose size follows it, passed on as it arrives. The data ends at the first place where a
 * descriptor (signed or not, 32- or 64-bit sizes) states a compressed size equal to the bytes
 * before it and is followed by a record signature; stored data must also match its CRC-32 and
 * sizes there. A chance match needs 8 to 12 bytes to agree at once. The last WINDOW bytes are
 * held back (in whole pieces, as they arrived): the descriptor may start there.
 */
export async function* untilDescriptor(
	input: Input,
	header: LocalHeader,
	name: string | undefined,
	budget: Budget,
): AsyncGenerator<Buffer, RawData> {
	const stored = header.method === 0;
	/** The last bytes seen (up to WINDOW), for matches across chunk borders. */
	let window = Buffer.alloc(0);
	/** Bytes of the entry before `chunk`. */
	let total = 0;
	/** Stored data: CRC-32 of the bytes before `window`, so a candidate descriptor's CRC can be checked. */
	let crcBefore = 0;
	/** Pieces not passed on yet, the entry's bytes from `total - heldLength`. */
	const held: Buffer[] = [];
	let heldLength = 0;
	for (;;) {
		const chunk = await input.next();
		const w = window.length;
		const windowBase = total - w;
		// Stored data must also match the descriptor's CRC-32 and have equal sizes.
		const accept = (start: number, crc: number, uncompressedSize: number): boolean => {
			if (!stored) return true;
			if (uncompressedSize !== start) return false;
			const upTo = start - windowBase;
			const sum =
				upTo <= w
					? crc32(window.subarray(0, upTo), crcBefore)
					: crc32(chunk!.subarray(0, upTo - w), crc32(window, crcBefore));
			return sum === crc >>> 0;
		};
		// Signatures that start in the window's last bytes or the chunk's first WINDOW bytes: in a
		// small joined copy. Later ones have their whole descriptor inside the chunk: in place.
		const head = chunk ? Buffer.concat([window, chunk.subarray(0, WINDOW + 3)]) : window;
		const found =
			findDescriptor(head, windowBase, Math.max(0, w - 3), w + WINDOW, accept) ??
			(chunk ? findDescriptor(chunk, total, WINDOW, chunk.length, accept) : undefined) ??
			(chunk ? undefined : candidateAt(head, windowBase, head.length, accept));
		if (found) {
			// The data ends in the held pieces or in this chunk.
			let at = total - heldLength;
			for (const piece of held) {
				if (at >= found.start) break;
				yield piece.subarray(0, found.start - at);
				at += piece.length;
			}
			if (chunk && found.start > total) yield chunk.subarray(0, found.start - total);
			const rest = found.end - windowBase;
			// What follows the descriptor goes back to the input (nothing when the body ended with it).
			if (rest < w) input.unshift(Buffer.concat([window.subarray(rest), chunk ?? Buffer.alloc(0)]));
			else if (chunk) input.unshift(chunk.subarray(rest - w));
			if (name !== undefined)
				budget.check(stored ? found.start : Math.floor(found.start / 2), name);
			return {
				crc: found.crc,
				compressedSize: found.start,
				uncompressedSize: found.uncompressedSize,
			};
		}
		if (!chunk)
			throw new StreamArchiveError(`the archive ends inside "${name ?? storedNameOf(header)}"`);
		held.push(chunk);
		heldLength += chunk.length;
		total += chunk.length;
		// A descriptor found later starts at `total - WINDOW` or after: what ends before is data.
		while (heldLength - held[0].length >= WINDOW) {
			const piece = held.shift()!;
			heldLength -= piece.length;
			yield piece;
		}
		// Deflated bytes are checked once inflated; their stored size may not run far past the caps either.
		if (name !== undefined) budget.check(stored ? total : Math.floor(total / 2), name);
		if (chunk.length >= WINDOW) {
			if (stored)
				crcBefore = crc32(chunk.subarray(0, chunk.length - WINDOW), crc32(window, crcBefore));
			window = Buffer.from(chunk.subarray(chunk.length - WINDOW));
		} else {
			const joined = Buffer.concat([window, chunk]);
			const keepFrom = Math.max(0, joined.length - WINDOW);
			if (stored) crcBefore = crc32(joined.subarray(0, keepFrom), crcBefore);
			window = Buffer.from(joined.subarray(keepFrom));
		}
	}
}

/** A descriptor and the next record's signature: at most 24 + 4 bytes. */
export const WINDOW = 28;

export interface Descriptor {
	/** Absolute offsets, from the entry's data start: where the descriptor starts and ends. */
	start: number;
	end: number;
	crc: number;
	uncompressedSize: number;
}

export type Accept = (start: number, crc: number, uncompressedSize: number) => boolean;

export const DESCRIPTOR_FORMS: Array<{ length: number; signed: boolean; wide: boolean }> = [
	{ length: 16, signed: true, wide: false },
	{ length: 12, signed: false, wide: false },
	{ length: 24, signed: true, wide: true },
	{ length: 20, signed: false, wide: true },
];

/** The first record signature at an index in [from, to) that ends a descriptor. `base`: the absolute offset of bytes[0]. */
export function findDescriptor(
	bytes: Buffer,
	base: number,
	from: number,
	to: number,
	accept: Accept,
): Descriptor | undefined {
	const last = Math.min(to, bytes.length - 4);
	for (let i = bytes.indexOf(0x50, from); i !== -1 && i <= last; i = bytes.indexOf(0x50, i + 1)) {
		if (bytes[i + 1] !== 0x4b || !NEXT_RECORD.has(bytes.readUInt32LE(i))) continue;
		const found = candidateAt(bytes, base, i, accept);
		if (found) return found;
	}
	return undefined;
}

/** A descriptor ending at bytes[q] (the next record, or the end of the body), in any of its four forms. */
export function candidateAt(
	bytes: Buffer,
	base: number,
	q: number,
	accept: Accept,
): Descriptor | undefined {
	for (const form of DESCRIPTOR_FORMS) {
		const at = q - form.length;
		if (at < 0 || base + at < 0) continue;
		if (form.signed && bytes.readUInt32LE(at) !== SIG.descriptor) continue;
		const fields = at + (form.signed ? 4 : 0);
		const start = base + at;
		const compressed = form.wide ? readU64(bytes, fields + 4) : bytes.readUInt32LE(fields + 4);
		if (compressed !== start) continue;
		const crc = bytes.readUInt32LE(fields);
		const uncompressedSize = form.wide
			? readU64(bytes, fields + 12)
			: bytes.readUInt32LE(fields + 8);
		if (!accept(start, crc, uncompressedSize)) continue;
		return { start, end: base + q, crc, uncompressedSize };
	}
	return undefined;
}
