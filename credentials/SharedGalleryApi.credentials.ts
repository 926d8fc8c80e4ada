import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL, QUERY_PATH, TOKEN_PATH } from '../nodes/SharedGallery/endpoints';

/**
 * How a refused OAuth token exchange's error starts: `OAuth token request failed (HTTP <status>`.
 * n8n wraps an error thrown in preAuthentication in a NodeApiError that keeps only its text, and
 * replaces that text by its generic words when the error carries an HTTP status. So the status
 * and the wait are in the text alone: the node's transport retries 429 and 5xx by the status it
 * reads back with `statusFromText`, after the wait it reads with `retryAfterFromText`
 * (nodes/SharedGallery/transport/retry.ts).
 */
export const TOKEN_FAILURE = 'OAuth token request failed';

/** `, Retry-After <value>` in that text, or nothing. */
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
			// The status is in the text only, not in an httpCode: n8n would then replace the text
			// with its generic words for the status (NodeApiError), in a run and in the credential
			// test. The node's transport reads the status and the wait back from the text.
			const wait = retryAfterNote(answer.headers?.['retry-after']);
			throw new Error(`${TOKEN_FAILURE} (HTTP ${answer.statusCode}${wait})${said}.${hint}`);
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

	/**
	 * The Test button: one one-item query, as the nodes send it. n8n shows a rule's message for
	 * the query's status (n8n 2.8.x loses the status on the way and shows its own words for it);
	 * a refused OAuth token exchange (preAuthentication) shows its own text.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{$credentials.baseUrl || "${DEFAULT_BASE_URL}"}}`,
			url: QUERY_PATH,
			method: 'POST',
			body: { paging: { limit: 1 } },
			json: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'The Shared Gallery API refused the credential (HTTP 401). With API Key: check the key and the site ID, and that the key belongs to this site. With OAuth App: check the client ID, client secret and instance ID. With App Instance Token: the token may be incomplete, or expired (it expires 4 hours after signing); get a new one.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'The credential is valid but lacks a permission (HTTP 403). Give the API key or the app the Shared Gallery permissions (query, download and view media), and "Read Members" for the member pickers.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: `No Shared Gallery was found for this site at this base URL (HTTP 404). Check that the Shared Gallery is installed on the site, and that the Base URL is ${DEFAULT_BASE_URL} (or your proxy or emulator).`,
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 429,
					message:
						'Wix is limiting the rate of requests for this site (HTTP 429). Try again in a minute.',
				},
			},
		],
	};
}
