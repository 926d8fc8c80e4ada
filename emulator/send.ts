// Writing response bodies part by part, with the body-shaping faults applied on the way:
// reset and slowBody cut in the middle of the first data part; truncate stops before an archive's
// central directory (or half-way through a single file's last chunk); corrupt flips bytes in the first data part.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { Lifecycle } from './lifecycle';
import type { Fault } from './types';

export interface BodyPart {
	kind: 'local' | 'data' | 'descriptor' | 'central' | 'end';
	bytes: Buffer;
}

export async function* single(bytes: Buffer): AsyncGenerator<BodyPart> {
	yield { kind: 'data', bytes };
}

/** Resolves once `b` is flushed, or the connection is gone. */
export function write(res: ServerResponse, b: Buffer): Promise<void> {
	return new Promise((resolve) => {
		if (res.destroyed || res.writableEnded) return resolve();
		const onClose = () => resolve();
		res.once('close', onClose);
		res.write(b, () => {
			res.off('close', onClose);
			resolve();
		});
	});
}

/** Flip up to 16 bytes in the middle of a copy of `b`. */
export function corruptBytes(b: Buffer): Buffer {
	const out = Buffer.from(b);
	const start = Math.max(0, Math.floor(out.length / 2) - 8);
	for (let i = start; i < Math.min(out.length, start + 16); i++) out[i] ^= 0xff;
	return out;
}

/** Send `parts` (headers must already be set), then end. Returns false when the socket was reset on purpose. */
export async function sendParts(
	res: ServerResponse<IncomingMessage>,
	parts: AsyncIterable<BodyPart>,
	fault: Fault | undefined,
	life: Lifecycle,
): Promise<boolean> {
	let cut = false;
	let corrupted = false;
	let held: Buffer | undefined;
	for await (const part of parts) {
		if (res.destroyed) return true;
		let bytes = part.bytes;
		if (fault?.corrupt && !corrupted && part.kind === 'data' && bytes.length > 0) {
			bytes = corruptBytes(bytes);
			corrupted = true;
		}
		if (fault?.truncate) {
			if (part.kind === 'central' || part.kind === 'end') break;
			if (held) await write(res, held);
			held = bytes;
			continue;
		}
		if (!cut && (fault?.reset || fault?.slowBodyMs) && part.kind === 'data') {
			cut = true;
			const half = Math.max(1, Math.floor(bytes.length / 2));
			await write(res, bytes.subarray(0, half));
			if (fault.reset) {
				res.socket?.destroy();
				return false;
			}
			await life.sleep(fault.slowBodyMs ?? 0);
			bytes = bytes.subarray(half);
		}
		if (bytes.length) await write(res, bytes);
	}
	// Truncated: what was held back (the end of the last entry, or of the file) goes out half-way.
	if (held) await write(res, held.subarray(0, Math.floor(held.length / 2)));
	if (!res.destroyed) res.end();
	return true;
}

/** Read a request body (bounded). */
export function readBody(req: IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > limit) {
				reject(new Error('request body too large'));
				req.destroy();
			} else chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/** RFC 6266 / 5987 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function contentDisposition(kind: 'attachment' | 'inline', name: string): string {
	const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	const encoded = encodeURIComponent(name).replace(
		/['()*!]/g,
		(c) => '%' + c.charCodeAt(0).toString(16).toUpperCase(),
	);
	return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** An HTTP server around `handle`: an unexpected failure answers a Wix-style 500 (or drops the socket). */
export function serve(
	handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
	label: string,
	life: Lifecycle,
): Server {
	return createServer((req, res) => {
		handle(req, res).catch((err) => {
			if (!res.headersSent) {
				res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
				res.end(JSON.stringify({ message: '', details: {} }));
			} else res.destroy();
			if (!life.closed) console.error(`[emulator] ${label} error:`, err);
		});
	});
}
