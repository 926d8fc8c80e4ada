import { sha256 } from '../../helpers/sha256';
import http, { type IncomingMessage, type ServerResponse } from 'http';
import https from 'https';
import { parseMultipart, type FormPart } from './multipart';

/**
 * One local stand-in for the social platforms the examples post to (X, Instagram and Facebook
 * Graph API). Routing is by path only, so it answers the same whether a request reaches it
 * through a swapped URL (plain http://127.0.0.1:<port>) or through the intercepting proxy
 * (https://api.x.com/..., https://graph.facebook.com/...). It answers like the real APIs for
 * the calls the examples make, and records everything it receives.
 */

export interface ReceivedFile {
	/** The multipart field the file came in. */
	field: string;
	fileName?: string;
	mimeType?: string;
	bytes: Buffer;
	sha256: string;
	/** The other (non-file) multipart fields. */
	fields: Record<string, string>;
	query: Record<string, string>;
	authorization?: string;
	host?: string;
	id: string;
}

export interface FetchedMedia {
	/** image_url / video_url given to the container endpoint. */
	url: string;
	kind: 'image_url' | 'video_url';
	status: number;
	contentType?: string;
	bytes: Buffer;
	sha256: string;
	/** Headers the stand-in sent when fetching: none carry credentials (like Instagram's fetcher). */
	query: Record<string, string>;
	id: string;
	/** REELS, or undefined for a photo. */
	mediaType?: string;
	isCarouselItem: boolean;
}

/** Instagram's container status, as `GET /{container-id}?fields=status_code` answers it. */
export type IgStatus = 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED';

export interface RequestRecord {
	method: string;
	host?: string;
	path: string;
	status: number;
	authorization?: string;
}

export interface SocialStandIn {
	url: string;
	handler: (req: IncomingMessage, res: ServerResponse) => void;
	requests: RequestRecord[];
	xUploads: ReceivedFile[];
	tweets: Array<{ body: any; authorization?: string; host?: string; id: string }>;
	igContainers: FetchedMedia[];
	igPublished: Array<{ creationId: string; query: Record<string, string>; id: string }>;
	/** Carousel containers: `media_type=CAROUSEL` with `children`. */
	igCarousels: Array<{ id: string; children: string[]; query: Record<string, string> }>;
	/** Every status answered, in order. */
	igStatusChecks: Array<{ id: string; statusCode: IgStatus }>;
	fbPhotos: ReceivedFile[];
	/**
	 * The next `count` posts to X (`POST /2/tweets`) fail with 503, as X answers when it is
	 * over capacity: a workflow whose post fails. `reset()` cancels what is left.
	 */
	failNextTweets(count?: number): void;
	reset(): void;
	close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return Buffer.concat(chunks);
}

/** Plain GET with redirects, no credentials: what a platform's media fetcher does. */
export async function fetchBytes(
	url: string,
	redirects = 5,
): Promise<{ status: number; contentType?: string; bytes: Buffer }> {
	return await new Promise((resolve, reject) => {
		const lib = url.startsWith('https:') ? https : http;
		const req = lib.get(
			url,
			{ headers: { 'user-agent': 'facebookexternalhit/1.1 (sg-e2e stand-in)' } },
			async (res) => {
				const status = res.statusCode ?? 0;
				if (status >= 300 && status < 400 && res.headers.location && redirects > 0) {
					res.resume();
					try {
						resolve(await fetchBytes(new URL(res.headers.location, url).toString(), redirects - 1));
					} catch (e) {
						reject(e);
					}
					return;
				}
				try {
					const bytes = await readBody(res);
					resolve({ status, contentType: res.headers['content-type'], bytes });
				} catch (e) {
					reject(e);
				}
			},
		);
		req.on('error', reject);
		req.setTimeout(30_000, () => req.destroy(new Error(`timeout fetching ${url}`)));
	});
}

function send(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

function fbError(res: ServerResponse, status: number, message: string, code = 100): void {
	send(res, status, { error: { message, type: 'OAuthException', code, fbtrace_id: 'sg-e2e' } });
}

export async function startSocialStandIn(): Promise<SocialStandIn> {
	let seq = 0;
	const nextId = (prefix: string) =>
		`${prefix}${String(1_880_000_000_000_000_000n + BigInt(++seq))}`;
	const state = {
		requests: [] as RequestRecord[],
		xUploads: [] as ReceivedFile[],
		tweets: [] as SocialStandIn['tweets'],
		igContainers: [] as FetchedMedia[],
		igPublished: [] as SocialStandIn['igPublished'],
		igCarousels: [] as SocialStandIn['igCarousels'],
		igStatusChecks: [] as SocialStandIn['igStatusChecks'],
		fbPhotos: [] as ReceivedFile[],
	};
	/**
	 * Instagram processes carousel items and videos after the container is made: such a
	 * container answers IN_PROGRESS to its first status check and FINISHED from then on, so a
	 * workflow must poll before it publishes. A single photo is FINISHED at once.
	 */
	let tweetsToFail = 0;
	const igStatus = new Map<
		string,
		{ status: IgStatus; checksLeft: number; carouselItem: boolean }
	>();
	const statusOf = (id: string): IgStatus | undefined => {
		const c = igStatus.get(id);
		if (!c) return undefined;
		if (c.status === 'IN_PROGRESS' && c.checksLeft-- <= 0) c.status = 'FINISHED';
		state.igStatusChecks.push({ id, statusCode: c.status });
		return c.status;
	};

	const fileFromParts = (
		parts: FormPart[],
		field: string,
		req: IncomingMessage,
		query: Record<string, string>,
		id: string,
	): ReceivedFile | undefined => {
		const file = parts.find((p) => p.name === field && p.fileName !== undefined);
		if (!file) return undefined;
		const fields: Record<string, string> = {};
		for (const p of parts)
			if (p !== file && p.fileName === undefined) fields[p.name] = p.data.toString('utf8');
		return {
			field,
			fileName: file.fileName,
			mimeType: file.contentType,
			bytes: file.data,
			sha256: sha256(file.data),
			fields,
			query,
			authorization: req.headers.authorization,
			host: req.headers.host,
			id,
		};
	};

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const u = new URL(req.url ?? '/', 'http://stand-in');
		const query = Object.fromEntries(u.searchParams.entries());
		const body = await readBody(req);
		const path = u.pathname;
		const method = req.method ?? 'GET';
		const record = (status: number) =>
			state.requests.push({
				method,
				host: req.headers.host,
				path,
				status,
				authorization: req.headers.authorization,
			});

		// --- X: media upload (v2, and the v1.1 endpoint's shape for completeness) ---
		if (method === 'POST' && (path === '/2/media/upload' || path === '/1.1/media/upload.json')) {
			if (!req.headers.authorization) {
				record(401);
				return send(res, 401, {
					title: 'Unauthorized',
					type: 'about:blank',
					status: 401,
					detail: 'Unauthorized',
				});
			}
			let parts: FormPart[];
			try {
				parts = parseMultipart(body, req.headers['content-type']);
			} catch (e) {
				record(400);
				return send(res, 400, { errors: [{ message: `stand-in: ${(e as Error).message}` }] });
			}
			const id = nextId('');
			const file = fileFromParts(parts, 'media', req, query, id);
			if (!file) {
				record(400);
				return send(res, 400, {
					errors: [{ message: 'media: a file part named "media" is required' }],
					title: 'Invalid Request',
				});
			}
			state.xUploads.push(file);
			record(200);
			if (path === '/1.1/media/upload.json') {
				return send(res, 200, {
					media_id: Number(id),
					media_id_string: id,
					size: file.bytes.length,
					expires_after_secs: 86400,
				});
			}
			return send(res, 200, {
				data: {
					id,
					media_key: `3_${id}`,
					size: file.bytes.length,
					expires_after_secs: 86400,
					image: { image_type: file.mimeType },
				},
			});
		}

		// --- X: create post ---
		if (method === 'POST' && path === '/2/tweets') {
			if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
				record(401);
				return send(res, 401, { title: 'Unauthorized', status: 401, detail: 'Unauthorized' });
			}
			if (tweetsToFail > 0) {
				tweetsToFail--;
				record(503);
				return send(res, 503, {
					title: 'Service Unavailable',
					type: 'about:blank',
					status: 503,
					detail: 'stand-in: this post fails, as asked',
				});
			}
			let json: any;
			try {
				json = JSON.parse(body.toString('utf8'));
			} catch {
				record(400);
				return send(res, 400, { errors: [{ message: 'body is not JSON' }] });
			}
			const known = new Set(state.xUploads.map((f) => f.id));
			const ids: string[] = json?.media?.media_ids ?? [];
			const unknown = ids.filter((m) => !known.has(String(m)));
			if (unknown.length) {
				record(400);
				return send(res, 400, {
					errors: [{ message: `Your media IDs are invalid: ${unknown.join(',')}` }],
					title: 'Invalid Request',
				});
			}
			const id = nextId('');
			state.tweets.push({
				body: json,
				authorization: req.headers.authorization,
				host: req.headers.host,
				id,
			});
			record(201);
			return send(res, 201, { data: { id, text: json.text, edit_history_tweet_ids: [id] } });
		}

		// --- Instagram container status: GET /{id}?fields=status_code, or several: GET /?ids=a,b ---
		const statusPath = /^\/(?:v\d+\.\d+\/?)?([^/]*)$/.exec(path);
		if (method === 'GET' && statusPath && /(^|,)status_code(,|$)/.test(query.fields ?? '')) {
			if (!query.access_token) {
				record(400);
				return fbError(res, 400, 'An active access token must be used.', 2500);
			}
			const ids = statusPath[1] ? [statusPath[1]] : (query.ids ?? '').split(',').filter(Boolean);
			const unknown = ids.filter((id) => !igStatus.has(id));
			if (!ids.length || unknown.length) {
				record(400);
				return fbError(res, 400, `Object with ID '${unknown[0] ?? ''}' does not exist`);
			}
			const answers = ids.map((id) => ({ id, status_code: statusOf(id) }));
			record(200);
			return send(
				res,
				200,
				statusPath[1] ? answers[0] : Object.fromEntries(answers.map((a) => [a.id, a])),
			);
		}

		// --- Facebook / Instagram Graph API ---
		const graph = /^\/(?:v\d+\.\d+\/)?([^/]+)\/(media|media_publish|photos)$/.exec(path);
		if (method === 'POST' && graph) {
			const [, objectId, edge] = graph;
			// Graph API takes parameters in the query string or a form body.
			const params: Record<string, string> = { ...query };
			const ct = req.headers['content-type'] ?? '';
			let parts: FormPart[] = [];
			if (/^application\/x-www-form-urlencoded/i.test(ct))
				Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
			else if (/^application\/json/i.test(ct) && body.length)
				Object.assign(params, JSON.parse(body.toString('utf8')));
			else if (/^multipart\/form-data/i.test(ct)) {
				parts = parseMultipart(body, ct);
				for (const p of parts)
					if (p.fileName === undefined) params[p.name] = p.data.toString('utf8');
			}
			if (!params.access_token) {
				record(400);
				return fbError(
					res,
					400,
					'An active access token must be used to query information about the current user.',
					2500,
				);
			}
			if (edge === 'media' && params.media_type === 'CAROUSEL') {
				const children = (params.children ?? '').split(',').filter(Boolean);
				const notReady = children.filter(
					(id) => igStatus.get(id)?.status !== 'FINISHED' || !igStatus.get(id)?.carouselItem,
				);
				if (children.length < 2 || children.length > 10 || notReady.length) {
					record(400);
					return fbError(
						res,
						400,
						notReady.length
							? `The carousel items ${notReady.join(', ')} are not finished carousel items`
							: 'A carousel takes 2 to 10 children',
						9007,
					);
				}
				const id = nextId('17');
				state.igCarousels.push({ id, children, query: params });
				igStatus.set(id, { status: 'FINISHED', checksLeft: 0, carouselItem: false });
				record(200);
				return send(res, 200, { id });
			}
			if (edge === 'media') {
				const kind = params.image_url ? 'image_url' : params.video_url ? 'video_url' : undefined;
				if (!kind) {
					record(400);
					return fbError(res, 400, 'The parameter image_url is required');
				}
				const fetched = await fetchBytes(params[kind]).catch((e: Error) => ({
					status: 0,
					contentType: undefined,
					bytes: Buffer.from(e.message),
				}));
				if (fetched.status !== 200) {
					record(400);
					return send(res, 400, {
						error: {
							message:
								'Media download has failed.: The media could not be fetched from the URI provided',
							type: 'OAuthException',
							code: 9004,
							error_subcode: 2207052,
						},
					});
				}
				if (kind === 'image_url' && !/^image\/jpeg\b/i.test(fetched.contentType ?? '')) {
					record(400);
					return send(res, 400, {
						error: {
							message: `The image format is not supported (${fetched.contentType}): Instagram takes JPEG images only`,
							type: 'OAuthException',
							code: 9004,
							error_subcode: 2207083,
						},
					});
				}
				const id = nextId('17');
				const isCarouselItem = params.is_carousel_item === 'true';
				state.igContainers.push({
					url: params[kind],
					kind,
					status: fetched.status,
					contentType: fetched.contentType,
					bytes: fetched.bytes,
					sha256: sha256(fetched.bytes),
					query: params,
					id,
					mediaType: params.media_type,
					isCarouselItem,
				});
				const processed = kind === 'image_url' && !isCarouselItem;
				igStatus.set(id, {
					status: processed ? 'FINISHED' : 'IN_PROGRESS',
					checksLeft: processed ? 0 : 1,
					carouselItem: isCarouselItem,
				});
				record(200);
				return send(res, 200, { id });
			}
			if (edge === 'media_publish') {
				const container = igStatus.get(params.creation_id);
				if (!container) {
					record(400);
					return fbError(
						res,
						400,
						`Unsupported post request. Object with ID '${params.creation_id}' does not exist`,
					);
				}
				if (container.status !== 'FINISHED' || container.carouselItem) {
					record(400);
					return send(res, 400, {
						error: {
							message: container.carouselItem
								? 'A carousel item is published through its carousel container'
								: 'Media ID is not available: the media is not ready for publishing, please wait for a moment',
							type: 'OAuthException',
							code: 9007,
							error_subcode: 2207027,
						},
					});
				}
				container.status = 'PUBLISHED';
				const id = nextId('18');
				state.igPublished.push({ creationId: params.creation_id, query: params, id });
				record(200);
				return send(res, 200, { id });
			}
			// edge === 'photos': a Page photo, the file in multipart field "source".
			const id = nextId('');
			const file = fileFromParts(parts, 'source', req, params, id);
			if (!file) {
				record(400);
				return fbError(res, 400, '(#324) Requires upload file', 324);
			}
			state.fbPhotos.push(file);
			record(200);
			return send(res, 200, { id, post_id: `${objectId}_${id}` });
		}

		record(404);
		return send(res, 404, { error: { message: `stand-in: no route for ${method} ${path}` } });
	};

	const handler = (req: IncomingMessage, res: ServerResponse) => {
		handle(req, res).catch((e) => {
			if (!res.headersSent)
				send(res, 500, { error: { message: `stand-in crashed: ${(e as Error).message}` } });
			else res.destroy();
		});
	};

	const server = http.createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as import('net').AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		handler,
		...state,
		failNextTweets(count = 1) {
			tweetsToFail = count;
		},
		reset() {
			for (const list of Object.values(state)) (list as unknown[]).length = 0;
			igStatus.clear();
			tweetsToFail = 0;
		},
		async close() {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		},
	};
}
