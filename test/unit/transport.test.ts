// The transport with a mocked n8n context (as nodes-base's Notion v3 transport test does):
// retries, Retry-After, OAuth renewal before expiry and after a 401, paging, error types.
jest.mock('n8n-workflow', () => require('../reliability/fast-sleep').mockN8nWorkflow());

import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type INode,
} from 'n8n-workflow';

import { retryAfterNote } from '../../credentials/SharedGalleryApi.credentials';
import { QUERY_PATH } from '../../nodes/SharedGallery/endpoints';
import {
	answerError,
	apiError,
	apiPaginate,
	apiRequest,
	backoff,
	DEFAULT_RETRY,
	joinUrl,
	localError,
	redact,
	retryAfterFromText,
	statusFromText,
	retryAfterMs,
} from '../../nodes/SharedGallery/transport';
import { requestedSleeps } from '../reliability/fast-sleep';

const node = {
	name: 'Node',
	credentials: { sharedGalleryApi: { id: 'c1', name: 'Gallery' } },
} as unknown as INode;

type Reply = { statusCode: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A context whose httpRequestWithAuthentication answers from `replies`, in turn, and records each call. */
function mockContext(
	replies: Reply[],
	credentials: ICredentialDataDecryptedObject = {
		authentication: 'apiKey',
		apiKey: 'key-1234',
		siteId: 's',
	},
) {
	const queue = [...replies];
	const httpRequestWithAuthentication = jest.fn(async () => {
		const reply = queue.shift();
		if (!reply) throw new Error('no more replies');
		if (reply instanceof Error) throw reply;
		return { headers: {}, body: {}, ...reply };
	});
	const getCredentials = jest.fn(async () => ({ ...credentials }));
	const context = {
		getNode: () => node,
		getCredentials,
		helpers: { httpRequestWithAuthentication },
	} as unknown as IExecuteFunctions;
	return { context, httpRequestWithAuthentication, getCredentials };
}

/** The credentials override passed with each call (n8n's preAuthentication renews a blanked token). */
const overrides = (mock: jest.Mock) =>
	mock.mock.calls.map(
		(call: unknown[]) =>
			(call[2] as { credentialsDecrypted?: { data: ICredentialDataDecryptedObject } } | undefined)
				?.credentialsDecrypted?.data.accessToken,
	);

const retryable = { statusCode: 503, body: { message: 'busy' } };
const ok = { statusCode: 200, body: { items: [{ id: 'a' }] } };

beforeEach(() => (requestedSleeps.length = 0));

describe('apiRequest: retries', () => {
	test.each([429, 502, 503, 504])(
		'HTTP %i is retried, then the answer is returned',
		async (statusCode) => {
			const { context, httpRequestWithAuthentication } = mockContext([{ statusCode }, ok]);
			await expect(apiRequest.call(context, 'POST', QUERY_PATH, {})).resolves.toEqual(ok.body);
			expect(httpRequestWithAuthentication).toHaveBeenCalledTimes(2);
			expect(requestedSleeps).toHaveLength(1);
		},
	);

	test.each([400, 401, 403, 404, 410, 500])(
		'HTTP %i fails at once as a NodeApiError with that status',
		async (statusCode) => {
			const { context, httpRequestWithAuthentication } = mockContext([
				{ statusCode, body: { message: 'no' } },
			]);
			const failure = apiRequest.call(context, 'POST', QUERY_PATH, {}, { itemIds: ['x1'] });
			await expect(failure).rejects.toBeInstanceOf(NodeApiError);
			await expect(failure).rejects.toMatchObject({
				httpCode: String(statusCode),
				message: `Shared Gallery API error ${statusCode}: no (items: x1)`,
			});
			expect(httpRequestWithAuthentication).toHaveBeenCalledTimes(1);
		},
	);

	test('a retryable status on every attempt: maxAttempts requests, then the error', async () => {
		const { context, httpRequestWithAuthentication } = mockContext(
			Array(DEFAULT_RETRY.maxAttempts).fill(retryable),
		);
		await expect(apiRequest.call(context, 'POST', QUERY_PATH, {})).rejects.toMatchObject({
			httpCode: '503',
			message: 'Shared Gallery API error 503: busy',
		});
		expect(httpRequestWithAuthentication).toHaveBeenCalledTimes(DEFAULT_RETRY.maxAttempts);
		expect(requestedSleeps).toHaveLength(DEFAULT_RETRY.maxAttempts - 1);
	});

	test('Retry-After (seconds) is the wait, capped at maxDelayMs', async () => {
		const { context } = mockContext([
			{ statusCode: 429, headers: { 'retry-after': '2' } },
			{ statusCode: 429, headers: { 'retry-after': '999' } },
			ok,
		]);
		await apiRequest.call(context, 'POST', QUERY_PATH, {});
		expect(requestedSleeps).toEqual([2000, DEFAULT_RETRY.maxDelayMs]);
	});

	test('a dropped connection is retried; one that keeps dropping fails as a NodeApiError without a status', async () => {
		const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
		const once = mockContext([reset(), ok]);
		await expect(apiRequest.call(once.context, 'POST', QUERY_PATH, {})).resolves.toEqual(ok.body);

		const always = mockContext(Array.from({ length: DEFAULT_RETRY.maxAttempts }, reset));
		const failure = apiRequest.call(always.context, 'POST', QUERY_PATH, {}, { itemIds: ['x1'] });
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		// n8n puts its own words for ECONNRESET first, and keeps ours in `messages`.
		await expect(failure).rejects.toMatchObject({
			httpCode: null,
			messages: expect.arrayContaining(['Shared Gallery request failed: ECONNRESET (items: x1)']),
		});
		expect(always.httpRequestWithAuthentication).toHaveBeenCalledTimes(DEFAULT_RETRY.maxAttempts);
	});

	test('a failed OAuth token exchange (status and Retry-After in the text) is retried after that wait', async () => {
		const tokenFailure = new Error(`OAuth token request failed (HTTP 429${retryAfterNote('3')}).`);
		const { context } = mockContext([tokenFailure, ok]);
		await apiRequest.call(context, 'POST', QUERY_PATH, {});
		expect(requestedSleeps).toEqual([3000]);
	});

	test('the secrets never reach an error message', async () => {
		const { context } = mockContext([{ statusCode: 401, body: { message: 'bad key key-1234' } }]);
		const error = await apiRequest
			.call(context, 'POST', QUERY_PATH, {})
			.catch((e: unknown) => e as NodeApiError);
		expect(error.message).toBe('Shared Gallery API error 401: bad key ***');
	});
});

describe('apiRequest: OAuth renewal', () => {
	const oauth = (expiresInMs: number): ICredentialDataDecryptedObject => ({
		authentication: 'oauth',
		clientId: 'id',
		clientSecret: 'secret-1',
		instanceId: 'i',
		accessToken: 'token-1',
		accessTokenExpiresAt: Date.now() + expiresInMs,
	});

	test('a fresh token is used as stored: no override', async () => {
		const { context, httpRequestWithAuthentication } = mockContext([ok], oauth(600_000));
		await apiRequest.call(context, 'POST', QUERY_PATH, {});
		expect(overrides(httpRequestWithAuthentication)).toEqual([undefined]);
	});

	test('a token within a minute of its expiry is blanked, so n8n renews it before the request', async () => {
		const { context, httpRequestWithAuthentication } = mockContext([ok], oauth(30_000));
		await apiRequest.call(context, 'POST', QUERY_PATH, {});
		expect(overrides(httpRequestWithAuthentication)).toEqual(['']);
	});

	test('a 401 renews the token once and repeats the request, without counting as an attempt', async () => {
		const { context, httpRequestWithAuthentication, getCredentials } = mockContext(
			[{ statusCode: 401 }, ok],
			oauth(600_000),
		);
		await expect(apiRequest.call(context, 'POST', QUERY_PATH, {})).resolves.toEqual(ok.body);
		expect(overrides(httpRequestWithAuthentication)).toEqual([undefined, '']);
		expect(requestedSleeps).toEqual([]);
		expect(getCredentials).toHaveBeenCalledTimes(1);
	});

	test('a second 401 after the renewal fails with 401: a revoked app is not retried forever', async () => {
		const { context, httpRequestWithAuthentication } = mockContext(
			[{ statusCode: 401 }, { statusCode: 401 }, ok],
			oauth(600_000),
		);
		await expect(apiRequest.call(context, 'POST', QUERY_PATH, {})).rejects.toMatchObject({
			httpCode: '401',
		});
		expect(httpRequestWithAuthentication).toHaveBeenCalledTimes(2);
	});

	test('after a renewal the credentials are read again (the new token), once', async () => {
		const { context, getCredentials } = mockContext([retryable, ok], oauth(30_000));
		await apiRequest.call(context, 'POST', QUERY_PATH, {});
		expect(getCredentials).toHaveBeenCalledTimes(2);
	});

	test('API keys are never renewed, a 401 fails at once', async () => {
		const { context, httpRequestWithAuthentication } = mockContext([{ statusCode: 401 }, ok]);
		await expect(apiRequest.call(context, 'POST', QUERY_PATH, {})).rejects.toMatchObject({
			httpCode: '401',
		});
		expect(overrides(httpRequestWithAuthentication)).toEqual([undefined]);
	});
});

describe('apiPaginate', () => {
	const page = (ids: string[], cursor?: string) => ({
		statusCode: 200,
		body: { items: ids.map((id) => ({ id })), metadata: { cursor } },
	});

	test('follows the cursor to the end, asking no more than is still needed', async () => {
		const { context, httpRequestWithAuthentication } = mockContext([
			page(['a', 'b'], 'c1'),
			page(['c'], undefined),
		]);
		const items = await apiPaginate.call(context, QUERY_PATH, {}, { limit: 3, pageSize: 2 });
		expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
		const bodies = httpRequestWithAuthentication.mock.calls.map(
			(call: unknown[]) => (call[1] as { body: unknown }).body,
		);
		expect(bodies).toEqual([{ paging: { limit: 2 } }, { paging: { limit: 1, cursor: 'c1' } }]);
	});

	test('an ID the API sends twice, within a page or across pages, comes out once', async () => {
		const { context } = mockContext([page(['a', 'b', 'a'], 'c1'), page(['b', 'c'], undefined)]);
		const items = await apiPaginate.call(context, QUERY_PATH, {}, { pageSize: 3 });
		expect(items.map((i) => i.id)).toEqual(['a', 'b', 'c']);
	});

	test('a cursor repeated twice fails as an unusable answer: NodeApiError, no HTTP status', async () => {
		const { context } = mockContext([page(['a'], 'c1'), page(['b'], 'c1'), page(['b'], 'c1')]);
		const failure = apiPaginate.call(context, QUERY_PATH, {}, { itemIds: ['album-1'] });
		await expect(failure).rejects.toBeInstanceOf(NodeApiError);
		await expect(failure).rejects.toMatchObject({
			httpCode: null,
			message:
				"The Shared Gallery API's answer is unusable: it returned the same page cursor again; the results would be incomplete (items: album-1)",
		});
	});
});

describe('errors', () => {
	test('Wix error bodies become messages naming the cause and the items, without secrets', () => {
		const app = apiError(
			node,
			404,
			{
				message: 'x',
				details: { applicationError: { code: 'ITEM_NOT_FOUND', description: 'no such item' } },
			},
			{ itemIds: ['a', 'b'], itemIndex: 2 },
		);
		expect(app.message).toBe(
			'Shared Gallery API error 404: ITEM_NOT_FOUND: no such item (items: a, b)',
		);
		expect(app.context.itemIndex).toBe(2);
		const validation = apiError(
			node,
			400,
			{
				details: {
					validationError: {
						fieldViolations: [
							{ field: 'paging.limit', description: 'too big', violatedRule: 'MAX' },
						],
					},
				},
			},
			{},
		);
		expect(validation.message).toBe('Shared Gallery API error 400: paging.limit: too big');
		expect(validation.description).toContain('(MAX)');
		const empty = apiError(node, 503, { message: '', details: {} }, {});
		expect(empty.message).toBe('Shared Gallery API error 503: service unavailable');
		const leaky = apiError(node, 401, { message: 'bad key sk-secret-123' }, {}, ['sk-secret-123']);
		expect(leaky.message).not.toContain('sk-secret-123');
		expect(redact('a TOKEN b TOKEN', ['TOKEN'])).toBe('a *** b ***');
	});

	test('more than ten items: the first ten, then how many more', () => {
		const ids = Array.from({ length: 13 }, (_, i) => `i${i}`);
		expect(apiError(node, 500, {}, { itemIds: ids }).message).toMatch(
			/\(items: i0, i1, .*, i9 and 3 more\)$/,
		);
	});

	test('an unusable answer and a local failure carry no HTTP status', () => {
		const answer = answerError(node, 'it gave no download URL', { itemIds: ['a'] });
		expect(answer).toBeInstanceOf(NodeApiError);
		expect(answer.httpCode).toBeNull();
		const local = localError(node, 'The downloaded file is corrupt', 'Run it again.', {
			itemIds: ['a'],
			itemIndex: 1,
		});
		expect(local).toBeInstanceOf(NodeOperationError);
		expect(local).toMatchObject({
			message: 'The downloaded file is corrupt (items: a)',
			description: 'Run it again.',
		});
		expect(local.context.itemIndex).toBe(1);
	});
});

describe('helpers', () => {
	test('Retry-After: seconds, HTTP date, or nothing', () => {
		expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
		const inFive = new Date(Date.now() + 5000).toUTCString();
		expect(retryAfterMs({ 'retry-after': inFive })).toBeGreaterThan(3000);
		expect(retryAfterMs({})).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
	});

	test.each([
		['7', 7000],
		[7, 7000],
		[undefined, undefined],
		['', undefined],
	])(
		'the credential writes Retry-After %p into its error text, the transport reads back %p',
		(header, wait) => {
			const text = `OAuth token request failed (HTTP 429${retryAfterNote(header)}). Check the client ID.`;
			expect(retryAfterFromText(text)).toBe(wait);
		},
	);

	test('the transport reads the token exchange status back from its text', () => {
		expect(statusFromText('OAuth token request failed (HTTP 503, Retry-After 2).')).toBe(503);
		expect(statusFromText('OAuth token request failed (HTTP 401): Invalid client.')).toBe(401);
		expect(statusFromText('Shared Gallery API error 401: unauthorized')).toBeUndefined();
	});

	test('equal jitter: between half the step and the step, never above maxDelayMs', () => {
		const policy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 3000 };
		expect(backoff(policy, 1, () => 0)).toBe(250);
		expect(backoff(policy, 1, () => 1)).toBe(500);
		expect(backoff(policy, 3, () => 0)).toBe(1000);
		expect(backoff(policy, 10, () => 1)).toBe(3000);
	});

	test('URLs', () => {
		expect(joinUrl('http://h/', '/a/b')).toBe('http://h/a/b');
	});
});
