import {
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

/**
 * The errors a node reports, by where the failure is:
 * - `apiError`: the API or the file host answered with an HTTP error status (NodeApiError with that status);
 * - `answerError`: the API answered 2xx with something unusable (NodeApiError, no status: none was sent);
 * - `requestError`: no readable answer: the connection failed, or the OAuth token exchange did
 *   (NodeApiError; the token endpoint's status when it sent one);
 * - `localError`: something on this side: a broken file, a missing entry (NodeOperationError).
 * Each names the gallery items it is about, and never carries a secret.
 */

/** Who an error is about: the input item, and the gallery items. */
export interface ErrorScope {
	itemIndex?: number;
	/** The gallery items the failure is for, named in its message. */
	itemIds?: string[];
}

/** ` (items: a, b and 3 more)`, or nothing. */
export function forItems(itemIds: string[] | undefined): string {
	if (!itemIds?.length) return '';
	const shown =
		itemIds.length <= 10
			? itemIds.join(', ')
			: `${itemIds.slice(0, 10).join(', ')} and ${itemIds.length - 10} more`;
	return ` (items: ${shown})`;
}

/** Wix error body → a NodeApiError naming the items and the cause, without any secret. */
export function apiError(
	node: INode,
	status: number,
	body: unknown,
	{ itemIndex, itemIds }: ErrorScope,
	secrets: string[] = [],
): NodeApiError {
	const data = (body && typeof body === 'object' ? body : {}) as IDataObject;
	const details = (data.details ?? {}) as IDataObject;
	const application = (details.applicationError ?? {}) as IDataObject;
	const validation = (details.validationError ?? {}) as IDataObject;
	const violations = Array.isArray(validation.fieldViolations)
		? (validation.fieldViolations as IDataObject[])
		: [];

	const cause =
		[application.code, application.description ?? data.message].filter(Boolean).join(': ') ||
		violations.map((v) => `${v.field}: ${v.description}`).join('; ') ||
		(typeof data.message === 'string' && data.message) ||
		STATUS_TEXT[status] ||
		'unexpected response';
	const message = redact(
		`Shared Gallery API error ${status}: ${cause}${forItems(itemIds)}`,
		secrets,
	);
	const hints = [
		...violations.map(
			(v) => `${v.field}: ${v.description}${v.violatedRule ? ` (${v.violatedRule})` : ''}`,
		),
		HINTS[status],
	].filter(Boolean);
	const description = hints.length ? redact(hints.join('\n'), secrets) : undefined;
	return new NodeApiError(
		node,
		{ message, description: description ?? '', httpCode: String(status) } as JsonObject,
		{ message, description, httpCode: String(status), itemIndex },
	);
}

/** The API answered 2xx, but with something the node cannot use. No HTTP status: none failed. */
export function answerError(
	node: INode,
	what: string,
	{ itemIndex, itemIds }: ErrorScope,
	description?: string,
): NodeApiError {
	const message = `The Shared Gallery API's answer is unusable: ${what}${forItems(itemIds)}`;
	return new NodeApiError(node, { message } as JsonObject, {
		message,
		description:
			description ??
			'The API answered without an error but left this out. Try again; if it persists, report it to Wix.',
		itemIndex,
	});
}

/**
 * The request did not get an answer the node could read: the connection failed (after retrying,
 * when it was worth it), or n8n raised an error on the way, such as the credential's OAuth token
 * exchange. That exchange's real HTTP status, when there is one, is kept.
 */
export function requestError(
	node: INode,
	reason: string,
	{ retried, status }: { retried: boolean; status?: number },
	{ itemIndex, itemIds }: ErrorScope,
	secrets: string[],
): NodeApiError {
	const message = redact(`Shared Gallery request failed: ${reason}${forItems(itemIds)}`, secrets);
	const description = retried
		? 'The connection failed after retrying. Check the network and try again.'
		: status
			? HINTS[status]
			: undefined;
	const httpCode = status ? String(status) : undefined;
	return new NodeApiError(node, { message, ...(httpCode ? { httpCode } : {}) } as JsonObject, {
		message,
		description,
		httpCode,
		itemIndex,
	});
}

/** A failure on this side (a broken download, a missing file), with what to do about it. */
export function localError(
	node: INode,
	what: string,
	description: string,
	{ itemIndex, itemIds }: ErrorScope,
): NodeOperationError {
	return new NodeOperationError(node, `${what}${forItems(itemIds)}`, { itemIndex, description });
}

/** Our own errors pass through; anything else becomes a NodeOperationError naming the items. */
export function asNodeError(
	node: INode,
	error: unknown,
	{ itemIndex, itemIds }: ErrorScope,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	const message = `${error instanceof Error ? error.message : String(error)}${forItems(itemIds)}`;
	return new NodeOperationError(node, message, { itemIndex });
}

export function secretValues(credentials: ICredentialDataDecryptedObject): string[] {
	return ['apiKey', 'clientSecret', 'accessToken', 'instanceToken']
		.map((key) => credentials[key])
		.filter((value): value is string => typeof value === 'string' && value.length >= 4);
}

export function redact(text: string, secrets: string[]): string {
	return secrets.reduce((out, secret) => out.split(secret).join('***'), text);
}

/** What went wrong, in words. n8n's NodeApiError puts a wrapped error's own text in `description`. */
export function reasonOf(error: unknown): string {
	const { description, message } = (error ?? {}) as { description?: unknown; message?: unknown };
	if (error instanceof NodeApiError && typeof description === 'string' && description)
		return description;
	return typeof message === 'string' ? message : String(error);
}

const STATUS_TEXT: Record<number, string> = {
	400: 'bad request',
	401: 'unauthorized',
	403: 'forbidden',
	404: 'not found',
	410: 'expired',
	429: 'too many requests',
	500: 'internal server error',
	502: 'bad gateway',
	503: 'service unavailable',
	504: 'gateway timeout',
};

const HINTS: Record<number, string> = {
	401: 'Check the credential: the API key and site ID, the OAuth app, or the instance token.',
	403: 'The credential lacks a permission, or the site does not allow downloads (Shared Gallery settings → Who can download).',
	404: "Check that the IDs exist in this site's Shared Gallery.",
	429: 'Wix allows about 200 requests a minute per app instance. Retried; try again later or add a Wait node.',
};
