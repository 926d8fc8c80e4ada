import { NodeApiError, NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { SafetyCapError } from '../SharedGallery/caps';
import {
	DEFAULT_TIMEOUT_MS,
	fileHostAttempt,
	networkCode,
	withRetries,
	type Attempt,
	type Body,
	type CallOptions,
} from '../SharedGallery/transport';
import { StreamArchiveError } from '../SharedGallery/unzip';

export type { Body };

/**
 * GETs a file-host URL as a stream through n8n's helper: no credential, no API header (another
 * origin). Retries like the API until the body starts. `'expired'` on HTTP 410. The request
 * timeout bounds a body that stalls.
 */
export async function openBody(
	this: IExecuteFunctions,
	url: string,
	options: CallOptions,
): Promise<Opened | 'expired'> {
	return await withRetries<Opened | 'expired'>(this, options, [], async () => {
		const outcome = await fileHostAttempt(this, url, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
		if (!('done' in outcome) || outcome.done === 'expired') return outcome as Attempt<'expired'>;
		const { body, headers } = outcome.done;
		const length = Number(headers['content-length']);
		return {
			done: {
				body,
				length: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
				ranges: String(headers['accept-ranges'] ?? '').toLowerCase() === 'bytes',
			},
		};
	});
}

/** An open body: its length when the host says it, and whether the host takes byte ranges. */
export interface Opened {
	body: Body;
	length?: number;
	ranges: boolean;
}

/**
 * One byte range of a file-host URL (inclusive), retried like any download. `'refused'` when the
 * host answers with anything but exactly that range (a 200 with the whole file, another range):
 * that body is closed at once.
 */
export async function openRange(
	this: IExecuteFunctions,
	url: string,
	range: { start: number; end: number; total: number },
	options: CallOptions,
): Promise<Body | 'refused' | 'expired'> {
	return await withRetries<Body | 'refused' | 'expired'>(this, options, [], async () => {
		const outcome = await fileHostAttempt(
			this,
			url,
			options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			range,
		);
		if (!('done' in outcome) || outcome.done === 'expired') return outcome as Attempt<'expired'>;
		const { body, headers, statusCode } = outcome.done;
		const expected = `bytes ${range.start}-${range.end}/${range.total}`;
		if (statusCode !== 206 || String(headers['content-range'] ?? '') !== expected) {
			body.destroy?.();
			return { done: 'refused' };
		}
		return { done: body };
	});
}

/** A body that broke off on the way (reset, stall): worth fetching again. */
export function brokenOff(error: unknown): string | undefined {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return undefined;
	if (error instanceof StreamArchiveError || error instanceof SafetyCapError) return undefined;
	return networkCode(error);
}
