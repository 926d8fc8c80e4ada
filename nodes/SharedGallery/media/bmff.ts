// ISO BMFF (MP4, MOV, HEIC): the boxes are walked as they stream past. Only moov and the boxes
// on the way to the facts are entered (moov/trak/mdia, moov/mvex); a few small boxes are read
// (ftyp ≤ 1 KiB, mvhd, tkhd, hdlr, mehd ≤ 96 bytes) and HEIC's meta is held whole (≤ 1 MiB).
// Everything else, mdat first, is skipped by arithmetic, so moov may come after gigabytes.
import { fourcc, typeName, u32, u64 } from './bytes';
import { factsOf, grouped, noFacts } from './bounds';
import { FORMAT_NAME, type MediaFacts, type MediaFormat } from './facts';
import { heifSize } from './heif';
import { Movie } from './movie';
import { ByteReader } from './reader';

const META_LIMIT = 1024 * 1024;
/** Boxes walked: real files have tens before moov ends; this bounds the work on hostile ones. */
const BOX_LIMIT = 10_000;
const FTYP = fourcc('ftyp');
const MOOV = fourcc('moov');
const TRAK = fourcc('trak');
const MDIA = fourcc('mdia');
const MVEX = fourcc('mvex');
const META = fourcc('meta');
/** Box → what reading it needs: 'enter' for a container, else the bytes to read. */
const INSIDE: Record<number, Record<number, number | 'enter'>> = {
	[MOOV]: { [fourcc('mvhd')]: 32, [TRAK]: 'enter', [MVEX]: 'enter' },
	[TRAK]: { [fourcc('tkhd')]: 96, [MDIA]: 'enter' },
	[MDIA]: { [fourcc('hdlr')]: 12 },
	[MVEX]: { [fourcc('mehd')]: 12 },
};
const HEIC_BRANDS = ['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1'].map(fourcc);
const AVIF_BRANDS = ['avif', 'avis'].map(fourcc);

export class BmffReader extends ByteReader {
	private state: 'header' | 'large' | 'box' = 'header';
	private type = 0;
	private start = 0;
	private end = 0;
	/** The open containers, outermost first (at most moov/trak/mdia). */
	private readonly ends: number[] = [];
	private readonly types: number[] = [];
	private readonly movie = new Movie();
	private moovSeen = false;
	private boxes = 0;
	private result: MediaFacts | null = null;

	/** `format`: 'mov' for a QuickTime file without ftyp, else null until ftyp says. */
	constructor(private format: MediaFormat | null) {
		super(META_LIMIT);
		this.ask(8);
	}

	finish(): MediaFacts {
		this.done = true;
		if (this.result) return this.result;
		const format = this.format;
		if (!format) return noFacts(null, 'the file ends inside its ftyp box');
		const name = FORMAT_NAME[format];
		// A moov whose size is 0 runs to the end of the file: it is whole if no box was cut short.
		const between = this.state === 'header' && !this.midway;
		if (this.moovSeen && between && this.ends.every((end) => end === Infinity)) {
			// The file's end closes every box still open: a track too.
			for (const type of this.types.reverse()) if (type === TRAK) this.movie.closeTrack();
			return (this.result = this.movie.facts(format));
		}
		const wanted = format === 'heic' ? 'meta' : 'moov';
		const where = this.moovSeen ? 'inside' : 'before';
		const cut =
			this.skipping && !this.moovSeen ? ` (the ${typeName(this.type)} box runs past it)` : '';
		return (this.result = noFacts(format, `the ${name} ends ${where} its ${wanted} box${cut}`));
	}

	protected step(b: Uint8Array, at: number, n: number): void {
		if (this.state === 'header') {
			if (++this.boxes > BOX_LIMIT)
				return this.stop(`the file has over ${grouped(BOX_LIMIT)} boxes before the facts`);
			const size = u32(b, at);
			this.type = u32(b, at + 4);
			this.start = this.pos - 8;
			if (size !== 1) return this.open(size, 8);
			this.state = 'large';
			return this.ask(8);
		}
		if (this.state === 'large') return this.open(u64(b, at), 16);
		this.read(b, at, n);
		if (!this.done) this.after(this.end);
	}

	private open(size: number, header: number): void {
		const parentEnd = this.ends.length ? this.ends[this.ends.length - 1] : Infinity;
		if (size !== 0 && size < header) return this.stop("a box's size is smaller than its header");
		if (size > Number.MAX_SAFE_INTEGER) return this.stop("a box's 64-bit size is absurd");
		const end = size === 0 ? parentEnd : this.start + size;
		if (end > parentEnd) return this.stop("a box's size runs past the end of its parent");
		this.end = end;
		const need = this.need();
		if (need === 'enter') {
			if (this.type === MOOV) this.moovSeen = true;
			if (this.type === TRAK) this.movie.openTrack();
			if (this.type === MVEX) this.movie.mvex();
			this.ends.push(end);
			this.types.push(this.type);
			return this.after(this.pos);
		}
		if (need === 0) return this.after(end);
		if (this.type === META && end - this.pos > META_LIMIT)
			return this.stop(`the HEIC's meta box is over the ${META_LIMIT / 1024} KiB read`);
		const payload = Math.min(need, end - this.pos);
		if (payload === 0) {
			this.read(new Uint8Array(0), 0, 0);
			return this.done ? undefined : this.after(end);
		}
		this.state = 'box';
		this.ask(payload);
	}

	/** What this box needs where it is: 'enter', bytes to read, or 0 (skip it). */
	private need(): number | 'enter' {
		const type = this.type;
		if (this.types.length) return INSIDE[this.types[this.types.length - 1]]?.[type] ?? 0;
		if (this.format === null) return type === FTYP ? 1024 : 0;
		if (this.format === 'heic') return type === META ? META_LIMIT : 0;
		return type === MOOV && !this.moovSeen ? 'enter' : 0;
	}

	private read(b: Uint8Array, at: number, n: number): void {
		const type = typeName(this.type);
		if (type === 'ftyp') return this.brand(b, at, n);
		if (type === 'meta') {
			const size = heifSize(b, at, n);
			this.result = size.problem
				? noFacts('heic', size.problem)
				: factsOf('heic', size.width, size.height, null);
			this.done = true;
			return;
		}
		if (type === 'mvhd' || type === 'tkhd' || type === 'hdlr' || type === 'mehd')
			this.movie[type](b, at, n);
	}

	/** The major brand says the format; AVIF also says mif1, so its brands are looked for. */
	private brand(b: Uint8Array, at: number, n: number): void {
		if (n < 4) return this.stop('the ftyp box is too short', null);
		const major = u32(b, at);
		let avif = AVIF_BRANDS.includes(major);
		for (let i = at + 8; i + 4 <= at + n; i += 4) avif ||= AVIF_BRANDS.includes(u32(b, i));
		if (major === fourcc('qt  ')) this.format = 'mov';
		else if (avif)
			return this.stop('an AVIF file, not a JPEG, PNG, GIF, WebP, HEIC, MP4 or MOV', null);
		else this.format = HEIC_BRANDS.includes(major) ? 'heic' : 'mp4';
	}

	/** After the box ending at `end`: close the containers it ends, then the next header. */
	private after(end: number): void {
		let target = end;
		// Fewer than 8 bytes left in a container cannot hold a box: they are padding. A box that
		// runs to the end of the file ends every container it is in (their sizes were 0 too).
		while (
			this.ends.length &&
			(target === Infinity || this.ends[this.ends.length - 1] - target < 8)
		) {
			target = Math.max(target, this.ends.pop()!);
			const type = this.types.pop();
			if (type === TRAK) this.movie.closeTrack();
			if (type === MOOV) {
				this.result = this.movie.facts(this.format!);
				this.done = true;
				return;
			}
		}
		if (target === Infinity) {
			const wanted = this.format === 'heic' ? 'meta' : 'moov';
			return this.stop(
				`the ${FORMAT_NAME[this.format!]} has no ${wanted} box before its ${typeName(this.type)} box, which runs to the end of the file`,
			);
		}
		this.state = 'header';
		this.ask(8, target - this.pos);
	}

	private stop(problem: string, format = this.format): void {
		this.result = noFacts(format, problem);
		this.done = true;
	}
}
