// WebP: RIFF 'WEBP', then the first chunk holds the size: 'VP8 ' (lossy key frame), 'VP8L'
// (lossless) or 'VP8X' (extended: the canvas). All three fit in the file's first 30 bytes.
import { le16, le24, le32, startsWith } from './bytes';
import { factsOf, noFacts } from './bounds';
import type { MediaFacts } from './facts';

export const WEBP_HEAD = 30;

export function webpFacts(b: Uint8Array, n: number): MediaFacts {
	if (n < WEBP_HEAD) return noFacts('webp', 'the WebP ends before its image header');
	if (startsWith(b, 12, 4, 'VP8 ')) {
		// Frame tag bit 0 set: an inter frame, which cannot start a file.
		if ((b[20] & 1) !== 0 || b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a)
			return noFacts('webp', "the WebP's VP8 data does not start with a key frame");
		return factsOf('webp', le16(b, 26) & 0x3fff, le16(b, 28) & 0x3fff, null);
	}
	if (startsWith(b, 12, 4, 'VP8L')) {
		if (b[20] !== 0x2f) return noFacts('webp', "the WebP's lossless header has a wrong signature");
		const bits = le32(b, 21);
		return factsOf('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1, null);
	}
	if (startsWith(b, 12, 4, 'VP8X')) return factsOf('webp', le24(b, 24) + 1, le24(b, 27) + 1, null);
	return noFacts('webp', "the WebP's first chunk is not VP8, VP8L or VP8X");
}
