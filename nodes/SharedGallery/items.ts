import type { IDataObject } from 'n8n-workflow';

import { WIX_STATIC_BASE } from './endpoints';
import { extensionOf, mediaTypeFor, mimeTypeFor, type MediaType } from './media';

export interface GalleryItem extends IDataObject {
	id: string;
	name: string;
	type: string;
	mediaType: MediaType;
	mimeType: string | null;
	creditName: string | null;
}

/**
 * API item → the schema's names. The docs' examples spell some fields differently
 * (`memberTagsCount`, `latestTaggedSiteMembers`, `file_extension`) and may nest the
 * `additionalInfo` oneof; both shapes give the same result. Adds `mediaType` and `mimeType`.
 */
export function normalizeItem(raw: IDataObject): GalleryItem {
	const item: IDataObject = { ...raw };
	rename(item, 'memberTagsCount', 'memberTagCount');
	rename(item, 'latestTaggedSiteMembers', 'latestTaggedMembers');

	const nested = item.additionalInfo as IDataObject | undefined;
	if (nested && typeof nested === 'object') {
		if (nested.visualMediaInfo && !item.visualMediaInfo)
			item.visualMediaInfo = nested.visualMediaInfo;
		if (nested.albumInfo && !item.albumInfo) item.albumInfo = nested.albumInfo;
		delete item.additionalInfo;
	}
	if (item.visualMediaInfo && typeof item.visualMediaInfo === 'object') {
		const info = { ...(item.visualMediaInfo as IDataObject) };
		rename(info, 'file_extension', 'fileExtension');
		rename(info, 'preview_images', 'previewImages');
		item.visualMediaInfo = info;
	}

	const isAlbum = item.type === 'ALBUM' || (!!item.albumInfo && !item.visualMediaInfo);
	const extension = fileExtensionOf(item);
	return {
		...item,
		// The API leaves an empty description out; n8n's Table view shows a missing field as a
		// red "undefined", so every item carries one (proto3's default for a string, "").
		description: typeof item.description === 'string' ? item.description : '',
		id: String(item.id ?? ''),
		name: String(item.name ?? ''),
		type: String(item.type ?? (isAlbum ? 'ALBUM' : 'VISUAL_MEDIA')),
		mediaType: isAlbum ? 'album' : mediaTypeFor(extension),
		mimeType: isAlbum ? null : mimeTypeFor(extension),
		creditName: creditNameOf(item),
	};
}

/**
 * The name to credit in a public post: the uploader's name only when their profile is PUBLIC
 * (the API fills it with the Profiles fieldset); null when private, unknown or not asked for.
 */
export function creditNameOf(item: IDataObject): string | null {
	const createdBy = item.createdBy as IDataObject | undefined;
	if (createdBy?.identityProfileStatus !== 'PUBLIC') return null;
	const name = typeof createdBy.name === 'string' ? createdBy.name.trim() : '';
	return name === '' ? null : name;
}

/** What a post needs beside the file: the credit, the texts and the like count. */
export function postFields(item: GalleryItem): IDataObject {
	return {
		creditName: item.creditName,
		description: item.description ?? '',
		altText: typeof item.altText === 'string' ? item.altText : '',
		likeCount: item.likeCount ?? 0,
	};
}

/** The flat shape of the `simplify` option. */
export function simplifyItem(item: GalleryItem): IDataObject {
	const createdBy = (item.createdBy ?? {}) as IDataObject;
	return {
		id: item.id,
		name: item.name,
		type: item.type,
		mediaType: item.mediaType,
		mimeType: item.mimeType,
		createdById: createdBy.id ?? null,
		createdByName: createdBy.name ?? null,
		creditName: item.creditName ?? null,
		createdDate: item.createdDate ?? null,
		likeCount: item.likeCount ?? 0,
		viewCount: item.viewCount ?? 0,
		memberTagCount: item.memberTagCount ?? 0,
		commentCount: item.commentCount ?? 0,
		parentAlbumId: item.parentAlbumId ?? null,
		fileExtension: item.mediaType === 'album' ? null : fileExtensionOf(item) || null,
		size: mediaSizeOf(item) ?? null,
		previewUrl: previewUrlOf(item),
	};
}

/** The file's size in bytes as the API gives it, when it gives one. */
export function mediaSizeOf(item: IDataObject): number | undefined {
	const size = (item.visualMediaInfo as IDataObject | undefined)?.size;
	return size !== undefined && Number.isFinite(Number(size)) ? Number(size) : undefined;
}

export function fileExtensionOf(item: IDataObject): string {
	const info = item.visualMediaInfo as IDataObject | undefined;
	const ext = info?.fileExtension ?? info?.file_extension;
	if (typeof ext === 'string' && ext !== '') return ext.replace(/^\./, '').toLowerCase();
	return extensionOf(String(item.name ?? ''));
}

function previewUrlOf(item: GalleryItem): string | null {
	const media = item.visualMediaInfo as IDataObject | undefined;
	const album = item.albumInfo as IDataObject | undefined;
	const cover = album?.cover as IDataObject | undefined;
	const candidates = [
		media?.previewImages,
		cover?.images,
		album?.mediaPreviews,
		album?.wixMediaCoverImage ? [album.wixMediaCoverImage] : undefined,
	];
	for (const list of candidates) {
		if (Array.isArray(list) && list.length > 0) {
			const url = (list[0] as IDataObject).url;
			if (typeof url === 'string' && url !== '') return absoluteUrl(url);
		}
	}
	return null;
}

export function absoluteUrl(url: string): string {
	try {
		return new URL(url, WIX_STATIC_BASE).toString();
	} catch {
		return url;
	}
}

function rename(target: IDataObject, from: string, to: string): void {
	if (from in target) {
		if (target[to] === undefined) target[to] = target[from];
		delete target[from];
	}
}
