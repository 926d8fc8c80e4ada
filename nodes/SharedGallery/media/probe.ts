// The media facts of a file as it streams past: the first 32 bytes say the format; PNG, GIF and
// WebP have their size in them, JPEG and ISO BMFF (MP4, MOV, HEIC) are read on by a streaming
// reader. Nothing holds the file; see each reader for the bytes it copies.
import { startsWith } from './bytes';
import { noFacts } from './bounds';
import type { MediaFacts } from './facts';
import { GIF_HEAD, gifFacts } from './gif';
import { JpegReader } from './jpeg';
import { BmffReader } from './bmff';
import { PNG_HEAD, PNG_SIGNATURE, pngFacts } from './png';
import type { ByteReader } from './reader';
import { WEBP_HEAD, webpFacts } from './webp';

const HEAD = 32;
/** The 12 bytes every signature fits in. */
const SNIFF = 12;
/** Box types a QuickTime file from before ftyp may start with. */
const OLD_QUICKTIME = ['moov', 'mdat', 'wide', 'free', 'skip', 'pnot'];
const UNKNOWN = 'not a JPEG, PNG, GIF, WebP, HEIC, MP4 or MOV file';

export class MediaProbe {
	private readonly head = new Uint8Array(HEAD);
	private headLength = 0;
	private reader: ByteReader | null = null;
	/** The fixed-header formats' bytes needed, once known. */
	private headNeeded = HEAD;
	private headFacts: ((b: Uint8Array, n: number) => MediaFacts) | null = null;
	private facts: MediaFacts | null = null;

	/** True once nothing more is needed (the caller may stop feeding; feed() is then a no-op). */
	get done(): boolean {
		return this.facts !== null || (this.reader !== null && this.reader.done);
	}

	/** Looks at one piece as it passes. Never keeps the piece; copies at most a bounded header window. */
	feed(piece: Uint8Array): void {
		if (this.done) return;
		try {
			if (this.reader) return this.reader.feed(piece);
			const taken = Math.min(this.headNeeded - this.headLength, piece.length);
			for (let i = 0; i < taken; i++) this.head[this.headLength + i] = piece[i];
			this.headLength += taken;
			if (!this.headFacts && this.headLength >= SNIFF) this.sniff();
			if (this.headFacts && this.headLength >= this.headNeeded)
				this.facts = this.headFacts(this.head, this.headLength);
			else if (taken < piece.length)
				(this.reader as ByteReader | null)?.feed(piece.subarray(taken));
		} catch {
			this.facts = noFacts(null, 'the header could not be read');
		}
	}

	/** After the last piece, or when the stream stopped early: the facts. Never throws. */
	finish(): MediaFacts {
		try {
			if (!this.facts && !this.reader && !this.headFacts) this.sniff();
			if (!this.facts && this.headFacts) this.facts = this.headFacts(this.head, this.headLength);
			if (!this.facts && this.reader) this.facts = this.reader.finish();
		} catch {
			this.facts = noFacts(null, 'the header could not be read');
		}
		return this.facts ?? noFacts(null, UNKNOWN);
	}

	/** Picks the reader from the first bytes (all of them, when the file is shorter than SNIFF). */
	private sniff(): void {
		const b = this.head;
		const n = this.headLength;
		if (n >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) this.start(new JpegReader());
		else if (startsWith(b, 0, n, PNG_SIGNATURE)) this.fixed(PNG_HEAD, pngFacts);
		else if (startsWith(b, 0, n, 'GIF87a') || startsWith(b, 0, n, 'GIF89a'))
			this.fixed(GIF_HEAD, gifFacts);
		else if (startsWith(b, 0, n, 'RIFF') && startsWith(b, 8, n - 8, 'WEBP'))
			this.fixed(WEBP_HEAD, webpFacts);
		else if (startsWith(b, 4, n - 4, 'ftyp')) this.start(new BmffReader(null));
		else if (OLD_QUICKTIME.some((type) => startsWith(b, 4, n - 4, type)))
			this.start(new BmffReader('mov'));
		else this.facts = noFacts(null, n === 0 ? 'the file is empty' : UNKNOWN);
	}

	private fixed(needed: number, facts: (b: Uint8Array, n: number) => MediaFacts): void {
		this.headNeeded = needed;
		this.headFacts = facts;
	}

	/** Hands the reader the bytes seen so far; the rest of the stream goes straight to it. */
	private start(reader: ByteReader): void {
		this.reader = reader;
		reader.feed(this.head.subarray(0, this.headLength));
	}
}

/** The whole file at once (tests, fuzz): the same as feeding it in one piece. */
export function probeBytes(bytes: Uint8Array): MediaFacts {
	const probe = new MediaProbe();
	probe.feed(bytes);
	return probe.finish();
}
