/**
 * What the stand-ins read from the media they receive, as the platforms do: a JPEG's or PNG's
 * size from its header, an MP4's duration from `moov/mvhd`, MOV or MP4 from `ftyp`. Written
 * for the tests on their own, independent of the node's parsers (a test must not check the
 * node with the node's own code). Returns null where the bytes do not say.
 */

/** Width and height from a JPEG's SOF segment (EXIF orientation not applied) or a PNG's IHDR. */
export function imageSize(bytes: Buffer): { width: number; height: number } | null {
	if (
		bytes.length >= 24 &&
		bytes.readUInt32BE(0) === 0x89504e47 &&
		bytes.toString('latin1', 12, 16) === 'IHDR'
	)
		return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
	if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
	let pos = 2;
	while (pos + 4 <= bytes.length) {
		if (bytes[pos] !== 0xff) return null;
		const marker = bytes[pos + 1];
		if (marker === 0xff) {
			pos++; // fill byte
			continue;
		}
		const length = bytes.readUInt16BE(pos + 2);
		// SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC).
		const sof = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
		if (sof && pos + 9 <= bytes.length)
			return { height: bytes.readUInt16BE(pos + 5), width: bytes.readUInt16BE(pos + 7) };
		if (marker === 0xda) return null; // scan data before any frame header
		pos += 2 + length;
	}
	return null;
}

/** 'jpeg' | 'png' | 'gif' | 'mp4' | 'mov' from the first bytes, else null. */
export function formatOf(bytes: Buffer): 'jpeg' | 'png' | 'gif' | 'mp4' | 'mov' | null {
	if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
	if (bytes.length >= 8 && bytes.readUInt32BE(0) === 0x89504e47) return 'png';
	if (bytes.toString('latin1', 0, 4) === 'GIF8') return 'gif';
	if (bytes.toString('latin1', 4, 8) === 'ftyp')
		return bytes.toString('latin1', 8, 12) === 'qt  ' ? 'mov' : 'mp4';
	return null;
}

/** The boxes directly inside bytes[start, end): type and where the body lies. */
function* boxes(bytes: Buffer, start: number, end: number) {
	let pos = start;
	while (pos + 8 <= end) {
		let size = bytes.readUInt32BE(pos);
		const type = bytes.toString('latin1', pos + 4, pos + 8);
		let header = 8;
		if (size === 1) {
			if (pos + 16 > end) return;
			size = Number(bytes.readBigUInt64BE(pos + 8));
			header = 16;
		} else if (size === 0) size = end - pos;
		if (size < header || pos + size > end) return;
		yield { type, body: pos + header, end: pos + size };
		pos += size;
	}
}

/** An MP4's or MOV's duration in seconds from `moov/mvhd`, wherever `moov` sits; else null. */
export function mp4DurationSeconds(bytes: Buffer): number | null {
	for (const top of boxes(bytes, 0, bytes.length)) {
		if (top.type !== 'moov') continue;
		for (const box of boxes(bytes, top.body, top.end)) {
			if (box.type !== 'mvhd') continue;
			const version = bytes[box.body];
			const at = box.body + 4 + (version === 1 ? 16 : 8);
			if (at + (version === 1 ? 12 : 8) > box.end) return null;
			const timescale = bytes.readUInt32BE(at);
			const duration =
				version === 1 ? Number(bytes.readBigUInt64BE(at + 4)) : bytes.readUInt32BE(at + 4);
			return timescale ? duration / timescale : null;
		}
	}
	return null;
}
