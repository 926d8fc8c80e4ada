import { Inflate } from 'fflate';

import { SafetyCapError } from '../caps';
import type { Budget } from '../caps';
import { StreamArchiveError, streamStats } from './budget';
import { crc32 } from './crc32';
import { untilDescriptor, type RawData } from './descriptor';
import { toBuffer, type Input } from './input';
import type { LocalHeader, LocalRecord } from './records';

/** Compressed bytes per inflate step: bounds what one step can inflate past a cap. */
export const INFLATE_STEP = 16 * 1024;

/**
 * The entry's stored bytes as they arrive: by its declared size, or up to its data descriptor.
 * `name`: the entry is extracted (its caps are counted); without it, the bytes are only passed.
 */
export async function* storedBytes(
	input: Input,
	header: LocalHeader,
	name: string | undefined,
	budget: Budget,
): AsyncGenerator<Buffer, RawData> {
	if (header.flags & 0x0008) return yield* untilDescriptor(input, header, name, budget);
	const size = header.compressedSize;
	if (!Number.isSafeInteger(size))
		throw new StreamArchiveError(`"${name ?? 'an entry'}" declares an impossible size`);
	if (name !== undefined) {
		budget.reserve(header.uncompressedSize, name);
		// Deflate barely grows what it cannot shrink: half the stored bytes is a safe lower bound.
		budget.check(header.method === 0 ? size : Math.floor(size / 2), name);
	}
	for (let left = size; left > 0;) {
		let piece = await input.next();
		if (!piece) throw new StreamArchiveError(`the archive ends inside "${name ?? 'an entry'}"`);
		if (piece.length > left) {
			input.unshift(piece.subarray(left));
			piece = piece.subarray(0, left);
		}
		left -= piece.length;
		yield piece;
	}
	return { crc: header.crc, compressedSize: size, uncompressedSize: header.uncompressedSize };
}

export function recordOf(header: LocalHeader, raw: RawData): LocalRecord {
	return {
		offset: header.offset,
		nameRaw: header.nameRaw,
		method: header.method,
		crc: raw.crc,
		compressedSize: raw.compressedSize,
		uncompressedSize: raw.uncompressedSize,
	};
}

/**
 * Stored bytes → the file's bytes as they arrive: inflated when deflated, counted against the
 * caps. At the end, the sizes and the CRC-32 must agree with the entry's record, or it throws:
 * the consumer must not trust a file before its last piece was taken.
 */
export async function* fileBytes(
	stored: AsyncGenerator<Buffer, RawData>,
	header: LocalHeader,
	name: string,
	budget: Budget,
): AsyncGenerator<Buffer, LocalRecord> {
	const deflated = header.method !== 0;
	const sizesFirst = !(header.flags & 0x0008);
	/** The size the file declares before its bytes, when it does: inflating stops past it. */
	const declared = deflated && sizesFirst ? header.uncompressedSize : undefined;
	// Stored bytes ended by a descriptor had their CRC-32 checked while finding it.
	const crcChecked = !deflated && !sizesFirst;
	let size = 0;
	let crc = 0;
	const take = (piece: Uint8Array): Buffer => {
		size += piece.length;
		if (declared !== undefined && size > declared) {
			throw new StreamArchiveError(
				`"${name}" is corrupt (it inflates past the ${declared} bytes it declares)`,
			);
		}
		budget.check(size, name);
		if (!crcChecked) crc = crc32(piece, crc);
		return toBuffer(piece);
	};
	const inflater = deflated ? new Inflation(name) : undefined;
	let raw: RawData;
	for (;;) {
		const next = await stored.next();
		if (next.done) {
			raw = next.value;
			break;
		}
		if (!inflater) {
			yield take(next.value);
			continue;
		}
		for (let at = 0; at < next.value.length; at += INFLATE_STEP) {
			for (const piece of inflater.push(next.value.subarray(at, at + INFLATE_STEP), false))
				if (piece.length) yield take(piece);
		}
	}
	if (inflater)
		for (const piece of inflater.push(new Uint8Array(0), true)) if (piece.length) yield take(piece);
	const record = recordOf(header, raw);
	streamStats.inflated += size;
	if (size !== record.uncompressedSize) {
		throw new StreamArchiveError(
			`"${name}" is corrupt (${size} bytes where the archive says ${record.uncompressedSize})`,
		);
	}
	if (!crcChecked && crc !== record.crc >>> 0)
		throw new StreamArchiveError(`"${name}" is corrupt (CRC-32 mismatch)`);
	return record;
}

/** fflate's streaming inflater, its output handed back step by step so a bomb stops at a cap. */
class Inflation {
	private readonly out: Uint8Array[] = [];

	private ended = false;

	private readonly inflater = new Inflate((chunk, final) => {
		this.out.push(chunk);
		if (final) this.ended = true;
	});

	constructor(private readonly name: string) {}

	push(compressed: Uint8Array, final: boolean): Uint8Array[] {
		// What follows the end of the deflate stream inside the entry is not part of the file.
		if (this.ended) return [];
		let failure: unknown;
		try {
			this.inflater.push(compressed, final);
		} catch (error) {
			failure = error ?? new Error('inflate failed');
		}
		if (failure instanceof StreamArchiveError || failure instanceof SafetyCapError) throw failure;
		if (failure !== undefined) {
			throw new StreamArchiveError(
				`"${this.name}" is corrupt (${failure instanceof Error ? failure.message : String(failure)})`,
			);
		}
		return this.out.splice(0);
	}
}
