import http, { type IncomingMessage, type ServerResponse } from 'http';
import https from 'https';
import { sha256 } from '../../../helpers/sha256';
import { parseMultipart, type FormPart } from '../multipart';

/** What the stand-ins share: one request as the platform modules see it, and their answers. */

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

export interface RequestRecord {
	method: string;
	host?: string;
	path: string;
	status: number;
	authorization?: string;
}

/** One request, read whole, routed by path only (swapped URL or intercepting proxy alike). */
export interface Call {
	req: IncomingMessage;
	res: ServerResponse;
	method: string;
	path: string;
	query: Record<string, string>;
	body: Buffer;
	/** Records the request with the status answered. */
	record(status: number): void;
	/** A fresh numeric ID (X and Graph API IDs are long numbers), with an optional prefix. */
	nextId(prefix?: string): string;
}

/** A platform's part of the stand-in: true when it answered the call. */
export type Route = (call: Call) => Promise<boolean>;

/** 1 MB = 1,000,000 bytes: the stricter reading of the platforms' "MB", as in fit/limits.ts. */
export const MB = 1_000_000;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const c of req) chunks.push(c as Buffer);
	return Buffer.concat(chunks);
}

export function send(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json; charset=utf-8',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

/** Answers with the Graph API's error shape, and records the status. */
export function graphError(
	call: Call,
	status: number,
	message: string,
	code = 100,
	subcode?: number,
): true {
	call.record(status);
	send(call.res, status, {
		error: {
			message,
			type: 'OAuthException',
			code,
			...(subcode ? { error_subcode: subcode } : {}),
			fbtrace_id: 'sg-e2e',
		},
	});
	return true;
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

/** Like fetchBytes, but a failed connection is status 0 with the error as the body. */
export async function fetchOrFail(
	url: string,
): Promise<{ status: number; contentType?: string; bytes: Buffer }> {
	return await fetchBytes(url).catch((e: Error) => ({
		status: 0,
		contentType: undefined,
		bytes: Buffer.from(e.message),
	}));
}

/** Parameters from the query string and a form, JSON or multipart body; file parts apart. */
export function paramsOf(call: Call): { params: Record<string, string>; parts: FormPart[] } {
	const params: Record<string, string> = { ...call.query };
	const ct = call.req.headers['content-type'] ?? '';
	let parts: FormPart[] = [];
	if (/^application\/x-www-form-urlencoded/i.test(ct))
		Object.assign(params, Object.fromEntries(new URLSearchParams(call.body.toString('utf8'))));
	else if (/^application\/json/i.test(ct) && call.body.length)
		Object.assign(params, JSON.parse(call.body.toString('utf8')));
	else if (/^multipart\/form-data/i.test(ct)) {
		parts = parseMultipart(call.body, ct);
		for (const p of parts) if (p.fileName === undefined) params[p.name] = p.data.toString('utf8');
	}
	return { params, parts };
}

/** A Graph API call's parameters, or undefined once Facebook's error for a missing token is sent. */
export function graphParams(call: Call): ReturnType<typeof paramsOf> | undefined {
	const parsed = paramsOf(call);
	if (parsed.params.access_token) return parsed;
	graphError(
		call,
		400,
		'An active access token must be used to query information about the current user.',
		2500,
	);
	return undefined;
}

/** The file part named `field`, with the call's other fields, or undefined. */
export function fileFromParts(
	parts: FormPart[],
	field: string,
	call: Call,
	query: Record<string, string>,
	id: string,
): ReceivedFile | undefined {
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
		authorization: call.req.headers.authorization,
		host: call.req.headers.host,
		id,
	};
}
