import { StreamArchiveError } from './budget';

/**
 * Reusable memory for entries' bytes, one run long: an entry is handed over as a view of it, and
 * the next entry reuses it once the consumer is done with the last one (`read()` is awaited and
 * the bytes stored before the next entry is asked for). Fresh memory is the costly part of
 * holding a file (page faults on first touch: measured at 50–150 MB/s on the bench machine),
 * so a run touches about its largest file's size once, not the sum of its files.
 * Slot 0 holds stored (or deflated) bytes; slot 1 inflated ones.
 */
export class Scratch {
	private readonly slots: Array<Buffer | undefined> = [undefined, undefined];

	/** At least `size` bytes; `keep` bytes of the slot's current contents are preserved. */
	get(size: number, slot: 0 | 1 = 0, keep = 0): Buffer {
		const current = this.slots[slot];
		if (current && current.length >= size) return current;
		const grown = Buffer.allocUnsafe(Math.max(size, 64 * 1024));
		if (current && keep) current.copy(grown, 0, 0, keep);
		this.slots[slot] = grown;
		return grown;
	}

	release(): void {
		this.slots.fill(undefined);
	}
}

/** A byte buffer in the scratch memory that grows by doubling; allocated once when the size hint is right. */
export class Growable {
	private buffer: Buffer;

	private length = 0;

	constructor(
		hint: number,
		private readonly scratch: Scratch,
	) {
		this.buffer = scratch.get(hint);
	}

	push(chunk: Uint8Array): void {
		if (this.length + chunk.length > this.buffer.length) {
			this.buffer = this.scratch.get(
				Math.max(this.length + chunk.length, this.buffer.length * 2),
				0,
				this.length,
			);
		}
		this.buffer.set(chunk, this.length);
		this.length += chunk.length;
	}

	truncate(length: number): void {
		this.length = Math.min(this.length, length);
	}

	done(): Buffer {
		return this.buffer.subarray(0, this.length);
	}
}

/** The response body as a queue of bytes, with look-ahead and push-back. */
export class Input {
	private chunks: Buffer[] = [];

	length = 0;

	/** Bytes consumed from the start of the archive. */
	position = 0;

	private ended = false;

	constructor(
		private readonly source: AsyncIterator<Uint8Array>,
		readonly scratch: Scratch,
	) {}

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

	/** `n` bytes into one Buffer allocated once. */
	async takeLarge(n: number, what: string): Promise<Buffer> {
		const out = this.scratch.get(n).subarray(0, n);
		let at = 0;
		while (at < n) {
			if (!this.length && !(await this.fill(1)))
				throw new StreamArchiveError(`the archive ends inside ${what}`);
			const head = this.chunks[0];
			const count = Math.min(head.length, n - at);
			head.copy(out, at, 0, count);
			at += count;
			this.drop(count);
		}
		return out;
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
