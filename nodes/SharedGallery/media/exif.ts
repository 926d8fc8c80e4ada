// The orientation tag (0x0112) of an EXIF block's first IFD, read with every offset checked.
import { u16, u32 } from './bytes';

const ORIENTATION = 0x0112;
const SHORT = 3;

/**
 * The orientation (1-8) in the TIFF structure at `b[at .. at + n)`, or 0 when there is none or it
 * cannot be read. A broken EXIF block is ignored, as viewers ignore it: the picture then shows
 * as its frame header says.
 */
export function exifOrientation(b: Uint8Array, at: number, n: number): number {
	if (n < 8) return 0;
	const little = b[at] === 0x49 && b[at + 1] === 0x49;
	if (!little && !(b[at] === 0x4d && b[at + 1] === 0x4d)) return 0;
	const read16 = (i: number) => (little ? b[at + i] | (b[at + i + 1] << 8) : u16(b, at + i));
	const read32 = (i: number) => (little ? read16(i) + read16(i + 2) * 0x10000 : u32(b, at + i));
	if (read16(2) !== 42) return 0;
	const ifd = read32(4);
	if (ifd < 8 || ifd + 2 > n) return 0;
	const count = read16(ifd);
	for (let k = 0; k < count; k++) {
		const entry = ifd + 2 + k * 12;
		if (entry + 12 > n) return 0;
		if (read16(entry) !== ORIENTATION) continue;
		if (read16(entry + 2) !== SHORT) return 0;
		const value = read16(entry + 8);
		return value >= 1 && value <= 8 ? value : 0;
	}
	return 0;
}
