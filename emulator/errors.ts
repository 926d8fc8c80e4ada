// Wix-style error bodies (Wix REST guides):
//   {message, details: {applicationError: {code, description, data}}}
//   {message, details: {validationError: {fieldViolations: [{field, description, violatedRule}]}}}
// 5xx bodies are often {message: '', details: {}}.

export interface FieldViolation {
	field: string;
	description: string;
	violatedRule: string;
	data?: Record<string, unknown>;
}

/** Thrown by handlers; the server turns it into the response. */
export class WixError extends Error {
	constructor(
		readonly status: number,
		readonly body: unknown,
	) {
		super(
			typeof body === 'object' && body && 'message' in body
				? String((body as { message: unknown }).message)
				: `HTTP ${status}`,
		);
	}
}

export function validationError(violations: FieldViolation[]): WixError {
	const message = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
	return new WixError(400, {
		message,
		details: { validationError: { fieldViolations: violations } },
	});
}

export function applicationError(
	status: number,
	code: string,
	message: string,
	description: string,
	data: Record<string, unknown> = {},
): WixError {
	return new WixError(status, {
		message,
		details: { applicationError: { code, description, data } },
	});
}

export function unauthorized(description: string): WixError {
	return applicationError(401, 'UNAUTHORIZED', 'Unauthorized', description);
}

export function itemsNotFound(itemIds: string[]): WixError {
	return applicationError(
		404,
		'ITEM_NOT_FOUND',
		'Item not found',
		`No gallery item with ${itemIds.length === 1 ? 'this ID' : 'these IDs'}`,
		{ itemIds },
	);
}

const STATUS_CODES: Record<number, [string, string]> = {
	400: ['INVALID_ARGUMENT', 'Bad Request'],
	401: ['UNAUTHORIZED', 'Unauthorized'],
	403: ['PERMISSION_DENIED', 'Forbidden'],
	404: ['NOT_FOUND', 'Not Found'],
	409: ['ALREADY_EXISTS', 'Conflict'],
	410: ['GONE', 'Gone'],
	428: ['FAILED_PRECONDITION', 'Precondition Required'],
	429: ['RESOURCE_EXHAUSTED', 'Too Many Requests'],
};

/** The body Wix would send with a bare status (what injected faults answer by default). */
export function bodyForStatus(status: number): unknown {
	if (status >= 500) return { message: '', details: {} };
	const [code, message] = STATUS_CODES[status] ?? ['UNKNOWN', `HTTP ${status}`];
	const description =
		status === 429 ? 'Rate limit exceeded: 200 requests per minute per app instance' : message;
	return { message, details: { applicationError: { code, description, data: {} } } };
}
