import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import {
	SEED,
	makeJpeg,
	makeMp4,
	writeLargeMp4,
	type GalleryStore,
	type StoredItem,
} from '../../../emulator';
import { node, type Workflow } from './workflows';

/**
 * The media the fit-before-posting examples meet, in the album their Query Items reads: sizes
 * and durations chosen on either side of the platforms' limits. Each test adds its own and
 * removes them (the album with them) when done.
 */

/** The album an example's Query Items reads (its first album filter). */
export function albumOf(wf: Workflow): string {
	const albums = node(wf, 'Shared Gallery Query Items').parameters.filters.albumIds
		.albums as Array<{
		album: { value: string };
	}>;
	return albums[0].album.value;
}

export interface MediaSpec {
	name: string;
	content: Buffer;
	width: number;
	height: number;
	durationMs?: number;
}

/**
 * The album (with the example's album ID) holding these media, newest first in the order
 * given. `remove()` takes the album and its media out of the store again.
 */
export function addAlbum(
	store: GalleryStore,
	albumId: string,
	media: MediaSpec[],
): { items: StoredItem[]; remove(): void } {
	store.addAlbum({ id: albumId, name: 'fit examples', createdById: SEED.members.dana });
	const now = Date.now();
	const items = media.map((m, i) =>
		store.addMedia({
			...m,
			createdById: SEED.members.dana,
			parentAlbumId: albumId,
			createdDate: new Date(now - (i + 1) * 60_000).toISOString(),
		}),
	);
	return { items, remove: () => store.remove(albumId) };
}

/**
 * A photo as phones make them: 3:4, about 6 MB of real image data (noise compresses poorly),
 * made by GraphicsMagick. Over X's 5 MB; small enough for Edit Image to bring under it.
 */
export function largePhoto(): MediaSpec {
	const dir = mkdtempSync(join(tmpdir(), 'sg-fit-'));
	try {
		const file = join(dir, 'large.jpg');
		execFileSync('gm', [
			'convert',
			'-size',
			'1650x2200',
			'xc:gray',
			'+noise',
			'Random',
			'-quality',
			'92',
			file,
		]);
		return { name: 'phone-photo.jpg', content: readFileSync(file), width: 1650, height: 2200 };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export function smallPhoto(name = 'small-photo.jpg'): MediaSpec {
	return { name, content: makeJpeg(1200, 1500, 40, `fit ${name}`), width: 1200, height: 1500 };
}

/** A small real MP4 of this length; `moovLast` puts its `moov` after `mdat`, as many cameras do. */
export function shortVideo(
	name: string,
	seconds: number,
	width = 640,
	height = 360,
	{ moovLast = false } = {},
): MediaSpec {
	const durationMs = seconds * 1000;
	const content = makeMp4(width, height, durationMs, `fit ${name}`, 10, 96, { moovLast });
	return { name, content, width, height, durationMs };
}

/** A video of about `bytes` bytes (1 MiB samples), so the chunked upload has several chunks. */
export async function largeVideo(name: string, bytes: number, seconds: number): Promise<MediaSpec> {
	const dir = mkdtempSync(join(tmpdir(), 'sg-fit-'));
	try {
		const file = join(dir, name);
		await writeLargeMp4(file, bytes, `fit ${name}`, 1280, 720, seconds * 1000);
		return {
			name,
			content: readFileSync(file),
			width: 1280,
			height: 720,
			durationMs: seconds * 1000,
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/** Serves these bytes at a local URL (what a platform fetches) until `close()`. */
export async function serveBytes(
	bytes: Buffer,
	contentType: string,
): Promise<{ url: string; close(): Promise<void> }> {
	const server = http.createServer((_req, res) => {
		res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.length });
		res.end(bytes);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/media`,
		close: async () => {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		},
	};
}
