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
): Promise<{ body: Body; length?: number } | 'expired'> {
	return await withRetries<{ body: Body; length?: number } | 'expired'>(
		this,
		options,
		[],
		async () => {
			const outcome = await fileHostAttempt(this, url, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
			if (!('done' in outcome) || outcome.done === 'expired') return outcome as Attempt<'expired'>;
			const { body, headers } = outcome.done;
			const length = Number(headers['content-length']);
			return {
				done: { body, length: Number.isSafeInteger(length) && length >= 0 ? length : undefined },
			};
		},
	);
}

/** A body that broke off on the way (reset, stall): worth fetching again. */
export function brokenOff(error: unknown): string | undefined {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return undefined;
	if (error instanceof StreamArchiveError || error instanceof SafetyCapError) return undefined;
	return networkCode(error);
}
