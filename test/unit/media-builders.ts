// Byte builders for the media header tests: exact shapes with every field under the test's
// control, hostile ones included (fragmented MP4, lying and 64-bit sizes, bad EXIF offsets).
// The emulator's generators (emulator/media) make the well-formed files users have.
import { makeJpeg } from '../../emulator/media';
import { box, full, u16, u32 } from '../../emulator/media/boxes';
import { MediaProbe, probeBytes, type MediaFacts } from '../../nodes/SharedGallery/media';
import { prng } from '../reliability/fuzz-harness';

export { box, u32 };

/** A box with a 64-bit size (size field 1); `claimed` lets the size lie. */
export function largeBox(type: string, payload: Buffer, claimed?: bigint): Buffer {
	const head = Buffer.alloc(16);
	head.writeUInt32BE(1, 0);
	head.write(type, 4, 'latin1');
	head.writeBigUInt64BE(claimed ?? BigInt(payload.length + 16), 8);
	return Buffer.concat([head, payload]);
}

/** A full box (version and flags), as the emulator's generators build them. */
export const fullBox = full;

const u64 = (value: number): Buffer => {
	const b = Buffer.alloc(8);
	b.writeBigUInt64BE(BigInt(value), 0);
	return b;
};

export const ftyp = (major: string, ...compatible: string[]): Buffer =>
	box('ftyp', Buffer.from(major, 'latin1'), u32(0), Buffer.from(compatible.join(''), 'latin1'));

/** A tkhd matrix turned by `degrees` (0, 90, 180, 270), in 16.16 and 2.30 fixed point. */
function matrix(degrees: number): Buffer {
	const one = 0x10000;
	const [a, b, c, d] = {
		0: [one, 0, 0, one],
		90: [0, one, -one, 0],
		180: [-one, 0, 0, -one],
		270: [0, -one, one, 0],
	}[degrees as 0 | 90 | 180 | 270];
	return u32(a, b, 0, c, d, 0, 0, 0, 0x40000000);
}

export interface TrackSpec {
	handler: string;
	width: number;
	height: number;
	rotation?: number;
	v1?: boolean;
}

export function trak(t: TrackSpec): Buffer {
	const tail = Buffer.concat([
		Buffer.alloc(8),
		u16(0, 0, 0, 0),
		matrix(t.rotation ?? 0),
		u32(Math.round(t.width * 0x10000), Math.round(t.height * 0x10000)),
	]);
	const tkhd = t.v1
		? fullBox('tkhd', 1, 3, u64(0), u64(0), u32(1, 0), u64(0), tail)
		: fullBox('tkhd', 0, 3, u32(0, 0, 1, 0, 0), tail);
	const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from(t.handler, 'latin1'), u32(0, 0, 0));
	const minf = box('minf', box('stbl', fullBox('stsz', 0, 0, u32(0, 0))));
	return box('trak', tkhd, box('mdia', fullBox('mdhd', 0, 0, u32(0, 0, 1000, 0, 0)), hdlr, minf));
}

export interface MovieSpec {
	brand?: string;
	timescale?: number;
	/** In timescale units. */
	duration?: number;
	mvhdV1?: boolean;
	tracks?: TrackSpec[];
	/** Fragmented: mvex, with mehd when `fragmentDuration` is given. */
	fragmented?: boolean;
	fragmentDuration?: number;
	mehdV1?: boolean;
	/** Where moov goes: before or after the mdat. */
	moovLast?: boolean;
	/** mdat payload bytes (zeros); for `movieParts`, a count only. */
	mdatBytes?: number;
	/** mdat with a 64-bit size. */
	largeMdat?: boolean;
}

export function moov(s: MovieSpec): Buffer {
	const timescale = s.timescale ?? 1000;
	const duration = s.duration ?? 12_345;
	const mvhdTail = Buffer.concat([u32(0x10000), u16(0x100, 0), Buffer.alloc(8), matrix(0)]);
	const mvhd = s.mvhdV1
		? fullBox('mvhd', 1, 0, u64(0), u64(0), u32(timescale), u64(duration), mvhdTail)
		: fullBox('mvhd', 0, 0, u32(0, 0, timescale, duration), mvhdTail);
	const tracks = (s.tracks ?? [{ handler: 'vide', width: 1920, height: 1080 }]).map(trak);
	const mehd =
		s.fragmentDuration === undefined
			? []
			: [
					s.mehdV1
						? fullBox('mehd', 1, 0, u64(s.fragmentDuration))
						: fullBox('mehd', 0, 0, u32(s.fragmentDuration)),
				];
	const mvex = s.fragmented
		? [box('mvex', ...mehd, fullBox('trex', 0, 0, u32(1, 1, 0, 0, 0)))]
		: [];
	return box('moov', mvhd, ...tracks, ...mvex);
}

/** The file around an mdat of `mdatBytes`, without the mdat's payload (fed as pieces of zeros). */
export function movieParts(s: MovieSpec): { head: Buffer; mdatBytes: number; tail: Buffer } {
	const mdatBytes = s.mdatBytes ?? 64;
	const mdatHeader = s.largeMdat ? Buffer.alloc(16) : Buffer.alloc(8);
	if (s.largeMdat) {
		mdatHeader.writeUInt32BE(1, 0);
		mdatHeader.write('mdat', 4, 'latin1');
		mdatHeader.writeBigUInt64BE(BigInt(mdatBytes + 16), 8);
	} else {
		mdatHeader.writeUInt32BE(mdatBytes + 8, 0);
		mdatHeader.write('mdat', 4, 'latin1');
	}
	const start = ftyp(s.brand ?? 'isom', 'isom', 'mp41');
	const m = moov(s);
	return s.moovLast
		? { head: Buffer.concat([start, mdatHeader]), mdatBytes, tail: m }
		: { head: Buffer.concat([start, m, mdatHeader]), mdatBytes, tail: Buffer.alloc(0) };
}

export function movie(s: MovieSpec = {}): Buffer {
	const p = movieParts(s);
	return Buffer.concat([p.head, Buffer.alloc(p.mdatBytes, 0x5a), p.tail]);
}

/** An EXIF APP1 segment with one IFD entry: orientation. */
export function exifApp1(
	orientation: number,
	opts: { little?: boolean; ifdOffset?: number; type?: number } = {},
): Buffer {
	const little = opts.little ?? false;
	const tiff = Buffer.alloc(8 + 2 + 12 + 4);
	const w16 = (v: number, at: number) =>
		little ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at);
	const w32 = (v: number, at: number) =>
		little ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at);
	tiff.write(little ? 'II' : 'MM', 0, 'latin1');
	w16(42, 2);
	w32(opts.ifdOffset ?? 8, 4);
	w16(1, 8);
	w16(0x0112, 10);
	w16(opts.type ?? 3, 12);
	w32(1, 14);
	w16(orientation, 18);
	return segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]));
}

export function segment(marker: number, data: Buffer): Buffer {
	const head = Buffer.alloc(4);
	head.writeUInt16BE(0xff00 | marker, 0);
	head.writeUInt16BE(data.length + 2, 2);
	return Buffer.concat([head, data]);
}

/** The emulator's real JPEG with `segments` put right after SOI. */
export function jpegWith(width: number, height: number, ...segments: Buffer[]): Buffer {
	const jpeg = makeJpeg(width, height, 40, 'media test');
	return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

/** A WebP file whose one chunk is `chunk` (RIFF sizes are little-endian, chunks padded to even). */
function riff(chunk: string, data: Buffer): Buffer {
	const pad = Buffer.alloc(data.length % 2);
	const chunkHead = Buffer.alloc(8);
	chunkHead.write(chunk, 0, 'latin1');
	chunkHead.writeUInt32LE(data.length, 4);
	const head = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1');
	head.writeUInt32LE(4 + 8 + data.length + pad.length, 4);
	return Buffer.concat([head, chunkHead, data, pad]);
}

export function webp(kind: 'VP8 ' | 'VP8L' | 'VP8X', width: number, height: number): Buffer {
	if (kind === 'VP8 ') {
		const d = Buffer.alloc(30);
		d.writeUIntLE(0x10, 0, 3); // frame tag: key frame, version 0, shown
		d[3] = 0x9d;
		d[4] = 0x01;
		d[5] = 0x2a;
		d.writeUInt16LE(width & 0x3fff, 6);
		d.writeUInt16LE(height & 0x3fff, 8);
		return riff('VP8 ', d);
	}
	if (kind === 'VP8L') {
		const d = Buffer.alloc(16);
		d[0] = 0x2f;
		d.writeUInt32LE(((width - 1) | ((height - 1) << 14)) >>> 0, 1);
		return riff('VP8L', d);
	}
	const d = Buffer.alloc(10);
	d.writeUIntLE(width - 1, 4, 3);
	d.writeUIntLE(height - 1, 7, 3);
	return riff('VP8X', d);
}

export interface HeicSpec {
	brand?: string;
	/** The primary image's size, then other images' (thumbnails). */
	sizes?: Array<[number, number]>;
	/** irot angle (in 90° steps) of the primary image. */
	irot?: number;
	/** Leave out pitm (the reader then takes the largest ispe). */
	noPitm?: boolean;
	/** ipma entries with 16-bit property indexes. */
	wideIndexes?: boolean;
	/** Padding in meta (to pass 1 MiB). */
	metaPadding?: number;
	/** An mdat before the meta box. */
	mdatFirst?: number;
}

export function heic(s: HeicSpec = {}): Buffer {
	const sizes = s.sizes ?? [
		[4032, 3024],
		[320, 240],
	];
	// ipco: one ispe per image, then irot. The primary is item 1; the thumbnail items come next.
	const props = sizes.map(([w, h]) => fullBox('ispe', 0, 0, u32(w, h)));
	props.unshift(fullBox('hvcC', 0, 0, Buffer.alloc(8)));
	if (s.irot !== undefined) props.push(box('irot', Buffer.from([s.irot])));
	const ipco = box('ipco', ...props);
	const entries = sizes.map((_, i) => {
		const indexes = [1, i + 2, ...(i === 0 && s.irot !== undefined ? [props.length] : [])];
		const list = s.wideIndexes ? u16(...indexes) : Buffer.from(indexes.map((x) => x | 0x80));
		return Buffer.concat([u16(i + 1), Buffer.from([indexes.length]), list]);
	});
	const ipma = fullBox('ipma', 0, s.wideIndexes ? 1 : 0, u32(entries.length), ...entries);
	const children = [
		fullBox('hdlr', 0, 0, u32(0), Buffer.from('pict', 'latin1'), u32(0, 0, 0), Buffer.from([0])),
		...(s.noPitm ? [] : [fullBox('pitm', 0, 0, u16(1))]),
		fullBox('iinf', 0, 0, u16(sizes.length)),
		box('iprp', ipco, ipma),
		...(s.metaPadding ? [box('free', Buffer.alloc(s.metaPadding))] : []),
	];
	const meta = fullBox('meta', 0, 0, ...children);
	const mdat = box('mdat', Buffer.alloc(s.mdatFirst ?? 100, 0x11));
	const start = ftyp(s.brand ?? 'heic', 'mif1', 'heic');
	return s.mdatFirst ? Buffer.concat([start, mdat, meta]) : Buffer.concat([start, meta, mdat]);
}

/** The file cut into pieces: of one byte (`seed` 0), or of random sizes up to `max`. */
export function split(bytes: Uint8Array, seed: number, max = 4096): Uint8Array[] {
	if (seed === 0) return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
	const random = prng(seed);
	const out: Uint8Array[] = [];
	for (let i = 0; i < bytes.length;) {
		const n = 1 + Math.floor(random() * random() * max);
		out.push(bytes.subarray(i, i + n));
		i += n;
	}
	return out;
}

export function probePieces(pieces: Iterable<Uint8Array>): MediaFacts {
	const probe = new MediaProbe();
	for (const piece of pieces) probe.feed(piece);
	return probe.finish();
}

/** The facts from the whole file, then from 1-byte pieces (small files) and random splits. */
export function factsInEverySplit(bytes: Uint8Array): MediaFacts[] {
	const seeds = bytes.length <= 200_000 ? [0, 1, 2, 3] : [1, 2, 3];
	return [probeBytes(bytes), ...seeds.map((seed) => probePieces(split(bytes, seed)))];
}
