import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
} from 'n8n-workflow';

import { TOKEN_FAILURE } from '../../../credentials/SharedGalleryApi.credentials';
import { apiError, reasonOf, requestError, type ErrorScope } from './errors';
import { headerValue } from './headers';
import type { Pace } from './pace';

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

/** What one attempt came to: a result, a free second try (token renewed), or an HTTP failure. */
export type Attempt<T> =
	{ done: T } | { again: true } | { status: number; headers: IDataObject; body: unknown };

export interface RetryOptions extends ErrorScope {
	retry?: Partial<RetryPolicy>;
	/** Shared with the requests running beside this one: a 429 holds them all (pace.ts). */
	pace?: Pace;
}

/**
 * Bounded retries with exponential backoff, equal jitter and Retry-After. Retried: 429, 502,
 * 503, 504 and dropped connections. Anything else fails at once, as the error it is.
 */
export async function withRetries<T>(
	context: Context,
	options: RetryOptions,
	secrets: string[],
	attempt: () => Promise<Attempt<T>>,
): Promise<T> {
	const policy = { ...DEFAULT_RETRY, ...options.retry };
	const node = context.getNode();
	const self = {};
	const wait = async (ms: number, status: number | undefined) => {
		const capped = Math.min(ms, policy.maxDelayMs);
		if (status === 429) options.pace?.hold(capped, self);
		await sleep(capped);
	};
	for (let n = 1; ; n++) {
		let outcome: Attempt<T>;
		try {
			await options.pace?.open(self);
			outcome = await attempt();
		} catch (error) {
			if (error instanceof NodeOperationError) throw new NodeOperationError(node, error);
			// A dropped connection, or a retryable status raised inside n8n (the OAuth token exchange).
			const code = networkCode(error);
			const status = statusOf(error);
			if ((code || (status && RETRYABLE_STATUS.has(status))) && n < policy.maxAttempts) {
				await wait(retryAfterFromText(reasonOf(error)) ?? backoff(policy, n), status);
				continue;
			}
			throw requestError(
				node,
				code ?? reasonOf(error),
				{ retried: code !== undefined, status },
				options,
				secrets,
			);
		}
		if ('done' in outcome) return outcome.done;
		if ('again' in outcome) {
			n--;
			continue;
		}
		if (RETRYABLE_STATUS.has(outcome.status) && n < policy.maxAttempts) {
			await wait(retryAfterMs(outcome.headers) ?? backoff(policy, n), outcome.status);
			continue;
		}
		throw apiError(node, outcome.status, outcome.body, options, secrets);
	}
}

/**
 * Exponential backoff with equal jitter: half of the step is fixed, the other half random,
 * so retries never bunch up at zero and never wait longer than the step.
 */
export function backoff(policy: RetryPolicy, attempt: number, random = Math.random): number {
	const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A Retry-After header (seconds or an HTTP date) in ms; undefined when absent or unreadable. */
export function retryAfterMs(headers: IDataObject): number | undefined {
	const value = headerValue(headers, 'retry-after');
	if (value === undefined || value.trim() === '') return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * The Retry-After that the credential's token exchange wrote into its error text
 * (`retryAfterNote` in credentials/SharedGalleryApi.credentials.ts): n8n keeps only the
 * text and the status of an error raised in preAuthentication.
 */
export function retryAfterFromText(text: string): number | undefined {
	const value = /Retry-After ([^),]+)/.exec(text)?.[1];
	return value === undefined ? undefined : retryAfterMs({ 'retry-after': value });
}

/**
 * The HTTP status that the credential's token exchange wrote into its error text
 * (`TOKEN_FAILURE` in credentials/SharedGalleryApi.credentials.ts): an httpCode on that error
 * would have n8n replace the text with its generic words for the status.
 */
export function statusFromText(text: string): number | undefined {
	const value = new RegExp(`${TOKEN_FAILURE} \\(HTTP (\\d{3})`).exec(text)?.[1];
	return value === undefined ? undefined : Number(value);
}

function statusOf(error: unknown): number | undefined {
	const status = Number((error as { httpCode?: unknown })?.httpCode);
	return Number.isInteger(status) && status > 0 ? status : statusFromText(reasonOf(error));
}

/** The network error code of a dropped or stalled connection; undefined for anything else. */
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
