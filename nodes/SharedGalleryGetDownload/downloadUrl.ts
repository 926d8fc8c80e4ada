import type { IExecuteFunctions } from 'n8n-workflow';

import { DOWNLOAD_URL_PATH, URL_LIFETIME_MS } from '../SharedGallery/endpoints';
import { answerError, apiRequest, type CallOptions } from '../SharedGallery/transport';

/** A URL this close to its end is renewed before the download starts. */
export const URL_RENEW_MARGIN_MS = 60_000;

/** A download URL for the call's IDs, renewed once if it came too close to its 15-minute end. */
export async function downloadUrl(
	context: IExecuteFunctions,
	call: CallOptions,
): Promise<{ url: string; archived: boolean }> {
	for (let attempt = 1; ; attempt++) {
		const issuedAt = Date.now();
		const answer = await apiRequest.call(
			context,
			'POST',
			DOWNLOAD_URL_PATH,
			{ itemIds: call.itemIds },
			call,
		);
		if (typeof answer.url !== 'string' || answer.url === '') {
			throw answerError(context.getNode(), 'it gave no download URL', call);
		}
		if (Date.now() > issuedAt + URL_LIFETIME_MS - URL_RENEW_MARGIN_MS && attempt === 1) continue;
		return { url: answer.url, archived: answer.archived !== false };
	}
}
