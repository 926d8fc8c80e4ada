/**
 * The Shared Gallery transport, in parts:
 * - request: one authenticated API call (OAuth renewal before expiry and after a 401);
 * - retry: bounded retries, backoff and Retry-After;
 * - paging: the cursor loop;
 * - errors: Wix answers and local failures as n8n errors, naming the items, without secrets;
 * - headers: header and URL helpers;
 * - body: a file-host GET, and an error body read as text or JSON;
 * - pace: one run's parallel requests back off together and stay under Wix's rate limit.
 */
export { apiRequest, DEFAULT_TIMEOUT_MS, type CallOptions } from './request';
export { apiPages, apiPaginate, nextCursorOf, type PageOptions } from './paging';
export {
	DEFAULT_RETRY,
	backoff,
	networkCode,
	withRetries,
	retryAfterFromText,
	statusFromText,
	retryAfterMs,
	type Attempt,
	type Context,
	type RetryPolicy,
} from './retry';
export {
	answerError,
	apiError,
	asNodeError,
	localError,
	redact,
	requestError,
	type ErrorScope,
} from './errors';
export { joinUrl } from './headers';
export { Pace, WIX_REQUESTS_PER_MINUTE } from './pace';
export { fileHostAttempt, type Body } from './body';
