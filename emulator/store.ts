// The gallery: members, albums and media, with the internal fields the API derives its answers from.
import * as crypto from 'crypto';
import * as fs from 'fs';
import {
	extensionOf,
	kindFor,
	makeMediaFile,
	mimeFor,
	type MediaKind,
	type MediaShape,
} from './media';

export type ProfileStatus = 'UNKNOWN' | 'PRIVATE' | 'PUBLIC';

export interface Member {
	id: string;
	name: string;
	imageUrl?: string;
	/** PRIVATE profiles answer with their id and status only. */
	identityProfileStatus: ProfileStatus;
}

/** A stored item: the SharedGalleryItem fields, plus what the server keeps to itself. */
export interface StoredItem {
	id: string;
	type: 'VISUAL_MEDIA' | 'ALBUM';
	name: string;
	description?: string;
	altText?: string;
	createdById: string;
	createdDate: string;
	/** The root album's id for items at the root. */
	parentAlbumId: string;
	/** Members (of this site) who liked it. */
	likedBy: string[];
	/** Set when likes come from more people than `likedBy` lists; else likedBy.length. */
	likeCountOverride?: number;
	viewCount: number;
	commentCount: number;
	/** Oldest first; latestTaggedMembers shows the newest five. */
	taggedMemberIds: string[];
	media?: MediaRecord;
	album?: AlbumRecord;
}

export interface MediaRecord {
	kind: MediaKind;
	fileExtension: string;
	mimeType: string;
	size: number;
	/** As displayed (EXIF orientation, track rotation and irot applied). */
	width: number;
	height: number;
	/** Videos: ms. */
	durationMs?: number;
	/** The original bytes, or a file on disk (streamed, never loaded whole). */
	content?: Buffer;
	sourcePath?: string;
	/** Wix media file name behind preview URLs ('media/<this>'). */
	wixFileName: string;
	/** null: ready. true: until markProcessed. A number: view requests left that answer notProcessedYet. */
	processing: true | number | null;
	sha256?: string;
}

export interface AlbumRecord {
	orderNumber: number;
	/** Explicit cover; default: the album's first media item. */
	coverItemId?: string;
}

export interface AddMediaInput {
	name: string;
	createdById: string;
	id?: string;
	content?: Buffer;
	sourcePath?: string;
	createdDate?: string;
	likedBy?: string[];
	likeCount?: number;
	taggedMemberIds?: string[];
	viewCount?: number;
	commentCount?: number;
	parentAlbumId?: string;
	description?: string;
	altText?: string;
	/** true: not processed until markProcessed(id). N: the first N view requests answer notProcessedYet. */
	processing?: boolean | number;
	/** Same as a numeric `processing`. */
	processingPolls?: number;
	/** As displayed (what imageInfo / videoInfo say): a quarter-turned `shape` stores them swapped. */
	width?: number;
	height?: number;
	durationMs?: number;
	/** How the generated file is stored: EXIF orientation, track rotation, moov last, exact size. */
	shape?: MediaShape;
}

export interface AddAlbumInput {
	name: string;
	createdById: string;
	id?: string;
	orderNumber?: number;
	createdDate?: string;
	description?: string;
	likedBy?: string[];
	likeCount?: number;
	viewCount?: number;
	commentCount?: number;
	taggedMemberIds?: string[];
	coverItemId?: string;
}

/** A stable UUID-shaped id from a label (so seeds and tests can name items). */
export function uuidFrom(label: string): string {
	const h = crypto.createHash('sha1').update(label).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class GalleryStore {
	readonly members: Member[] = [];
	/** Insertion order. */
	readonly items: StoredItem[] = [];
	readonly rootAlbumId: string;
	private readonly byId = new Map<string, StoredItem>();
	private readonly membersById = new Map<string, Member>();
	private clockForDates: () => number;
	private counter = 0;

	constructor(opts: { rootAlbumId?: string; now?: () => number } = {}) {
		this.rootAlbumId = opts.rootAlbumId ?? uuidFrom('root-album');
		this.clockForDates = opts.now ?? Date.now;
	}

	addMember(
		m: Omit<Member, 'identityProfileStatus'> & { identityProfileStatus?: ProfileStatus },
	): Member {
		const member: Member = { identityProfileStatus: 'PUBLIC', ...m };
		this.members.push(member);
		this.membersById.set(member.id, member);
		return member;
	}

	getMember(id: string): Member | undefined {
		return this.membersById.get(id);
	}

	getItem(id: string): StoredItem | undefined {
		return this.byId.get(id);
	}

	addAlbum(input: AddAlbumInput): StoredItem {
		const item: StoredItem = {
			...this.common(input, 'ALBUM'),
			parentAlbumId: this.rootAlbumId, // albums only live at the root
			album: {
				orderNumber: input.orderNumber ?? this.items.filter((i) => i.album).length + 1,
				coverItemId: input.coverItemId,
			},
		};
		return this.insert(item);
	}

	addMedia(input: AddMediaInput): StoredItem {
		const base = this.common(input, 'VISUAL_MEDIA');
		const parent = input.parentAlbumId ?? this.rootAlbumId;
		if (parent !== this.rootAlbumId && this.byId.get(parent)?.type !== 'ALBUM')
			throw new Error(`addMedia: no album ${parent}`);
		const kind = kindFor(input.name);
		const width = input.width ?? (kind === 'video' ? 1280 : kind === 'gif' ? 200 : 640);
		const height = input.height ?? (kind === 'video' ? 720 : kind === 'gif' ? 150 : 480);
		const durationMs = kind === 'video' ? (input.durationMs ?? 12425) : undefined;
		let content = input.content;
		let size: number;
		if (input.sourcePath) size = fs.statSync(input.sourcePath).size;
		else {
			content ??= makeMediaFile(
				input.name,
				base.id,
				width,
				height,
				durationMs ?? 0,
				this.counter * 37,
				input.shape,
			);
			size = content.length;
		}
		const polls =
			input.processingPolls ?? (typeof input.processing === 'number' ? input.processing : 0);
		const processing = input.processing === true ? true : polls > 0 ? polls : null;
		const item: StoredItem = {
			...base,
			parentAlbumId: parent,
			media: {
				kind,
				fileExtension: extensionOf(input.name),
				mimeType: mimeFor(input.name),
				size,
				width,
				height,
				durationMs,
				content: input.sourcePath ? undefined : content,
				sourcePath: input.sourcePath,
				wixFileName: `${base.id.replace(/-/g, '').slice(0, 6)}_${crypto.createHash('md5').update(base.id).digest('hex')}~mv2.jpg`,
				processing,
			},
		};
		return this.insert(item);
	}

	/** Finish processing: the view endpoint answers with a URL from now on. */
	markProcessed(id: string): void {
		const m = this.requireMedia(id);
		m.processing = null;
	}

	isProcessing(id: string): boolean {
		return this.requireMedia(id).processing !== null;
	}

	/** One view request saw the item: count down a numeric processing budget. Returns "still processing". */
	pollProcessing(id: string): boolean {
		const m = this.requireMedia(id);
		if (m.processing === null) return false;
		if (m.processing === true) return true;
		m.processing -= 1;
		if (m.processing <= 0) m.processing = null;
		return true;
	}

	likeCount(item: StoredItem): number {
		return item.likeCountOverride ?? item.likedBy.length;
	}

	/** Media directly inside an album, oldest first (id breaks ties). */
	childrenOf(albumId: string): StoredItem[] {
		return this.items
			.filter((i) => i.parentAlbumId === albumId && i.type === 'VISUAL_MEDIA')
			.sort((a, b) => a.createdDate.localeCompare(b.createdDate) || (a.id < b.id ? -1 : 1));
	}

	/** The original bytes (read from disk for sourcePath items: meant for small files and tests). */
	fileBytes(id: string): Buffer {
		const m = this.requireMedia(id);
		return m.content ?? fs.readFileSync(m.sourcePath!);
	}

	fileSha256(id: string): string {
		const m = this.requireMedia(id);
		if (m.sha256) return m.sha256;
		const hash = crypto.createHash('sha256');
		if (m.content) hash.update(m.content);
		else {
			const fd = fs.openSync(m.sourcePath!, 'r');
			try {
				const buf = Buffer.alloc(1024 * 1024);
				for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;)
					hash.update(buf.subarray(0, n));
			} finally {
				fs.closeSync(fd);
			}
		}
		m.sha256 = hash.digest('hex');
		return m.sha256;
	}

	mimeType(id: string): string {
		return this.requireMedia(id).mimeType;
	}

	/** Remove an item (an album takes its media with it). */
	remove(id: string): void {
		const item = this.byId.get(id);
		if (!item) return;
		const gone = new Set([
			id,
			...(item.type === 'ALBUM'
				? this.items.filter((i) => i.parentAlbumId === id).map((i) => i.id)
				: []),
		]);
		for (let i = this.items.length - 1; i >= 0; i--)
			if (gone.has(this.items[i].id)) this.items.splice(i, 1);
		for (const g of gone) this.byId.delete(g);
	}

	private requireMedia(id: string): MediaRecord {
		const item = this.byId.get(id);
		if (!item?.media) throw new Error(`no media item ${id}`);
		return item.media;
	}

	private common(
		input: AddMediaInput | AddAlbumInput,
		type: StoredItem['type'],
	): Omit<StoredItem, 'parentAlbumId'> {
		this.counter++;
		const id = input.id ?? uuidFrom(`item:${this.counter}:${input.name}:${this.clockForDates()}`);
		if (this.byId.has(id)) throw new Error(`duplicate item id ${id}`);
		return {
			id,
			type,
			name: input.name,
			description: input.description,
			altText: 'altText' in input ? input.altText : undefined,
			createdById: input.createdById,
			createdDate: input.createdDate ?? new Date(this.clockForDates()).toISOString(),
			likedBy: [...(input.likedBy ?? [])],
			likeCountOverride: input.likeCount,
			viewCount: input.viewCount ?? 0,
			commentCount: input.commentCount ?? 0,
			taggedMemberIds: [...(input.taggedMemberIds ?? [])],
		};
	}

	private insert(item: StoredItem): StoredItem {
		this.items.push(item);
		this.byId.set(item.id, item);
		return item;
	}
}
