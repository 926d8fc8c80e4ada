// An independent reader of the emulator's files: what a viewer shows (orientation, track matrix
// and irot applied), a video's length, and where moov sits. Throws on anything malformed.

export interface Shown {
	format: 'jpeg' | 'png' | 'gif' | 'webp' | 'heic' | 'mp4' | 'mov';
	width: number;
	height: number;
	durationMs?: number;
	/** Top-level boxes in file order (MP4, MOV, HEIC). */
	boxes?: string[];
	orientation?: number;
	rotation?: number;
}

function fail(why: string): never {
	throw new Error(`malformed: ${why}`);
}

/** Top-level (or nested, within [start, end)) boxes: type → payload; each must fit exactly. */
export function boxesOf(b: Buffer, start = 0, end = b.length): Array<[string, Buffer]> {
	const out: Array<[string, Buffer]> = [];
	for (let p = start; p < end;) {
		const size = b.readUInt32BE(p);
		if (size < 8 || p + size > end) fail(`box at ${p} of size ${size}`);
		out.push([b.toString('latin1', p + 4, p + 8), b.subarray(p + 8, p + size)]);
		p += size;
	}
	return out;
}

function child(payload: Buffer, type: string, skip = 0): Buffer {
	const found = boxesOf(payload, skip).find(([t]) => t === type);
	return found ? found[1] : fail(`no ${type}`);
}

function jpeg(b: Buffer): Shown {
	let orientation = 1;
	for (let p = 2; p + 4 <= b.length;) {
		if (b[p] !== 0xff) fail(`no marker at ${p}`);
		const marker = b[p + 1];
		const length = b.readUInt16BE(p + 2);
		const data = b.subarray(p + 4, p + 2 + length);
		if (marker === 0xe1 && data.toString('latin1', 0, 6) === 'Exif\0\0') {
			const tiff = data.subarray(6);
			const le = tiff.toString('latin1', 0, 2) === 'II';
			const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
			const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
			const ifd = u32(4);
			for (let i = 0; i < u16(ifd); i++)
				if (u16(ifd + 2 + 12 * i) === 0x0112) orientation = u16(ifd + 2 + 12 * i + 8);
		}
		if (marker === 0xc0) {
			if (b.indexOf(Buffer.from([0xff, 0xd9]), p) < 0) fail('no EOI');
			const [h, w] = [data.readUInt16BE(1), data.readUInt16BE(3)];
			const turned = orientation >= 5;
			return {
				format: 'jpeg',
				width: turned ? h : w,
				height: turned ? w : h,
				orientation,
			};
		}
		p += 2 + length;
	}
	return fail('no SOF0');
}

function webp(b: Buffer): Shown {
	if (b.toString('latin1', 8, 12) !== 'WEBP' || b.readUInt32LE(4) !== b.length - 8) fail('RIFF');
	let canvas: [number, number] | undefined;
	let picture: [number, number] | undefined;
	for (let p = 12; p < b.length;) {
		const type = b.toString('latin1', p, p + 4);
		const size = b.readUInt32LE(p + 4);
		const data = b.subarray(p + 8, p + 8 + size);
		if (type === 'VP8X') canvas = [data.readUIntLE(4, 3) + 1, data.readUIntLE(7, 3) + 1];
		if (type === 'VP8L') {
			if (data[0] !== 0x2f) fail('VP8L signature');
			const bits = data.readUInt32LE(1);
			picture = [(bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1];
		}
		p += 8 + size + (size % 2);
		if (p > b.length) fail('chunk past the end');
	}
	if (!picture || (canvas && canvas.join() !== picture.join())) fail('sizes');
	return { format: 'webp', width: picture[0], height: picture[1] };
}

function isobmff(b: Buffer): Shown {
	const top = boxesOf(b);
	const boxes = top.map(([t]) => t);
	const ftyp = top[0][0] === 'ftyp' ? top[0][1] : fail('ftyp first');
	const brand = ftyp.toString('latin1', 0, 4);
	if (brand === 'heic') {
		const meta = top.find(([t]) => t === 'meta')?.[1] ?? fail('no meta');
		if (child(meta, 'hdlr', 4).toString('latin1', 8, 12) !== 'pict') fail('hdlr');
		const ipco = child(child(meta, 'iprp', 4), 'ipco');
		const ispe = child(ipco, 'ispe');
		const irot = boxesOf(ipco).find(([t]) => t === 'irot')?.[1];
		const rotation = irot ? ((4 - (irot[0] & 3)) % 4) * 90 : 0;
		const [w, h] = [ispe.readUInt32BE(4), ispe.readUInt32BE(8)];
		// The primary item's one extent lies inside mdat's payload.
		const iloc = child(meta, 'iloc', 4);
		const [offset, length] = [iloc.readUInt32BE(14), iloc.readUInt32BE(18)];
		const mdatStart = top.slice(0, boxes.indexOf('mdat')).reduce((n, [, p]) => n + p.length + 8, 8);
		if (offset < mdatStart || offset + length > b.length) fail('iloc extent');
		const turned = rotation % 180 !== 0;
		return { format: 'heic', width: turned ? h : w, height: turned ? w : h, boxes, rotation };
	}
	const moov = top.find(([t]) => t === 'moov')?.[1] ?? fail('no moov');
	const mvhd = child(moov, 'mvhd');
	const durationMs = (mvhd.readUInt32BE(16) * 1000) / mvhd.readUInt32BE(12);
	const tkhd = child(child(moov, 'trak'), 'tkhd');
	const [a, bb] = [tkhd.readInt32BE(40), tkhd.readInt32BE(44)];
	const rotation = ((Math.round((Math.atan2(bb, a) * 180) / Math.PI) % 360) + 360) % 360;
	const [w, h] = [tkhd.readUInt32BE(76) >>> 16, tkhd.readUInt32BE(80) >>> 16];
	const turned = rotation % 180 !== 0;
	return {
		format: brand === 'qt  ' ? 'mov' : 'mp4',
		width: turned ? h : w,
		height: turned ? w : h,
		durationMs,
		boxes,
		rotation,
	};
}

export function shown(b: Buffer): Shown {
	if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
		if (b.toString('latin1', 12, 16) !== 'IHDR') fail('IHDR');
		return { format: 'png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
	}
	if (b.toString('latin1', 0, 6) === 'GIF89a') {
		if (b[b.length - 1] !== 0x3b) fail('GIF trailer');
		return { format: 'gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
	}
	if (b[0] === 0xff && b[1] === 0xd8) return jpeg(b);
	if (b.toString('latin1', 0, 4) === 'RIFF') return webp(b);
	if (b.toString('latin1', 4, 8) === 'ftyp') return isobmff(b);
	return fail('unknown format');
}
