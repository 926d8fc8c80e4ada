// buildZip: a whole archive in memory, every field under the caller's control.
// For crafted (hostile or unusual) archives in tests; served archives use the streaming writer.
import * as zlib from 'zlib';
import { crc32 } from './crc32';
import { encodeName } from './names';
import {
	FLAG,
	METHOD,
	centralRecord,
	dataDescriptor,
	dosDateTime,
	endRecords,
	localHeader,
	type HeaderFields,
} from './format';
import { zipCryptoEncrypt } from './zipcrypto';

export type ZipMethod = 'store' | 'deflate';

/** Raw values that replace the computed ones in one of an entry's two headers. */
export interface HeaderOverrides {
	name?: string | Buffer;
	crc?: number;
	compressedSize?: number;
	uncompressedSize?: number;
	/** Numeric method code (0 store, 8 deflate, anything else to test readers). */
	method?: number;
	flags?: number;
	/** Central directory only. */
	localHeaderOffset?: number;
}

export interface ZipEntrySpec {
	name: string | Buffer;
	data?: Buffer | string;
	method?: ZipMethod;
	/** true: UTF-8 name + flag bit 11; false: CP437 name, no flag; default: flag only if non-ASCII. */
	utf8?: boolean;
	/** Flag bit 3: CRC and sizes are zero in the local header and follow the data. */
	dataDescriptor?: boolean;
	/** Write the optional 0x08074b50 signature before the descriptor (default true). */
	descriptorSignature?: boolean;
	/** Force ZIP64 extra fields on this entry. */
	zip64?: boolean;
	/** Flag bit 0 and traditional PKWARE (ZipCrypto) encryption with `password`. */
	encrypted?: boolean;
	/** Default 'infected' (the malware-sample convention). */
	password?: string;
	/** A directory entry: a trailing '/' is added to the name, no data. */
	directory?: boolean;
	/** Unix mode in the external attributes (e.g. 0o120777 for a symlink, whose data is the target). */
	unixMode?: number;
	mtime?: Date;
	comment?: string;
	/** Raw extra field bytes, added to both headers. */
	extra?: Buffer;
	/** Make the local header say something else than the computed values. */
	local?: HeaderOverrides;
	/** Make the central directory say something else than the local header. */
	central?: HeaderOverrides;
}

export interface ZipOptions {
	/** Default method for entries that don't say (default 'store'). */
	method?: ZipMethod;
	/** Default for every entry's `dataDescriptor`. */
	dataDescriptors?: boolean;
	/** Force the ZIP64 end of central directory records. */
	zip64?: boolean;
	comment?: string;
	/** Bytes before the first entry (a self-extractor stub, or junk). Offsets account for them. */
	prefix?: Buffer;
	/** Leave out the central directory and end records (a cut-short archive). */
	omitCentralDirectory?: boolean;
	/** Claim this many entries in the end record. */
	entryCountOverride?: number;
}

const DEFAULT_MTIME = new Date(Date.UTC(2024, 0, 1));

export function buildZip(entries: ZipEntrySpec[], opts: ZipOptions = {}): Buffer {
	const parts: Buffer[] = [];
	const central: Buffer[] = [];
	let offset = 0;
	const push = (b: Buffer) => {
		parts.push(b);
		offset += b.length;
	};
	if (opts.prefix) push(opts.prefix);

	for (const e of entries) {
		const rawName =
			e.directory && typeof e.name === 'string' && !e.name.endsWith('/') ? e.name + '/' : e.name;
		const name = encodeName(rawName, e.utf8);
		const data = e.directory
			? Buffer.alloc(0)
			: Buffer.isBuffer(e.data)
				? e.data
				: Buffer.from(e.data ?? '', 'utf8');
		const method = e.directory ? 'store' : (e.method ?? opts.method ?? 'store');
		const useDescriptor = e.dataDescriptor ?? opts.dataDescriptors ?? false;
		const mtime = e.mtime ?? DEFAULT_MTIME;
		const crc = crc32(data);
		let packed = method === 'deflate' ? zlib.deflateRawSync(data) : data;
		if (e.encrypted)
			packed = zipCryptoEncrypt(
				packed,
				e.password ?? 'infected',
				useDescriptor ? dosDateTime(mtime).time >> 8 : crc >>> 24,
			);
		let flags = 0;
		if (name.utf8) flags |= FLAG.utf8;
		if (useDescriptor) flags |= FLAG.dataDescriptor;
		if (e.encrypted) flags |= FLAG.encrypted;
		const fields: HeaderFields = {
			name: name.bytes,
			flags,
			method: method === 'deflate' ? METHOD.deflate : METHOD.store,
			crc,
			compressedSize: packed.length,
			uncompressedSize: data.length,
			mtime,
			extra: e.extra ?? Buffer.alloc(0),
			zip64: e.zip64 ?? false,
		};
		const localOffset = offset;
		push(localHeader(withOverrides(fields, e.local)));
		push(packed);
		if (useDescriptor) push(dataDescriptor(fields, e.descriptorSignature ?? true));
		const c = withOverrides(fields, e.central);
		central.push(
			centralRecord({
				...c,
				localHeaderOffset: e.central?.localHeaderOffset ?? localOffset,
				comment: Buffer.from(e.comment ?? '', 'utf8'),
				unixMode: e.unixMode,
				directory: e.directory ?? false,
			}),
		);
	}
	if (opts.omitCentralDirectory) return Buffer.concat(parts);
	const centralOffset = offset;
	const centralBytes = Buffer.concat(central);
	push(centralBytes);
	push(
		endRecords({
			entries: opts.entryCountOverride ?? entries.length,
			centralSize: centralBytes.length,
			centralOffset,
			comment: Buffer.from(opts.comment ?? '', 'utf8'),
			zip64: opts.zip64 ?? false,
		}),
	);
	return Buffer.concat(parts);
}

function withOverrides(f: HeaderFields, o: HeaderOverrides | undefined): HeaderFields {
	if (!o) return f;
	const name =
		o.name === undefined ? f.name : encodeName(o.name, (f.flags & FLAG.utf8) !== 0).bytes;
	return {
		...f,
		name,
		crc: o.crc ?? f.crc,
		compressedSize: o.compressedSize ?? f.compressedSize,
		uncompressedSize: o.uncompressedSize ?? f.uncompressedSize,
		method: o.method ?? f.method,
		flags: o.flags ?? f.flags,
	};
}
