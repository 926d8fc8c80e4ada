// Push-style reading for the streaming parsers (JPEG, ISO BMFF). A parser asks for its next `n`
// bytes after skipping `skip` bytes. Bytes that one piece holds are handed over in place; bytes
// that straddle pieces are copied into one reused window of at most `windowLimit` bytes. A skip
// is arithmetic only, so a 4 GB mdat costs a few comparisons per piece and no allocation.
import type { MediaFacts } from './facts';

export abstract class ByteReader {
	done = false;
	/** The offset in the file of the next byte not yet taken. */
	protected pos = 0;
	private skipLeft = 0;
	private wanted = 0;
	private have = 0;
	private window: Uint8Array = new Uint8Array(0);

	constructor(private readonly windowLimit: number) {}

	/** The bytes asked for: `bytes[at .. at + n)`, only valid during the call. */
	protected abstract step(bytes: Uint8Array, at: number, n: number): void;

	/** The facts once the stream has ended or the reader is done. */
	abstract finish(): MediaFacts;

	/** Skip `skip` bytes, then hand over the next `n` (1 or more, at most the window). */
	protected ask(n: number, skip = 0): void {
		this.wanted = Math.min(Math.max(1, n), this.windowLimit);
		this.skipLeft = skip;
	}

	/** True when the stream stopped in a skip or in the middle of bytes asked for. */
	protected get midway(): boolean {
		return this.skipLeft > 0 || this.have > 0;
	}

	/** True when the stream stopped in a skip. */
	protected get skipping(): boolean {
		return this.skipLeft > 0;
	}

	feed(piece: Uint8Array): void {
		const length = piece.length;
		let i = 0;
		while (i < length && !this.done) {
			if (this.skipLeft > 0) {
				const n = Math.min(this.skipLeft, length - i);
				this.skipLeft -= n;
				this.pos += n;
				i += n;
				continue;
			}
			const wanted = this.wanted;
			if (this.have === 0 && length - i >= wanted) {
				this.pos += wanted;
				i += wanted;
				this.step(piece, i - wanted, wanted);
				continue;
			}
			const n = Math.min(wanted - this.have, length - i);
			if (this.window.length < wanted)
				this.window = grown(this.window, this.have, Math.min(this.windowLimit, wanted * 2));
			this.window.set(piece.subarray(i, i + n), this.have);
			this.have += n;
			this.pos += n;
			i += n;
			if (this.have === wanted) {
				this.have = 0;
				this.step(this.window, 0, wanted);
			}
		}
	}
}

function grown(old: Uint8Array, keep: number, size: number): Uint8Array {
	const next = new Uint8Array(size);
	next.set(old.subarray(0, keep));
	return next;
}
