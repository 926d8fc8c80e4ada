// Test helpers: API calls with each auth scheme, zip reading (yauzl), raw zip record parsing.
import * as yauzl from 'yauzl';
import type { Emulator } from '../../emulator';

export type AuthMode =
	'apiKey' | 'instanceToken' | 'none' | { authorization: string; siteId?: string };

export function authHeaders(emu: Emulator, mode: AuthMode = 'apiKey'): Record<string, string> {
	if (mode === 'none') return {};
	if (mode === 'apiKey')
		return { authorization: emu.credentials.apiKey, 'wix-site-id': emu.credentials.siteId };
	if (mode === 'instanceToken') return { authorization: emu.credentials.instanceToken };
	return {
		authorization: mode.authorization,
		...(mode.siteId ? { 'wix-site-id': mode.siteId } : {}),
	};
}

export interface ApiResult<T = any> {
	status: number;
	body: T;
	headers: Headers;
	text: string;
}

export async function api<T = any>(
	emu: Emulator,
	path: string,
	body: unknown,
	auth: AuthMode = 'apiKey',
): Promise<ApiResult<T>> {
	const res = await fetch(emu.baseUrl + path, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...authHeaders(emu, auth) },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	let parsed: any;
	try {
		parsed = JSON.parse(text);
	} catch {
		parsed = undefined;
	}
	return { status: res.status, body: parsed, headers: res.headers, text };
}

export const PATHS = {
	query: '/shared-gallery/v1/items/query',
	download: '/shared-gallery/v1/items/download-url',
	view: '/shared-gallery/v1/visual-media/view',
	token: '/oauth2/token',
};

export const query = (emu: Emulator, body: unknown, auth?: AuthMode) =>
	api(emu, PATHS.query, body, auth);

/** Every page of a query, following cursors. */
export async function queryAll(
	emu: Emulator,
	body: Record<string, any>,
	limit?: number,
): Promise<any[]> {
	const out: any[] = [];
	let cursor: string | undefined;
	for (let page = 0; page < 10000; page++) {
		const r = await query(emu, {
			...body,
			paging: { ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) },
		});
		if (r.status !== 200) throw new Error(`query ${r.status}: ${r.text}`);
		out.push(...r.body.items);
		cursor = r.body.metadata?.cursor;
		if (!cursor) return out;
	}
	throw new Error('too many pages');
}

export async function getBytes(
	url: string,
): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
	const res = await fetch(url);
	return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

export { sha256 } from '../helpers/sha256';

export interface ZipEntryRead {
	name: string;
	data: Buffer;
	entry: yauzl.Entry;
}

/** Read every entry with yauzl (validating sizes and CRCs as it goes). */
export function readZip(buf: Buffer, opts: yauzl.Options = {}): Promise<ZipEntryRead[]> {
	return new Promise((resolve, reject) => {
		yauzl.fromBuffer(buf, { lazyEntries: true, validateEntrySizes: true, ...opts }, (err, zip) => {
			if (err || !zip) return reject(err);
			const out: ZipEntryRead[] = [];
			zip.on('error', reject);
			zip.on('end', () => resolve(out));
			zip.on('entry', (entry: yauzl.Entry) => {
				const name = typeof entry.fileName === 'string' ? entry.fileName : String(entry.fileName);
				if (name.endsWith('/')) {
					out.push({ name, data: Buffer.alloc(0), entry });
					return zip.readEntry();
				}
				zip.openReadStream(entry, (e, stream) => {
					if (e || !stream) return reject(e);
					const chunks: Buffer[] = [];
					stream.on('data', (c: Buffer) => chunks.push(c));
					stream.on('error', reject);
					stream.on('end', () => {
						out.push({ name, data: Buffer.concat(chunks), entry });
						zip.readEntry();
					});
				});
			});
			zip.readEntry();
		});
	});
}

/** Raw local header fields at an offset. */
export function parseLocal(buf: Buffer, offset: number) {
	if (buf.readUInt32LE(offset) !== 0x04034b50) throw new Error(`no local header at ${offset}`);
	const nameLen = buf.readUInt16LE(offset + 26);
	const extraLen = buf.readUInt16LE(offset + 28);
	return {
		versionNeeded: buf.readUInt16LE(offset + 4),
		flags: buf.readUInt16LE(offset + 6),
		method: buf.readUInt16LE(offset + 8),
		crc: buf.readUInt32LE(offset + 14),
		compressedSize: buf.readUInt32LE(offset + 18),
		uncompressedSize: buf.readUInt32LE(offset + 22),
		name: buf.subarray(offset + 30, offset + 30 + nameLen),
		extra: buf.subarray(offset + 30 + nameLen, offset + 30 + nameLen + extraLen),
		dataOffset: offset + 30 + nameLen + extraLen,
	};
}

/** The end of central directory record and every central record (no ZIP64 resolution). */
export function parseCentral(buf: Buffer) {
	const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
	if (eocd < 0) throw new Error('no EOCD');
	const end = {
		entries: buf.readUInt16LE(eocd + 10),
		size: buf.readUInt32LE(eocd + 12),
		offset: buf.readUInt32LE(eocd + 16),
		commentLength: buf.readUInt16LE(eocd + 20),
		at: eocd,
	};
	const records = [];
	let p = end.offset === 0xffffffff ? zip64CentralOffset(buf, eocd) : end.offset;
	while (buf.readUInt32LE(p) === 0x02014b50) {
		const nameLen = buf.readUInt16LE(p + 28);
		const extraLen = buf.readUInt16LE(p + 30);
		const commentLen = buf.readUInt16LE(p + 32);
		records.push({
			madeBy: buf.readUInt16LE(p + 4),
			flags: buf.readUInt16LE(p + 8),
			method: buf.readUInt16LE(p + 10),
			crc: buf.readUInt32LE(p + 16),
			compressedSize: buf.readUInt32LE(p + 20),
			uncompressedSize: buf.readUInt32LE(p + 24),
			externalAttrs: buf.readUInt32LE(p + 38),
			localHeaderOffset: buf.readUInt32LE(p + 42),
			name: buf.subarray(p + 46, p + 46 + nameLen),
			extra: buf.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen),
			comment: buf.subarray(p + 46 + nameLen + extraLen, p + 46 + nameLen + extraLen + commentLen),
		});
		p += 46 + nameLen + extraLen + commentLen;
	}
	return { end, records };
}

function zip64CentralOffset(buf: Buffer, eocd: number): number {
	const loc = eocd - 20;
	if (buf.readUInt32LE(loc) !== 0x07064b50) throw new Error('no ZIP64 locator');
	const rec = Number(buf.readBigUInt64LE(loc + 8));
	if (buf.readUInt32LE(rec) !== 0x06064b50) throw new Error('no ZIP64 EOCD');
	return Number(buf.readBigUInt64LE(rec + 48));
}

/** Decode a JWT payload without checking it. */
export function jwtPayload(token: string): any {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

export function tokenOf(url: string): string {
	return new URL(url).searchParams.get('downloadToken')!;
}
