/**
 * Media facts from real headers (issue 24): the emulator's generated files and the builders'
 * shapes, each read whole, in 1-byte pieces and in random splits, with the same facts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { FIT_MEDIA } from '../../emulator';
import {
	makeGif,
	makeJpeg,
	makeMediaFile,
	makeMp4,
	makePng,
	writeLargeMp4,
} from '../../emulator/media';
import type { MediaFacts } from '../../nodes/SharedGallery/media';
import {
	box,
	exifApp1,
	factsInEverySplit,
	ftyp,
	heic,
	jpegWith,
	largeBox,
	moov,
	movie,
	segment,
	webp,
	type TrackSpec,
} from './media-builders';

const still = (format: MediaFacts['format'], width: number, height: number): MediaFacts => ({
	format,
	width,
	height,
	durationSeconds: null,
});
const video = (format: 'mp4' | 'mov', width: number, height: number, seconds: number) => ({
	format,
	width,
	height,
	durationSeconds: seconds,
});

/** The emulator's baseline JPEG with its SOF0 marker changed (progressive, lossless ...). */
function withFrameMarker(marker: number): Buffer {
	const jpeg = Buffer.from(makeJpeg(300, 200, 10, 'sof'));
	const at = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
	jpeg[at + 1] = marker;
	return jpeg;
}

const vide = (width: number, height: number, extra: Partial<TrackSpec> = {}): TrackSpec => ({
	handler: 'vide',
	width,
	height,
	...extra,
});

const cases: Array<[string, Uint8Array, MediaFacts]> = [
	['JPEG 640×480', makeJpeg(640, 480, 1, 'a'), still('jpeg', 640, 480)],
	['JPEG 1×1', makeJpeg(1, 1, 1, 'a'), still('jpeg', 1, 1)],
	['JPEG 4000×3000', makeJpeg(4000, 3000, 1, 'a'), still('jpeg', 4000, 3000)],
	['JPEG 1080×1920 padded', makeJpeg(1080, 1920, 1, 'a', 300_000), still('jpeg', 1080, 1920)],
	['JPEG SOF2 (progressive)', withFrameMarker(0xc2), still('jpeg', 300, 200)],
	['JPEG SOF1', withFrameMarker(0xc1), still('jpeg', 300, 200)],
	['JPEG SOF3 (lossless)', withFrameMarker(0xc3), still('jpeg', 300, 200)],
	['JPEG SOF9 (arithmetic)', withFrameMarker(0xc9), still('jpeg', 300, 200)],
	['JPEG SOF15', withFrameMarker(0xcf), still('jpeg', 300, 200)],
	...[1, 2, 3, 4].map((o): [string, Uint8Array, MediaFacts] => [
		`JPEG EXIF orientation ${o}`,
		jpegWith(400, 300, exifApp1(o)),
		still('jpeg', 400, 300),
	]),
	...[5, 6, 7, 8].map((o): [string, Uint8Array, MediaFacts] => [
		`JPEG EXIF orientation ${o} (turned)`,
		jpegWith(400, 300, exifApp1(o)),
		still('jpeg', 300, 400),
	]),
	[
		'JPEG EXIF little-endian orientation 6',
		jpegWith(400, 300, exifApp1(6, { little: true })),
		still('jpeg', 300, 400),
	],
	[
		'JPEG XMP APP1 then EXIF orientation 8',
		jpegWith(
			400,
			300,
			segment(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta/>', 'latin1')),
			exifApp1(8),
		),
		still('jpeg', 300, 400),
	],
	[
		'JPEG fill bytes before markers',
		jpegWith(64, 48, Buffer.from([0xff, 0xff, 0xff]), segment(0xe2, Buffer.alloc(100))),
		still('jpeg', 64, 48),
	],
	[
		'JPEG with a 64 KiB APP2',
		jpegWith(64, 48, segment(0xe2, Buffer.alloc(65_533))),
		still('jpeg', 64, 48),
	],
	['PNG 30×20', makePng(30, 20, 1, 'a'), still('png', 30, 20)],
	['PNG 1×1', makePng(1, 1, 1, 'a'), still('png', 1, 1)],
	['PNG 1200×1500', makePng(1200, 1500, 1, 'a'), still('png', 1200, 1500)],
	['GIF 33×22', makeGif(33, 22, 1, 'a'), still('gif', 33, 22)],
	['GIF 480×270', makeGif(480, 270, 1, 'a'), still('gif', 480, 270)],
	['WebP VP8 1024×768', webp('VP8 ', 1024, 768), still('webp', 1024, 768)],
	['WebP VP8 16383×1', webp('VP8 ', 16383, 1), still('webp', 16383, 1)],
	['WebP VP8L 1×1', webp('VP8L', 1, 1), still('webp', 1, 1)],
	['WebP VP8L 16384×3', webp('VP8L', 16384, 3), still('webp', 16384, 3)],
	['WebP VP8X 3000×4000', webp('VP8X', 3000, 4000), still('webp', 3000, 4000)],
	['MP4 320×240 5.3 s', makeMp4(320, 240, 5300, 'a'), video('mp4', 320, 240, 5.3)],
	['MP4 1080×1920 61 s', makeMp4(1080, 1920, 61_000, 'a', 3), video('mp4', 1080, 1920, 61)],
	['MP4 odd 17×9', makeMp4(17, 9, 1, 'a', 1), video('mp4', 17, 9, 0.001)],
	['MP4 built, moov first', movie(), video('mp4', 1920, 1080, 12.345)],
	['MP4 moov last', movie({ moovLast: true, mdatBytes: 5000 }), video('mp4', 1920, 1080, 12.345)],
	[
		'MP4 moov last after a 64-bit mdat',
		movie({ moovLast: true, largeMdat: true, mdatBytes: 3000 }),
		video('mp4', 1920, 1080, 12.345),
	],
	[
		'MP4 timescale 90000, v1 mvhd and tkhd',
		movie({
			timescale: 90_000,
			duration: 90_000 * 75 + 45,
			mvhdV1: true,
			tracks: [vide(1280, 720, { v1: true })],
		}),
		video('mp4', 1280, 720, 75.001),
	],
	...[0, 90, 180, 270].map((rotation): [string, Uint8Array, MediaFacts] => [
		`MP4 matrix ${rotation}°`,
		movie({ tracks: [vide(1920, 1080, { rotation })] }),
		rotation % 180 ? video('mp4', 1080, 1920, 12.345) : video('mp4', 1920, 1080, 12.345),
	]),
	[
		'MP4 audio track first',
		movie({ tracks: [{ handler: 'soun', width: 0, height: 0 }, vide(640, 360)] }),
		video('mp4', 640, 360, 12.345),
	],
	[
		'MP4 without a vide handler: the track with a size',
		movie({
			tracks: [
				{ handler: 'soun', width: 0, height: 0 },
				{ handler: 'xxxx', width: 720, height: 576 },
			],
		}),
		video('mp4', 720, 576, 12.345),
	],
	[
		'MP4 anamorphic 16.16 size',
		movie({ tracks: [vide(853.33, 480)] }),
		video('mp4', 853, 480, 12.345),
	],
	[
		'MP4 fragmented with mehd',
		movie({ fragmented: true, duration: 0, fragmentDuration: 30_500 }),
		video('mp4', 1920, 1080, 30.5),
	],
	[
		'MP4 fragmented with a v1 mehd',
		movie({ fragmented: true, duration: 0, fragmentDuration: 9_000, mehdV1: true }),
		video('mp4', 1920, 1080, 9),
	],
	[
		'MOV (qt brand)',
		movie({ brand: 'qt  ', timescale: 600, duration: 600 * 14 }),
		video('mov', 1920, 1080, 14),
	],
	[
		'MOV without ftyp (old QuickTime)',
		Buffer.concat([
			box('wide'),
			box('mdat', Buffer.alloc(500)),
			moov({ timescale: 600, duration: 900 }),
		]),
		video('mov', 1920, 1080, 1.5),
	],
	['M4V brand', movie({ brand: 'M4V ' }), video('mp4', 1920, 1080, 12.345)],
	['HEIC 4032×3024 with a thumbnail', heic(), still('heic', 4032, 3024)],
	['HEIC irot 90°', heic({ irot: 1 }), still('heic', 3024, 4032)],
	['HEIC irot 180°', heic({ irot: 2 }), still('heic', 4032, 3024)],
	['HEIC irot 270°', heic({ irot: 3 }), still('heic', 3024, 4032)],
	['HEIC 16-bit ipma indexes', heic({ wideIndexes: true, irot: 3 }), still('heic', 3024, 4032)],
	[
		'HEIC without pitm: the largest ispe',
		heic({
			noPitm: true,
			sizes: [
				[320, 240],
				[3000, 2000],
				[160, 120],
			],
		}),
		still('heic', 3000, 2000),
	],
	['HEIF mif1 brand', heic({ brand: 'mif1' }), still('heic', 4032, 3024)],
	['HEIC meta after a 100 KB mdat', heic({ mdatFirst: 100_000 }), still('heic', 4032, 3024)],
	['HEIC meta of 900 KiB', heic({ metaPadding: 900 * 1024 }), still('heic', 4032, 3024)],
];

test.each(cases)('%s: the same facts whole and in every split', (_name, bytes, expected) => {
	for (const facts of factsInEverySplit(bytes)) expect(facts).toEqual(expected);
});

test('AVIF is recognised as not ours', () => {
	for (const bytes of [
		Buffer.concat([ftyp('avif', 'mif1', 'miaf'), box('meta')]),
		Buffer.concat([ftyp('mif1', 'avif', 'miaf'), box('meta')]),
	])
		for (const facts of factsInEverySplit(bytes)) {
			expect(facts).toMatchObject({ format: null, width: null, height: null });
			expect(facts.problem).toMatch(/AVIF/);
		}
});

test('a large MP4 from writeLargeMp4 (moov first, 1 MiB samples)', async () => {
	const dir = mkdtempSync(join(tmpdir(), 'sg-media-'));
	try {
		const path = join(dir, 'large.mp4');
		await writeLargeMp4(path, 6 * 1024 * 1024, 'large', 1280, 720, 42_000);
		for (const facts of factsInEverySplit(readFileSync(path)))
			expect(facts).toEqual(video('mp4', 1280, 720, 42));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('a 64-bit box size that is right is read (64-bit free box before moov)', () => {
	const bytes = Buffer.concat([ftyp('isom'), largeBox('free', Buffer.alloc(40)), moov({})]);
	expect(factsInEverySplit(bytes)).toEqual(Array(5).fill(video('mp4', 1920, 1080, 12.345)));
});

// The emulator's Fit check media (emulator/seed-fit.ts): every generator, WebP and HEIC
// included, read back as displayed, whole and in random splits.
test.each(FIT_MEDIA.map((m) => [m.name, m] as const))(
	'%s from the emulator: its chosen size and length',
	(_name, m) => {
		const file = makeMediaFile(m.name, m.key, m.width, m.height, m.durationMs ?? 0, 7, m.shape);
		const expected = {
			format: m.format,
			width: m.width,
			height: m.height,
			durationSeconds: m.durationMs === undefined ? null : m.durationMs / 1000,
		};
		for (const facts of factsInEverySplit(file)) expect(facts).toEqual(expected);
	},
);
