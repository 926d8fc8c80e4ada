// PNG: the size is in IHDR, which must be the first chunk (bytes 8-23 of the file).
import { startsWith, u32 } from './bytes';
import { factsOf, noFacts } from './bounds';
import type { MediaFacts } from './facts';

export const PNG_SIGNATURE = '\x89PNG\r\n\x1a\n';
export const PNG_HEAD = 24;

/** The facts from the file's first `n` bytes (at least PNG_HEAD when the file has them). */
export function pngFacts(b: Uint8Array, n: number): MediaFacts {
	if (n < PNG_HEAD) return noFacts('png', 'the PNG ends before its IHDR chunk');
	if (!startsWith(b, 12, n - 12, 'IHDR'))
		return noFacts('png', "the PNG's first chunk is not IHDR");
	return factsOf('png', u32(b, 16), u32(b, 20), null);
}
