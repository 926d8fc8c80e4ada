import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import { SafetyCapError } from '../SharedGallery/caps';
import {
	DEFAULT_TIMEOUT_MS,
	networkCode,
	parseJson,
	readSmall,
	withRetries,
	type CallOptions,
} from '../SharedGallery/transport';
import { StreamArchiveError } from '../SharedGallery/unzip';

/** The response body: what `httpRequest` returns with `encoding: 'stream'`, read as an async iterable. */
export type Body = AsyncIterable<Uint8Array> & {
	destroy?: (error?: Error) => void;
	resume?: () => void;
};

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
			const response = (await this.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
			})) as IN8nHttpFullResponse;
			const body = response.body as unknown as Body;
			const headers = response.headers as IDataObject;
			if (response.statusCode === 410) {
				body.resume?.();
				return { done: 'expired' as const };
			}
			if (response.statusCode < 200 || response.statusCode >= 300) {
				const text = await readSmall(body);
				return { status: response.statusCode, headers, body: parseJson(text) };
			}
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
