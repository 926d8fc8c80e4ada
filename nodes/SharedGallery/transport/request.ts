import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE, DEFAULT_BASE_URL } from '../endpoints';
import { secretValues } from './errors';
import { joinUrl } from './headers';
import { withRetries, type Context, type RetryOptions } from './retry';

export const DEFAULT_TIMEOUT_MS = 60_000;

export interface CallOptions extends RetryOptions {
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
		timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
	};
	let forceTokenRefresh = false;
	let refreshedAfter401 = false;
	let current = credentials;
	let renewed = false;

	return await withRetries<IDataObject>(this, options, secrets, async () => {
		// After a renewal the stored token is new: read it again, otherwise reuse what was read.
		if (renewed) current = await this.getCredentials(CREDENTIAL_TYPE);
		await options.pace?.take();
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
