// The API's operations, as functions from a parsed request body to a response body.
// Errors are thrown as WixError; the server (api-server.ts) handles HTTP, auth, logging and faults.
import { applicationError, itemsNotFound, validationError } from './errors';
import { parseQuery, runQuery } from './query';
import { field, Validator } from './schema';
import { signJwt } from './tokens';
import type { GalleryStore } from './store';
import type { Clock, EmulatorOptions } from './types';

export interface EndpointContext {
	store: GalleryStore;
	clock: Clock;
	options: Required<Omit<EmulatorOptions, 'now'>>;
	fileBaseUrl: () => string;
	/** Signs cursors and file tokens. */
	secret: Buffer;
}

/** What a file-host token carries (inside the JWT's `payload`, as in Wix's download tokens). */
export interface FileTokenPayload {
	ids: string[];
	archived: boolean;
	/** Display URLs: served inline instead of as an attachment. */
	inline?: boolean;
}

/** A signed URL on the file host, valid urlTtlMs. */
export function fileUrl(ctx: EndpointContext, payload: FileTokenPayload): string {
	const now = ctx.clock.now();
	const token = signJwt(
		{
			iss: 'urn:app:shared-gallery-emulator',
			aud: ['urn:service:file.download'],
			iat: Math.floor(now / 1000),
			exp: Math.floor((now + ctx.options.urlTtlMs) / 1000),
			jti: Math.random().toString(16).slice(2, 14),
			payload,
		},
		ctx.secret,
	);
	return `${ctx.fileBaseUrl()}/_api/download/file?downloadToken=${token}`;
}

function itemIdsOf(body: unknown): string[] {
	const v = new Validator();
	const ids = v.strings(field(body, 'itemIds'), 'itemIds');
	v.done();
	if (!ids || ids.length === 0) {
		throw validationError([
			{
				field: 'itemIds',
				description: 'must contain at least 1 item ID',
				violatedRule: 'MIN_SIZE',
				data: { threshold: 1 },
			},
		]);
	}
	return [...new Set(ids)];
}

/** POST /shared-gallery/v1/items/query */
export function queryItems(ctx: EndpointContext, body: unknown, repeatCursor = false): unknown {
	return runQuery(parseQuery(body), {
		store: ctx.store,
		maxPageSize: ctx.options.maxPageSize,
		dialect: ctx.options.dialect,
		secret: ctx.secret,
		repeatCursor,
	});
}

/**
 * POST /shared-gallery/v1/items/download-url
 * One media ID → the file itself (archived: false). Several IDs, or any album → one zip (archived: true).
 * Does not change view counts.
 */
export function downloadUrl(
	ctx: EndpointContext,
	body: unknown,
): { url: string; archived: boolean } {
	const ids = itemIdsOf(body);
	if (ctx.options.whoCanDownload === 'NO_ONE') {
		throw applicationError(
			403,
			'DOWNLOAD_NOT_ALLOWED',
			'Downloads are disabled',
			'The site owner does not allow downloading gallery media (WhoCanDownload: NO_ONE)',
			{
				whoCanDownload: 'NO_ONE',
			},
		);
	}
	const missing = ids.filter((id) => !ctx.store.getItem(id));
	if (missing.length) throw itemsNotFound(missing);
	const single = ids.length === 1 && ctx.store.getItem(ids[0])!.type === 'VISUAL_MEDIA';
	return { url: fileUrl(ctx, { ids, archived: !single }), archived: !single };
}

/**
 * POST /shared-gallery/v1/visual-media/view
 * Entries are {itemId, url | notProcessedYet, imageInfo | videoInfo} (ViewUrl's two oneOf groups, flattened).
 * incrementViewCount counts one view per item per call, and only when a URL is handed out.
 */
export function displayUrls(ctx: EndpointContext, body: unknown): { urls: unknown[] } {
	const ids = itemIdsOf(body);
	const increment = field(body, 'incrementViewCount');
	if (increment !== undefined && typeof increment !== 'boolean') {
		throw validationError([
			{ field: 'incrementViewCount', description: 'must be a boolean', violatedRule: 'FORMAT' },
		]);
	}
	const missing = ids.filter((id) => !ctx.store.getItem(id));
	if (missing.length) throw itemsNotFound(missing);
	const albums = ids.filter((id) => ctx.store.getItem(id)!.type !== 'VISUAL_MEDIA');
	if (albums.length) {
		throw applicationError(
			400,
			'NOT_VISUAL_MEDIA',
			'Not visual media',
			'Display URLs exist for photos, videos and GIFs only, not albums',
			{ itemIds: albums },
		);
	}
	const urls = ids.map((id) => {
		const item = ctx.store.getItem(id)!;
		const m = item.media!;
		if (ctx.store.pollProcessing(id)) return { itemId: id, notProcessedYet: true };
		if (increment === true) item.viewCount += 1;
		const url = fileUrl(ctx, { ids: [id], archived: false, inline: true });
		return m.kind === 'video'
			? {
					itemId: id,
					url,
					videoInfo: { width: m.width, height: m.height, duration: m.durationMs ?? 0 },
				}
			: { itemId: id, url, imageInfo: { width: m.width, height: m.height } };
	});
	return { urls };
}
