/** File extension → MIME type and media kind. The API has no MIME field, so it is derived. */
const MIME_TYPES: Record<string, string> = {
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	jpe: 'image/jpeg',
	jfif: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	webp: 'image/webp',
	bmp: 'image/bmp',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	heic: 'image/heic',
	heif: 'image/heif',
	hif: 'image/heif',
	avif: 'image/avif',
	svg: 'image/svg+xml',
	ico: 'image/x-icon',
	mp4: 'video/mp4',
	m4v: 'video/x-m4v',
	mov: 'video/quicktime',
	qt: 'video/quicktime',
	avi: 'video/x-msvideo',
	wmv: 'video/x-ms-wmv',
	webm: 'video/webm',
	mkv: 'video/x-matroska',
	ogv: 'video/ogg',
	mpg: 'video/mpeg',
	mpeg: 'video/mpeg',
	'3gp': 'video/3gpp',
	flv: 'video/x-flv',
	zip: 'application/zip',
};

export type MediaType = 'image' | 'video' | 'gif' | 'album';

export function extensionOf(fileName: string): string {
	const dot = fileName.lastIndexOf('.');
	return dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot + 1).toLowerCase() : '';
}

export function mimeTypeFor(extension: string): string {
	return MIME_TYPES[extension.toLowerCase()] ?? 'application/octet-stream';
}

export function mediaTypeFor(extension: string): Exclude<MediaType, 'album'> {
	const ext = extension.toLowerCase();
	if (ext === 'gif') return 'gif';
	return mimeTypeFor(ext).startsWith('video/') ? 'video' : 'image';
}
