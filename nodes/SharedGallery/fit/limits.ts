// What each platform takes: every number the fit check uses, each with where it was read and when.
// The pages were read on 2026-12-04 as stored copies (this machine has no web access of its own).
// Where two sources disagree, the stricter number is kept, and the comment beside it says so.
import type { MediaFormat } from '../media/facts';

export const FIT_PLATFORMS = ['x', 'instagramFeed', 'instagramReel', 'facebookPage'] as const;
export type FitPlatform = (typeof FIT_PLATFORMS)[number];

/**
 * 1 MB = 1,000,000 bytes and 1 GB = 1,000,000,000 bytes, in every limit and every reason. The
 * platforms write "MB" without saying which; the decimal reading is the stricter one (5 MB =
 * 5,000,000 bytes, not 5,242,880), so a file that passes here passes under either reading.
 */
export const MB = 1_000_000;
export const GB = 1_000_000_000;

export interface Source {
	title: string;
	url: string;
	/** The day the page was read (a stored copy, through the project's search tools). */
	read: string;
}

const READ = '2026-12-04';

export const SOURCES = {
	xBestPractices: {
		title: 'X media best practices',
		url: 'https://docs.x.com/x-api/media/quickstart/best-practices',
		read: READ,
	},
	xMedia: {
		title: 'X media upload',
		url: 'https://docs.x.com/x-api/media/introduction',
		read: READ,
	},
	igMedia: {
		title: 'Instagram IG User Media',
		url: 'https://developers.facebook.com/docs/instagram-api/reference/ig-user/media',
		read: READ,
	},
	// Meta's Reels specification was not in the stored pages; these two quote it.
	igReelsSpec: {
		title: 'Instagram Reels spec (quoted by ContentStudio)',
		url: 'https://docs.contentstudio.io/article/830-what-are-the-requirements-to-directly-publish-images-and-videos-to-instagram',
		read: READ,
	},
	igReelsSize: {
		title: 'Instagram media guidelines (Sprinklr)',
		url: 'https://sprinklr.com/help/articles/getting-started/instagram-media-guidelines/63ec6c26ef1b447d6c6270a0',
		read: READ,
	},
	fbPhotos: {
		title: 'Facebook photo uploads',
		url: 'https://developers.facebook.com/docs/graph-api/photo-uploads',
		read: READ,
	},
	fbVideos: {
		title: 'Facebook video uploads',
		url: 'https://developers.facebook.com/docs/graph-api/video-uploads',
		read: READ,
	},
} satisfies Record<string, Source>;

export interface Limit {
	value: number;
	source: Source;
}

/** A width:height ratio, kept as two whole numbers so a boundary compares exactly. */
export interface Ratio {
	w: number;
	h: number;
}

export interface Rules {
	/** The words a reason uses for this kind: "images", "feed photos", "Reels"… */
	what: string;
	formats: readonly MediaFormat[];
	maxBytes?: Limit;
	minSeconds?: Limit;
	maxSeconds?: Limit;
	aspect?: { min: Ratio; max: Ratio; label: string; source: Source };
	/** Smallest width and height. */
	minPixels?: { width: number; height: number; source: Source };
	/** Largest longer side and shorter side, whichever way the picture is turned. */
	maxSides?: { long: number; short: number; source: Source };
	maxWidth?: Limit;
	maxHeight?: Limit;
}

export interface PlatformLimits {
	/** The name in reasons: "X's 5 MB". */
	name: string;
	/** The name in the node's options and the table. */
	label: string;
	/** The start of a refusal: "Instagram feed posts take" + "JPEG only; this is a PNG". */
	takes: string;
	/** Said after a refusal of a kind the platform takes elsewhere. */
	hint?: Partial<Record<'image' | 'gif' | 'video', string>>;
	image?: Rules;
	gif?: Rules;
	video?: Rules;
}

const X = SOURCES.xBestPractices;

export const LIMITS: Record<FitPlatform, PlatformLimits> = {
	x: {
		name: 'X',
		label: 'X',
		takes: 'X takes',
		image: {
			what: 'images',
			formats: ['jpeg', 'png', 'webp'], // X: JPG, PNG, GIF, WEBP (a GIF is judged as a GIF)
			maxBytes: { value: 5 * MB, source: SOURCES.xMedia }, // best practices and issue 24 agree
		},
		gif: {
			what: 'GIFs',
			formats: ['gif'],
			maxBytes: { value: 15 * MB, source: SOURCES.xMedia }, // best practices and issue 24 agree
			// X lists these under "recommendations" (a larger GIF "may fail"): kept, as the stricter.
			// Frames (≤ 350) and width × height × frames (≤ 300 million) are not checked: no frame count.
			maxWidth: { value: 1280, source: X },
			maxHeight: { value: 1080, source: X },
		},
		video: {
			what: 'videos',
			formats: ['mp4', 'mov'],
			// Sources disagree. The newer text of X's page (github.com/xdevplatform/docs, file
			// x-api/media/quickstart/best-practices.mdx, read 2026-12-04) allows 8 GB and 20 min for
			// posts (16 GB and 125 min with Premium). Kept, the stricter: 512 MB and 140 s, as in the
			// stored docs.x.com best-practices page, SOURCES.xMedia and issue 24.
			maxBytes: { value: 512 * MB, source: X },
			minSeconds: { value: 0.5, source: X },
			maxSeconds: { value: 140, source: X },
			aspect: { min: { w: 1, h: 3 }, max: { w: 3, h: 1 }, label: '1:3–3:1', source: X },
			minPixels: { width: 32, height: 32, source: X },
			// "between 32x32 and 1280x1024". Read either way round, since X's own recommended portrait
			// size is 720×1280. Stricter than the same page's "subscribed users can upload 1080p".
			maxSides: { long: 1280, short: 1024, source: X },
		},
	},
	instagramFeed: {
		name: 'Instagram',
		label: 'Instagram Feed',
		takes: 'Instagram feed posts take',
		hint: { video: 'videos go as Reels: instagramReel' },
		image: {
			what: 'feed photos',
			formats: ['jpeg'],
			maxBytes: { value: 8 * MB, source: SOURCES.igMedia },
			aspect: {
				min: { w: 4, h: 5 },
				max: { w: 191, h: 100 },
				label: '0.8–1.91',
				source: SOURCES.igMedia,
			},
			// Width 320–1440 is no limit: Instagram scales a photo into it (IG User Media).
		},
	},
	instagramReel: {
		name: 'Instagram',
		label: 'Instagram Reel',
		takes: 'Instagram Reels take',
		hint: { image: 'photos go to the feed: instagramFeed' },
		video: {
			what: 'Reels',
			formats: ['mp4', 'mov'],
			// Sources disagree: 1 GB (older quotes of Meta's spec, e.g. help.circleboom.com) and
			// 300 MB (Sprinklr, ayrshare.com). The stricter 300 MB is kept.
			maxBytes: { value: 300 * MB, source: SOURCES.igReelsSize },
			minSeconds: { value: 3, source: SOURCES.igReelsSpec }, // 3 s–15 min in issue 24 too
			maxSeconds: { value: 15 * 60, source: SOURCES.igReelsSpec },
			aspect: {
				min: { w: 1, h: 100 },
				max: { w: 10, h: 1 },
				label: '0.01–10',
				source: SOURCES.igReelsSpec,
			},
			// "Maximum columns (horizontal pixels): 1920". Whether Instagram scales or refuses is not
			// said: kept as a limit, the stricter reading.
			maxWidth: { value: 1920, source: SOURCES.igReelsSpec },
		},
	},
	facebookPage: {
		name: 'Facebook',
		label: 'Facebook Page',
		takes: 'Facebook Pages take',
		image: {
			what: 'photos',
			formats: ['jpeg', 'png'], // Facebook: JPEG, BMP, PNG, GIF, TIFF (no WebP, no HEIC)
			// "We recommend uploading photos under 4MB": a recommendation, kept as a limit (stricter).
			// Its "PNG files above 1 MB may appear pixelated" is about quality, not refusal: no limit.
			maxBytes: { value: 4 * MB, source: SOURCES.fbPhotos },
		},
		gif: {
			what: 'GIFs',
			formats: ['gif'],
			maxBytes: { value: 4 * MB, source: SOURCES.fbPhotos }, // a GIF goes as a photo
		},
		video: {
			what: 'videos',
			formats: ['mp4', 'mov'],
			// Non-resumable upload, which `file_url` is: "up to 1GB and 20 minutes long", and the file
			// must be fetchable for 5 minutes. (Resumable uploads allow more; not what the recipes use.)
			maxBytes: { value: 1 * GB, source: SOURCES.fbVideos },
			maxSeconds: { value: 20 * 60, source: SOURCES.fbVideos },
			aspect: {
				min: { w: 9, h: 16 },
				max: { w: 16, h: 9 },
				label: '9:16–16:9',
				source: SOURCES.fbVideos,
			},
		},
	},
};
