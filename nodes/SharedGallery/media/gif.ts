// GIF: the logical screen's size (bytes 6-9), the canvas every frame is drawn on.
import { le16 } from './bytes';
import { factsOf, noFacts } from './bounds';
import type { MediaFacts } from './facts';

export const GIF_HEAD = 10;

export function gifFacts(b: Uint8Array, n: number): MediaFacts {
	if (n < GIF_HEAD) return noFacts('gif', 'the GIF ends before its logical screen size');
	return factsOf('gif', le16(b, 6), le16(b, 8), null);
}
