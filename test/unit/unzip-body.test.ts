import { randomBytes } from 'crypto';
import { PassThrough, Readable } from 'stream';

import { bodyChunks } from '../../nodes/SharedGallery/unzip/input';

/** Every piece the iterator gives, or the error it ends with. */
async function drain(iterator: AsyncIterator<Uint8Array>) {
	const pieces: Uint8Array[] = [];
	try {
		for (;;) {
			const next = await iterator.next();
			if (next.done) return { pieces };
			pieces.push(next.value);
		}
	} catch (error) {
		return { pieces, error: error as Error & { code?: string } };
	}
}

describe('a Node stream body is read through its events', () => {
	test('its pieces come as they are (no joined copies), in order', async () => {
		const chunks = Array.from({ length: 20 }, () => randomBytes(65_536));
		const body = new PassThrough();
		// Written before reading starts: the stream's own iterator would join them.
		for (const chunk of chunks) body.write(chunk);
		body.end();
		const { pieces, error } = await drain(bodyChunks(body));
		expect(error).toBeUndefined();
		expect(pieces).toHaveLength(chunks.length);
		pieces.forEach((piece, i) => expect(piece).toBe(chunks[i]));
	});

	test('an error of the stream is thrown after the pieces before it', async () => {
		const body = new PassThrough();
		const iterator = bodyChunks(body);
		body.write(Buffer.from('first'));
		setImmediate(() => body.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })));
		const { pieces, error } = await drain(iterator);
		expect(Buffer.concat(pieces).toString()).toBe('first');
		expect(error?.code).toBe('ECONNRESET');
	});

	test('a stream closed before its end without an error: a premature close, as its iterator says', async () => {
		const body = new PassThrough();
		const iterator = bodyChunks(body);
		setImmediate(() => body.destroy());
		const { error } = await drain(iterator);
		expect(error?.code).toBe('ERR_STREAM_PREMATURE_CLOSE');
	});

	test('a reader that stops destroys the stream; a late error is not left unheard', async () => {
		const body = new PassThrough();
		const iterator = bodyChunks(body);
		body.write(Buffer.alloc(10));
		await iterator.next();
		await iterator.return!();
		expect(body.destroyed).toBe(true);
		expect(body.listenerCount('error')).toBeGreaterThan(0);
	});

	test('a fast stream is paused while a megabyte waits unread', async () => {
		let pushed = 0;
		const body = new Readable({
			read() {
				pushed += 65_536;
				this.push(pushed > 8 * 1024 * 1024 ? null : Buffer.alloc(65_536));
			},
		});
		const iterator = bodyChunks(body);
		await iterator.next();
		await new Promise((resolve) => setTimeout(resolve, 50));
		// Read ahead at most the held megabyte and the stream's own buffer.
		expect(pushed).toBeLessThan(2 * 1024 * 1024);
		const rest = await drain(iterator);
		expect(rest.error).toBeUndefined();
	});

	test('anything else is read through its async iterator', async () => {
		const source = (async function* () {
			yield Buffer.from('a');
			yield Buffer.from('b');
		})();
		const { pieces } = await drain(bodyChunks(source));
		expect(Buffer.concat(pieces).toString()).toBe('ab');
	});
});
