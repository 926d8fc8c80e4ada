import { StreamArchiveError } from './budget';

/** The response body as a queue of bytes, with look-ahead and push-back. */
export class Input {
	private chunks: Buffer[] = [];

	length = 0;

	/** Bytes consumed from the start of the archive. */
	position = 0;

	private ended = false;

	constructor(private readonly source: AsyncIterator<Uint8Array>) {}

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

	async skip(n: number, what: string): Promise<void> {
		let left = n;
		while (left > 0) {
			if (!this.length && !(await this.fill(1)))
				throw new StreamArchiveError(`the archive ends inside ${what}`);
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

export function toBuffer(bytes: Uint8Array): Buffer {
	return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** What a Node stream offers besides its async iterator (n8n's HTTP helper gives one). */
interface EventBody {
	on(event: string, listener: (...args: never[]) => void): unknown;
	off(event: string, listener: (...args: never[]) => void): unknown;
	pause(): unknown;
	resume(): unknown;
	destroy(): unknown;
}

const ignore = () => undefined;

/** Bytes held from a stream before it is paused. */
const HELD = 1024 * 1024;

/**
 * The body's pieces as they arrive. A Node stream is read through its events: its async
 * iterator joins the pieces buffered at each step into a fresh copy (Node 24), and every byte
 * allocated brings V8's next full collection nearer (bench/RESULTS.md, issue 25). Anything else
 * through its async iterator.
 */
export function bodyChunks(body: AsyncIterable<Uint8Array>): AsyncIterator<Uint8Array> {
	const events = body as Partial<EventBody>;
	if (
		typeof events.on !== 'function' ||
		typeof events.off !== 'function' ||
		typeof events.pause !== 'function' ||
		typeof events.resume !== 'function' ||
		typeof events.destroy !== 'function'
	)
		return body[Symbol.asyncIterator]();
	return eventChunks(events as EventBody);
}

function eventChunks(body: EventBody): AsyncIterator<Uint8Array> {
	const queue: Uint8Array[] = [];
	let held = 0;
	let ended = false;
	let failure: { error: unknown } | undefined;
	let wake: (() => void) | undefined;
	const onData = (chunk: Uint8Array) => {
		queue.push(chunk);
		held += chunk.length;
		if (held >= HELD) body.pause();
		wake?.();
	};
	const onEnd = () => {
		ended = true;
		wake?.();
	};
	const onError = (error: unknown) => {
		failure ??= { error };
		wake?.();
	};
	// Closed before its end without an error: as the stream's own iterator says it.
	const onClose = () => {
		if (!ended)
			onError(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
	};
	const stop = () => {
		body.off('data', onData);
		body.off('end', onEnd);
		body.off('error', onError);
		body.off('close', onClose);
		// An error after this (a socket torn down late) must not go unheard: that would crash n8n.
		body.on('error', ignore);
	};
	body.on('data', onData);
	body.on('end', onEnd);
	body.on('error', onError);
	body.on('close', onClose);
	body.resume();
	return {
		next: async () => {
			while (!queue.length && !ended && !failure)
				await new Promise<void>((resolve) => (wake = resolve));
			wake = undefined;
			const chunk = queue.shift();
			if (chunk) {
				held -= chunk.length;
				if (held < HELD && !ended) body.resume();
				return { done: false, value: chunk };
			}
			stop();
			if (failure) throw failure.error;
			return { done: true, value: undefined };
		},
		return: async () => {
			stop();
			if (!ended) body.destroy();
			return { done: true, value: undefined };
		},
	};
}
