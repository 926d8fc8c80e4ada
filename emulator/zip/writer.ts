// Streaming zip writer: yields the archive part by part, reading large sources from disk as it goes.
// Served archives start before they are complete, like Wix's ("the download may start before the
// zip is complete"), so every entry uses a data descriptor: CRC and sizes follow the data.
import * as fs from 'fs';
import * as zlib from 'zlib';
import { Readable } from 'stream';
import { crc32 } from './crc32';
import { encodeName } from './names';
import {
	FLAG,
	MAX32,
	METHOD,
	centralRecord,
	dataDescriptor,
	endRecords,
	localHeader,
	type CentralFields,
} from './format';
import type { ZipMethod } from './build';

export interface StreamEntry {
	name: string;
	/** Bytes in memory, or a file to stream (never loaded whole). */
	data?: Buffer;
	path?: string;
	/** Size of `path` (stat'ed when absent). */
	size?: number;
	method?: ZipMethod;
	mtime?: Date;
	utf8?: boolean;
	zip64?: boolean;
	/**
	 * The source already deflated (raw deflate of every byte of `path`/`data`) and its CRC-32:
	 * served as it is, so a large deflated archive costs the server no deflating.
	 */
	deflated?: DeflatedCopy;
}

/** A raw deflate stream of a file, made once and kept beside it. */
export interface DeflatedCopy {
	path: string;
	crc: number;
}

export interface StreamOptions {
	/** Data descriptors on every entry (default true). */
	dataDescriptors?: boolean;
	/** Force ZIP64 on every entry and the end records. */
	zip64?: boolean;
	comment?: string;
	chunkSize?: number;
}

/** One piece of the archive, labelled so a fault injector can cut or damage a chosen place. */
export interface ZipPart {
	kind: 'local' | 'data' | 'descriptor' | 'central' | 'end';
	entry: number;
	bytes: Buffer;
}

/** Deflate can grow incompressible data a little: above this, sizes may not fit 32 bits. */
const ZIP64_THRESHOLD = MAX32 - 1024 * 1024;

export async function* zipParts(
	entries: Iterable<StreamEntry> | AsyncIterable<StreamEntry>,
	opts: StreamOptions = {},
): AsyncGenerator<ZipPart> {
	const useDescriptor = opts.dataDescriptors ?? true;
	const central: CentralFields[] = [];
	let offset = 0;
	let index = 0;
	for await (const e of entries) {
		const size = e.data ? e.data.length : (e.size ?? (await fs.promises.stat(e.path!)).size);
		const method = e.method ?? 'store';
		const zip64 = opts.zip64 || e.zip64 || size >= ZIP64_THRESHOLD;
		const name = encodeName(e.name, e.utf8);
		let flags = name.utf8 ? FLAG.utf8 : 0;
		if (useDescriptor) flags |= FLAG.dataDescriptor;
		const fields: CentralFields = {
			name: name.bytes,
			flags,
			method: method === 'deflate' ? METHOD.deflate : METHOD.store,
			crc: 0,
			compressedSize: 0,
			uncompressedSize: size,
			mtime: e.mtime ?? new Date(Date.UTC(2024, 0, 1)),
			extra: Buffer.alloc(0),
			zip64,
			localHeaderOffset: offset,
			comment: Buffer.alloc(0),
			directory: false,
		};
		if (!useDescriptor) {
			// Without descriptors the header must be complete up front: read the source twice.
			fields.crc = await sourceCrc(e);
			fields.compressedSize = method === 'deflate' ? await deflatedSize(e) : size;
		}
		const header = localHeader(fields);
		offset += header.length;
		yield { kind: 'local', entry: index, bytes: header };

		let crc = 0;
		let usize = 0;
		let csize = 0;
		const copy = method === 'deflate' ? e.deflated : undefined;
		const raw = sourceChunks(copy ? { name: e.name, path: copy.path } : e, opts.chunkSize);
		const tapped = (async function* () {
			for await (const chunk of raw) {
				crc = crc32(chunk, crc);
				usize += chunk.length;
				yield chunk;
			}
		})();
		const packed: AsyncIterable<Buffer> = copy
			? raw
			: method === 'deflate'
				? Readable.from(tapped).pipe(zlib.createDeflateRaw())
				: tapped;
		for await (const chunk of packed) {
			csize += chunk.length;
			offset += chunk.length;
			yield { kind: 'data', entry: index, bytes: chunk };
		}
		if (copy) {
			crc = copy.crc;
			usize = size;
		}
		if (usize !== size) throw new Error(`zip: ${e.name} changed size while being read`);
		fields.crc = crc;
		fields.compressedSize = csize;
		if (useDescriptor) {
			const d = dataDescriptor(fields);
			offset += d.length;
			yield { kind: 'descriptor', entry: index, bytes: d };
		}
		central.push(fields);
		index++;
	}
	const centralOffset = offset;
	let centralSize = 0;
	for (const [i, f] of central.entries()) {
		const rec = centralRecord(f);
		centralSize += rec.length;
		yield { kind: 'central', entry: i, bytes: rec };
	}
	const end = endRecords({
		entries: central.length,
		centralSize,
		centralOffset,
		comment: Buffer.from(opts.comment ?? '', 'utf8'),
		zip64: opts.zip64 ?? false,
	});
	yield { kind: 'end', entry: central.length, bytes: end };
}

/** The archive as a byte stream (for a file, or an HTTP response). */
export function zipStream(
	entries: Iterable<StreamEntry> | AsyncIterable<StreamEntry>,
	opts: StreamOptions = {},
): Readable {
	return Readable.from(
		(async function* () {
			for await (const part of zipParts(entries, opts)) yield part.bytes;
		})(),
		{ objectMode: false },
	);
}

async function* sourceChunks(e: StreamEntry, chunkSize = 64 * 1024): AsyncGenerator<Buffer> {
	if (e.data) {
		for (let i = 0; i < e.data.length; i += chunkSize) yield e.data.subarray(i, i + chunkSize);
		return;
	}
	const stream = fs.createReadStream(e.path!, { highWaterMark: chunkSize });
	for await (const chunk of stream) yield chunk as Buffer;
}

async function sourceCrc(e: StreamEntry): Promise<number> {
	let crc = 0;
	for await (const chunk of sourceChunks(e)) crc = crc32(chunk, crc);
	return crc;
}

async function deflatedSize(e: StreamEntry): Promise<number> {
	let n = 0;
	for await (const chunk of Readable.from(sourceChunks(e)).pipe(zlib.createDeflateRaw()))
		n += (chunk as Buffer).length;
	return n;
}
