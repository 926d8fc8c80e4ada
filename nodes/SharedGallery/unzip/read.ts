import { isJunk, safeBaseName } from '../names';
import type { Budget } from '../caps';
import { StreamArchiveError, streamStats } from './budget';
import { checkCentralDirectory } from './centralDirectory';
import { fileBytes, recordOf, storedBytes } from './entryData';
import { bodyChunks, Input, toBuffer } from './input';
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
 * (docs/VERIFICATION.md). Each entry's bytes are passed on as they arrive, so n8n's binary data
 * store can write them without the file ever being whole in memory.
 *
 * - Entries are framed by their local headers. An entry whose sizes follow its data (a data
 *   descriptor, flag bit 3) ends where a descriptor whose compressed size equals the bytes read
 *   so far is followed by the next record's signature: data that merely contains `PK\x07\x08`
 *   is not cut there.
 * - Deflate is the runtime's `DecompressionStream` (no import), else fflate's (bundled into dist/
 *   at build); CRC-32 is checked on every entry, when its last byte has passed: a consumer
 *   must not trust a file until then.
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
	 * The entry's bytes as they arrive, counted against the caps. The iteration throws when the
	 * entry turns out corrupt (CRC-32, sizes) after its last piece, or breaks a cap. Take them
	 * before asking for the next entry: what is not taken by then is read past (and checked).
	 * The archive's own error is thrown again by the next step of `readArchiveStream`.
	 */
	bytes(): AsyncIterable<Buffer>;
}

/** Reads an archive from its bytes as they arrive. Junk entries are skipped, caps checked per entry. */
export async function* readArchiveStream(
	chunks: AsyncIterable<Uint8Array>,
	budget: Budget,
): AsyncGenerator<StreamEntry> {
	const input = new Input(bodyChunks(chunks));
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
			let entry: EntryBytes | undefined;
			if (!junk) {
				yield {
					name,
					storedName,
					problem,
					bytes: () => {
						if (problem) throw new StreamArchiveError(`"${name}" cannot be extracted: ${problem}`);
						if (entry) throw new StreamArchiveError(`"${name}" was read already`);
						entry = new EntryBytes(
							fileBytes(storedBytes(input, header, name, budget), header, name, budget),
						);
						return entry;
					},
				};
			}
			if (entry) {
				const record = await entry.finish();
				budget.add(record.uncompressedSize);
				records.push(record);
			} else {
				const passed = storedBytes(input, header, undefined, budget);
				let next = await passed.next();
				while (!next.done) next = await passed.next();
				records.push(recordOf(header, next.value));
			}
		}
		await checkCentralDirectory(input, records);
	} finally {
		await input.close();
	}
}

/**
 * One entry's bytes for one consumer. A consumer that stops early (its store failed) leaves the
 * rest to `finish`, which reads past it, so the archive goes on; an error of the entry itself
 * is kept and thrown by `finish` too, whoever met it first.
 */
class EntryBytes implements AsyncIterable<Buffer> {
	private failure: { error: unknown } | undefined;

	private record: LocalRecord | undefined;

	constructor(private readonly source: AsyncGenerator<Buffer, LocalRecord>) {}

	[Symbol.asyncIterator](): AsyncIterator<Buffer> {
		return {
			next: async () => {
				const next = await this.step();
				return next.done ? { done: true, value: undefined } : next;
			},
			// The consumer stopped: the source stays where it is, for `finish`.
			return: async () => ({ done: true, value: undefined }),
		};
	}

	async finish(): Promise<LocalRecord> {
		let next = await this.step();
		while (!next.done) next = await this.step();
		return next.value;
	}

	private async step(): Promise<IteratorResult<Buffer, LocalRecord>> {
		if (this.failure) throw this.failure.error;
		if (this.record) return { done: true, value: this.record };
		let next: IteratorResult<Buffer, LocalRecord> | undefined;
		try {
			next = await this.source.next();
		} catch (error) {
			this.failure = { error };
		}
		if (!next) throw this.failure!.error;
		if (next.done) this.record = next.value;
		return next;
	}
}

/**
 * A body that is one file (not an archive), passed on as it arrives and counted against the
 * caps: the whole of it, or a cap's error.
 */
export async function* wholeBody(
	chunks: AsyncIterable<Uint8Array>,
	name: string,
	budget: Budget,
): AsyncGenerator<Buffer> {
	let size = 0;
	for await (const chunk of chunks) {
		size += chunk.length;
		budget.check(size, name);
		yield toBuffer(chunk);
	}
}
