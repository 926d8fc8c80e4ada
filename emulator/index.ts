// Shared Gallery API emulator: a local stand-in for www.wixapis.com (API origin) and
// download-files.wix.com (file host), used by the demo, the tests and the benchmarks.
import * as crypto from 'crypto';
import type * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import { createApiServer } from './api-server';
import { Auth } from './auth';
import { makeClock } from './clock';
import type { EndpointContext } from './endpoints';
import { FaultQueue } from './faults';
import { createFileHost } from './file-host';
import { Lifecycle } from './lifecycle';
import { addLargeSite, SEED, seedGallery } from './seed';
import { GalleryStore } from './store';
import type { ApiLogEntry, Emulator, EmulatorOptions, FileLogEntry } from './types';

export * from './types';
export {
	GalleryStore,
	uuidFrom,
	type StoredItem,
	type Member,
	type AddMediaInput,
	type AddAlbumInput,
	type MediaRecord,
} from './store';
export {
	SEED,
	seedGallery,
	addLargeSite,
	LARGE_SITE,
	addSyntheticItems,
	type MediaKey,
	type SyntheticOptions,
} from './seed';
export { FIT_MEDIA, type FitKey, type FitMedia } from './seed-fit';
export { parseFaultSpec } from './faults';
export { parseLinkSpec } from './link';
export {
	writeLargeMp4,
	makeJpeg,
	makePng,
	makeGif,
	makeMp4,
	makeWebp,
	makeHeic,
	makeMediaFile,
	mimeFor,
	type MediaShape,
	type Mp4Options,
	type JpegOptions,
} from './media';
export { ITEM_TYPES, SORT_FIELDS, ORIENTATIONS, FIELDSETS } from './schema';
export {
	buildZip,
	zipStream,
	zipParts,
	type ZipEntrySpec,
	type ZipOptions,
	type StreamEntry,
} from './zip';

function listen(server: http.Server, port: number, host: string): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			resolve((server.address() as AddressInfo).port);
		});
	});
}

function trackSockets(server: http.Server): Set<Socket> {
	const sockets = new Set<Socket>();
	server.on('connection', (s) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	return sockets;
}

function closeServer(server: http.Server, sockets: Set<Socket>): Promise<void> {
	return new Promise((resolve) => {
		for (const s of sockets) s.destroy();
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const opts: Emulator['options'] = {
		host: options.host ?? '127.0.0.1',
		port: options.port ?? 0,
		filePort: options.filePort ?? 0,
		maxPageSize: options.maxPageSize ?? 100,
		seed: options.seed ?? true,
		urlTtlMs: options.urlTtlMs ?? 15 * 60 * 1000,
		tokenTtlSeconds: options.tokenTtlSeconds ?? 14400,
		whoCanDownload: options.whoCanDownload ?? 'EVERYONE',
		dialect: options.dialect ?? 'schema',
		duplicateNaming: options.duplicateNaming ?? 'suffix',
		compression: options.compression ?? 'store',
		membersPermission: options.membersPermission ?? true,
		largeSite: options.largeSite ?? false,
		link: options.link ?? {},
		ranges: options.ranges ?? false,
	};
	const clock = makeClock(options.now);
	const store = new GalleryStore({ rootAlbumId: SEED.rootAlbumId, now: clock.now });
	if (opts.seed) seedGallery(store);
	if (opts.seed && opts.largeSite) addLargeSite(store);
	const life = new Lifecycle();
	const faults = new FaultQueue();
	const auth = new Auth(clock, () => opts.tokenTtlSeconds);
	const requestLog: ApiLogEntry[] = [];
	const fileLog: FileLogEntry[] = [];
	let fileBaseUrl = '';
	const ctx: EndpointContext = {
		store,
		clock,
		options: opts,
		fileBaseUrl: () => fileBaseUrl,
		secret: crypto.randomBytes(32),
	};

	const api = createApiServer({ ctx, auth, faults, life, log: requestLog });
	const files = createFileHost({ ctx, faults, life, log: fileLog });
	const apiSockets = trackSockets(api);
	const fileSockets = trackSockets(files);
	const apiPort = await listen(api, opts.port, opts.host);
	const filePort = await listen(files, opts.filePort, opts.host);
	const urlHost = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
	fileBaseUrl = `http://${urlHost}:${filePort}`;
	let closed: Promise<void> | undefined;

	return {
		baseUrl: `http://${urlHost}:${apiPort}`,
		fileBaseUrl,
		credentials: auth.credentials,
		clock,
		store,
		faults: {
			add: (f) => faults.add(f),
			clear: () => faults.clear(),
			pending: () => faults.pending(),
		},
		requestLog,
		fileLog,
		issuedAccessTokens: auth.issued,
		options: opts,
		resetLogs() {
			requestLog.length = 0;
			fileLog.length = 0;
		},
		close() {
			closed ??= (async () => {
				life.close();
				await Promise.all([closeServer(api, apiSockets), closeServer(files, fileSockets)]);
			})();
			return closed;
		},
	};
}
