// The archives the download bench serves: media files generated on disk under bench/.work/
// (never whole in memory), registered in the emulator as one album per archive.
//
// The emulator's zip method is one setting per server; 'mixed' deflates every odd position of
// an archive. So each archive alternates a stored media file (photo or video: bytes that do not
// compress, as real JPEG and MP4 data) with a small deflated bitmap. By bytes an archive is
// 97-99% stored; by count about half its entries are deflated, but those are small.
import { randomFillSync } from 'crypto';
import { createWriteStream, promises as fs } from 'fs';
import { join } from 'path';

import type { Emulator } from '../../emulator';
import { writeLargeMp4 } from '../../emulator';
import { writeJpegLike } from './deflated';

export const MB = 1024 * 1024;

/** Entries per archive: the Get Download node puts at most 50 IDs in one archive (BATCH_SIZE). */
export const ENTRIES = 49;

export interface EntrySpec {
	name: string;
	bytes: number;
	/** Position in the archive; odd positions are deflated by the emulator ('mixed'). */
	position: number;
	deflated: boolean;
	path: string;
}

export interface ArchiveSpec {
	label: string;
	/** Planned total of the entries' bytes. */
	contentBytes: number;
	largestBytes: number;
	entries: EntrySpec[];
	albumId?: string;
	/** Item IDs in archive order. */
	ids: string[];
	/** Size of the zip as served (measured by the first curl run). */
	zipBytes?: number;
}

/**
 * One archive of about `totalMb`: a video of 40% (the largest single file), 24 more stored
 * files (clips from 100 MB up, photos below), 24 deflated bitmaps of about 0.1% each.
 */
export function planArchive(label: string, totalMb: number, dir: string): ArchiveSpec {
	const total = Math.round(totalMb * MB);
	const video = Math.round(total * 0.4);
	const bitmap = Math.max(32 * 1024, Math.min(MB, Math.round(total / 1000)));
	const storedOthers = 24;
	const deflatedCount = ENTRIES - 1 - storedOthers;
	const other = Math.floor((total - video - deflatedCount * bitmap) / storedOthers);
	const clipsAreVideos = totalMb >= 100;
	const entries: EntrySpec[] = [];
	let stored = 0;
	let deflated = 0;
	for (let position = 0; position < ENTRIES; position++) {
		const isDeflated = position % 2 === 1;
		let name: string;
		let bytes: number;
		if (isDeflated) {
			name = `${label}-scan-${String(++deflated).padStart(2, '0')}.bmp`;
			bytes = bitmap;
		} else if (position === 0) {
			name = `${label}-large-video.mp4`;
			bytes = video;
		} else {
			stored++;
			name = clipsAreVideos
				? `${label}-clip-${String(stored).padStart(2, '0')}.mp4`
				: `${label}-photo-${String(stored).padStart(2, '0')}.jpg`;
			bytes = other;
		}
		entries.push({ name, bytes, position, deflated: isDeflated, path: join(dir, name) });
	}
	const contentBytes = entries.reduce((sum, e) => sum + e.bytes, 0);
	return { label, contentBytes, largestBytes: video, entries, ids: [] };
}

/**
 * Photos as a user's album holds them (issue 25): `totalMb` in 10 MB photos of JPEG-like bytes,
 * at most 49 (one archive), so 200 MB is 20 photos and 1 GB 49 of about 20 MB. Each has its
 * deflated copy beside it: served stored or deflated, as the emulator's `compression` says.
 */
export function planPhotoArchive(label: string, totalMb: number, dir: string): ArchiveSpec {
	const count = Math.min(ENTRIES, Math.max(1, Math.round(totalMb / 10)));
	const each = Math.floor((totalMb * MB) / count);
	const entries: EntrySpec[] = Array.from({ length: count }, (_, position) => {
		const name = `${label}-photo-${String(position + 1).padStart(2, '0')}.jpg`;
		return { name, bytes: each, position, deflated: false, path: join(dir, name) };
	});
	return { label, contentBytes: each * count, largestBytes: each, entries, ids: [] };
}

/** Writes a photo archive's files and their deflated copies (reusing ones already there). */
export async function writePhotoArchiveFiles(spec: ArchiveSpec, dir: string): Promise<void> {
	await fs.mkdir(dir, { recursive: true });
	for (const entry of spec.entries) await writeJpegLike(entry.path, entry.bytes, entry.position);
}

/** Incompressible bytes, as JPEG and MP4 payloads are: a pool of random blocks, rotated. */
const POOL = Array.from({ length: 8 }, () => randomFillSync(Buffer.alloc(MB)));

export async function writeRandom(path: string, bytes: number, seed: number): Promise<void> {
	const out = createWriteStream(path);
	let left = bytes;
	let i = seed;
	while (left > 0) {
		const block = POOL[i++ % POOL.length];
		const chunk = left >= block.length ? block : block.subarray(0, left);
		left -= chunk.length;
		if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
	}
	await new Promise<void>((resolve, reject) =>
		out.end((error?: Error | null) => (error ? reject(error) : resolve())),
	);
}

/**
 * A 24-bit BMP: a gradient plus 4 bits of noise a byte. Deflate gains little on it (zlib: about
 * 1.01×), so its inflating is close to the worst case per byte, not a typical scan's.
 */
function bitmap(bytes: number, seed: number): Buffer {
	const header = 54;
	const width = 512;
	const rowBytes = width * 3;
	const height = Math.max(1, Math.floor((bytes - header) / rowBytes));
	const out = Buffer.alloc(bytes);
	out.write('BM', 0, 'ascii');
	out.writeUInt32LE(bytes, 2);
	out.writeUInt32LE(header, 10);
	out.writeUInt32LE(40, 14);
	out.writeInt32LE(width, 18);
	out.writeInt32LE(height, 22);
	out.writeUInt16LE(1, 26);
	out.writeUInt16LE(24, 28);
	out.writeUInt32LE(height * rowBytes, 34);
	const noise = POOL[seed % POOL.length];
	for (let i = header; i < bytes; i++) {
		const x = (i - header) % rowBytes;
		const y = Math.floor((i - header) / rowBytes);
		out[i] = ((x >> 2) + y + seed * 17 + (noise[i % noise.length] & 0x0f)) & 0xff;
	}
	return out;
}

/** Writes the archive's files (skipping ones already there at the right size). */
export async function writeArchiveFiles(spec: ArchiveSpec, dir: string): Promise<void> {
	await fs.mkdir(dir, { recursive: true });
	for (const entry of spec.entries) {
		const existing = await fs.stat(entry.path).catch(() => undefined);
		if (existing?.size === entry.bytes) continue;
		if (entry.deflated) await fs.writeFile(entry.path, bitmap(entry.bytes, entry.position));
		else if (entry.position === 0) {
			// A real MP4 (header + 1 MiB samples), padded to the planned size.
			await writeLargeMp4(entry.path, entry.bytes - 4096, `bench ${spec.label}`);
			await fs.truncate(entry.path, entry.bytes);
		} else await writeRandom(entry.path, entry.bytes, entry.position);
	}
}

const START = Date.UTC(2024, 5, 1);

/** One album per archive; createdDate follows the archive position (the query sorts by it, ascending). */
export function registerArchive(
	emu: Emulator,
	spec: ArchiveSpec,
	memberId: string,
	index: number,
): void {
	const album = emu.store.addAlbum({
		name: `Bench ${spec.label}`,
		createdById: memberId,
		createdDate: new Date(START + index * 86_400_000).toISOString(),
	});
	spec.albumId = album.id;
	spec.ids = spec.entries.map((entry) => {
		const item = emu.store.addMedia({
			name: entry.name,
			createdById: memberId,
			sourcePath: entry.path,
			parentAlbumId: album.id,
			createdDate: new Date(START + index * 86_400_000 + (entry.position + 1) * 1000).toISOString(),
		});
		return item.id;
	});
}

/** Files and bytes below a folder: what an extraction wrote. */
export async function sizeOfTree(dir: string): Promise<{ files: number; bytes: number }> {
	let files = 0;
	let bytes = 0;
	for (const entry of await fs.readdir(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		files++;
		bytes += (await fs.stat(join(entry.parentPath ?? entry.path, entry.name))).size;
	}
	return { files, bytes };
}

/** A download URL for these IDs from the emulator, as the API gives it to a script with an API key. */
export async function downloadUrlFor(emu: Emulator, ids: string[]): Promise<string> {
	const response = await fetch(`${emu.baseUrl}/shared-gallery/v1/items/download-url`, {
		method: 'POST',
		headers: {
			Authorization: emu.credentials.apiKey,
			'wix-site-id': emu.credentials.siteId,
			'content-type': 'application/json',
		},
		body: JSON.stringify({ itemIds: ids }),
	});
	if (!response.ok)
		throw new Error(`download-url: HTTP ${response.status} ${await response.text()}`);
	return ((await response.json()) as { url: string }).url;
}
