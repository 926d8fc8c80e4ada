import type { INode } from 'n8n-workflow';

import { apiError, fileNameFromDisposition, joinUrl, redact, retryAfterMs } from '../../nodes/SharedGallery/transport';

const node = { name: 'Node' } as INode;

describe('transport helpers', () => {
	test('Retry-After: seconds, HTTP date, or nothing', () => {
		expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
		const inFive = new Date(Date.now() + 5000).toUTCString();
		expect(retryAfterMs({ 'retry-after': inFive })).toBeGreaterThan(3000);
		expect(retryAfterMs({})).toBeUndefined();
		expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
	});

	test('Wix error bodies become messages naming the cause and the items, without secrets', () => {
		const app = apiError(node, 404, { message: 'x', details: { applicationError: { code: 'ITEM_NOT_FOUND', description: 'no such item' } } }, { itemIds: ['a', 'b'], itemIndex: 2 });
		expect(app.message).toBe('Shared Gallery API error 404: ITEM_NOT_FOUND: no such item (items: a, b)');
		expect(app.context.itemIndex).toBe(2);
		const validation = apiError(node, 400, { details: { validationError: { fieldViolations: [{ field: 'paging.limit', description: 'too big', violatedRule: 'MAX' }] } } }, {});
		expect(validation.message).toBe('Shared Gallery API error 400: paging.limit: too big');
		expect(validation.description).toContain('(MAX)');
		const empty = apiError(node, 503, { message: '', details: {} }, {});
		expect(empty.message).toBe('Shared Gallery API error 503: service unavailable');
		const leaky = apiError(node, 401, { message: 'bad key sk-secret-123' }, {}, ['sk-secret-123']);
		expect(leaky.message).not.toContain('sk-secret-123');
		expect(redact('a TOKEN b TOKEN', ['TOKEN'])).toBe('a *** b ***');
	});

	test('URLs and file names', () => {
		expect(joinUrl('http://h/', '/a/b')).toBe('http://h/a/b');
		expect(fileNameFromDisposition("attachment; filename*=UTF-8''caf%C3%A9.jpg")).toBe('café.jpg');
		expect(fileNameFromDisposition('attachment; filename="a b.png"')).toBe('a b.png');
		expect(fileNameFromDisposition(undefined)).toBeUndefined();
	});
});
