// A real, playable MP4 (ftyp, moov with one H.264 video track, free, mdat). The stream is
// H.264 Constrained Baseline written here bit by bit: the first sample is an IDR picture in one
// flat colour taken from the comment (one raw macroblock, then one byte a macroblock), every
// later sample a P picture of skipped macroblocks (the same picture again). Each sample is
// padded to its size with a filler-data NAL unit, which decoders skip. The parameter sets carry
// the real width and height and mvhd/tkhd/mdhd the real duration; the free box carries a
// comment that makes the bytes unique.
import * as fs from 'fs';
import { BitWriter } from './bits';
import { box, full, u16, u32 } from './boxes';

const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);

const mbCount = (width: number, height: number) => Math.ceil(width / 16) * Math.ceil(height / 16);

/** The lowest level whose picture size limit (MaxFS, in macroblocks) holds the picture. */
function level(width: number, height: number): number {
	const mbs = mbCount(width, height);
	return mbs <= 1620 ? 30 : mbs <= 3600 ? 31 : mbs <= 8192 ? 40 : mbs <= 22080 ? 50 : 51;
}

/** Emulation prevention: no 00 00 00..03 inside a NAL unit (a 03 goes between). */
function escape(nal: Buffer): Buffer {
	const out: number[] = [];
	let zeros = 0;
	for (const byte of nal) {
		if (zeros >= 2 && byte <= 3) {
			out.push(3);
			zeros = 0;
		}
		out.push(byte);
		zeros = byte === 0 ? zeros + 1 : 0;
	}
	return Buffer.from(out);
}

function sps(width: number, height: number): Buffer {
	const w = new BitWriter();
	w.write(0x67, 8); // NAL header: SPS
	w.write(66, 8); // profile_idc: baseline
	w.write(0xc0, 8); // constraint flags
	w.write(level(width, height), 8);
	w.ue(0); // seq_parameter_set_id
	w.ue(0); // log2_max_frame_num_minus4
	w.ue(2); // pic_order_cnt_type
	w.ue(1); // max_num_ref_frames
	w.write(0, 1); // gaps_in_frame_num_value_allowed_flag
	w.ue(Math.ceil(width / 16) - 1);
	w.ue(Math.ceil(height / 16) - 1);
	w.write(1, 1); // frame_mbs_only_flag
	w.write(1, 1); // direct_8x8_inference_flag
	// Crop units are 2 pixels (4:2:0): an odd size shows one column or row more.
	const cropRight = Math.floor((Math.ceil(width / 16) * 16 - width) / 2);
	const cropBottom = Math.floor((Math.ceil(height / 16) * 16 - height) / 2);
	if (cropRight || cropBottom) {
		w.write(1, 1);
		w.ue(0);
		w.ue(cropRight);
		w.ue(0);
		w.ue(cropBottom);
	} else w.write(0, 1);
	w.write(0, 1); // vui_parameters_present_flag
	w.write(1, 1); // rbsp stop bit
	return escape(w.finish(0));
}

function pps(): Buffer {
	const w = new BitWriter();
	w.write(0x68, 8);
	w.ue(0); // pps id
	w.ue(0); // sps id
	w.write(0, 1); // entropy_coding_mode_flag
	w.write(0, 1); // bottom_field_pic_order_in_frame_present_flag
	w.ue(0); // num_slice_groups_minus1
	w.ue(0); // num_ref_idx_l0_default_active_minus1
	w.ue(0); // num_ref_idx_l1_default_active_minus1
	w.write(0, 1); // weighted_pred_flag
	w.write(0, 2); // weighted_bipred_idc
	w.se(0); // pic_init_qp_minus26
	w.se(0); // pic_init_qs_minus26
	w.se(0); // chroma_qp_index_offset
	w.write(1, 1); // deblocking_filter_control_present_flag
	w.write(0, 1); // constrained_intra_pred_flag
	w.write(0, 1); // redundant_pic_cnt_present_flag
	w.write(1, 1); // rbsp stop bit
	return escape(w.finish(0));
}

/** The slice header fields after frame_num that both pictures share, and the deblocking choice. */
function sliceTail(w: BitWriter): void {
	w.se(0); // slice_qp_delta
	w.ue(1); // disable_deblocking_filter_idc: off (nothing to smooth)
}

/** A flat colour for the video, from its comment (which carries the item id): Y, Cb, Cr. */
export function videoColour(comment: string): [number, number, number] {
	let hash = 0x811c9dc5; // FNV-1a
	for (const c of Buffer.from(comment, 'utf8')) hash = Math.imul(hash ^ c, 0x01000193) >>> 0;
	const hue = (hash % 360) / 60;
	const [v, s] = [0.85, 0.5];
	const x = v * s * (1 - Math.abs((hue % 2) - 1));
	const [r, g, b] = [
		[v * s, x, 0],
		[x, v * s, 0],
		[0, v * s, x],
		[0, x, v * s],
		[x, 0, v * s],
		[v * s, 0, x],
	][Math.floor(hue)].map((c) => c + v * (1 - s));
	// BT.601, video range; never 0, so no sample reads as part of a start code.
	const clamp = (n: number) => Math.min(254, Math.max(1, Math.round(n)));
	return [
		clamp(16 + 65.481 * r + 128.553 * g + 24.966 * b),
		clamp(128 - 37.797 * r - 74.203 * g + 112 * b),
		clamp(128 + 112 * r - 93.786 * g - 18.214 * b),
	];
}

/**
 * An IDR picture in one flat colour: the first macroblock carries it as raw samples (I_PCM);
 * every other one is I_16x16 with DC prediction and no coefficients, so it takes the mean of its
 * neighbours, which is that colour again.
 */
function idrSlice(width: number, height: number, [y, cb, cr]: [number, number, number]): Buffer {
	const w = new BitWriter();
	w.write(0x65, 8); // NAL header: nal_ref_idc 3, IDR slice
	w.ue(0); // first_mb_in_slice
	w.ue(7); // slice_type: I (all slices)
	w.ue(0); // pic_parameter_set_id
	w.write(0, 4); // frame_num
	w.ue(0); // idr_pic_id
	w.write(0, 1); // no_output_of_prior_pics_flag
	w.write(0, 1); // long_term_reference_flag
	sliceTail(w);
	w.ue(25); // mb_type I_PCM
	while (!w.aligned) w.write(0, 1); // pcm_alignment_zero_bit
	for (const [value, count] of [
		[y, 256],
		[cb, 64],
		[cr, 64],
	])
		for (let i = 0; i < count; i++) w.write(value, 8);
	const across = Math.ceil(width / 16);
	for (let i = 1; i < mbCount(width, height); i++) {
		w.ue(3); // mb_type I_16x16_2_0_0: DC prediction, no coded luma or chroma blocks
		w.ue(0); // intra_chroma_pred_mode: DC
		w.se(0); // mb_qp_delta
		// Intra16x16DCLevel's coeff_token, no coefficients. Its table follows nC, the neighbours'
		// coefficient count: 16 for an I_PCM neighbour (the first macroblock's right and lower
		// ones, which have no other), 0 for the rest.
		const besidePcm = (i === 1 && across > 1) || i === across;
		if (besidePcm) w.write(0b000011, 6);
		else w.write(1, 1);
	}
	w.write(1, 1); // rbsp stop bit
	return escape(w.finish(0));
}

/** A P picture whose macroblocks are all skipped: the previous picture again. */
function skipSlice(width: number, height: number, frameNum: number): Buffer {
	const w = new BitWriter();
	w.write(0x41, 8); // NAL header: nal_ref_idc 2, non-IDR slice
	w.ue(0); // first_mb_in_slice
	w.ue(5); // slice_type: P (all slices)
	w.ue(0); // pic_parameter_set_id
	w.write(frameNum % 16, 4); // frame_num (log2_max_frame_num 4)
	w.write(0, 1); // num_ref_idx_active_override_flag
	w.write(0, 1); // ref_pic_list_modification_flag_l0
	w.write(0, 1); // adaptive_ref_pic_marking_mode_flag: sliding window
	sliceTail(w);
	w.ue(mbCount(width, height)); // mb_skip_run: all of them
	w.write(1, 1); // rbsp stop bit
	return escape(w.finish(0));
}

/** A 4-byte length prefix, as avcC's lengthSizeMinusOne = 3 says. */
function lengthPrefixed(nal: Buffer): Buffer {
	const head = Buffer.alloc(4);
	head.writeUInt32BE(nal.length, 0);
	return Buffer.concat([head, nal]);
}

/** Sample i's picture, length-prefixed. */
function picture(width: number, height: number, i: number, comment: string): Buffer {
	return lengthPrefixed(
		i === 0 ? idrSlice(width, height, videoColour(comment)) : skipSlice(width, height, i),
	);
}

/** The smallest filler-data NAL unit: length, header, stop bit. */
const MIN_FILLER = 6;

/** A sample's size: at least `wanted`, room for its picture, and a filler that fits exactly. */
function sampleSize(pictureBytes: number, wanted: number): number {
	const size = Math.max(wanted, pictureBytes);
	const pad = size - pictureBytes;
	return pad > 0 && pad < MIN_FILLER ? pictureBytes + MIN_FILLER : size;
}

/** The filler-data NAL unit's head (length, header) for `bytes` of padding; its body is 0xFF…0x80. */
function fillerHead(bytes: number): Buffer {
	const head = Buffer.alloc(5);
	head.writeUInt32BE(bytes - 4, 0);
	head[4] = 0x0c; // NAL header: filler data
	return head;
}

function fillerBody(bytes: number): Buffer {
	const body = Buffer.alloc(bytes - 5, 0xff);
	body[body.length - 1] = 0x80; // rbsp stop bit
	return body;
}

function avcC(width: number, height: number): Buffer {
	const s = sps(width, height);
	const p = pps();
	return box(
		'avcC',
		Buffer.from([1, 66, 0xc0, level(width, height), 0xff, 0xe1]),
		u16(s.length),
		s,
		Buffer.from([1]),
		u16(p.length),
		p,
	);
}

/** How a file is laid out beyond its picture: where moov sits, the track's turn, the brand. */
export interface Mp4Options {
	/** moov after mdat (as cameras write before a "fast start" pass); default first. */
	moovLast?: boolean;
	/** Clockwise degrees the player turns the picture (tkhd matrix); width and height stay as coded. */
	rotation?: 0 | 90 | 180 | 270;
	/** ftyp 'qt  ' (QuickTime, .mov) instead of 'isom'. */
	quickTime?: boolean;
}

interface Layout {
	width: number;
	height: number;
	durationMs: number;
	sampleSizes: number[];
	mdatOffset: number;
	rotation: number;
}

/** The transformation matrix (16.16, with 2.30 in the last column) for a clockwise turn. */
function matrix(rotation: number, width: number, height: number): Buffer {
	const [one, minus] = [0x00010000, 0xffff0000];
	const w = 0x40000000;
	if (rotation === 90) return u32(0, one, 0, minus, 0, 0, height * one, 0, w);
	if (rotation === 180) return u32(minus, 0, 0, 0, minus, 0, width * one, height * one, w);
	if (rotation === 270) return u32(0, minus, 0, one, 0, 0, 0, width * one, w);
	return MATRIX;
}

function moov(l: Layout): Buffer {
	const n = l.sampleSizes.length;
	const mvhd = full(
		'mvhd',
		0,
		0,
		u32(0, 0, 1000, l.durationMs, 0x00010000),
		u16(0x0100, 0),
		u32(0, 0),
		MATRIX,
		Buffer.alloc(24),
		u32(2),
	);
	const tkhd = full(
		'tkhd',
		0,
		3,
		u32(0, 0, 1, 0, l.durationMs, 0, 0),
		u16(0, 0, 0, 0),
		matrix(l.rotation, l.width, l.height),
		u32(l.width * 0x10000, l.height * 0x10000),
	);
	const mdhd = full('mdhd', 0, 0, u32(0, 0, 1000, l.durationMs), u16(0x55c4, 0));
	const hdlr = full(
		'hdlr',
		0,
		0,
		u32(0),
		Buffer.from('vide', 'ascii'),
		u32(0, 0, 0),
		Buffer.from('VideoHandler\0', 'ascii'),
	);
	const vmhd = full('vmhd', 0, 1, u16(0, 0, 0, 0));
	const dinf = box('dinf', full('dref', 0, 0, u32(1), full('url ', 0, 1)));
	const sampleEntry = box(
		'avc1',
		Buffer.alloc(6),
		u16(1, 0, 0),
		Buffer.alloc(12),
		u16(l.width, l.height),
		u32(0x00480000, 0x00480000, 0),
		u16(1),
		Buffer.alloc(32),
		u16(0x0018, 0xffff),
		avcC(l.width, l.height),
	);
	const stsd = full('stsd', 0, 0, u32(1), sampleEntry);
	const delta = Math.max(1, Math.floor(l.durationMs / n));
	const stts = full('stts', 0, 0, u32(1, n, delta));
	const stsc = full('stsc', 0, 0, u32(1, 1, n, 1));
	const stsz = full('stsz', 0, 0, u32(0, n, ...l.sampleSizes));
	const stss = full('stss', 0, 0, u32(1, 1)); // only the first sample is a sync (IDR) sample
	const stco = full('stco', 0, 0, u32(1, l.mdatOffset));
	const stbl = box('stbl', stsd, stts, stss, stsc, stsz, stco);
	const minf = box('minf', vmhd, dinf, stbl);
	const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
	return box('moov', mvhd, trak);
}

function ftyp(quickTime: boolean | undefined): Buffer {
	if (quickTime)
		return box('ftyp', Buffer.from('qt  ', 'ascii'), u32(0), Buffer.from('qt  ', 'ascii'));
	return box(
		'ftyp',
		Buffer.from('isom', 'ascii'),
		u32(0x200),
		Buffer.from('isomiso2avc1mp41', 'ascii'),
	);
}

/** The boxes before the mdat payload, and after it (moov, when last). */
function frame(
	width: number,
	height: number,
	durationMs: number,
	sampleSizes: number[],
	comment: string,
	opts: Mp4Options = {},
): { before: Buffer; after: Buffer } {
	const head = ftyp(opts.quickTime);
	const free = box('free', Buffer.from(comment, 'utf8'));
	const mdatSize = sampleSizes.reduce((a, b) => a + b, 0);
	const l = { width, height, durationMs, sampleSizes, rotation: opts.rotation ?? 0 };
	const probe = moov({ ...l, mdatOffset: 0 });
	const large = mdatSize + 8 > 0xffffffff;
	const mdatHeader = Buffer.alloc(large ? 16 : 8);
	if (large) {
		mdatHeader.writeUInt32BE(1, 0);
		mdatHeader.write('mdat', 4, 'ascii');
		mdatHeader.writeBigUInt64BE(BigInt(mdatSize + 16), 8);
	} else {
		mdatHeader.writeUInt32BE(mdatSize + 8, 0);
		mdatHeader.write('mdat', 4, 'ascii');
	}
	if (opts.moovLast) {
		const mdatOffset = head.length + free.length + mdatHeader.length;
		return {
			before: Buffer.concat([head, free, mdatHeader]),
			after: moov({ ...l, mdatOffset }),
		};
	}
	const mdatOffset = head.length + probe.length + free.length + mdatHeader.length;
	return {
		before: Buffer.concat([head, moov({ ...l, mdatOffset }), free, mdatHeader]),
		after: Buffer.alloc(0),
	};
}

export function makeMp4(
	width: number,
	height: number,
	durationMs: number,
	comment: string,
	samples = 10,
	size = 96,
	opts: Mp4Options = {},
): Buffer {
	const data = Array.from({ length: samples }, (_, i) => {
		const pic = picture(width, height, i, comment);
		const total = sampleSize(pic.length, size);
		if (total === pic.length) return pic;
		return Buffer.concat([pic, fillerHead(total - pic.length), fillerBody(total - pic.length)]);
	});
	const sizes = data.map((d) => d.length);
	const { before, after } = frame(width, height, durationMs, sizes, comment, opts);
	return Buffer.concat([before, ...data, after]);
}

/** Write an MP4 of about `totalBytes` to `path` without holding it in memory (1 MiB samples). */
export async function writeLargeMp4(
	path: string,
	totalBytes: number,
	comment: string,
	width = 1920,
	height = 1080,
	durationMs = 60000,
	opts: Mp4Options = {},
): Promise<void> {
	const size = 1024 * 1024;
	const count = Math.max(1, Math.floor(totalBytes / size));
	const pictures = (i: number) => picture(width, height, i, comment);
	const sizes = Array.from({ length: count }, (_, i) => sampleSize(pictures(i).length, size));
	// One body of 0xFF for every full-size filler; a sample of another size gets its own.
	const padding = (i: number) => sizes[i] - pictures(i).length;
	const shared = fillerBody(padding(count > 1 ? 1 : 0) || MIN_FILLER);
	const out = fs.createWriteStream(path);
	const write = (b: Buffer) =>
		new Promise<void>((resolve, reject) => out.write(b, (err) => (err ? reject(err) : resolve())));
	const { before, after } = frame(width, height, durationMs, sizes, comment, opts);
	await write(before);
	for (let i = 0; i < count; i++) {
		await write(pictures(i));
		const pad = padding(i);
		if (pad === 0) continue;
		await write(fillerHead(pad));
		await write(pad - 5 === shared.length ? shared : fillerBody(pad));
	}
	if (after.length) await write(after);
	await new Promise<void>((resolve, reject) =>
		out.end((err?: Error | null) => (err ? reject(err) : resolve())),
	);
}
