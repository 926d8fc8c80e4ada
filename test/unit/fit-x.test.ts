/**
 * X's limits at every boundary: just under, at and just over each size, duration, aspect and
 * dimension limit; each format taken or refused; each fact unknown. The reasons are compared
 * word for word, so each carries its numbers.
 */
import { checkFit, type FitInput } from '../../nodes/SharedGallery/fit';

const image: FitInput = {
	format: 'jpeg',
	sizeBytes: 1_000_000,
	width: 1200,
	height: 675,
	durationSeconds: null,
};
const gif: FitInput = { ...image, format: 'gif', width: 480, height: 270 };
const video: FitInput = {
	format: 'mp4',
	sizeBytes: 20_000_000,
	width: 1280,
	height: 720,
	durationSeconds: 30,
};
const TAKES = 'X takes JPEG, PNG, WebP, GIF, MP4 and MOV';

type Row = [string, FitInput, string[]];

const rows: Row[] = [
	// images: 5 MB = 5,000,000 bytes
	['image of 4,999,999 bytes', { ...image, sizeBytes: 4_999_999 }, []],
	['image of 5,000,000 bytes', { ...image, sizeBytes: 5_000_000 }, []],
	[
		'image of 5,000,001 bytes',
		{ ...image, sizeBytes: 5_000_001 },
		["5.000001 MB is over X's 5 MB for images"],
	],
	['image of 6.1 MB', { ...image, sizeBytes: 6_100_000 }, ["6.1 MB is over X's 5 MB for images"]],
	['PNG image', { ...image, format: 'png' }, []],
	['WebP image', { ...image, format: 'webp' }, []],
	['HEIC image', { ...image, format: 'heic' }, [`${TAKES}; this is a HEIC`]],
	[
		'HEIC image over the size too',
		{ ...image, format: 'heic', sizeBytes: 7_000_000 },
		[`${TAKES}; this is a HEIC`, "7.0 MB is over X's 5 MB for images"],
	],
	[
		'image of unknown size',
		{ ...image, sizeBytes: null },
		['unknown: the file size, which X needs for images'],
	],
	[
		'image of unknown width and height (X has no rule on them)',
		{ ...image, width: null, height: null },
		[],
	],
	['panorama image (no aspect rule for images)', { ...image, width: 8000, height: 1000 }, []],

	// GIFs: 15 MB, at most 1280 × 1080
	['GIF of 14,999,999 bytes', { ...gif, sizeBytes: 14_999_999 }, []],
	['GIF of 15,000,000 bytes', { ...gif, sizeBytes: 15_000_000 }, []],
	[
		'GIF of 15,000,001 bytes',
		{ ...gif, sizeBytes: 15_000_001 },
		["15.000001 MB is over X's 15 MB for GIFs"],
	],
	['GIF 1279 × 1079', { ...gif, width: 1279, height: 1079 }, []],
	['GIF 1280 × 1080', { ...gif, width: 1280, height: 1080 }, []],
	[
		'GIF 1281 wide',
		{ ...gif, width: 1281, height: 1080 },
		["width 1281 px is over X's 1280 px for GIFs"],
	],
	[
		'GIF 1081 high',
		{ ...gif, width: 1280, height: 1081 },
		["height 1081 px is over X's 1080 px for GIFs"],
	],
	[
		'GIF of unknown size',
		{ ...gif, sizeBytes: null },
		['unknown: the file size, which X needs for GIFs'],
	],
	[
		'GIF of unknown height',
		{ ...gif, height: null },
		['unknown: the height, which X needs for GIFs'],
	],

	// videos: 512 MB, 0.5–140 s, aspect 1:3–3:1, 32×32 to 1280×1024 either way round
	['video of 511,999,999 bytes', { ...video, sizeBytes: 511_999_999 }, []],
	['video of 512,000,000 bytes', { ...video, sizeBytes: 512_000_000 }, []],
	[
		'video of 512,000,001 bytes',
		{ ...video, sizeBytes: 512_000_001 },
		["512.000001 MB is over X's 512 MB for videos"],
	],
	[
		'video of 0.499 s',
		{ ...video, durationSeconds: 0.499 },
		["0.499 s is under X's 0.5 s for videos"],
	],
	['video of 0.5 s', { ...video, durationSeconds: 0.5 }, []],
	['video of 0.501 s', { ...video, durationSeconds: 0.501 }, []],
	['video of 139.999 s', { ...video, durationSeconds: 139.999 }, []],
	['video of 140 s', { ...video, durationSeconds: 140 }, []],
	[
		'video of 140.001 s',
		{ ...video, durationSeconds: 140.001 },
		["140.001 s is over X's 140 s for videos"],
	],
	['video of 141 s', { ...video, durationSeconds: 141 }, ["141 s is over X's 140 s for videos"]],
	['video exactly 1:3 (340 × 1020)', { ...video, width: 340, height: 1020 }, []],
	[
		'video just narrower than 1:3 (339 × 1020)',
		{ ...video, width: 339, height: 1020 },
		["aspect 0.332 (339×1020) is outside X's 1:3–3:1 for videos"],
	],
	['video exactly 3:1 (1200 × 400)', { ...video, width: 1200, height: 400 }, []],
	[
		'video just wider than 3:1 (1201 × 400)',
		{ ...video, width: 1201, height: 400 },
		["aspect 3.002 (1201×400) is outside X's 1:3–3:1 for videos"],
	],
	['video 32 × 32', { ...video, width: 32, height: 32 }, []],
	['video 31 × 32', { ...video, width: 31, height: 32 }, ["31×32 is under X's 32×32 for videos"]],
	['video 32 × 31', { ...video, width: 32, height: 31 }, ["32×31 is under X's 32×32 for videos"]],
	['video 1280 × 1024', { ...video, width: 1280, height: 1024 }, []],
	['video 1024 × 1280 (portrait)', { ...video, width: 1024, height: 1280 }, []],
	['video 720 × 1280 (X recommends it)', { ...video, width: 720, height: 1280 }, []],
	[
		'video 1281 × 1024',
		{ ...video, width: 1281, height: 1024 },
		["1281×1024 is over X's 1280×1024 (either way round) for videos"],
	],
	[
		'video 1280 × 1025',
		{ ...video, width: 1280, height: 1025 },
		["1280×1025 is over X's 1280×1024 (either way round) for videos"],
	],
	[
		'video 1920 × 1080',
		{ ...video, width: 1920, height: 1080 },
		["1920×1080 is over X's 1280×1024 (either way round) for videos"],
	],
	['MOV video', { ...video, format: 'mov' }, []],
	[
		'video of unknown size',
		{ ...video, sizeBytes: null },
		['unknown: the file size, which X needs for videos'],
	],
	[
		'video of unknown length',
		{ ...video, durationSeconds: null },
		['unknown: the duration, which X needs for videos'],
	],
	[
		'video of unknown width and height',
		{ ...video, width: null, height: null },
		['unknown: the width and height, which X needs for videos'],
	],
	[
		'video with every fact unknown',
		{ ...video, sizeBytes: null, width: null, height: null, durationSeconds: null },
		[
			'unknown: the file size, which X needs for videos',
			'unknown: the duration, which X needs for videos',
			'unknown: the width and height, which X needs for videos',
		],
	],
	[
		'video that breaks every rule gives every reason',
		{ format: 'mov', sizeBytes: 600_000_000, width: 20, height: 4000, durationSeconds: 0.2 },
		[
			"600.0 MB is over X's 512 MB for videos",
			"0.2 s is under X's 0.5 s for videos",
			"aspect 0.005 (20×4000) is outside X's 1:3–3:1 for videos",
			"20×4000 is under X's 32×32 for videos",
			"20×4000 is over X's 1280×1024 (either way round) for videos",
		],
	],
	[
		'unknown format',
		{ ...image, format: null },
		["unknown: the file's format, which X needs before any other limit"],
	],
];

test.each(rows)('%s', (_name, input, reasons) => {
	expect(checkFit('x', input)).toEqual({ ok: reasons.length === 0, reasons });
});
