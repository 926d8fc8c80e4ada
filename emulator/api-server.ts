// The API origin (www.wixapis.com stand-in): routing, logging, faults, auth, then the endpoint.
import * as crypto from 'crypto';
import * as http from 'http';
import { Auth } from './auth';
import { WixError, bodyForStatus, validationError } from './errors';
import { downloadUrl, displayUrls, queryItems, type EndpointContext } from './endpoints';
import { faultLabel, faultStatus, waitsForCursor, type FaultQueue } from './faults';
import { queryMembers } from './members';
import { field } from './schema';
import type { Lifecycle } from './lifecycle';
import { readBody, sendParts, serve, single } from './send';
import type { ApiLogEntry, Fault } from './types';

type Endpoint = 'query' | 'download-url' | 'view' | 'members' | 'token';

/** Paths from the schemas (shared-gallery and members): the main binding and its additional ones. */
const ROUTES: Record<string, Endpoint> = {
	'/shared-gallery/v1/items/query': 'query',
	'/api/v1/shared-gallery/items/query': 'query',
	'/shared-gallery/v1/items/download-url': 'download-url',
	'/api/v1/shared-gallery/items/download-url': 'download-url',
	'/shared-gallery/v1/visual-media/view': 'view',
	'/api/v1/shared-gallery/items/view-visual-media': 'view',
	'/api/v1/shared-gallery/visual-media/view': 'view',
	'/members/v1/members/query': 'members',
	'/oauth2/token': 'token',
};

export interface ApiServerDeps {
	ctx: EndpointContext;
	auth: Auth;
	faults: FaultQueue;
	life: Lifecycle;
	log: ApiLogEntry[];
}

interface Reply {
	status: number;
	body: unknown;
	headers?: Record<string, string>;
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
	if (raw.length === 0) return undefined;
	const text = raw.toString('utf8');
	if (contentType?.includes('application/x-www-form-urlencoded'))
		return Object.fromEntries(new URLSearchParams(text));
	try {
		return JSON.parse(text);
	} catch {
		throw Object.assign(
			validationError([
				{ field: 'body', description: 'request body is not valid JSON', violatedRule: 'FORMAT' },
			]),
			{ raw: text },
		);
	}
}

export function createApiServer(deps: ApiServerDeps): http.Server {
	const { ctx, auth, faults, life, log } = deps;

	async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const path = new URL(req.url ?? '/', 'http://emulator').pathname;
		const entry: ApiLogEntry = {
			method: req.method ?? 'GET',
			path,
			headers: { ...req.headers },
			body: undefined,
			status: 0,
			at: ctx.clock.now(),
		};
		log.push(entry);
		let raw: Buffer;
		try {
			raw = await readBody(req);
		} catch {
			return reply(res, entry, {
				status: 413,
				body: { message: 'Request body too large', details: {} },
			});
		}
		let body: unknown;
		let parseError: WixError | undefined;
		try {
			body = parseBody(raw, req.headers['content-type']);
		} catch (e) {
			parseError = e as WixError;
			body = (e as { raw?: string }).raw;
		}
		entry.body = body;

		const endpoint = ROUTES[path];
		if (!endpoint)
			return reply(res, entry, { status: 404, body: { message: 'Not Found', details: {} } });
		if (req.method !== 'POST')
			return reply(res, entry, {
				status: 405,
				body: { message: 'Method Not Allowed', details: {} },
				headers: { allow: 'POST' },
			});

		// Faults act like the gateway in front of the service: before auth and validation.
		const hasCursor =
			typeof field(field(body, 'paging'), 'cursor') === 'string' &&
			field(field(body, 'paging'), 'cursor') !== '';
		const fault = waitsForCursor(faults.peek(endpoint), hasCursor)
			? undefined
			: faults.take(endpoint);
		if (fault) entry.fault = faultLabel(fault);
		if (fault?.delayMs) await life.sleep(fault.delayMs);
		const status = fault && faultStatus(fault);
		if (fault && status) {
			const headers: Record<string, string> = {};
			if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
			return reply(
				res,
				entry,
				{ status, body: fault.body ?? bodyForStatus(status), headers },
				fault,
			);
		}
		let result: Reply;
		try {
			if (parseError) throw parseError;
			if (endpoint === 'token') result = { status: 200, body: auth.issueToken(body) };
			else {
				auth.check(req.headers);
				if (endpoint === 'query')
					result = { status: 200, body: queryItems(ctx, body, fault?.repeatCursor) };
				else if (endpoint === 'members') result = { status: 200, body: queryMembers(ctx, body) };
				else if (endpoint === 'download-url')
					result = { status: 200, body: downloadUrl(ctx, body) };
				else result = { status: 200, body: displayUrls(ctx, body) };
			}
		} catch (e) {
			if (!(e instanceof WixError)) throw e;
			result = { status: e.status, body: e.body };
		}
		return reply(res, entry, result, fault);
	}

	async function reply(
		res: http.ServerResponse,
		entry: ApiLogEntry,
		r: Reply,
		fault?: Fault,
	): Promise<void> {
		entry.status = r.status;
		const json = Buffer.from(JSON.stringify(r.body), 'utf8');
		res.writeHead(r.status, {
			'content-type': 'application/json; charset=utf-8',
			'content-length': String(json.length),
			'x-wix-request-id': crypto.randomUUID(),
			...r.headers,
		});
		await sendParts(
			res,
			single(json),
			fault && { ...fault, truncate: false, corrupt: false },
			life,
		);
	}

	return serve(handle, 'API handler', life);
}
