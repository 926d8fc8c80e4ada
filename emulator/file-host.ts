// The file host (download-files.wix.com stand-in): a second origin serving signed, expiring URLs.
//   GET /_api/download/file?downloadToken=<JWT>  → the file (archived: false) or a streamed zip
//   GET /media/<file>                            → preview images named in previewImages[].url
// Bad signature → 403; expired → 410 {"message":"expired"}. It needs no Authorization header.
// Options: `link` shapes every connection (first-byte delay, bandwidth cap); `ranges` lets a
// single file be fetched in parts (206). Archives are built while sent: never ranged.
import * as fs from 'fs';
import * as http from 'http';
import { planArchive, streamEntries } from './archive';
import type { EndpointContext, FileTokenPayload } from './endpoints';
import { faultLabel, faultStatus, type FaultQueue } from './faults';
import type { Lifecycle } from './lifecycle';
import { shaped } from './link';
import { makeJpeg } from './media';
import { contentDisposition, sendParts, serve, single, type BodyPart } from './send';
import type { StoredItem } from './store';
import { verifyJwt } from './tokens';
import type { Fault, FileLogEntry } from './types';
import { zipParts } from './zip';

export interface FileHostDeps {
	ctx: EndpointContext;
	faults: FaultQueue;
	life: Lifecycle;
	log: FileLogEntry[];
}

async function* fileParts(
	item: StoredItem,
	range?: { start: number; end: number },
): AsyncGenerator<BodyPart> {
	const m = item.media!;
	const start = range?.start ?? 0;
	const end = range ? range.end + 1 : m.size;
	if (m.content) {
		for (let i = start; i < end; i += 64 * 1024)
			yield { kind: 'data', bytes: m.content.subarray(i, Math.min(end, i + 64 * 1024)) };
		return;
	}
	const stream = fs.createReadStream(m.sourcePath!, {
		highWaterMark: 64 * 1024,
		start,
		end: end - 1,
	});
	for await (const chunk of stream) yield { kind: 'data', bytes: chunk as Buffer };
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → one satisfiable range; null when unsatisfiable; undefined when none or multi. */
export function parseRange(
	header: string | undefined,
	size: number,
): { start: number; end: number } | null | undefined {
	const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
	if (!m || (m[1] === '' && m[2] === '')) return undefined;
	let start: number;
	let end: number;
	if (m[1] === '') {
		start = Math.max(0, size - Number(m[2]));
		end = size - 1;
	} else {
		start = Number(m[1]);
		end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
	}
	return start > end || start >= size ? null : { start, end };
}

export function createFileHost(deps: FileHostDeps): http.Server {
	const { ctx, faults, life, log } = deps;

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://files');
		const entry: FileLogEntry = {
			method: req.method ?? 'GET',
			path: url.pathname,
			url: req.url ?? '/',
			headers: { ...req.headers },
			status: 0,
			at: ctx.clock.now(),
		};
		log.push(entry);
		res.on('close', () => (entry.endedAt = ctx.clock.now()));
		req.resume();
		// A round trip before anything comes back, errors included.
		if (ctx.options.link.firstByteMs) await life.sleep(ctx.options.link.firstByteMs);
		const json = (
			status: number,
			body: unknown,
			headers: Record<string, string> = {},
			fault?: Fault,
		) => {
			entry.status = status;
			const b = Buffer.from(JSON.stringify(body));
			res.writeHead(status, {
				'content-type': 'application/json; charset=utf-8',
				'content-length': String(b.length),
				...headers,
			});
			return sendParts(
				res,
				single(b),
				fault && { ...fault, truncate: false, corrupt: false },
				life,
			);
		};
		if (req.method !== 'GET' && req.method !== 'HEAD')
			return void (await json(405, { message: 'method not allowed' }, { allow: 'GET, HEAD' }));

		if (url.pathname.startsWith('/media/'))
			return servePreview(url.pathname.slice('/media/'.length), req, res, entry);
		if (url.pathname !== '/_api/download/file')
			return void (await json(404, { message: 'not found' }));

		const fault = faults.take('file', req.headers.range !== undefined);
		if (fault) entry.fault = faultLabel(fault);
		if (fault?.delayMs) await life.sleep(fault.delayMs);
		const faultCode = fault && faultStatus(fault);
		if (fault && faultCode) {
			const headers: Record<string, string> = {};
			if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
			return void (await json(
				faultCode,
				fault.body ??
					(faultCode >= 500
						? { message: '', details: {} }
						: { message: http.STATUS_CODES[faultCode] ?? '' }),
				headers,
				fault,
			));
		}

		const claims = verifyJwt(url.searchParams.get('downloadToken') ?? '', ctx.secret);
		if (!claims || typeof claims.exp !== 'number' || !claims.payload)
			return void (await json(403, { message: 'forbidden' }));
		if (ctx.clock.now() >= claims.exp * 1000) return void (await json(410, { message: 'expired' }));
		const payload = claims.payload as FileTokenPayload;
		const items = payload.ids.map((id) => ctx.store.getItem(id));
		if (items.some((i) => !i)) return void (await json(404, { message: 'not found' }));

		let parts: AsyncIterable<BodyPart>;
		let status = 200;
		const headers: Record<string, string> = { 'cache-control': 'private, no-store' };
		if (!payload.archived) {
			const item = items[0]!;
			headers['content-type'] = item.media!.mimeType;
			headers['content-disposition'] = contentDisposition(
				payload.inline ? 'inline' : 'attachment',
				item.name,
			);
			let range: { start: number; end: number } | null | undefined;
			if (ctx.options.ranges) {
				headers['accept-ranges'] = 'bytes';
				if (ctx.options.ranges !== 'advertised')
					range = parseRange(req.headers.range, item.media!.size);
				if (range === null)
					return void (await json(
						416,
						{ message: 'range not satisfiable' },
						{ 'content-range': `bytes */${item.media!.size}` },
					));
			}
			if (range) {
				status = 206;
				headers['content-range'] = `bytes ${range.start}-${range.end}/${item.media!.size}`;
			}
			if (!fault?.truncate && !fault?.replaceBody)
				headers['content-length'] = String(range ? range.end - range.start + 1 : item.media!.size);
			parts = fileParts(item, range ?? undefined);
		} else {
			const plan = planArchive(ctx.store, payload.ids, ctx.options.duplicateNaming);
			const album = items.length === 1 && items[0]!.type === 'ALBUM' ? items[0]! : undefined;
			headers['content-type'] = 'application/zip';
			headers['content-disposition'] = contentDisposition(
				'attachment',
				`${album ? album.name : 'shared-gallery'}.zip`,
			);
			// No Content-Length: the zip is written while it is sent (chunked).
			parts = zipParts(streamEntries(plan, ctx.options.compression));
		}
		if (fault?.replaceBody) {
			parts = single(fault.replaceBody);
			headers['content-length'] = String(fault.replaceBody.length);
		}
		entry.status = status;
		res.writeHead(status, headers);
		if (req.method === 'HEAD') return void res.end();
		await sendParts(res, shaped(parts, ctx.options.link, life), fault, life);
	}

	async function servePreview(
		file: string,
		req: http.IncomingMessage,
		res: http.ServerResponse,
		entry: FileLogEntry,
	): Promise<void> {
		const base = file.replace(/(f00\d)?\.jpg$/, '').replace(/~mv2$/, '');
		const item = ctx.store.items.find(
			(i) => i.media && i.media.wixFileName.replace(/~mv2\.jpg$/, '') === base,
		);
		if (!item) {
			entry.status = 404;
			res.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
			return void res.end(JSON.stringify({ message: 'not found' }));
		}
		const m = item.media!;
		// Photos and GIFs preview as themselves; videos get a generated poster frame.
		const bytes =
			m.kind === 'video' || !m.content
				? makeJpeg(Math.min(m.width, 320), Math.min(m.height, 180), 90, `poster ${item.id}`)
				: m.content;
		const type = m.kind === 'video' || !m.content ? 'image/jpeg' : m.mimeType;
		entry.status = 200;
		res.writeHead(200, { 'content-type': type, 'content-length': String(bytes.length) });
		res.end(req.method === 'HEAD' ? undefined : bytes);
	}

	return serve(handle, 'file host', life);
}
