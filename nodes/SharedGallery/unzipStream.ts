import { Inflate } from 'fflate';

import { isJunk, safeBaseName } from './archive';

/**
 * Reading a zip archive in one pass while it downloads, with nothing but n8n-workflow's
 * allowances: no file system, no Node stream or zlib. Used by the verification-ready build
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

/** A safety cap was reached. */
export class StreamCapError extends Error {}

/** The archive itself cannot be read: truncated, corrupt, or not a zip. */
export class StreamArchiveError extends Error {}

/** Safety caps shared by every archive of one node run. */
export class StreamBudget {
	files = 0;

	bytes = 0;

	constructor(
		readonly maxFiles: number,
		readonly maxTotalBytes: number,
		readonly maxFileBytes: number,
	) {}

	takeFile(name: string): void {
		if (this.files + 1 > this.maxFiles) {
			throw new StreamCapError(`more than ${this.maxFiles} files (at "${name}"); raise Max Files to allow more`);
		}
		this.files++;
	}

	/** Before an entry's bytes are read: its declared size against both caps. */
	reserve(declaredBytes: number, name: string): void {
		this.checkFile(declaredBytes, name);
		if (this.bytes + declaredBytes > this.maxTotalBytes) {
			throw new StreamCapError(
				`"${name}" would bring the total past ${this.maxTotalBytes} bytes; raise Max Total Size to allow more`,
			);
		}
	}

	/** While reading: bytes so far of this entry, against both caps. */
	check(entryBytes: number, name: string): void {
		this.checkFile(entryBytes, name);
		if (this.bytes + entryBytes > this.maxTotalBytes) {
			throw new StreamCapError(
				`the files passed ${this.maxTotalBytes} bytes while reading "${name}"; raise Max Total Size to allow more`,
			);
		}
	}

	add(bytes: number): void {
		this.bytes += bytes;
	}

	private checkFile(bytes: number, name: string): void {
		if (bytes > this.maxFileBytes) {
			throw new StreamCapError(
				`"${name}" is larger than Max File Size (${this.maxFileBytes} bytes); each file is held in memory while it is read, raise Max File Size to allow more`,
			);
		}
	}
}

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

/** What reading an archive counted: for tests and the bench. */
export const streamStats = { entries: 0, inflated: 0 };

const SIG = {
	local: 0x04034b50,
	central: 0x02014b50,
	descriptor: 0x08074b50,
	end: 0x06054b50,
	end64: 0x06064b50,
	locator64: 0x07064b50,
};
/** Signatures that may follow an entry's data descriptor. */
const NEXT_RECORD = new Set([SIG.local, SIG.central, SIG.end, SIG.end64]);
const MAX32 = 0xffffffff;
/** Junk allowed before the first entry (a self-extractor stub). */
const MAX_PREFIX = 1024 * 1024;
/** Compressed bytes per inflate step: bounds what one step can inflate past a cap. */
const INFLATE_STEP = 16 * 1024;

interface LocalRecord {
	offset: number;
	nameRaw: Buffer;
	method: number;
	crc: number;
	compressedSize: number;
	uncompressedSize: number;
}

/** Reads an archive from its bytes as they arrive. Junk entries are skipped, caps checked per entry. */
export async function* readArchiveStream(
	chunks: AsyncIterable<Uint8Array>,
	budget: StreamBudget,
	scratch = new Scratch(),
): AsyncGenerator<StreamEntry> {
	const input = new Input(chunks[Symbol.asyncIterator](), scratch);
	try {
		const records: LocalRecord[] = [];
		await skipPrefix(input);
		for (;;) {
			if (!(await input.fill(4))) throw new StreamArchiveError('the archive ends before its central directory');
			const signature = input.peek(4).readUInt32LE(0);
			if (signature === SIG.central || signature === SIG.end || signature === SIG.end64) break;
			if (signature !== SIG.local) {
				throw new StreamArchiveError(`no zip record at byte ${input.position} (signature 0x${signature.toString(16)})`);
			}
			const header = await readLocalHeader(input);
			streamStats.entries++;
			const storedName = decodeName(header.flags, header.nameRaw, header.extra);
			const junk = isJunk(storedName);
			const name = safeBaseName(storedName);
			if (!junk && !name) throw new StreamArchiveError(`entry "${storedName}" has no usable file name`);
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
							data = decode(raw.data!, header, record, name, budget, raw.crcChecked === true, input.scratch);
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
				records.push(recordOf(header, await readEntryData(input, header, undefined, budget, undefined)));
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
	budget: StreamBudget,
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

interface LocalHeader {
	offset: number;
	flags: number;
	method: number;
	crc: number;
	compressedSize: number;
	uncompressedSize: number;
	zip64: boolean;
	nameRaw: Buffer;
	extra: Map<number, Buffer>;
}

async function readLocalHeader(input: Input): Promise<LocalHeader> {
	const offset = input.position;
	const fixed = await input.take(30, 'a local header');
	const nameLength = fixed.readUInt16LE(26);
	const extraLength = fixed.readUInt16LE(28);
	const nameRaw = await input.take(nameLength, 'a file name');
	const extra = parseExtra(await input.take(extraLength, 'an extra field'));
	let compressedSize = fixed.readUInt32LE(18);
	let uncompressedSize = fixed.readUInt32LE(22);
	const zip64Field = extra.get(0x0001);
	const zip64 = zip64Field !== undefined || compressedSize === MAX32 || uncompressedSize === MAX32;
	if (zip64Field) {
		// In the local header the ZIP64 field holds both sizes, uncompressed first.
		let at = 0;
		if (uncompressedSize === MAX32 && zip64Field.length >= at + 8) uncompressedSize = readU64(zip64Field, (at += 8) - 8);
		if (compressedSize === MAX32 && zip64Field.length >= at + 8) compressedSize = readU64(zip64Field, at);
	}
	return {
		offset,
		flags: fixed.readUInt16LE(6),
		method: fixed.readUInt16LE(8),
		crc: fixed.readUInt32LE(14),
		compressedSize,
		uncompressedSize,
		zip64,
		nameRaw,
		extra,
	};
}

function problemOf(header: LocalHeader): string | undefined {
	if (header.flags & 0x0001) return 'the file is encrypted';
	if (header.method !== 0 && header.method !== 8) return `compression method ${header.method} is not supported`;
	return undefined;
}

interface RawData {
	/** The entry's bytes as stored (kept only when wanted). */
	data?: Buffer;
	crc: number;
	/** The CRC-32 was checked already, while finding the descriptor. */
	crcChecked?: boolean;
	compressedSize: number;
	uncompressedSize: number;
}

/** The entry's stored bytes: by its declared size, or up to its data descriptor. */
async function readEntryData(
	input: Input,
	header: LocalHeader,
	name: string | undefined,
	budget: StreamBudget,
	sizeHint: number | undefined,
): Promise<RawData> {
	if (!(header.flags & 0x0008)) {
		const size = header.compressedSize;
		if (!Number.isSafeInteger(size)) throw new StreamArchiveError(`"${name ?? 'an entry'}" declares an impossible size`);
		if (name !== undefined) {
			budget.reserve(header.uncompressedSize, name);
			// The stored size is allocated at once: it may not run past the caps either (deflate
			// barely grows what it cannot shrink, so half the bytes is a safe lower bound).
			budget.check(header.method === 0 ? size : Math.floor(size / 2), name);
		}
		const data = name !== undefined ? await input.takeLarge(size, `"${name}"`) : (await input.skip(size, 'an entry'), undefined);
		return { data, crc: header.crc, compressedSize: size, uncompressedSize: header.uncompressedSize };
	}
	return await readUntilDescriptor(input, header, name, budget, sizeHint);
}

function recordOf(header: LocalHeader, raw: RawData): LocalRecord {
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
 * Data whose size follows it. The data ends at the first place where a descriptor (signed or
 * not, 32- or 64-bit sizes) states a compressed size equal to the bytes before it and is
 * followed by a record signature. A chance match needs 8 to 12 bytes to agree at once.
 */
async function readUntilDescriptor(
	input: Input,
	header: LocalHeader,
	name: string | undefined,
	budget: StreamBudget,
	sizeHint: number | undefined,
): Promise<RawData> {
	const keep = name !== undefined ? new Growable(Math.min(sizeHint ?? 0, budget.maxFileBytes), input.scratch) : undefined;
	const stored = header.method === 0;
	/** The last bytes seen (up to WINDOW), for matches across chunk borders. */
	let window = Buffer.alloc(0);
	/** Bytes of the entry before `chunk`. */
	let total = 0;
	/** Stored data: CRC-32 of the bytes before `window`, so a candidate descriptor's CRC can be checked. */
	let crcBefore = 0;
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
			const dataEnd = found.start - windowBase;
			// Bytes of the window past the data end were kept already: cut them back.
			if (chunk && dataEnd > w) keep?.push(chunk.subarray(0, dataEnd - w));
			keep?.truncate(found.start);
			const rest = found.end - windowBase;
			// What follows the descriptor goes back to the input (nothing when the body ended with it).
			if (rest < w) input.unshift(Buffer.concat([window.subarray(rest), chunk ?? Buffer.alloc(0)]));
			else if (chunk) input.unshift(chunk.subarray(rest - w));
			if (name !== undefined) budget.check(stored ? found.start : Math.floor(found.start / 2), name);
			return {
				data: keep?.done(),
				crc: found.crc,
				crcChecked: stored,
				compressedSize: found.start,
				uncompressedSize: found.uncompressedSize,
			};
		}
		if (!chunk) throw new StreamArchiveError(`the archive ends inside "${name ?? storedNameOf(header)}"`);
		keep?.push(chunk);
		total += chunk.length;
		// Deflated bytes are checked once inflated; their stored size may not run far past the caps either.
		if (name !== undefined) budget.check(stored ? total : Math.floor(total / 2), name);
		if (chunk.length >= WINDOW) {
			if (stored) crcBefore = crc32(chunk.subarray(0, chunk.length - WINDOW), crc32(window, crcBefore));
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
const WINDOW = 28;

interface Descriptor {
	/** Absolute offsets, from the entry's data start: where the descriptor starts and ends. */
	start: number;
	end: number;
	crc: number;
	uncompressedSize: number;
}

type Accept = (start: number, crc: number, uncompressedSize: number) => boolean;

const DESCRIPTOR_FORMS: Array<{ length: number; signed: boolean; wide: boolean }> = [
	{ length: 16, signed: true, wide: false },
	{ length: 12, signed: false, wide: false },
	{ length: 24, signed: true, wide: true },
	{ length: 20, signed: false, wide: true },
];

/** The first record signature at an index in [from, to) that ends a descriptor. `base`: the absolute offset of bytes[0]. */
function findDescriptor(bytes: Buffer, base: number, from: number, to: number, accept: Accept): Descriptor | undefined {
	const last = Math.min(to, bytes.length - 4);
	for (let i = bytes.indexOf(0x50, from); i !== -1 && i <= last; i = bytes.indexOf(0x50, i + 1)) {
		if (bytes[i + 1] !== 0x4b || !NEXT_RECORD.has(bytes.readUInt32LE(i))) continue;
		const found = candidateAt(bytes, base, i, accept);
		if (found) return found;
	}
	return undefined;
}

/** A descriptor ending at bytes[q] (the next record, or the end of the body), in any of its four forms. */
function candidateAt(bytes: Buffer, base: number, q: number, accept: Accept): Descriptor | undefined {
	for (const form of DESCRIPTOR_FORMS) {
		const at = q - form.length;
		if (at < 0 || base + at < 0) continue;
		if (form.signed && bytes.readUInt32LE(at) !== SIG.descriptor) continue;
		const fields = at + (form.signed ? 4 : 0);
		const start = base + at;
		const compressed = form.wide ? readU64(bytes, fields + 4) : bytes.readUInt32LE(fields + 4);
		if (compressed !== start) continue;
		const crc = bytes.readUInt32LE(fields);
		const uncompressedSize = form.wide ? readU64(bytes, fields + 12) : bytes.readUInt32LE(fields + 8);
		if (!accept(start, crc, uncompressedSize)) continue;
		return { start, end: base + q, crc, uncompressedSize };
	}
	return undefined;
}

/** Stored bytes → the file's bytes: inflated when deflated, CRC-32 and sizes checked. */
function decode(
	raw: Buffer,
	header: LocalHeader,
	record: LocalRecord,
	name: string,
	budget: StreamBudget,
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
		throw new StreamArchiveError(`"${name}" is corrupt (${data.length} bytes where the archive says ${record.uncompressedSize})`);
	}
	if (!crcChecked && crc32(data) !== record.crc >>> 0) throw new StreamArchiveError(`"${name}" is corrupt (CRC-32 mismatch)`);
	return data;
}

/** fflate's streaming inflater, fed in small steps so a bomb stops at its declared size. */
function inflate(raw: Buffer, declared: number, name: string, budget: StreamBudget, scratch: Scratch): Buffer {
	const out = scratch.get(declared, 1);
	let written = 0;
	let ended = false;
	const inflater = new Inflate((chunk, final) => {
		if (written + chunk.length > declared) {
			throw new StreamArchiveError(`"${name}" is corrupt (it inflates past the ${declared} bytes it declares)`);
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
	if (failure instanceof StreamArchiveError || failure instanceof StreamCapError) throw failure;
	if (failure !== undefined) {
		throw new StreamArchiveError(`"${name}" is corrupt (${failure instanceof Error ? failure.message : String(failure)})`);
	}
	return out.subarray(0, written);
}

/** The central directory must describe exactly the entries read, in order. */
async function checkCentralDirectory(input: Input, records: LocalRecord[]): Promise<void> {
	const centralStart = input.position;
	let index = 0;
	for (;;) {
		if (!(await input.fill(4))) throw new StreamArchiveError('the archive ends inside its central directory');
		if (input.peek(4).readUInt32LE(0) !== SIG.central) break;
		const fixed = await input.take(46, 'a central directory record');
		const nameRaw = await input.take(fixed.readUInt16LE(28), 'a central directory record');
		const extra = parseExtra(await input.take(fixed.readUInt16LE(30), 'a central directory record'));
		await input.skip(fixed.readUInt16LE(32), 'a central directory record');
		const storedName = decodeName(fixed.readUInt16LE(8), nameRaw, extra);
		const local = records[index++];
		if (!local) throw new StreamArchiveError(`the central directory lists "${storedName}", which the archive does not hold`);
		let uncompressedSize = fixed.readUInt32LE(24);
		let compressedSize = fixed.readUInt32LE(20);
		let offset = fixed.readUInt32LE(42);
		const zip64 = extra.get(0x0001);
		if (zip64) {
			let at = 0;
			const next = () => (zip64.length >= at + 8 ? readU64(zip64, (at += 8) - 8) : Number.NaN);
			if (uncompressedSize === MAX32) uncompressedSize = next();
			if (compressedSize === MAX32) compressedSize = next();
			if (offset === MAX32) offset = next();
		}
		if (!nameRaw.equals(local.nameRaw) || offset !== local.offset) {
			throw new StreamArchiveError(`the central directory and the local header disagree on "${storedName}"`);
		}
		if (fixed.readUInt16LE(10) !== local.method) {
			throw new StreamArchiveError(`the central directory and the local header disagree on how "${storedName}" is stored`);
		}
		if (
			fixed.readUInt32LE(16) !== local.crc >>> 0 ||
			compressedSize !== local.compressedSize ||
			uncompressedSize !== local.uncompressedSize
		) {
			throw new StreamArchiveError(`"${storedName}" is corrupt (the central directory disagrees on its size or CRC-32)`);
		}
	}
	if (index !== records.length) {
		throw new StreamArchiveError(`the central directory lists ${index} entries where the archive holds ${records.length}`);
	}
	await checkEndRecords(input, centralStart);
}

/** The end records must point back at the central directory just read. */
async function checkEndRecords(input: Input, centralStart: number): Promise<void> {
	const misplaced = (what: string) => new StreamArchiveError(`the archive is corrupt (its ${what} points elsewhere)`);
	let zip64At: number | undefined;
	if (input.peek(4).readUInt32LE(0) === SIG.end64) {
		zip64At = input.position;
		const record = await input.take(56, 'the ZIP64 end record');
		if (readU64(record, 48) !== centralStart) throw misplaced('ZIP64 end record');
		await input.skip(Math.max(0, readU64(record, 4) - 44), 'the ZIP64 end record');
		if (!(await input.fill(4)) || input.peek(4).readUInt32LE(0) !== SIG.locator64) {
			throw new StreamArchiveError('the archive is corrupt (no ZIP64 end locator)');
		}
		const locator = await input.take(20, 'the ZIP64 end locator');
		if (readU64(locator, 8) !== zip64At) throw misplaced('ZIP64 end locator');
	}
	if (!(await input.fill(22)) || input.peek(4).readUInt32LE(0) !== SIG.end) {
		throw new StreamArchiveError('the archive ends inside its end record');
	}
	const end = await input.take(22, 'the end record');
	const offset = end.readUInt32LE(16);
	if (offset !== MAX32 && offset !== centralStart) throw misplaced('end record');
	if (offset === MAX32 && zip64At === undefined) throw misplaced('end record');
}

/** Bytes before the first local header: tolerated up to MAX_PREFIX (self-extractors). */
async function skipPrefix(input: Input): Promise<void> {
	if (!(await input.fill(4))) {
		throw new StreamArchiveError(input.length ? 'not a zip archive (too short)' : 'the download is empty');
	}
	if (input.peek(4).readUInt32LE(0) === SIG.local) return;
	const signature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
	let carried = Buffer.alloc(0);
	/** Bytes before `carried`. */
	let skipped = 0;
	for (;;) {
		const chunk = await input.next();
		if (chunk === undefined) throw new StreamArchiveError('not a zip archive (no local header found)');
		const bytes = Buffer.concat([carried, chunk]);
		const at = bytes.indexOf(signature);
		if (at !== -1) {
			input.unshift(bytes.subarray(at), skipped + at);
			return;
		}
		// Keep 3 bytes: a signature may straddle two chunks.
		const keep = Math.min(3, bytes.length);
		skipped += bytes.length - keep;
		carried = Buffer.from(bytes.subarray(bytes.length - keep));
		if (skipped > MAX_PREFIX) throw new StreamArchiveError('not a zip archive (no local header found)');
	}
}

function parseExtra(bytes: Buffer): Map<number, Buffer> {
	const fields = new Map<number, Buffer>();
	for (let at = 0; at + 4 <= bytes.length; ) {
		const id = bytes.readUInt16LE(at);
		const size = bytes.readUInt16LE(at + 2);
		if (at + 4 + size > bytes.length) break;
		if (!fields.has(id)) fields.set(id, bytes.subarray(at + 4, at + 4 + size));
		at += 4 + size;
	}
	return fields;
}

/** As yauzl decodes names: the Info-ZIP Unicode Path field, else UTF-8 (bit 11) or CP437; `\` → `/`. */
function decodeName(flags: number, raw: Buffer, extra: Map<number, Buffer>): string {
	let name: string | undefined;
	const unicode = extra.get(0x7075);
	if (unicode && unicode.length >= 6 && unicode[0] === 1 && unicode.readUInt32LE(1) === crc32(raw)) {
		name = unicode.subarray(5).toString('utf8');
	}
	if (name === undefined) name = flags & 0x0800 ? raw.toString('utf8') : decodeCp437(raw);
	return name.replace(/\\/g, '/');
}

function storedNameOf(header: LocalHeader): string {
	return decodeName(header.flags, header.nameRaw, header.extra);
}

const CP437 =
	'\u0000☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼' +
	' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~' +
	'⌂ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

function decodeCp437(raw: Buffer): string {
	let out = '';
	for (const byte of raw) out += CP437[byte];
	return out;
}

function readU64(bytes: Buffer, at: number): number {
	return bytes.readUInt32LE(at + 4) * 0x100000000 + bytes.readUInt32LE(at);
}

/**
 * Reusable memory for entries' bytes, one run long: an entry is handed over as a view of it, and
 * the next entry reuses it once the consumer is done with the last one (`read()` is awaited and
 * the bytes stored before the next entry is asked for). Fresh memory is the costly part of
 * holding a file (page faults on first touch: measured at 50–150 MB/s on the bench machine),
 * so a run touches about its largest file's size once, not the sum of its files.
 * Slot 0 holds stored (or deflated) bytes; slot 1 inflated ones.
 */
export class Scratch {
	private readonly slots: Array<Buffer | undefined> = [undefined, undefined];

	/** At least `size` bytes; `keep` bytes of the slot's current contents are preserved. */
	get(size: number, slot: 0 | 1 = 0, keep = 0): Buffer {
		const current = this.slots[slot];
		if (current && current.length >= size) return current;
		const grown = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
		if (current && keep) current.copy(grown, 0, 0, keep);
		this.slots[slot] = grown;
		return grown;
	}

	release(): void {
		this.slots.fill(undefined);
	}
}

/** A byte buffer in the scratch memory that grows by doubling; allocated once when the size hint is right. */
class Growable {
	private buffer: Buffer;

	private length = 0;

	constructor(
		hint: number,
		private readonly scratch: Scratch,
	) {
		this.buffer = scratch.get(hint);
	}

	push(chunk: Uint8Array): void {
		if (this.length + chunk.length > this.buffer.length) {
			this.buffer = this.scratch.get(Math.max(this.length + chunk.length, this.buffer.length * 2), 0, this.length);
		}
		this.buffer.set(chunk, this.length);
		this.length += chunk.length;
	}

	truncate(length: number): void {
		this.length = Math.min(this.length, length);
	}

	done(): Buffer {
		return this.buffer.subarray(0, this.length);
	}
}

/** The response body as a queue of bytes, with look-ahead and push-back. */
class Input {
	private chunks: Buffer[] = [];

	length = 0;

	/** Bytes consumed from the start of the archive. */
	position = 0;

	private ended = false;

	constructor(
		private readonly source: AsyncIterator<Uint8Array>,
		readonly scratch: Scratch,
	) {}

	/** At least `n` bytes buffered; false when the body ends first. */
	async fill(n: number): Promise<boolean> {
		while (this.length < n && !this.ended) {
			const { value, done } = await this.source.next();
			if (done) this.ended = true;
			else if (value.length) {
				this.chunks.push(toBuffer(value));
				this.length += value.length;
			}
		}
		return this.length >= n;
	}

	peek(n: number): Buffer {
		if (this.chunks[0].length < n) this.chunks = [Buffer.concat(this.chunks)];
		return this.chunks[0].subarray(0, n);
	}

	async take(n: number, what: string): Promise<Buffer> {
		if (n === 0) return Buffer.alloc(0);
		if (!(await this.fill(n))) throw new StreamArchiveError(`the archive ends inside ${what}`);
		const bytes = Buffer.from(this.peek(n));
		this.drop(n);
		return bytes;
	}

	/** `n` bytes into one Buffer allocated once. */
	async takeLarge(n: number, what: string): Promise<Buffer> {
		const out = this.scratch.get(n).subarray(0, n);
		let at = 0;
		while (at < n) {
			if (!this.length && !(await this.fill(1))) throw new StreamArchiveError(`the archive ends inside ${what}`);
			const head = this.chunks[0];
			const count = Math.min(head.length, n - at);
			head.copy(out, at, 0, count);
			at += count;
			this.drop(count);
		}
		return out;
	}

	async skip(n: number, what: string): Promise<void> {
		let left = n;
		while (left > 0) {
			if (!this.length && !(await this.fill(1))) throw new StreamArchiveError(`the archive ends inside ${what}`);
			const count = Math.min(this.chunks[0].length, left);
			this.drop(count);
			left -= count;
		}
	}

	/** The next piece of the body, whole: what is buffered first, then what arrives. */
	async next(): Promise<Buffer | undefined> {
		if (!this.length && !(await this.fill(1))) return undefined;
		const head = this.chunks.shift()!;
		this.length -= head.length;
		this.position += head.length;
		return head;
	}

	/** Puts bytes read too far back at the front; `consumedBefore` corrects the position when known. */
	unshift(bytes: Buffer, consumedBefore?: number): void {
		if (!bytes.length) return;
		this.chunks.unshift(bytes);
		this.length += bytes.length;
		this.position -= bytes.length;
		if (consumedBefore !== undefined) this.position = consumedBefore;
	}

	async close(): Promise<void> {
		await this.source.return?.();
	}

	private drop(n: number): void {
		let left = n;
		while (left > 0) {
			const head = this.chunks[0];
			if (head.length <= left) {
				this.chunks.shift();
				left -= head.length;
			} else {
				this.chunks[0] = head.subarray(left);
				left = 0;
			}
		}
		this.length -= n;
		this.position += n;
	}
}

function toBuffer(bytes: Uint8Array): Buffer {
	return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** CRC-32 (IEEE), slicing by 8: the standard library's zlib is off limits here. */
const CRC_TABLES = (() => {
	const tables = new Int32Array(256 * 8);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		tables[n] = c;
	}
	for (let n = 0; n < 256; n++) {
		let c = tables[n];
		for (let t = 1; t < 8; t++) {
			c = tables[c & 0xff] ^ (c >>> 8);
			tables[t * 256 + n] = c;
		}
	}
	return tables;
})();

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function crc32(data: Uint8Array, previous = 0): number {
	const t = CRC_TABLES;
	let crc = ~previous;
	let i = 0;
	const n = data.length;
	if (LITTLE_ENDIAN && n >= 64) {
		// Whole 32-bit words straight from memory: up to the first aligned byte, then 8 bytes a step.
		for (; i < n && (data.byteOffset + i) & 3; i++) crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
		const pairs = (n - i) >>> 3;
		const words = new Int32Array(data.buffer, data.byteOffset + i, pairs * 2);
		for (let w = 0; w < words.length; w += 2) {
			const a = words[w] ^ crc;
			const b = words[w + 1];
			crc =
				t[1792 + (a & 0xff)] ^
				t[1536 + ((a >>> 8) & 0xff)] ^
				t[1280 + ((a >>> 16) & 0xff)] ^
				t[1024 + (a >>> 24)] ^
				t[768 + (b & 0xff)] ^
				t[512 + ((b >>> 8) & 0xff)] ^
				t[256 + ((b >>> 16) & 0xff)] ^
				t[b >>> 24];
		}
		i += pairs * 8;
	} else {
		for (const end8 = n - (n % 8); i < end8; i += 8) {
			const a = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) ^ crc;
			crc =
				t[1792 + (a & 0xff)] ^
				t[1536 + ((a >>> 8) & 0xff)] ^
				t[1280 + ((a >>> 16) & 0xff)] ^
				t[1024 + (a >>> 24)] ^
				t[768 + data[i + 4]] ^
				t[512 + data[i + 5]] ^
				t[256 + data[i + 6]] ^
				t[data[i + 7]];
		}
	}
	for (; i < n; i++) crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
	return ~crc >>> 0;
}
