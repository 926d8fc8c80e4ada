// Small, valid media files generated in code, each carrying a comment that makes its bytes unique.
import { extensionOf } from './mime';
import { makeGif } from './gif';
import { makeJpeg } from './jpeg';
import { makeMp4 } from './mp4';
import { makePng } from './png';

export { makeGif, makeJpeg, makeMp4, makePng };
export { writeLargeMp4 } from './mp4';
export { extensionOf, kindFor, mimeFor, type MediaKind } from './mime';

// Generated files are pure functions of their arguments: keep recent ones (emulators restart often in tests).
const cache = new Map<string, Buffer>();
const CACHE_LIMIT = 256;

/** A file of the format the name's extension says, `width`×`height`, tagged with `tag`. */
export function makeMediaFile(
	name: string,
	tag: string,
	width: number,
	height: number,
	durationMs: number,
	shade: number,
): Buffer {
	const key = JSON.stringify([extensionOf(name), tag, width, height, durationMs, shade]);
	let file = cache.get(key);
	if (!file) {
		file = generate(name, tag, width, height, durationMs, shade);
		if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
		cache.set(key, file);
	}
	return file;
}

function generate(
	name: string,
	tag: string,
	width: number,
	height: number,
	durationMs: number,
	shade: number,
): Buffer {
	const ext = extensionOf(name);
	const comment = `shared-gallery-emulator item ${tag}`;
	if (ext === 'png') return makePng(width, height, shade, comment);
	if (ext === 'gif') return makeGif(width, height, shade, comment);
	if (['mp4', 'm4v', 'mov'].includes(ext)) return makeMp4(width, height, durationMs, comment);
	if (ext === 'jpg' || ext === 'jpeg') return makeJpeg(width, height, shade, comment);
	// Formats we can't generate: a JPEG body still gives unique, recognisable bytes.
	return makeJpeg(width, height, shade, comment);
}
