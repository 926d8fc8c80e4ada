// What goes into a download: the media behind the requested IDs (albums contribute their media),
// once each, under names made unique the way zip tools do it.
import type { GalleryStore, StoredItem } from './store';
import type { EmulatorOptions } from './types';
import type { DeflatedCopy, StreamEntry } from './zip';

export interface ArchiveEntry {
	name: string;
	item: StoredItem;
}

/** Names inside the archive: no folders (everything sits at the root). */
export function safeName(name: string): string {
	const cleaned = name.replace(/[\\/]/g, '_').replace(/[\x00-\x1f]/g, '');
	return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}

/** 'photo.jpg' → 'photo (1).jpg' (suffix) or '1_photo.jpg' (index-prefix). */
export function renamed(name: string, n: number, scheme: 'suffix' | 'index-prefix'): string {
	if (scheme === 'index-prefix') return `${n}_${name}`;
	const dot = name.lastIndexOf('.');
	return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** Expand albums, drop repeats, and give every file a unique name (case-insensitively). */
export function planArchive(
	store: GalleryStore,
	ids: string[],
	scheme: 'suffix' | 'index-prefix',
): ArchiveEntry[] {
	const seen = new Set<string>();
	const items: StoredItem[] = [];
	for (const id of ids) {
		const item = store.getItem(id);
		if (!item) continue;
		for (const m of item.type === 'ALBUM' ? store.childrenOf(item.id) : [item]) {
			if (!seen.has(m.id)) {
				seen.add(m.id);
				items.push(m);
			}
		}
	}
	const used = new Set<string>();
	return items.map((item) => {
		const base = safeName(item.name);
		let name = base;
		for (let n = 1; used.has(name.toLowerCase()); n++) name = renamed(base, n, scheme);
		used.add(name.toLowerCase());
		return { name, item };
	});
}

/**
 * Deflated copies of media files, by source path: a deflated archive serves them as they are
 * instead of deflating while it sends (the bench's 1 GB archives would make the server the
 * bottleneck). Registered by whoever wrote the copy (bench/lib/deflated.ts).
 */
const deflatedCopies = new Map<string, DeflatedCopy>();

export function addDeflatedCopy(sourcePath: string, copy: DeflatedCopy): void {
	deflatedCopies.set(sourcePath, copy);
}

/** Zip entries for a plan; the method per entry follows the `compression` option. */
export function streamEntries(
	plan: ArchiveEntry[],
	compression: NonNullable<EmulatorOptions['compression']>,
): StreamEntry[] {
	return plan.map((e, i) => {
		const m = e.item.media!;
		const method =
			compression === 'deflate' || (compression === 'mixed' && i % 2 === 1) ? 'deflate' : 'store';
		return {
			name: e.name,
			data: m.content,
			path: m.sourcePath,
			size: m.size,
			method,
			deflated: m.sourcePath ? deflatedCopies.get(m.sourcePath) : undefined,
			mtime: new Date(e.item.createdDate),
		};
	});
}
