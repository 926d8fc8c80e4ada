// A real baseline JPEG: greyscale, a horizontal band per block row (DC coefficients only),
// Annex K luminance tables, and a COM segment that makes the bytes unique.
import { BitWriter } from './bits';

const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// The AC table needs only end-of-block: one 1-bit code.
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0x00];

function segment(marker: number, data: Buffer): Buffer {
	const head = Buffer.alloc(4);
	head.writeUInt16BE(marker, 0);
	head.writeUInt16BE(data.length + 2, 2);
	return Buffer.concat([head, data]);
}

/** Canonical Huffman codes from the (bits, values) form of a DHT segment. */
function huffmanCodes(
	bits: number[],
	values: number[],
): Map<number, { code: number; len: number }> {
	const out = new Map<number, { code: number; len: number }>();
	let code = 0;
	let k = 0;
	for (let len = 1; len <= 16; len++) {
		for (let i = 0; i < bits[len - 1]; i++) out.set(values[k++], { code: code++, len });
		code <<= 1;
	}
	return out;
}

function category(v: number): number {
	let c = 0;
	for (let a = Math.abs(v); a > 0; a >>= 1) c++;
	return c;
}

export interface JpegOptions {
	/** EXIF orientation (APP1 instead of JFIF's APP0); 5-8 turn the picture a quarter when shown. */
	orientation?: number;
	/** The file's exact size in bytes (a trailer after EOI); more than the picture needs. */
	bytes?: number;
}

/** `padTo`: add filler COM segments until the file is about this size. */
export function makeJpeg(
	width: number,
	height: number,
	shade: number,
	comment: string,
	padTo = 0,
	opts: JpegOptions = {},
): Buffer {
	const dc = huffmanCodes(DC_BITS, DC_VALUES);
	const ac = huffmanCodes(AC_BITS, AC_VALUES);
	const cols = Math.ceil(width / 8);
	const rows = Math.ceil(height / 8);
	const bits = new BitWriter(true);
	let prev = 0;
	for (let r = 0; r < rows; r++) {
		const grey = Math.round(40 + ((shade + (r * 170) / rows) % 180));
		const value = (grey - 128) * 8; // DC coefficient of a flat 8x8 block (quantiser 1)
		for (let c = 0; c < cols; c++) {
			const diff = value - prev;
			prev = value;
			const cat = category(diff);
			const h = dc.get(cat)!;
			bits.write(h.code, h.len);
			if (cat > 0) bits.write(diff > 0 ? diff : diff + (1 << cat) - 1, cat);
			const eob = ac.get(0)!;
			bits.write(eob.code, eob.len);
		}
	}
	const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
	const dqt = Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)]);
	const sof = Buffer.alloc(9);
	sof[0] = 8;
	sof.writeUInt16BE(height, 1);
	sof.writeUInt16BE(width, 3);
	sof[5] = 1; // one component
	sof[6] = 1; // id
	sof[7] = 0x11; // no subsampling
	sof[8] = 0; // quantisation table 0
	const dht = Buffer.concat([
		Buffer.from([0x00]),
		Buffer.from(DC_BITS),
		Buffer.from(DC_VALUES),
		Buffer.from([0x10]),
		Buffer.from(AC_BITS),
		Buffer.from(AC_VALUES),
	]);
	const sos = Buffer.from([1, 1, 0x00, 0, 63, 0]);
	const entropy = bits.finish(1);
	const padding: Buffer[] = [];
	let missing = padTo - (entropy.length + comment.length + 250);
	while (missing > 4) {
		const n = Math.min(65533, missing - 4);
		padding.push(segment(0xfffe, Buffer.alloc(n, 0x20)));
		missing -= n + 4;
	}
	const file = Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		opts.orientation === undefined
			? segment(0xffe0, jfif)
			: segment(0xffe1, exif(opts.orientation)),
		segment(0xfffe, Buffer.from(comment, 'latin1')),
		...padding,
		segment(0xffdb, dqt),
		segment(0xffc0, sof),
		segment(0xffc4, dht),
		segment(0xffda, sos),
		entropy,
		Buffer.from([0xff, 0xd9]),
	]);
	if (opts.bytes === undefined) return file;
	if (opts.bytes < file.length)
		throw new Error(`makeJpeg: ${width}x${height} needs more than ${opts.bytes} bytes`);
	// After EOI, as phones append motion-photo videos and maker trailers: decoders stop at EOI.
	return Buffer.concat([file, Buffer.alloc(opts.bytes - file.length, 0x20)]);
}

/** An EXIF APP1 payload whose only tag is Orientation (0x0112), little-endian TIFF. */
function exif(orientation: number): Buffer {
	const b = Buffer.alloc(6 + 8 + 2 + 12 + 4);
	b.write('Exif\0\0', 0, 'latin1');
	b.write('II', 6, 'latin1');
	b.writeUInt16LE(42, 8);
	b.writeUInt32LE(8, 10); // IFD0 right after the TIFF header
	b.writeUInt16LE(1, 14); // one entry
	b.writeUInt16LE(0x0112, 16);
	b.writeUInt16LE(3, 18); // SHORT
	b.writeUInt32LE(1, 20); // count
	b.writeUInt16LE(orientation, 24);
	return b; // next IFD offset: 0
}
