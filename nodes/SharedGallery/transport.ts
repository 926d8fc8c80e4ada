import { createWriteStream } from 'fs';
import { Transform, type Readable } from 'stream';
import { pipeline } from 'stream/promises';
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type ICredentialDataDecryptedObject,
	type ICredentialsDecrypted,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INode,
	type IN8nHttpFullResponse,
	type IPollFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { nextCursorOf } from './items';

export const CREDENTIAL_TYPE = 'sharedGalleryApi';
export const DEFAULT_BASE_URL = 'https://www.wixapis.com';

export type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export interface RetryPolicy {
	/** Attempts in all, the first included. */
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRYABLE_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ECONNREFUSED',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
	'EAI_AGAIN',
]);

export interface CallOptions {
	itemIndex?: number;
	/** The gallery items the call is for, named in its errors. */
	itemIds?: string[];
	retry?: Partial<RetryPolicy>;
	timeoutMs?: number;
}

/** One call to the Shared Gallery API: auth, retries, and Wix errors as NodeApiError. */
export async function apiRequest(
	this: Context,
	method: IHttpRequestMethods,
	path: string,
	body: IDataObject | undefined,
	options: CallOptions = {},
): Promise<IDataObject> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const secrets = secretValues(credentials);
	const url = joinUrl(String(credentials.baseUrl || DEFAULT_BASE_URL), path);
	const request: IHttpRequestOptions = {
		method,
		url,
		body,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: options.timeoutMs ?? 60_000,
	};
	let forceTokenRefresh = false;
	let refreshedAfter401 = false;
	let current = credentials;
	let renewed = false;

	return await withRetries<IDataObject>(this, options, secrets, async () => {
		// After a renewal the stored token is new: read it again, otherwise reuse what was read.
		if (renewed) current = await this.getCredentials(CREDENTIAL_TYPE);
		const override = tokenRefreshOverride(this, current, forceTokenRefresh);
		renewed = override !== undefined;
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			{ ...request },
			override ? { credentialsDecrypted: override } : undefined,
		)) as IN8nHttpFullResponse;
		const status = response.statusCode;
		if (status >= 200 && status < 300) return { done: (response.body ?? {}) as IDataObject };
		if (status === 401 && credentials.authentication === 'oauth' && !refreshedAfter401) {
			// An expired or revoked token: n8n's preAuthentication gets a new one, once.
			forceTokenRefresh = refreshedAfter401 = true;
			return { again: true };
		}
		forceTokenRefresh = false;
		return { status, headers: response.headers as IDataObject, body: response.body };
	});
}

/**
 * Cursor paging: sends `paging: {limit, cursor}` and follows `metadata.cursor` (or `nextCursor`)
 * to the end, or until `limit` items are in, or until `stop` says an item ends the walk. No page
 * asks for more than is still needed. A cursor given twice is asked again once; given again, it
 * fails the call: the loop never runs forever, and never ends silently with part of the results.
 */
export async function apiPaginate(
	this: Context,
	path: string,
	body: IDataObject,
	{
		limit,
		pageSize = 100,
		stop,
		...options
	}: CallOptions & { limit?: number; pageSize?: number; stop?: (item: IDataObject) => boolean },
): Promise<IDataObject[]> {
	const results: IDataObject[] = [];
	const ids = new Set<unknown>();
	const seen = new Set<string>();
	let cursor: string | undefined;
	let askedAgain = false;
	for (;;) {
		const wanted = limit === undefined ? pageSize : Math.min(pageSize, limit - results.length);
		const paging: IDataObject = { limit: wanted };
		if (cursor) paging.cursor = cursor;
		const page = await apiRequest.call(this, 'POST', path, { ...body, paging }, options);
		const items = Array.isArray(page.items) ? (page.items as IDataObject[]) : [];
		for (const item of items) {
			if (item.id !== undefined && ids.has(item.id)) continue;
			if (stop?.(item)) return results;
			ids.add(item.id);
			results.push(item);
			if (limit !== undefined && results.length >= limit) return results;
		}
		const next = nextCursorOf(page);
		if (!next || items.length === 0) return results;
		if (seen.has(next)) {
			if (askedAgain) {
				throw apiError(this.getNode(), 502, { message: 'the API returned the same page cursor again; the results would be incomplete' }, options);
			}
			askedAgain = true;
			continue;
		}
		askedAgain = false;
		seen.add(next);
		cursor = next;
	}
}

export interface DownloadResult {
	bytes: number;
	contentType?: string;
	fileName?: string;
}

/**
 * Streams a file-host URL to disk. The file host is another origin: it gets no credential
 * and no API header. Retries like the API. `'expired'` on HTTP 410: the caller asks for a new URL.
 */
export async function downloadToFile(
	this: IExecuteFunctions,
	url: string,
	filePath: string,
	options: CallOptions & { idleTimeoutMs?: number } = {},
): Promise<DownloadResult | 'expired'> {
	const idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
	return await withRetries<DownloadResult | 'expired'>(this, options, [], async () => {
		const response = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: options.timeoutMs ?? idleTimeoutMs,
		})) as IN8nHttpFullResponse;
		const stream = response.body as Readable;
		const headers = response.headers as IDataObject;
		if (response.statusCode === 410) {
			stream.resume();
			return { done: 'expired' as const };
		}
		if (response.statusCode < 200 || response.statusCode >= 300) {
			const text = await readSmall(stream);
			return { status: response.statusCode, headers, body: parseJson(text) };
		}
		let bytes = 0;
		const counter = new Transform({
			transform(chunk: Buffer, _encoding, callback) {
				bytes += chunk.length;
				callback(null, chunk);
			},
		});
		await pipeline(stream, idleGuard(idleTimeoutMs), counter, createWriteStream(filePath));
		return {
			done: {
				bytes,
				contentType: headerValue(headers, 'content-type'),
				fileName: fileNameFromDisposition(headerValue(headers, 'content-disposition')),
			},
		};
	});
}

export type Attempt<T> =
	| { done: T }
	| { again: true }
	| { status: number; headers: IDataObject; body: unknown };

/** Bounded retries with exponential backoff, full jitter and Retry-After. */
export async function withRetries<T>(
	context: Context,
	options: CallOptions,
	secrets: string[],
	attempt: () => Promise<Attempt<T>>,
): Promise<T> {
	const policy = { ...DEFAULT_RETRY, ...options.retry };
	const node = context.getNode();
	for (let n = 1; ; n++) {
		let outcome: Attempt<T>;
		try {
			outcome = await attempt();
		} catch (error) {
			if (error instanceof NodeOperationError) throw new NodeOperationError(node, error);
			// A dropped connection, or a retryable status raised inside n8n (the OAuth token exchange).
			const code = networkCode(error);
			const status = statusOf(error);
			if ((code || (status && RETRYABLE_STATUS.has(status))) && n < policy.maxAttempts) {
				const wait = retryAfterMs({ 'retry-after': /Retry-After ([^),]+)/.exec(reasonOf(error))?.[1] }) ?? backoff(policy, n);
				await sleep(Math.min(wait, policy.maxDelayMs));
				continue;
			}
			throw networkError(node, error, code, options, secrets);
		}
		if ('done' in outcome) return outcome.done;
		if ('again' in outcome) {
			n--;
			continue;
		}
		if (RETRYABLE_STATUS.has(outcome.status) && n < policy.maxAttempts) {
			const wait = retryAfterMs(outcome.headers) ?? backoff(policy, n);
			await sleep(Math.min(wait, policy.maxDelayMs));
			continue;
		}
		throw apiError(node, outcome.status, outcome.body, options, secrets);
	}
}

export function backoff(policy: RetryPolicy, attempt: number): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

export function retryAfterMs(headers: IDataObject): number | undefined {
	const value = headerValue(headers, 'retry-after');
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Wix error body → a NodeApiError naming the items and the cause, without any secret. */
export function apiError(
	node: INode,
	status: number,
	body: unknown,
	{ itemIndex, itemIds }: CallOptions,
	secrets: string[] = [],
): NodeApiError {
	const data = (body && typeof body === 'object' ? body : {}) as IDataObject;
	const details = (data.details ?? {}) as IDataObject;
	const application = (details.applicationError ?? {}) as IDataObject;
	const validation = (details.validationError ?? {}) as IDataObject;
	const violations = Array.isArray(validation.fieldViolations)
		? (validation.fieldViolations as IDataObject[])
		: [];

	const cause =
		[application.code, application.description ?? data.message].filter(Boolean).join(': ') ||
		violations.map((v) => `${v.field}: ${v.description}`).join('; ') ||
		(typeof data.message === 'string' && data.message) ||
		STATUS_TEXT[status] ||
		'unexpected response';
	const forWhom = itemIds?.length ? ` (items: ${listIds(itemIds)})` : '';
	const message = redact(`Shared Gallery API error ${status}: ${cause}${forWhom}`, secrets);
	const hints = [
		...violations.map((v) => `${v.field}: ${v.description}${v.violatedRule ? ` (${v.violatedRule})` : ''}`),
		HINTS[status],
	].filter(Boolean);
	const description = hints.length ? redact(hints.join('\n'), secrets) : undefined;
	return new NodeApiError(
		node,
		{ message, description: description ?? '', httpCode: String(status) } as JsonObject,
		{ message, description, httpCode: String(status), itemIndex },
	);
}

/** Our own errors pass through; anything else becomes a NodeApiError naming the items. */
export function asNodeError(
	node: INode,
	error: unknown,
	{ itemIndex, itemIds }: CallOptions,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const forWhom = itemIds?.length ? ` (items: ${listIds(itemIds)})` : '';
	const message = `${error instanceof Error ? error.message : String(error)}${forWhom}`;
	return new NodeApiError(node, { message } as JsonObject, { message, itemIndex });
}

function networkError(
	node: INode,
	error: unknown,
	code: string | undefined,
	{ itemIndex, itemIds }: CallOptions,
	secrets: string[],
): NodeApiError {
	const forWhom = itemIds?.length ? ` (items: ${listIds(itemIds)})` : '';
	const message = redact(`Shared Gallery request failed: ${code ?? reasonOf(error)}${forWhom}`, secrets);
	return new NodeApiError(node, { message } as JsonObject, {
		message,
		description: code ? 'The connection failed after retrying. Check the network and try again.' : undefined,
		itemIndex,
	});
}

const STATUS_TEXT: Record<number, string> = {
	400: 'bad request',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not found',
	410: 'expired',
	429: 'too many requests',
	500: 'internal server error',
	502: 'bad gateway',
	503: 'service unavailable',
	504: 'gateway timeout',
};

const HINTS: Record<number, string> = {
	401: 'Check the credential: the API key and site ID, the OAuth app, or the instance token.',
	403: 'The credential lacks a permission, or the site does not allow downloads (Shared Gallery settings → Who can download).',
	404: 'Check that the IDs exist in this site\'s Shared Gallery.',
	429: 'Wix allows about 200 requests a minute per app instance. Retried; try again later or add a Wait node.',
};

function listIds(ids: string[]): string {
	return ids.length <= 10 ? ids.join(', ') : `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more`;
}

function secretValues(credentials: ICredentialDataDecryptedObject): string[] {
	return ['apiKey', 'clientSecret', 'accessToken', 'instanceToken']
		.map((key) => credentials[key])
		.filter((value): value is string => typeof value === 'string' && value.length >= 4);
}

export function redact(text: string, secrets: string[]): string {
	return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

/** Near or past its expiry, an OAuth token is blanked so n8n's preAuthentication renews it. */
function tokenRefreshOverride(
	context: Context,
	credentials: ICredentialDataDecryptedObject,
	force: boolean,
): ICredentialsDecrypted | undefined {
	if (credentials.authentication !== 'oauth') return undefined;
	const expiresAt = Number(credentials.accessTokenExpiresAt ?? 0);
	const stale = !credentials.accessToken || !expiresAt || Date.now() > expiresAt - 60_000;
	if (!force && !stale) return undefined;
	const reference = context.getNode().credentials?.[CREDENTIAL_TYPE];
	return {
		id: reference?.id ?? '',
		name: reference?.name ?? '',
		type: CREDENTIAL_TYPE,
		data: { ...credentials, accessToken: '' },
	};
}

/** What went wrong, in words. n8n's NodeApiError puts a wrapped error's own text in `description`. */
function reasonOf(error: unknown): string {
	const { description, message } = (error ?? {}) as { description?: unknown; message?: unknown };
	if (error instanceof NodeApiError && typeof description === 'string' && description) return description;
	return typeof message === 'string' ? message : String(error);
}

function statusOf(error: unknown): number | undefined {
	const status = Number((error as { httpCode?: unknown })?.httpCode);
	return Number.isInteger(status) && status > 0 ? status : undefined;
}

export function networkCode(error: unknown): string | undefined {
	const candidates = [error, (error as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && RETRYABLE_CODES.has(code)) return code;
	}
	const message = error instanceof Error ? error.message : String(error);
	if (/socket hang up|ECONNRESET|aborted/i.test(message)) return 'ECONNRESET';
	if (/timeout/i.test(message)) return 'ETIMEDOUT';
	return undefined;
}

/** Fails the stream if no byte arrives for `ms`: a stalled body never hangs a workflow. */
function idleGuard(ms: number): Transform {
	let timer: NodeJS.Timeout | undefined;
	const guard: Transform = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			arm();
			callback(null, chunk);
		},
		flush(callback) {
			clearTimeout(timer);
			callback();
		},
		destroy(error, callback) {
			clearTimeout(timer);
			callback(error);
		},
	});
	const arm = () => {
		clearTimeout(timer);
		timer = setTimeout(() => {
			const error = new Error(`No data for ${ms} ms`) as Error & { code: string };
			error.code = 'ETIMEDOUT';
			guard.destroy(error);
		}, ms);
	};
	arm();
	return guard;
}

export async function readSmall(stream: Readable, max = 64 * 1024): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		if (size < max) chunks.push(chunk as Buffer);
		size += (chunk as Buffer).length;
	}
	return Buffer.concat(chunks).toString('utf8').slice(0, max);
}

export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return { message: text.slice(0, 200) };
	}
}

export function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	if (!headers) return undefined;
	const value = headers[name] ?? headers[name.toLowerCase()];
	if (Array.isArray(value)) return String(value[0]);
	return value === undefined || value === null ? undefined : String(value);
}

export function fileNameFromDisposition(value: string | undefined): string | undefined {
	if (!value) return undefined;
	const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(value);
	if (star) {
		try {
			return decodeURIComponent(star[1].trim());
		} catch {
			/* fall through to the plain form */
		}
	}
	const plain = /filename\s*=\s*"?([^";]+)"?/.exec(value);
	return plain ? plain[1].trim() : undefined;
}

export function joinUrl(base: string, path: string): string {
	return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
