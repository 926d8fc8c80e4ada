/**
 * Instagram's feed and Reels limits at every boundary: just under, at and just over each limit;
 * each format taken or refused; each fact unknown. Reasons compared word for word.
 */
import { checkFit, type FitInput } from '../../nodes/SharedGallery/fit';

const photo: FitInput = {
	format: 'jpeg',
	sizeBytes: 2_000_000,
	width: 1080,
	height: 1080,
	durationSeconds: null,
};
const reel: FitInput = {
	format: 'mp4',
	sizeBytes: 50_000_000,
	width: 1080,
	height: 1920,
	durationSeconds: 30,
};
const FEED = 'Instagram feed posts take JPEG only';
const REELS = 'Instagram Reels take MP4 and MOV only';

type Row = [string, FitInput, string[]];

const feed: Row[] = [
	// 8 MB = 8,000,000 bytes
	['photo of 7,999,999 bytes', { ...photo, sizeBytes: 7_999_999 }, []],
	['photo of 8,000,000 bytes', { ...photo, sizeBytes: 8_000_000 }, []],
	[
		'photo of 8,000,001 bytes',
		{ ...photo, sizeBytes: 8_000_001 },
		["8.000001 MB is over Instagram's 8 MB for feed photos"],
	],
	// aspect 0.8 (4:5) to 1.91 (1.91:1)
	['4:5 exactly (1080 × 1350)', { ...photo, width: 1080, height: 1350 }, []],
	['just inside 4:5 (1081 × 1350)', { ...photo, width: 1081, height: 1350 }, []],
	[
		'just outside 4:5 (1080 × 1351)',
		{ ...photo, width: 1080, height: 1351 },
		["aspect 0.799 (1080×1351) is outside Instagram's 0.8–1.91 for feed photos"],
	],
	[
		'3:4 phone photo (1080 × 1440)',
		{ ...photo, width: 1080, height: 1440 },
		["aspect 0.75 (1080×1440) is outside Instagram's 0.8–1.91 for feed photos"],
	],
	[
		'9:16 phone photo (1080 × 1920)',
		{ ...photo, width: 1080, height: 1920 },
		["aspect 0.56 (1080×1920) is outside Instagram's 0.8–1.91 for feed photos"],
	],
	['1.91:1 exactly (1910 × 1000)', { ...photo, width: 1910, height: 1000 }, []],
	['just inside 1.91:1 (1080 × 566)', { ...photo, width: 1080, height: 566 }, []],
	[
		'just outside 1.91:1 (1911 × 1000)',
		{ ...photo, width: 1911, height: 1000 },
		["aspect 1.911 (1911×1000) is outside Instagram's 0.8–1.91 for feed photos"],
	],
	['narrow 200 px photo (Instagram scales widths)', { ...photo, width: 200, height: 200 }, []],
	['wide 4000 px photo (Instagram scales widths)', { ...photo, width: 4000, height: 3000 }, []],
	// formats
	['PNG', { ...photo, format: 'png' }, [`${FEED}; this is a PNG`]],
	['WebP', { ...photo, format: 'webp' }, [`${FEED}; this is a WebP`]],
	['HEIC', { ...photo, format: 'heic' }, [`${FEED}; this is a HEIC`]],
	['GIF', { ...photo, format: 'gif' }, [`${FEED}; this is a GIF`]],
	['MP4', reel, [`${FEED}; this is an MP4 (videos go as Reels: instagramReel)`]],
	[
		'3:4 PNG over 8 MB gives every reason',
		{ ...photo, format: 'png', sizeBytes: 9_000_000, width: 3024, height: 4032 },
		[
			`${FEED}; this is a PNG`,
			"9.0 MB is over Instagram's 8 MB for feed photos",
			"aspect 0.75 (3024×4032) is outside Instagram's 0.8–1.91 for feed photos",
		],
	],
	// unknown facts
	[
		'unknown size',
		{ ...photo, sizeBytes: null },
		['unknown: the file size, which Instagram needs for feed photos'],
	],
	[
		'unknown width',
		{ ...photo, width: null },
		['unknown: the width, which Instagram needs for feed photos'],
	],
	[
		'unknown height',
		{ ...photo, height: null },
		['unknown: the height, which Instagram needs for feed photos'],
	],
	[
		'a width of 0 is no width',
		{ ...photo, width: 0 },
		['unknown: the width, which Instagram needs for feed photos'],
	],
	[
		'a size that is no number',
		{ ...photo, sizeBytes: Number.NaN },
		['unknown: the file size, which Instagram needs for feed photos'],
	],
	[
		'unknown format',
		{ ...photo, format: null },
		["unknown: the file's format, which Instagram needs before any other limit"],
	],
];

const reels: Row[] = [
	// 300 MB = 300,000,000 bytes
	['Reel of 299,999,999 bytes', { ...reel, sizeBytes: 299_999_999 }, []],
	['Reel of 300,000,000 bytes', { ...reel, sizeBytes: 300_000_000 }, []],
	[
		'Reel of 300,000,001 bytes',
		{ ...reel, sizeBytes: 300_000_001 },
		["300.000001 MB is over Instagram's 300 MB for Reels"],
	],
	// 3 s to 15 min
	[
		'Reel of 2.999 s',
		{ ...reel, durationSeconds: 2.999 },
		["2.999 s is under Instagram's 3 s for Reels"],
	],
	['Reel of 3 s', { ...reel, durationSeconds: 3 }, []],
	['Reel of 3.001 s', { ...reel, durationSeconds: 3.001 }, []],
	['Reel of 899.999 s', { ...reel, durationSeconds: 899.999 }, []],
	['Reel of 900 s (15 min)', { ...reel, durationSeconds: 900 }, []],
	[
		'Reel of 900.001 s',
		{ ...reel, durationSeconds: 900.001 },
		["15.00002 min is over Instagram's 15 min for Reels"],
	],
	[
		'Reel of 16 min',
		{ ...reel, durationSeconds: 960 },
		["16 min is over Instagram's 15 min for Reels"],
	],
	// aspect 0.01 to 10, width up to 1920
	['aspect 0.01 exactly (20 × 2000)', { ...reel, width: 20, height: 2000 }, []],
	[
		'aspect just under 0.01 (19 × 2000)',
		{ ...reel, width: 19, height: 2000 },
		["aspect 0.0095 (19×2000) is outside Instagram's 0.01–10 for Reels"],
	],
	['aspect 10 exactly (1920 × 192)', { ...reel, width: 1920, height: 192 }, []],
	[
		'aspect just over 10 (1910 × 190)',
		{ ...reel, width: 1910, height: 190 },
		["aspect 10.05 (1910×190) is outside Instagram's 0.01–10 for Reels"],
	],
	['16:9 landscape Reel (1920 × 1080)', { ...reel, width: 1920, height: 1080 }, []],
	['width 1919', { ...reel, width: 1919, height: 1080 }, []],
	[
		'width 1921',
		{ ...reel, width: 1921, height: 1080 },
		["width 1921 px is over Instagram's 1920 px for Reels"],
	],
	[
		'4K portrait Reel (2160 × 3840)',
		{ ...reel, width: 2160, height: 3840 },
		["width 2160 px is over Instagram's 1920 px for Reels"],
	],
	// formats
	['MOV', { ...reel, format: 'mov' }, []],
	[
		'JPEG',
		{ ...reel, format: 'jpeg', durationSeconds: null },
		[`${REELS}; this is a JPEG (photos go to the feed: instagramFeed)`],
	],
	['GIF', { ...reel, format: 'gif', durationSeconds: null }, [`${REELS}; this is a GIF`]],
	// unknown facts
	[
		'unknown size',
		{ ...reel, sizeBytes: null },
		['unknown: the file size, which Instagram needs for Reels'],
	],
	[
		'unknown length',
		{ ...reel, durationSeconds: null },
		['unknown: the duration, which Instagram needs for Reels'],
	],
	[
		'unknown width and height',
		{ ...reel, width: null, height: null },
		['unknown: the width and height, which Instagram needs for Reels'],
	],
	[
		'long, heavy and unknown width: every reason',
		{ ...reel, sizeBytes: 400_000_000, durationSeconds: 1000, width: null },
		[
			"400.0 MB is over Instagram's 300 MB for Reels",
			"16.7 min is over Instagram's 15 min for Reels",
			'unknown: the width, which Instagram needs for Reels',
		],
	],
];

describe('instagramFeed', () => {
	test.each(feed)('%s', (_name, input, reasons) => {
		expect(checkFit('instagramFeed', input)).toEqual({ ok: reasons.length === 0, reasons });
	});
});

describe('instagramReel', () => {
	test.each(reels)('%s', (_name, input, reasons) => {
		expect(checkFit('instagramReel', input)).toEqual({ ok: reasons.length === 0, reasons });
	});
});
