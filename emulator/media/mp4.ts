// A structurally valid MP4 (ftyp, moov with one H.264 video track, free, mdat). The parameter
// sets carry the real width and height and mvhd/tkhd/mdhd the real duration; the samples are
// filler, not decodable frames. The free box carries a comment that makes the bytes unique.
import * as fs from 'fs';
import { BitWriter } from './bits';

function box(type: string, ...payload: Buffer[]): Buffer {
	const body = Buffer.concat(payload);
	const head = Buffer.alloc(8);
	head.writeUInt32BE(body.length + 8, 0);
	head.write(type, 4, 'ascii');
	return Buffer.concat([head, body]);
}

function full(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
	const vf = Buffer.alloc(4);
	vf.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
	return box(type, vf, ...payload);
}

function u32(...values: number[]): Buffer {
	const b = Buffer.alloc(values.length * 4);
	values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
	return b;
}

function u16(...values: number[]): Buffer {
	const b = Buffer.alloc(values.length * 2);
	values.forEach((v, i) => b.writeUInt16BE(v & 0xffff, i * 2));
	return b;
}

const MATRIX = u32(0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000);

function sps(width: number, height: number): Buffer {
	const w = new BitWriter();
	w.write(0x67, 8); // NAL header: SPS
	w.write(66, 8); // profile_idc: baseline
	w.write(0xc0, 8); // constraint flags
	w.write(30, 8); // level 3.0
	w.ue(0); // seq_parameter_set_id
	w.ue(0); // log2_max_frame_num_minus4
	w.ue(2); // pic_order_cnt_type
	w.ue(1); // max_num_ref_frames
	w.write(0, 1); // gaps_in_frame_num_value_allowed_flag
	w.ue(Math.ceil(width / 16) - 1);
	w.ue(Math.ceil(height / 16) - 1);
	w.write(1, 1); // frame_mbs_only_flag
	w.write(1, 1); // direct_8x8_inference_flag
	const cropRight = (Math.ceil(width / 16) * 16 - width) / 2;
	const cropBottom = (Math.ceil(height / 16) * 16 - height) / 2;
	if (cropRight || cropBottom) {
		w.write(1, 1);
		w.ue(0);
		w.ue(cropRight);
		w.ue(0);
		w.ue(cropBottom);
	} else w.write(0, 1);
	w.write(0, 1); // vui_parameters_present_flag
	w.write(1, 1); // rbsp stop bit
	return w.finish(0);
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
	return w.finish(0);
}

function avcC(width: number, height: number): Buffer {
	const s = sps(width, height);
	const p = pps();
	return box(
		'avcC',
		Buffer.from([1, 66, 0xc0, 30, 0xff, 0xe1]),
		u16(s.length),
		s,
		Buffer.from([1]),
		u16(p.length),
		p,
	);
}

interface Layout {
	width: number;
	height: number;
	durationMs: number;
	sampleSizes: number[];
	mdatOffset: number;
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
		MATRIX,
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
	const stco = full('stco', 0, 0, u32(1, l.mdatOffset));
	const stbl = box('stbl', stsd, stts, stsc, stsz, stco);
	const minf = box('minf', vmhd, dinf, stbl);
	const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, minf));
	return box('moov', mvhd, trak);
}

const FTYP = box(
	'ftyp',
	Buffer.from('isom', 'ascii'),
	u32(0x200),
	Buffer.from('isomiso2avc1mp41', 'ascii'),
);

/** Everything before the mdat payload; `mdatSize` is the payload size. */
function head(
	width: number,
	height: number,
	durationMs: number,
	sampleSizes: number[],
	comment: string,
): Buffer {
	const free = box('free', Buffer.from(comment, 'utf8'));
	const mdatSize = sampleSizes.reduce((a, b) => a + b, 0);
	const probe = moov({ width, height, durationMs, sampleSizes, mdatOffset: 0 });
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
	const mdatOffset = FTYP.length + probe.length + free.length + mdatHeader.length;
	return Buffer.concat([
		FTYP,
		moov({ width, height, durationMs, sampleSizes, mdatOffset }),
		free,
		mdatHeader,
	]);
}

/** Filler sample data: 4-byte NAL length prefixes followed by filler-data NAL units (type 12). */
function fillSample(b: Buffer, seed: number): void {
	b.writeUInt32BE(b.length - 4, 0);
	b[4] = 0x0c;
	for (let i = 5; i < b.length; i++) b[i] = (i * 31 + seed) & 0x7f;
}

export function makeMp4(
	width: number,
	height: number,
	durationMs: number,
	comment: string,
	samples = 10,
	sampleSize = 96,
): Buffer {
	const sizes = new Array<number>(samples).fill(sampleSize);
	const data = sizes.map((s, i) => {
		const b = Buffer.alloc(s);
		fillSample(b, i);
		return b;
	});
	return Buffer.concat([head(width, height, durationMs, sizes, comment), ...data]);
}

/** Write an MP4 of about `totalBytes` to `path` without holding it in memory (1 MiB samples). */
export async function writeLargeMp4(
	path: string,
	totalBytes: number,
	comment: string,
	width = 1920,
	height = 1080,
	durationMs = 60000,
): Promise<void> {
	const sampleSize = 1024 * 1024;
	const count = Math.max(1, Math.floor(totalBytes / sampleSize));
	const sizes = new Array<number>(count).fill(sampleSize);
	const sample = Buffer.alloc(sampleSize);
	fillSample(sample, 7);
	const out = fs.createWriteStream(path);
	const write = (b: Buffer) =>
		new Promise<void>((resolve, reject) => out.write(b, (err) => (err ? reject(err) : resolve())));
	await write(head(width, height, durationMs, sizes, comment));
	for (let i = 0; i < count; i++) await write(sample);
	await new Promise<void>((resolve, reject) =>
		out.end((err?: Error | null) => (err ? reject(err) : resolve())),
	);
}
