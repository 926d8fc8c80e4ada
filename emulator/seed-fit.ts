// The "Fit check" album: media whose headers carry chosen sizes, lengths and layouts, for the fit
// check (which platform takes what). Lena's, in an album of its own, dated before the rest of the
// seed and liked by no one, so queries that pick the seed's newest or most-liked media pick what
// they picked before. Width and height are as displayed, as imageInfo / videoInfo give them.
import type { MediaShape } from './media';

export interface FitMedia {
	key: string;
	name: string;
	format: 'jpeg' | 'png' | 'gif' | 'webp' | 'heic' | 'mp4' | 'mov';
	width: number;
	height: number;
	durationMs?: number;
	shape?: MediaShape;
}

export const FIT_MEDIA = [
	// Phone photos: stored 4032×3024 with EXIF orientation 6 (shown turned a quarter).
	{
		key: 'fitPortrait34',
		name: 'fit-portrait-3x4.jpg',
		format: 'jpeg',
		width: 3024,
		height: 4032,
		shape: { orientation: 6 },
	},
	{ key: 'fitPortrait45', name: 'fit-portrait-4x5.jpg', format: 'jpeg', width: 1080, height: 1350 },
	{
		key: 'fitPortrait916',
		name: 'fit-portrait-9x16.jpg',
		format: 'jpeg',
		width: 1080,
		height: 1920,
	},
	{ key: 'fitSquare', name: 'fit-square.jpg', format: 'jpeg', width: 1080, height: 1080 },
	{
		key: 'fitLandscape169',
		name: 'fit-landscape-16x9.jpg',
		format: 'jpeg',
		width: 1920,
		height: 1080,
	},
	{
		key: 'fitLandscape191',
		name: 'fit-landscape-1.91x1.jpg',
		format: 'jpeg',
		width: 1910,
		height: 1000,
	},
	{ key: 'fitPanorama', name: 'fit-panorama.jpg', format: 'jpeg', width: 12000, height: 3000 },
	// Exact sizes (a trailer after EOI): under 5 MB, over 5 MiB, over 8 MiB.
	{
		key: 'fitJpeg4_9MB',
		name: 'fit-4.9mb.jpg',
		format: 'jpeg',
		width: 4000,
		height: 3000,
		shape: { bytes: 4_900_000 },
	},
	{
		key: 'fitJpeg6_1MB',
		name: 'fit-6.1mb.jpg',
		format: 'jpeg',
		width: 4000,
		height: 3000,
		shape: { bytes: 6_100_000 },
	},
	{
		key: 'fitJpeg8_6MB',
		name: 'fit-8.6mb.jpg',
		format: 'jpeg',
		width: 4000,
		height: 3000,
		shape: { bytes: 8_600_000 },
	},
	{ key: 'fitPng', name: 'fit-screenshot.png', format: 'png', width: 1080, height: 1350 },
	{ key: 'fitWebp', name: 'fit-sticker.webp', format: 'webp', width: 1080, height: 1080 },
	// Stored 4032×3024 with irot: shown 3024×4032.
	{
		key: 'fitHeic',
		name: 'fit-iphone.heic',
		format: 'heic',
		width: 3024,
		height: 4032,
		shape: { rotation: 90 },
	},
	{
		key: 'fitGif16MB',
		name: 'fit-16mb.gif',
		format: 'gif',
		width: 480,
		height: 270,
		shape: { bytes: 16_000_000 },
	},
	// Videos: the length is in the header only (ten samples, whatever the duration).
	{
		key: 'fitVideo2s',
		name: 'fit-2s.mp4',
		format: 'mp4',
		width: 1080,
		height: 1920,
		durationMs: 2000,
	},
	{
		key: 'fitVideo140s',
		name: 'fit-140s.mp4',
		format: 'mp4',
		width: 1280,
		height: 720,
		durationMs: 140_000,
	},
	{
		key: 'fitVideo141s',
		name: 'fit-141s-moov-last.mp4',
		format: 'mp4',
		width: 1280,
		height: 720,
		durationMs: 141_000,
		shape: { moovLast: true },
	},
	{
		key: 'fitVideo16min',
		name: 'fit-16min-moov-last.mp4',
		format: 'mp4',
		width: 1920,
		height: 1080,
		durationMs: 960_000,
		shape: { moovLast: true },
	},
	// A phone's portrait video: a 1920×1080 track turned 90° by its matrix.
	{
		key: 'fitPhoneVideo',
		name: 'fit-phone-portrait.mov',
		format: 'mov',
		width: 1080,
		height: 1920,
		durationMs: 15_000,
		shape: { rotation: 90 },
	},
] as const satisfies readonly FitMedia[];

export type FitKey = (typeof FIT_MEDIA)[number]['key'];
