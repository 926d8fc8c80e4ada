// Stored item → SharedGalleryItem as it travels on the wire.
// additionalInfo is a protobuf oneOf, so visualMediaInfo / albumInfo sit at the item's top level.
import type { GalleryStore, Member, StoredItem } from './store';
import type { Dialect } from './types';

export type Fieldset = 'Profiles' | 'RecentTaggedMembers';

export interface SerializeOptions {
	fieldset: Set<string>;
	dialect: Dialect;
}

/** IdentityProfile: `{id}` alone unless the Profiles fieldset asks for more; PRIVATE profiles stay bare. */
export function profile(
	store: GalleryStore,
	memberId: string,
	withProfile: boolean,
): Record<string, unknown> {
	if (!withProfile) return { id: memberId };
	const m: Member | undefined = store.getMember(memberId);
	if (!m) return { id: memberId, identityProfileStatus: 'UNKNOWN' };
	if (m.identityProfileStatus !== 'PUBLIC')
		return { id: m.id, identityProfileStatus: m.identityProfileStatus };
	return {
		id: m.id,
		name: m.name,
		...(m.imageUrl ? { imageUrl: m.imageUrl } : {}),
		identityProfileStatus: m.identityProfileStatus,
	};
}

function previews(item: StoredItem): Record<string, unknown>[] {
	const m = item.media!;
	const status = m.processing === null ? 'READY' : 'IN_PROGRESS';
	const base = m.wixFileName.replace(/~mv2\.jpg$/, '');
	if (m.kind === 'video') {
		// Videos get poster frames, as in the docs example (…f000.jpg … f003.jpg).
		return [0, 1, 2, 3].map((n) => ({
			url: `media/${base}f00${n}.jpg`,
			width: m.width,
			height: m.height,
			status,
		}));
	}
	return [{ url: `media/${m.wixFileName}`, width: m.width, height: m.height, status }];
}

export function serializeItem(
	store: GalleryStore,
	item: StoredItem,
	opts: SerializeOptions,
): Record<string, unknown> {
	const docs = opts.dialect === 'docs-example';
	const withProfiles = opts.fieldset.has('Profiles');
	const tagged = opts.fieldset.has('RecentTaggedMembers')
		? [...item.taggedMemberIds]
				.reverse()
				.slice(0, 5)
				.map((id) => profile(store, id, withProfiles))
		: [];
	const out: Record<string, unknown> = {
		id: item.id,
		name: item.name,
		...(item.description ? { description: item.description } : {}),
		...(item.altText ? { altText: item.altText } : {}),
		createdBy: profile(store, item.createdById, withProfiles),
		createdDate: item.createdDate,
		parentAlbumId: item.parentAlbumId,
		likeCount: store.likeCount(item),
		liked: false, // the caller is an app, not a member
		viewCount: item.viewCount,
		viewed: false,
		commentCount: item.commentCount,
		type: item.type,
		[docs ? 'memberTagsCount' : 'memberTagCount']: item.taggedMemberIds.length,
		[docs ? 'latestTaggedSiteMembers' : 'latestTaggedMembers']: tagged,
	};
	if (item.media) {
		out.visualMediaInfo = {
			[docs ? 'file_extension' : 'fileExtension']: item.media.fileExtension,
			size: String(item.media.size),
			previewImages: previews(item),
		};
	} else if (item.album) {
		out.albumInfo = albumInfo(store, item);
	}
	return out;
}

export function albumTagCount(store: GalleryStore, album: StoredItem): number {
	return store.childrenOf(album.id).reduce((n, c) => n + c.taggedMemberIds.length, 0);
}

function albumInfo(store: GalleryStore, album: StoredItem): Record<string, unknown> {
	const children = store.childrenOf(album.id);
	const coverItem =
		(album.album!.coverItemId && store.getItem(album.album!.coverItemId)) || children[0];
	const updated = children.reduce(
		(d, c) => (c.createdDate > d ? c.createdDate : d),
		album.createdDate,
	);
	return {
		updatedDate: updated,
		childrenCount: children.length,
		...(coverItem?.media
			? { cover: { visualMediaId: coverItem.id, images: previews(coverItem).slice(0, 1) } }
			: {}),
		tagCount: albumTagCount(store, album),
		orderNumber: album.album!.orderNumber,
		mediaPreviews: children
			.slice(-4)
			.reverse()
			.map((c) => previews(c)[0]),
	};
}
