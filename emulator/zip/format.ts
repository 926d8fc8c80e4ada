// Zip record layouts (APPNOTE 6.3.x). Every function builds one record from explicit fields,
// so callers can make local headers and the central directory agree, or deliberately not.

export const SIG = {
	local: 0x04034b50,
	central: 0x02014b50,
	descriptor: 0x08074b50,
	eocd: 0x06054b50,
	zip64Eocd: 0x06064b50,
	zip64Locator: 0x07064b50,
} as const;

export const FLAG = { encrypted: 0x0001, dataDescriptor: 0x0008, utf8: 0x0800 } as const;
export const METHOD = { store: 0, deflate: 8 } as const;

/** 0xFFFFFFFF / 0xFFFF: "the real value is in the ZIP64 record". */
export const MAX32 = 0xffffffff;
export const MAX16 = 0xffff;

const ZIP64_EXTRA_ID = 0x0001;
const MADE_BY_UNIX = 3 << 8;
const MADE_BY_DOS = 0;

/** The fields a local header and a central directory record share. */
export interface HeaderFields {
	name: Buffer;
	flags: number;
	method: number;
	crc: number;
	compressedSize: number;
	uncompressedSize: number;
	mtime: Date;
	extra: Buffer;
	zip64: boolean;
}

export interface CentralFields extends HeaderFields {
	localHeaderOffset: number;
	comment: Buffer;
	unixMode?: number;
	directory: boolean;
}

function u64(n: number): Buffer {
	const b = Buffer.alloc(8);
	b.writeBigUInt64LE(BigInt(n));
	return b;
}

/** MS-DOS date and time (local fields read as UTC, so the bytes don't depend on the machine's zone). */
export function dosDateTime(d: Date): { time: number; date: number } {
	const year = Math.max(1980, Math.min(2107, d.getUTCFullYear()));
	const time = (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
	const date = ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
	return { time, date };
}

function versionNeeded(f: { zip64: boolean; method: number }): number {
	if (f.zip64) return 45;
	return f.method === METHOD.deflate ? 20 : 10;
}

/** The ZIP64 extended-information extra field, with the values given (in APPNOTE order). */
export function zip64Extra(values: number[]): Buffer {
	const head = Buffer.alloc(4);
	head.writeUInt16LE(ZIP64_EXTRA_ID, 0);
	head.writeUInt16LE(values.length * 8, 2);
	return Buffer.concat([head, ...values.map(u64)]);
}

export function localHeader(f: HeaderFields): Buffer {
	const descriptor = (f.flags & FLAG.dataDescriptor) !== 0;
	const crc = descriptor ? 0 : f.crc;
	const csize = descriptor ? 0 : f.compressedSize;
	const usize = descriptor ? 0 : f.uncompressedSize;
	const extra = f.zip64 ? Buffer.concat([zip64Extra([usize, csize]), f.extra]) : f.extra;
	const { time, date } = dosDateTime(f.mtime);
	const b = Buffer.alloc(30);
	b.writeUInt32LE(SIG.local, 0);
	b.writeUInt16LE(versionNeeded(f), 4);
	b.writeUInt16LE(f.flags, 6);
	b.writeUInt16LE(f.method, 8);
	b.writeUInt16LE(time, 10);
	b.writeUInt16LE(date, 12);
	b.writeUInt32LE(crc >>> 0, 14);
	b.writeUInt32LE(f.zip64 ? MAX32 : csize, 18);
	b.writeUInt32LE(f.zip64 ? MAX32 : usize, 22);
	b.writeUInt16LE(f.name.length, 26);
	b.writeUInt16LE(extra.length, 28);
	return Buffer.concat([b, f.name, extra]);
}

/** Data descriptor (after the data when flag bit 3 is set); 8-byte sizes for ZIP64 entries. */
export function dataDescriptor(
	f: { crc: number; compressedSize: number; uncompressedSize: number; zip64: boolean },
	signature = true,
): Buffer {
	const parts: Buffer[] = [];
	const head = Buffer.alloc(signature ? 8 : 4);
	if (signature) head.writeUInt32LE(SIG.descriptor, 0);
	head.writeUInt32LE(f.crc >>> 0, signature ? 4 : 0);
	parts.push(head);
	if (f.zip64) parts.push(u64(f.compressedSize), u64(f.uncompressedSize));
	else {
		const s = Buffer.alloc(8);
		s.writeUInt32LE(f.compressedSize, 0);
		s.writeUInt32LE(f.uncompressedSize, 4);
		parts.push(s);
	}
	return Buffer.concat(parts);
}

export function centralRecord(f: CentralFields): Buffer {
	const zip64 =
		f.zip64 ||
		f.compressedSize >= MAX32 ||
		f.uncompressedSize >= MAX32 ||
		f.localHeaderOffset >= MAX32;
	const extra = zip64
		? Buffer.concat([
				zip64Extra([f.uncompressedSize, f.compressedSize, f.localHeaderOffset]),
				f.extra,
			])
		: f.extra;
	const { time, date } = dosDateTime(f.mtime);
	let external = 0;
	if (f.unixMode !== undefined) external = (f.unixMode & 0xffff) * 0x10000;
	if (f.directory) external += 0x10; // MS-DOS directory attribute
	const b = Buffer.alloc(46);
	b.writeUInt32LE(SIG.central, 0);
	b.writeUInt16LE((f.unixMode !== undefined ? MADE_BY_UNIX : MADE_BY_DOS) | (zip64 ? 45 : 20), 4);
	b.writeUInt16LE(versionNeeded({ zip64, method: f.method }), 6);
	b.writeUInt16LE(f.flags, 8);
	b.writeUInt16LE(f.method, 10);
	b.writeUInt16LE(time, 12);
	b.writeUInt16LE(date, 14);
	b.writeUInt32LE(f.crc >>> 0, 16);
	b.writeUInt32LE(zip64 ? MAX32 : f.compressedSize, 20);
	b.writeUInt32LE(zip64 ? MAX32 : f.uncompressedSize, 24);
	b.writeUInt16LE(f.name.length, 28);
	b.writeUInt16LE(extra.length, 30);
	b.writeUInt16LE(f.comment.length, 32);
	b.writeUInt16LE(0, 34); // disk number start
	b.writeUInt16LE(0, 36); // internal attributes
	b.writeUInt32LE(external >>> 0, 38);
	b.writeUInt32LE(zip64 ? MAX32 : f.localHeaderOffset, 42);
	return Buffer.concat([b, f.name, extra, f.comment]);
}

export interface EndFields {
	entries: number;
	centralSize: number;
	centralOffset: number;
	comment: Buffer;
	zip64: boolean;
}

/** End of central directory, preceded by the ZIP64 end record and locator when needed or forced. */
export function endRecords(f: EndFields): Buffer {
	const zip64 = f.zip64 || f.entries >= MAX16 || f.centralSize >= MAX32 || f.centralOffset >= MAX32;
	const parts: Buffer[] = [];
	if (zip64) {
		const rec = Buffer.alloc(56);
		rec.writeUInt32LE(SIG.zip64Eocd, 0);
		rec.writeBigUInt64LE(44n, 4);
		rec.writeUInt16LE(45, 12);
		rec.writeUInt16LE(45, 14);
		rec.writeUInt32LE(0, 16);
		rec.writeUInt32LE(0, 20);
		rec.writeBigUInt64LE(BigInt(f.entries), 24);
		rec.writeBigUInt64LE(BigInt(f.entries), 32);
		rec.writeBigUInt64LE(BigInt(f.centralSize), 40);
		rec.writeBigUInt64LE(BigInt(f.centralOffset), 48);
		const loc = Buffer.alloc(20);
		loc.writeUInt32LE(SIG.zip64Locator, 0);
		loc.writeUInt32LE(0, 4);
		loc.writeBigUInt64LE(BigInt(f.centralOffset + f.centralSize), 8);
		loc.writeUInt32LE(1, 16);
		parts.push(rec, loc);
	}
	const e = Buffer.alloc(22);
	e.writeUInt32LE(SIG.eocd, 0);
	e.writeUInt16LE(0, 4);
	e.writeUInt16LE(0, 6);
	e.writeUInt16LE(zip64 ? MAX16 : f.entries, 8);
	e.writeUInt16LE(zip64 ? MAX16 : f.entries, 10);
	e.writeUInt32LE(zip64 ? MAX32 : f.centralSize, 12);
	e.writeUInt32LE(zip64 ? MAX32 : f.centralOffset, 16);
	e.writeUInt16LE(f.comment.length, 20);
	parts.push(e, f.comment);
	return Buffer.concat(parts);
}
