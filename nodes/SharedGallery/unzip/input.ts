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
