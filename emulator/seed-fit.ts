// The "Fit check" album: media whose headers carry chosen sizes, lengths and layouts, for the fit
// check (which platform takes what). Lena's, in an album of its own, dated before the rest of the
// seed and liked by no one, so queries that pick the seed's newest or most-liked media pick what
// they picked before. Width and height are as displayed, as imageInfo / videoInfo give them.
import type { MediaShape } from './media';

export type FitFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'heic' | 'mp4' | 'mov';

export interface FitMedia<K extends string = string> {
	key: K;
	name: string;
	format: FitFormat;
	width: number;
	height: number;
	/** Videos only. */
	durationMs?: number;
	shape?: MediaShape;
}

function still<K extends string>(
	key: K,
	name: string,
	format: FitFormat,
	[width, height]: [number, number],
	shape?: MediaShape,
): FitMedia<K> {
	return { key, name, format, width, height, ...(shape ? { shape } : {}) };
}

function video<K extends string>(
	key: K,
	name: string,
	size: [number, number],
	seconds: number,
	shape?: MediaShape,
): FitMedia<K> {
	const format = name.endsWith('.mov') ? 'mov' : 'mp4';
	return { ...still(key, name, format, size, shape), durationMs: seconds * 1000 };
}

const PHONE: [number, number] = [4000, 3000];

export const FIT_MEDIA = [
	// A phone photo stored 4032×3024 with EXIF orientation 6: shown turned a quarter.
	still('fitPortrait34', 'fit-portrait-3x4.jpg', 'jpeg', [3024, 4032], { orientation: 6 }),
	still('fitPortrait45', 'fit-portrait-4x5.jpg', 'jpeg', [1080, 1350]),
	still('fitPortrait916', 'fit-portrait-9x16.jpg', 'jpeg', [1080, 1920]),
	still('fitSquare', 'fit-square.jpg', 'jpeg', [1080, 1080]),
	still('fitLandscape169', 'fit-landscape-16x9.jpg', 'jpeg', [1920, 1080]),
	still('fitLandscape191', 'fit-landscape-1.91x1.jpg', 'jpeg', [1910, 1000]),
	still('fitPanorama', 'fit-panorama.jpg', 'jpeg', [12000, 3000]),
	// Exact sizes (a trailer after EOI): under 5 MB; over 5 MiB; over 8 MiB.
	still('fitJpeg4_9MB', 'fit-4.9mb.jpg', 'jpeg', PHONE, { bytes: 4_900_000 }),
	still('fitJpeg6_1MB', 'fit-6.1mb.jpg', 'jpeg', PHONE, { bytes: 6_100_000 }),
	still('fitJpeg8_6MB', 'fit-8.6mb.jpg', 'jpeg', PHONE, { bytes: 8_600_000 }),
	still('fitPng', 'fit-screenshot.png', 'png', [1080, 1350]),
	still('fitWebp', 'fit-sticker.webp', 'webp', [1080, 1080]),
	// Stored 4032×3024 with irot: shown 3024×4032.
	still('fitHeic', 'fit-iphone.heic', 'heic', [3024, 4032], { rotation: 90 }),
	// Over 15 MiB (comment extensions).
	still('fitGif16MB', 'fit-16mb.gif', 'gif', [480, 270], { bytes: 16_000_000 }),
	// Videos: the length is in the header only (ten samples, whatever the duration).
	video('fitVideo2s', 'fit-2s.mp4', [1080, 1920], 2),
	video('fitVideo140s', 'fit-140s.mp4', [1280, 720], 140),
	video('fitVideo141s', 'fit-141s-moov-last.mp4', [1280, 720], 141, { moovLast: true }),
	video('fitVideo16min', 'fit-16min-moov-last.mp4', [1920, 1080], 960, { moovLast: true }),
	// A phone's portrait video: a 1920×1080 track turned 90° by its matrix.
	video('fitPhoneVideo', 'fit-phone-portrait.mov', [1080, 1920], 15, { rotation: 90 }),
] as const;

export type FitKey = (typeof FIT_MEDIA)[number]['key'];
