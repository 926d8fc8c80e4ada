import { isJunk, safeBaseName } from '../names';
import type { Budget } from '../caps';
import { StreamArchiveError, streamStats } from './budget';
import { checkCentralDirectory } from './centralDirectory';
import { decode, readEntryData, recordOf } from './entryData';
import { Growable, Input, Scratch } from './input';
import {
	decodeName,
	problemOf,
	readLocalHeader,
	SIG,
	skipPrefix,
	type LocalRecord,
} from './records';

/**
 * Reading a zip archive in one pass while it downloads, with nothing but n8n-workflow's
 * allowances: no file system, no Node stream or zlib, as n8n's verification requires
 * (docs/VERIFICATION.md). Each entry is read whole into one Buffer (what `prepareBinaryData`
 * takes without a Node stream), so memory grows with the largest file.
 *
 * - Entries are framed by their local headers. An entry whose sizes follow its data (a data
 *   descriptor, flag bit 3) ends where a descriptor whose compressed size equals the bytes read
 *   so far is followed by the next record's signature: data that merely contains `PK\x07\x08`
 *   is not cut there.
 * - Deflate is fflate's (bundled into dist/ at build); CRC-32 is checked on every entry.
 * - The central directory is read at the end and must agree with every local header
 *   (name, method, CRC, sizes, offset); until then nothing read may be trusted as final.
 * - The caps count while reading: Max Files per entry, Max Total Size before and during each
 *   entry's bytes, Max File Size per entry.
 */

export interface StreamEntry {
	/** Safe base name: no directory, no `..`, no drive letter. */
	name: string;
	/** The name as stored in the archive (decoded). */
	storedName: string;
	/** Why this one entry cannot be extracted (encrypted, unknown method); the rest can. */
	problem?: string;
	/**
	 * Reads the entry's bytes, checked (CRC-32, sizes) and counted against the caps. Call it
	 * before asking for the next entry, or the entry is skipped. The bytes are a view of memory
	 * the next entry reuses (Scratch): store or copy them before asking for the next entry.
	 * `sizeHint`: the expected size, to allocate once when the archive does not say (data descriptors).
	 */
	read(sizeHint?: number): Promise<Buffer>;
}

/** Reads an archive from its bytes as they arrive. Junk entries are skipped, caps checked per entry. */
export async function* readArchiveStream(
	chunks: AsyncIterable<Uint8Array>,
	budget: Budget,
	scratch = new Scratch(),
): AsyncGenerator<StreamEntry> {
	const input = new Input(chunks[Symbol.asyncIterator](), scratch);
	try {
		const records: LocalRecord[] = [];
		await skipPrefix(input);
		for (;;) {
			if (!(await input.fill(4)))
				throw new StreamArchiveError('the archive ends before its central directory');
			const signature = input.peek(4).readUInt32LE(0);
			if (signature === SIG.central || signature === SIG.end || signature === SIG.end64) break;
			if (signature !== SIG.local) {
				throw new StreamArchiveError(
					`no zip record at byte ${input.position} (signature 0x${signature.toString(16)})`,
				);
			}
			const header = await readLocalHeader(input);
			streamStats.entries++;
			const storedName = decodeName(header.flags, header.nameRaw, header.extra);
			const junk = isJunk(storedName);
			const name = safeBaseName(storedName);
			if (!junk && !name)
				throw new StreamArchiveError(`entry "${storedName}" has no usable file name`);
			if (!junk) budget.takeFile(name);
			const problem = problemOf(header);
			/** Set when the consumer read the entry: its bytes are then past. */
			let reading: Promise<LocalRecord> | undefined;
			let readError: unknown;
			if (!junk) {
				yield {
					name,
					storedName,
					problem,
					read: async (sizeHint?: number) => {
						if (problem) throw new StreamArchiveError(`"${name}" cannot be extracted: ${problem}`);
						if (reading) throw new StreamArchiveError(`"${name}" was read already`);
						let data: Buffer = Buffer.alloc(0);
						reading = (async () => {
							const raw = await readEntryData(input, header, name, budget, sizeHint);
							const record = recordOf(header, raw);
							data = decode(
								raw.data!,
								header,
								record,
								name,
								budget,
								raw.crcChecked === true,
								input.scratch,
							);
							budget.add(data.length);
							return record;
						})();
						reading.catch((error: unknown) => (readError = error));
						await reading;
						return data;
					},
				};
			}
			if (reading) {
				await reading.catch(() => undefined);
				if (readError !== undefined) throw readError;
				records.push(await reading);
			} else {
				records.push(
					recordOf(header, await readEntryData(input, header, undefined, budget, undefined)),
				);
			}
		}
		await checkCentralDirectory(input, records);
	} finally {
		await input.close();
	}
}

/**
 * A body that is one file (not an archive), read whole into the scratch memory and counted
 * against the caps as it arrives. The bytes are a view of `scratch`, valid until its next use.
 */
export async function readWholeBody(
	chunks: AsyncIterable<Uint8Array>,
	name: string,
	budget: Budget,
	scratch: Scratch,
	sizeHint?: number,
): Promise<Buffer> {
	const keep = new Growable(Math.min(sizeHint ?? 0, budget.maxFileBytes), scratch);
	let size = 0;
	for await (const chunk of chunks) {
		size += chunk.length;
		budget.check(size, name);
		keep.push(chunk);
	}
	return keep.done();
}
