import { StreamArchiveError } from './budget';
import { crc32 } from './crc32';
import type { Input } from './input';

/** Zip records as the streaming reader meets them: local headers, names, extra fields. */

export const SIG = {
	local: 0x04034b50,
	central: 0x02014b50,
	descriptor: 0x08074b50,
	end: 0x06054b50,
	end64: 0x06064b50,
	locator64: 0x07064b50,
};
/** Signatures that may follow an entry's data descriptor. */
export const NEXT_RECORD = new Set([SIG.local, SIG.central, SIG.end, SIG.end64]);
export const MAX32 = 0xffffffff;
/** Junk allowed before the first entry (a self-extractor stub). */
export const MAX_PREFIX = 1024 * 1024;

export interface LocalRecord {
	offset: number;
	nameRaw: Buffer;
	method: number;
	crc: number;
	compressedSize: number;
	uncompressedSize: number;
}

export interface LocalHeader {
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

export async function readLocalHeader(input: Input): Promise<LocalHeader> {
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
		if (uncompressedSize === MAX32 && zip64Field.length >= at + 8)
			uncompressedSize = readU64(zip64Field, (at += 8) - 8);
		if (compressedSize === MAX32 && zip64Field.length >= at + 8)
			compressedSize = readU64(zip64Field, at);
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

export function problemOf(header: LocalHeader): string | undefined {
	if (header.flags & 0x0001) return 'the file is encrypted';
	if (header.method !== 0 && header.method !== 8)
		return `compression method ${header.method} is not supported`;
	return undefined;
}

/** Bytes before the first local header: tolerated up to MAX_PREFIX (self-extractors). */
export async function skipPrefix(input: Input): Promise<void> {
	if (!(await input.fill(4))) {
		throw new StreamArchiveError(
			input.length ? 'not a zip archive (too short)' : 'the download is empty',
		);
	}
	if (input.peek(4).readUInt32LE(0) === SIG.local) return;
	const signature = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
	let carried = Buffer.alloc(0);
	/** Bytes before `carried`. */
	let skipped = 0;
	for (;;) {
		const chunk = await input.next();
		if (chunk === undefined)
			throw new StreamArchiveError('not a zip archive (no local header found)');
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
		if (skipped > MAX_PREFIX)
			throw new StreamArchiveError('not a zip archive (no local header found)');
	}
}

export function parseExtra(bytes: Buffer): Map<number, Buffer> {
	const fields = new Map<number, Buffer>();
	for (let at = 0; at + 4 <= bytes.length;) {
		const id = bytes.readUInt16LE(at);
		const size = bytes.readUInt16LE(at + 2);
		if (at + 4 + size > bytes.length) break;
		if (!fields.has(id)) fields.set(id, bytes.subarray(at + 4, at + 4 + size));
		at += 4 + size;
	}
	return fields;
}

/** As yauzl decodes names: the Info-ZIP Unicode Path field, else UTF-8 (bit 11) or CP437; `\` → `/`. */
export function decodeName(flags: number, raw: Buffer, extra: Map<number, Buffer>): string {
	let name: string | undefined;
	const unicode = extra.get(0x7075);
	if (
		unicode &&
		unicode.length >= 6 &&
		unicode[0] === 1 &&
		unicode.readUInt32LE(1) === crc32(raw)
	) {
		name = unicode.subarray(5).toString('utf8');
	}
	if (name === undefined) name = flags & 0x0800 ? raw.toString('utf8') : decodeCp437(raw);
	return name.replace(/\\/g, '/');
}

export function storedNameOf(header: LocalHeader): string {
	return decodeName(header.flags, header.nameRaw, header.extra);
}

export const CP437 =
	'\u0000☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼' +
	' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~' +
	'⌂ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

export function decodeCp437(raw: Buffer): string {
	let out = '';
	for (const byte of raw) out += CP437[byte];
	return out;
}

export function readU64(bytes: Buffer, at: number): number {
	return bytes.readUInt32LE(at + 4) * 0x100000000 + bytes.readUInt32LE(at);
}
