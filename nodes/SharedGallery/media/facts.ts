/** What a media file's own header says, for the fit check (issue 24). */
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

const BY_NAME: Record<string, MediaFormat> = {
	jpg: 'jpeg',
	jpeg: 'jpeg',
	jpe: 'jpeg',
	jfif: 'jpeg',
	'image/jpeg': 'jpeg',
	'image/jpg': 'jpeg',
	'image/pjpeg': 'jpeg',
	png: 'png',
	'image/png': 'png',
	gif: 'gif',
	'image/gif': 'gif',
	webp: 'webp',
	'image/webp': 'webp',
	heic: 'heic',
	heif: 'heic',
	hif: 'heic',
	'image/heic': 'heic',
	'image/heif': 'heic',
	'image/heic-sequence': 'heic',
	'image/heif-sequence': 'heic',
	mp4: 'mp4',
	m4v: 'mp4',
	'video/mp4': 'mp4',
	'video/x-m4v': 'mp4',
	mov: 'mov',
	qt: 'mov',
	'video/quicktime': 'mov',
};

/** A file extension or MIME type → its format ('jpg'/'jpeg'/'image/jpeg' → 'jpeg', 'm4v' → 'mp4', 'heif' → 'heic' ...), else null. */
export function formatOfName(extensionOrMimeType: string | undefined): MediaFormat | null {
	if (!extensionOrMimeType) return null;
	// 'image/jpeg; charset=binary' and '.JPG' name the same format.
	const key = extensionOrMimeType.split(';')[0].trim().toLowerCase().replace(/^\./, '');
	return Object.prototype.hasOwnProperty.call(BY_NAME, key) ? BY_NAME[key] : null;
}
