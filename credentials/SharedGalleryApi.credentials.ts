import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL, TOKEN_PATH } from '../nodes/SharedGallery/endpoints';

/**
 * n8n wraps an error thrown in preAuthentication in a NodeApiError that keeps only its text
 * and its httpCode. The node's transport retries 429 and 5xx by that code, and reads the wait
 * back from the text with `retryAfterFromText` (nodes/SharedGallery/transport/retry.ts).
 */
export function retryAfterNote(retryAfter: unknown): string {
	return retryAfter === undefined || retryAfter === null || retryAfter === ''
		? ''
		: `, Retry-After ${String(retryAfter)}`;
}

export class SharedGalleryApi implements ICredentialType {
	name = 'sharedGalleryApi';

	displayName = 'Shared Gallery API';

	icon: Icon = {
		light: 'file:../icons/sharedGallery.svg',
		dark: 'file:../icons/sharedGallery.dark.svg',
	};

	documentationUrl = 'https://dev.wix.com/docs/rest/articles/get-started/api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'API Key',
					value: 'apiKey',
					description: 'A Wix API key and the site ID (Wix dashboard → API Keys)',
				},
				{
					name: 'OAuth App (Client Credentials)',
					value: 'oauth',
					description: "A Wix app's client ID and secret, and the app instance ID of the site",
				},
				{
					name: 'App Instance Token (Legacy)',
					value: 'instanceToken',
					description:
						'A signed app-instance token, sent as it is. It expires 4 hours after signing.',
				},
			],
			default: 'apiKey',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Generate it in the Wix dashboard under Settings → API Keys, for this site. Give it the Shared Gallery permissions (query, download and view media) and "Read Members", which the Created By, Liked By and Tagged pickers need to list members by name.',
			displayOptions: { show: { authentication: ['apiKey'] } },
		},
		{
			displayName: 'Site ID',
			name: 'siteId',
			type: 'string',
			default: '',
			required: true,
			description:
				'The ID of the Wix site whose Shared Gallery to use (in the dashboard URL after /dashboard/)',
			displayOptions: { show: { authentication: ['apiKey'] } },
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'The app ID from the Wix Dev Center (OAuth page)',
			displayOptions: { show: { authentication: ['oauth'] } },
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['oauth'] } },
		},
		{
			displayName: 'Instance ID',
			name: 'instanceId',
			type: 'string',
			default: '',
			required: true,
			description: 'The ID of the app instance installed on the site',
			displayOptions: { show: { authentication: ['oauth'] } },
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Access Token Expires At',
			name: 'accessTokenExpiresAt',
			type: 'hidden',
			typeOptions: { password: true },
			default: 0,
		},
		{
			displayName: 'Instance Token',
			name: 'instanceToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['instanceToken'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'Change only to use a proxy or the local Shared Gallery emulator',
		},
	];

	/** OAuth client credentials → an access token, kept in the expirable hidden field. */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		if (credentials.authentication !== 'oauth') return {};
		const baseUrl = String(credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
		const answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${baseUrl}${TOKEN_PATH}`,
			body: {
				grant_type: 'client_credentials',
				client_id: credentials.clientId,
				client_secret: credentials.clientSecret,
				instance_id: credentials.instanceId,
			},
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: 30_000,
		})) as { statusCode: number; headers: IDataObject; body: IDataObject };
		const response = answer.body ?? {};
		if (answer.statusCode < 200 || answer.statusCode >= 300 || !response.access_token) {
			const said =
				typeof response.message === 'string' && response.message ? `: ${response.message}` : '';
			const hint =
				answer.statusCode < 500 && answer.statusCode !== 429
					? ' Check the client ID, client secret and instance ID.'
					: '';
			// Only the text and httpCode reach the node's transport (see retryAfterNote).
			const wait = retryAfterNote(answer.headers?.['retry-after']);
			throw Object.assign(
				new Error(`OAuth token request failed (HTTP ${answer.statusCode}${wait})${said}.${hint}`),
				{
					httpCode: String(answer.statusCode),
				},
			);
		}
		const expiresIn = Number(response.expires_in) || 14_400;
		return {
			accessToken: String(response.access_token ?? ''),
			accessTokenExpiresAt: Date.now() + expiresIn * 1000,
		};
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: IDataObject = { ...(requestOptions.headers ?? {}) };
		if (credentials.authentication === 'oauth') {
			headers.Authorization = String(credentials.accessToken ?? '');
		} else if (credentials.authentication === 'instanceToken') {
			headers.Authorization = String(credentials.instanceToken ?? '');
		} else {
			headers.Authorization = String(credentials.apiKey ?? '');
			headers['wix-site-id'] = String(credentials.siteId ?? '');
		}
		return { ...requestOptions, headers };
	}
	// Tested by the nodes' `sharedGalleryApiTest` (nodes/SharedGallery/credentialTest.ts): n8n's
	// declarative test could show only the HTTP status text, not Wix's error and what to check.
}
