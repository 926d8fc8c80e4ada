import type { Budget } from '../caps';
import { StreamArchiveError, streamStats } from './budget';
import { crc32 } from './crc32';
import { untilDescriptor, type RawData } from './descriptor';
import { inflate } from './inflate';
import { toBuffer, type Input } from './input';
import type { LocalHeader, LocalRecord } from './records';

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
		streamStats.inflated += piece.length;
		if (declared !== undefined && size > declared) {
			throw new StreamArchiveError(
				`"${name}" is corrupt (it inflates past the ${declared} bytes it declares)`,
			);
		}
		budget.check(size, name);
		if (!crcChecked) crc = crc32(piece, crc);
		return toBuffer(piece);
	};
	const pieces = deflated ? inflate(stored, name) : stored;
	let raw: RawData;
	try {
		for (;;) {
			const next = await pieces.next();
			if (next.done) {
				raw = next.value;
				break;
			}
			if (next.value.length) yield take(next.value);
		}
	} finally {
		// Stopped early (a cap, a corrupt entry): the inflater lets go of its stream.
		if (deflated) void pieces.return(undefined as never).catch(() => undefined);
	}
	const record = recordOf(header, raw);
	if (size !== record.uncompressedSize) {
		throw new StreamArchiveError(
			`"${name}" is corrupt (${size} bytes where the archive says ${record.uncompressedSize})`,
		);
	}
	if (!crcChecked && crc !== record.crc >>> 0)
		throw new StreamArchiveError(`"${name}" is corrupt (CRC-32 mismatch)`);
	return record;
}
