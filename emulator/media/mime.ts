// File extension → MIME type and media kind. The API has no MIME field: clients derive it the same way.

const TYPES: Record<string, { mime: string; kind: MediaKind }> = {
	jpg: { mime: 'image/jpeg', kind: 'image' },
	jpeg: { mime: 'image/jpeg', kind: 'image' },
	png: { mime: 'image/png', kind: 'image' },
	webp: { mime: 'image/webp', kind: 'image' },
	heic: { mime: 'image/heic', kind: 'image' },
	bmp: { mime: 'image/bmp', kind: 'image' },
	tif: { mime: 'image/tiff', kind: 'image' },
	tiff: { mime: 'image/tiff', kind: 'image' },
	gif: { mime: 'image/gif', kind: 'gif' },
	mp4: { mime: 'video/mp4', kind: 'video' },
	m4v: { mime: 'video/x-m4v', kind: 'video' },
	mov: { mime: 'video/quicktime', kind: 'video' },
	webm: { mime: 'video/webm', kind: 'video' },
	ogv: { mime: 'video/ogg', kind: 'video' },
	avi: { mime: 'video/x-msvideo', kind: 'video' },
	mkv: { mime: 'video/x-matroska', kind: 'video' },
};

export type MediaKind = 'image' | 'gif' | 'video';

export function extensionOf(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function mimeFor(name: string): string {
	return TYPES[extensionOf(name)]?.mime ?? 'application/octet-stream';
}

export function kindFor(name: string): MediaKind {
	return TYPES[extensionOf(name)]?.kind ?? 'image';
}
