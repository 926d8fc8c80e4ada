import { Inflate } from 'fflate';

import { SafetyCapError } from '../caps';
import type { Budget } from '../caps';
import { StreamArchiveError, streamStats } from './budget';
import { crc32 } from './crc32';
import { readUntilDescriptor, type RawData } from './descriptor';
import type { Input, Scratch } from './input';
import type { LocalHeader, LocalRecord } from './records';

/** Compressed bytes per inflate step: bounds what one step can inflate past a cap. */
export const INFLATE_STEP = 16 * 1024;

/** The entry's stored bytes: by its declared size, or up to its data descriptor. */
export async function readEntryData(
	input: Input,
	header: LocalHeader,
	name: string | undefined,
	budget: Budget,
	sizeHint: number | undefined,
): Promise<RawData> {
	if (!(header.flags & 0x0008)) {
		const size = header.compressedSize;
		if (!Number.isSafeInteger(size))
			throw new StreamArchiveError(`"${name ?? 'an entry'}" declares an impossible size`);
		if (name !== undefined) {
			budget.reserve(header.uncompressedSize, name);
			// The stored size is allocated at once: it may not run past the caps either (deflate
			// barely grows what it cannot shrink, so half the bytes is a safe lower bound).
			budget.check(header.method === 0 ? size : Math.floor(size / 2), name);
		}
		const data =
			name !== undefined
				? await input.takeLarge(size, `"${name}"`)
				: (await input.skip(size, 'an entry'), undefined);
		return {
			data,
			crc: header.crc,
			compressedSize: size,
			uncompressedSize: header.uncompressedSize,
		};
	}
	return await readUntilDescriptor(input, header, name, budget, sizeHint);
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

/** Stored bytes → the file's bytes: inflated when deflated, CRC-32 and sizes checked. */
export function decode(
	raw: Buffer,
	header: LocalHeader,
	record: LocalRecord,
	name: string,
	budget: Budget,
	crcChecked: boolean,
	scratch: Scratch,
): Buffer {
	let data: Buffer;
	if (header.method === 0) {
		data = raw;
		budget.check(data.length, name);
	} else {
		budget.reserve(record.uncompressedSize, name);
		data = inflate(raw, record.uncompressedSize, name, budget, scratch);
	}
	streamStats.inflated += data.length;
	if (data.length !== record.uncompressedSize) {
		throw new StreamArchiveError(
			`"${name}" is corrupt (${data.length} bytes where the archive says ${record.uncompressedSize})`,
		);
	}
	if (!crcChecked && crc32(data) !== record.crc >>> 0)
		throw new StreamArchiveError(`"${name}" is corrupt (CRC-32 mismatch)`);
	return data;
}

/** fflate's streaming inflater, fed in small steps so a bomb stops at its declared size. */
export function inflate(
	raw: Buffer,
	declared: number,
	name: string,
	budget: Budget,
	scratch: Scratch,
): Buffer {
	const out = scratch.get(declared, 1);
	let written = 0;
	let ended = false;
	const inflater = new Inflate((chunk, final) => {
		if (written + chunk.length > declared) {
			throw new StreamArchiveError(
				`"${name}" is corrupt (it inflates past the ${declared} bytes it declares)`,
			);
		}
		out.set(chunk, written);
		written += chunk.length;
		if (final) ended = true;
	});
	let failure: unknown;
	try {
		for (let at = 0; at < raw.length && !ended; at += INFLATE_STEP) {
			const end = Math.min(raw.length, at + INFLATE_STEP);
			inflater.push(raw.subarray(at, end), end === raw.length);
			budget.check(written, name);
		}
		if (raw.length === 0) inflater.push(new Uint8Array(0), true);
	} catch (error) {
		failure = error;
	}
	if (failure instanceof StreamArchiveError || failure instanceof SafetyCapError) throw failure;
	if (failure !== undefined) {
		throw new StreamArchiveError(
			`"${name}" is corrupt (${failure instanceof Error ? failure.message : String(failure)})`,
		);
	}
	return out.subarray(0, written);
}
