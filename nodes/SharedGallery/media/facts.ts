/** What a media file's own header says, for the fit check (issue 24). */
import { mimeTypeFor } from './mime';

export type MediaFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'heic' | 'mp4' | 'mov';

export interface MediaFacts {
	/** What the bytes are, whatever the file's name says; null when not recognised. */
	format: MediaFormat | null;
	/** As displayed: JPEG EXIF orientation 5-8, an MP4 track matrix of 90/270°, HEIC irot swap them. */
	width: number | null;
	height: number | null;
	/** Videos (mp4/mov) only, in seconds (ms precision); null for stills and when unknown. */
	durationSeconds: number | null;
	/** Why a fact that should be known is not (missing, truncated, hostile, huge); absent when all known. */
	problem?: string;
}

/** 'gif' → 'gif', 'mp4' | 'mov' → 'video', other formats 'image', null → null. */
export function kindOf(format: MediaFormat | null): 'image' | 'gif' | 'video' | null {
	if (format === null) return null;
	if (format === 'gif') return 'gif';
	return format === 'mp4' || format === 'mov' ? 'video' : 'image';
}

/** How reasons and problems name each format. */
export const FORMAT_NAME: Record<MediaFormat, string> = {
	jpeg: 'JPEG',
	png: 'PNG',
	gif: 'GIF',
	webp: 'WebP',
	heic: 'HEIC',
	mp4: 'MP4',
	mov: 'MOV',
};

/** MIME type → format; extensions reach it through mime.ts, the one extension table. */
const BY_MIME_TYPE: Record<string, MediaFormat> = {
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
	'image/pjpeg': 'jpeg',
	'image/png': 'png',
	'image/gif': 'gif',
	'image/webp': 'webp',
	'image/heic': 'heic',
	'image/heif': 'heic',
	'image/heic-sequence': 'heic',
	'image/heif-sequence': 'heic',
	'video/mp4': 'mp4',
	'video/x-m4v': 'mp4',
	'video/quicktime': 'mov',
};

/** A file extension or MIME type → its format ('jpg'/'jpeg'/'image/jpeg' → 'jpeg', 'm4v' → 'mp4', 'heif' → 'heic' ...), else null. */
export function formatOfName(extensionOrMimeType: string | undefined): MediaFormat | null {
	if (!extensionOrMimeType) return null;
	// 'image/jpeg; charset=binary' and '.JPG' name the same format.
	const key = extensionOrMimeType.split(';')[0].trim().toLowerCase().replace(/^\./, '');
	const mimeType = key.includes('/') ? key : mimeTypeFor(key);
	return Object.prototype.hasOwnProperty.call(BY_MIME_TYPE, mimeType)
		? BY_MIME_TYPE[mimeType]
		: null;
}
