/**
 * A Facebook Page's limits at every boundary: photos (4 MB, PNG too), GIFs (as photos) and videos
 * (1 GB, 20 min, aspect 9:16–16:9); each format taken or refused; each fact unknown.
 */
import { checkFit, type FitInput } from '../../nodes/SharedGallery/fit';

const photo: FitInput = {
	format: 'jpeg',
	sizeBytes: 1_500_000,
	width: 3024,
	height: 4032,
	durationSeconds: null,
};
const video: FitInput = {
	format: 'mp4',
	sizeBytes: 80_000_000,
	width: 1080,
	height: 1920,
	durationSeconds: 60,
};
const TAKES = 'Facebook Pages take JPEG, PNG, GIF, MP4 and MOV';

type Row = [string, FitInput, string[]];

const rows: Row[] = [
	// photos: 4 MB = 4,000,000 bytes
	['JPEG of 3,999,999 bytes', { ...photo, sizeBytes: 3_999_999 }, []],
	['JPEG of 4,000,000 bytes', { ...photo, sizeBytes: 4_000_000 }, []],
	[
		'JPEG of 4,000,001 bytes',
		{ ...photo, sizeBytes: 4_000_001 },
		["4.000001 MB is over Facebook's 4 MB for photos"],
	],
	// PNG photos: the same 4 MB (Meta's 1 MB for PNG is about pixelation, not refusal).
	['PNG of 4,000,000 bytes', { ...photo, format: 'png', sizeBytes: 4_000_000 }, []],
	[
		'PNG of 4,000,001 bytes',
		{ ...photo, format: 'png', sizeBytes: 4_000_001 },
		["4.000001 MB is over Facebook's 4 MB for photos"],
	],
	['any shape of photo', { ...photo, width: 10_000, height: 500 }, []],
	['photo of unknown width and height', { ...photo, width: null, height: null }, []],
	[
		'photo of unknown size',
		{ ...photo, sizeBytes: null },
		['unknown: the file size, which Facebook needs for photos'],
	],
	['WebP', { ...photo, format: 'webp' }, [`${TAKES}; this is a WebP`]],
	['HEIC', { ...photo, format: 'heic' }, [`${TAKES}; this is a HEIC`]],
	// GIFs go as photos: 4 MB
	['GIF of 4,000,000 bytes', { ...photo, format: 'gif', sizeBytes: 4_000_000 }, []],
	[
		'GIF of 4,000,001 bytes',
		{ ...photo, format: 'gif', sizeBytes: 4_000_001 },
		["4.000001 MB is over Facebook's 4 MB for GIFs"],
	],
	// videos: 1 GB = 1,000,000,000 bytes, up to 20 min, aspect 9:16–16:9
	['video of 999,999,999 bytes', { ...video, sizeBytes: 999_999_999 }, []],
	['video of 1,000,000,000 bytes', { ...video, sizeBytes: 1_000_000_000 }, []],
	[
		'video of 1,000,000,001 bytes',
		{ ...video, sizeBytes: 1_000_000_001 },
		["1.000000001 GB is over Facebook's 1 GB for videos"],
	],
	[
		'video of 1.2 GB',
		{ ...video, sizeBytes: 1_200_000_000 },
		["1.2 GB is over Facebook's 1 GB for videos"],
	],
	['video of 0.1 s (no shortest length)', { ...video, durationSeconds: 0.1 }, []],
	['video of 1199.999 s', { ...video, durationSeconds: 1199.999 }, []],
	['video of 1200 s (20 min)', { ...video, durationSeconds: 1200 }, []],
	[
		'video of 1200.5 s',
		{ ...video, durationSeconds: 1200.5 },
		["20.01 min is over Facebook's 20 min for videos"],
	],
	['9:16 exactly (1080 × 1920)', { ...video, width: 1080, height: 1920 }, []],
	[
		'just narrower than 9:16 (1079 × 1920)',
		{ ...video, width: 1079, height: 1920 },
		["aspect 0.562 (1079×1920) is outside Facebook's 9:16–16:9 for videos"],
	],
	['16:9 exactly (1920 × 1080)', { ...video, width: 1920, height: 1080 }, []],
	[
		'just wider than 16:9 (1921 × 1080)',
		{ ...video, width: 1921, height: 1080 },
		["aspect 1.779 (1921×1080) is outside Facebook's 9:16–16:9 for videos"],
	],
	['MOV', { ...video, format: 'mov' }, []],
	[
		'video of unknown length',
		{ ...video, durationSeconds: null },
		['unknown: the duration, which Facebook needs for videos'],
	],
	[
		'video of unknown height',
		{ ...video, height: null },
		['unknown: the height, which Facebook needs for videos'],
	],
	[
		'video of unknown size',
		{ ...video, sizeBytes: null },
		['unknown: the file size, which Facebook needs for videos'],
	],
	[
		'unknown format',
		{ ...video, format: null },
		["unknown: the file's format, which Facebook needs before any other limit"],
	],
];

test.each(rows)('%s', (_name, input, reasons) => {
	expect(checkFit('facebookPage', input)).toEqual({ ok: reasons.length === 0, reasons });
});
