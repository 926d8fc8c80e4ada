// The file host (download-files.wix.com stand-in): a second origin serving signed, expiring URLs.
//   GET /_api/download/file?downloadToken=<JWT>  → the file (archived: false) or a streamed zip
//   GET /media/<file>                            → preview images named in previewImages[].url
// Bad signature → 403; expired → 410 {"message":"expired"}. It needs no Authorization header.
import * as fs from 'fs';
import * as http from 'http';
import { planArchive, streamEntries } from './archive';
import type { EndpointContext, FileTokenPayload } from './endpoints';
import { faultLabel, faultStatus, type FaultQueue } from './faults';
import type { Lifecycle } from './lifecycle';
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

async function* fileParts(item: StoredItem): AsyncGenerator<BodyPart> {
	const m = item.media!;
	if (m.content) {
		for (let i = 0; i < m.content.length; i += 64 * 1024)
			yield { kind: 'data', bytes: m.content.subarray(i, i + 64 * 1024) };
		return;
	}
	for await (const chunk of fs.createReadStream(m.sourcePath!, { highWaterMark: 64 * 1024 }))
		yield { kind: 'data', bytes: chunk as Buffer };
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
		req.resume();
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

		const fault = faults.take('file');
		if (fault) entry.fault = faultLabel(fault);
		if (fault?.delayMs) await life.sleep(fault.delayMs);
		const status = fault && faultStatus(fault);
		if (fault && status) {
			const headers: Record<string, string> = {};
			if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
			return void (await json(
				status,
				fault.body ??
					(status >= 500
						? { message: '', details: {} }
						: { message: http.STATUS_CODES[status] ?? '' }),
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
		const headers: Record<string, string> = { 'cache-control': 'private, no-store' };
		if (!payload.archived) {
			const item = items[0]!;
			headers['content-type'] = item.media!.mimeType;
			headers['content-disposition'] = contentDisposition(
				payload.inline ? 'inline' : 'attachment',
				item.name,
			);
			if (!fault?.truncate && !fault?.replaceBody)
				headers['content-length'] = String(item.media!.size);
			parts = fileParts(item);
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
		entry.status = 200;
		res.writeHead(200, headers);
		if (req.method === 'HEAD') return void res.end();
		await sendParts(res, parts, fault, life);
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
