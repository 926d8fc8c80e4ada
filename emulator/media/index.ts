// Small, valid media files generated in code, each carrying a comment that makes its bytes unique.
import { extensionOf } from './mime';
import { makeGif } from './gif';
import { makeHeic } from './heic';
import { makeJpeg } from './jpeg';
import { makeMp4 } from './mp4';
import { makePng } from './png';
import { makeWebp } from './webp';

export { makeGif, makeHeic, makeJpeg, makeMp4, makePng, makeWebp };
export { writeLargeMp4, type Mp4Options } from './mp4';
export { type JpegOptions } from './jpeg';
export { extensionOf, kindFor, mimeFor, type MediaKind } from './mime';

/**
 * How a file is stored beyond its displayed size and length. Width and height given with a shape
 * are always as displayed: a quarter turn stores them swapped in the file.
 */
export interface MediaShape {
	/** JPEG: EXIF orientation 1-8 (5-8 are quarter turns). */
	orientation?: number;
	/** MP4/MOV: the track matrix's clockwise turn; HEIC: irot. */
	rotation?: 0 | 90 | 180 | 270;
	/** MP4/MOV: moov after mdat. */
	moovLast?: boolean;
	/** JPEG and GIF: the file's exact size in bytes. */
	bytes?: number;
}

/** Whether the shape stores the picture a quarter turn from how it is shown. */
export function quarterTurned(shape: MediaShape = {}): boolean {
	return (shape.orientation ?? 1) >= 5 || shape.rotation === 90 || shape.rotation === 270;
}

// Generated files are pure functions of their arguments: keep recent ones (emulators restart often in tests).
const cache = new Map<string, Buffer>();
const CACHE_LIMIT = 256;

/** A file of the format the name's extension says, `width`×`height` as shown, tagged with `tag`. */
export function makeMediaFile(
	name: string,
	tag: string,
	width: number,
	height: number,
	durationMs: number,
	shade: number,
	shape?: MediaShape,
): Buffer {
	const key = JSON.stringify([extensionOf(name), tag, width, height, durationMs, shade, shape]);
	let file = cache.get(key);
	if (!file) {
		file = generate(name, tag, width, height, durationMs, shade, shape ?? {});
		if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
		cache.set(key, file);
	}
	return file;
}

function generate(
	name: string,
	tag: string,
	shownWidth: number,
	shownHeight: number,
	durationMs: number,
	shade: number,
	shape: MediaShape,
): Buffer {
	const ext = extensionOf(name);
	const jpeg = ext === 'jpg' || ext === 'jpeg';
	const video = ['mp4', 'm4v', 'mov'].includes(ext);
	const unmade = [
		shape.orientation !== undefined && !jpeg && 'orientation',
		shape.bytes !== undefined && !jpeg && ext !== 'gif' && 'bytes',
		shape.moovLast && !video && 'moovLast',
		shape.rotation && !video && ext !== 'heic' && 'rotation',
	].filter(Boolean);
	if (unmade.length) throw new Error(`makeMediaFile: ${name} cannot have ${unmade.join(', ')}`);
	const comment = `shared-gallery-emulator item ${tag}`;
	const [width, height] = quarterTurned(shape)
		? [shownHeight, shownWidth]
		: [shownWidth, shownHeight];
	if (ext === 'png') return makePng(width, height, shade, comment);
	if (ext === 'gif') return makeGif(width, height, shade, comment, shape.bytes);
	if (ext === 'webp') return makeWebp(width, height, shade, comment);
	if (ext === 'heic') return makeHeic(width, height, comment, shape.rotation);
	if (video) {
		const { moovLast, rotation } = shape;
		const quickTime = ext === 'mov';
		return makeMp4(width, height, durationMs, comment, 10, 96, { moovLast, rotation, quickTime });
	}
	const { orientation, bytes } = shape;
	if (jpeg) return makeJpeg(width, height, shade, comment, 0, { orientation, bytes });
	// Formats we can't generate: a JPEG body still gives unique, recognisable bytes.
	return makeJpeg(width, height, shade, comment);
}
