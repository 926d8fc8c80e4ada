import { NodeOperationError, type IDataObject, type INode } from 'n8n-workflow';

import { DateTime } from 'luxon';

import { buildFilter } from '../../nodes/SharedGallery/query';

import {
	boolean,
	collection,
	dateTime,
	enumList,
	fieldName,
	FILTER_LABELS,
	filterLabel,
	number,
	oneOf,
	wholeNumber,
} from '../../nodes/SharedGallery/validate';
import { queryItemsProperties } from '../../nodes/SharedGalleryQueryItems/description';
import { triggerProperties } from '../../nodes/SharedGalleryTrigger/description';

const node = { name: 'Node' } as INode;

/** The error a check throws, or a failure naming what it returned instead. */
function errorOf(check: () => unknown): NodeOperationError {
	let returned: unknown;
	try {
		returned = check();
	} catch (error) {
		expect(error).toBeInstanceOf(NodeOperationError);
		return error as NodeOperationError;
	}
	throw new Error(`expected an error, got ${JSON.stringify(returned)}`);
}

describe('wholeNumber', () => {
	test.each([
		[1, 1],
		[100, 100],
		['25', 25],
		[' 7 ', 7],
	])('%p → %p', (value, expected) => expect(wholeNumber(node, value, 'Limit')).toBe(expected));

	test.each([
		[true],
		[false],
		[0],
		[-1],
		[1.5],
		[Number.NaN],
		[Number.POSITIVE_INFINITY],
		[''],
		['  '],
		['abc'],
		[null],
		[undefined],
		[[5]],
		[{}],
	])('%p is refused, naming the parameter, the value and the item', (value) => {
		const error = errorOf(() => wholeNumber(node, value, 'Max Items per Poll', 3));
		expect(error.message).toMatch(/^Max Items per Poll must be a whole number of at least 1, got /);
		expect(error.context.itemIndex).toBe(3);
		expect(error.description).toMatch(/whole number/);
	});

	test("the trigger's old check took `true` for 1: this one does not", () => {
		expect(Number(true)).toBe(1);
		expect(errorOf(() => wholeNumber(node, true, 'Max Items per Poll')).message).toBe(
			'Max Items per Poll must be a whole number of at least 1, got true',
		);
	});

	test('a minimum other than 1', () => {
		expect(wholeNumber(node, 0, 'Offset', 0, { min: 0 })).toBe(0);
		expect(errorOf(() => wholeNumber(node, 4, 'Size', 0, { min: 5 })).message).toBe(
			'Size must be a whole number of at least 5, got 4',
		);
	});
});

describe('boolean', () => {
	test.each([[true], [false]])('%p passes', (value) =>
		expect(boolean(node, value, 'Simplify')).toBe(value),
	);

	test.each([['true'], ['yes'], [1], [0], [null], [undefined], [[]]])('%p is refused', (value) => {
		const error = errorOf(() => boolean(node, value, 'Simplify', 2));
		expect(error.message).toBe('Simplify must be true or false');
		expect(error.context.itemIndex).toBe(2);
		expect(error.description).toMatch(/on or off/);
	});
});

describe('collection', () => {
	test('an object passes', () => expect(collection(node, { a: 1 }, 'Filters')).toEqual({ a: 1 }));
	test.each([[null], [[]], ['x'], [3]])('%p is refused', (value) => {
		expect(errorOf(() => collection(node, value, 'Filters')).message).toBe(
			'Filters must be a collection',
		);
	});
});

describe('fieldName', () => {
	test.each([
		['data', 'data'],
		[' data ', 'data'],
		['_x-1', '_x-1'],
		['$f', '$f'],
	])('%p → %p', (value, expected) =>
		expect(fieldName(node, value, 'Put Output File in Field')).toBe(expected),
	);
	test.each([[''], ['1data'], ['my file'], ['x'.repeat(65)], [5]])('%p is refused', (value) => {
		expect(errorOf(() => fieldName(node, value, 'Put Output File in Field')).message).toMatch(
			/^Put Output File in Field: ".*" is not a valid field name$/,
		);
	});
});

describe('enumList and oneOf', () => {
	const allowed = ['ASC', 'DESC'] as const;
	test('a list, or a comma list from an expression, trimmed', () => {
		expect(enumList(node, ['ASC'], 'Sort Order', allowed)).toEqual(['ASC']);
		expect(enumList(node, 'ASC, DESC', 'Sort Order', allowed)).toEqual(['ASC', 'DESC']);
		expect(oneOf(node, 'DESC', 'Sort Order', allowed)).toBe('DESC');
	});
	test.each([['UP'], [''], [null], [3]])('%p is refused, naming the allowed values', (value) => {
		expect(errorOf(() => oneOf(node, value, 'Sort Order', allowed)).message).toMatch(
			/^Sort Order: ".*" is not one of ASC, DESC$/,
		);
	});
	test('not a list', () => {
		expect(errorOf(() => enumList(node, 5, 'Fieldset', allowed)).message).toBe(
			'Fieldset: expected a list of values',
		);
	});
});

describe('filter labels', () => {
	test('every version-2 filter of both nodes has its editor label, so messages never show `createdBy`', () => {
		const v2Filters = [queryItemsProperties, triggerProperties].flatMap(
			(properties) =>
				properties.find(
					(p) => p.name === 'filters' && JSON.stringify(p.displayOptions).includes('gte'),
				)!.options as Array<{ name: string; displayName: string }>,
		);
		expect(v2Filters.length).toBeGreaterThanOrEqual(8);
		for (const { name, displayName } of v2Filters) expect(FILTER_LABELS[name]).toBe(displayName);
		expect(filterLabel('createdBy')).toBe('Filters → Created By');
		expect(filterLabel('someNewFilter')).toBe('Filters → someNewFilter');
	});

	test.each<[string, IDataObject, IDataObject?]>([
		['Filters → Created By: "b c" is not a valid ID', { createdBy: 'a, b c' }],
		[
			'Filters → Liked By: the expression gave no values',
			{ likedBy: [] },
			{ likedBy: '={{ [] }}' },
		],
		['Filters → Item Types: "PHOTO" is not one of VISUAL_MEDIA, ALBUM', { itemTypes: ['PHOTO'] }],
		['Filters → Albums: every ID must be text, got a number', { albumIds: [7] }],
	])('buildFilter names the filter by its label: %s', (message, filters, saved = filters) => {
		const withSaved = { ...node, parameters: { filters: saved } } as INode;
		expect(errorOf(() => buildFilter(withSaved, filters, 0)).message).toBe(message);
	});
});

describe('dateTime', () => {
	const at = Date.UTC(2025, 1, 1, 12);
	test.each([
		['an ISO text with an offset', '2025-02-01T13:00:00+01:00'],
		['an ISO text in UTC', '2025-02-01T12:00:00.000Z'],
		['a Luxon DateTime (an expression like $now)', DateTime.fromMillis(at)],
		['a JS Date', new Date(at)],
	])('accepts %s', (_, value) => {
		expect(dateTime(node, value, 'Created After')).toBe(at);
	});

	test.each([
		[
			'midnight in New York (winter)',
			'2025-02-01T00:00:00',
			'America/New_York',
			'2025-02-01T05:00:00.000Z',
		],
		['a date alone, in Tokyo', '2025-07-01', 'Asia/Tokyo', '2025-06-30T15:00:00.000Z'],
		['summer time in Berlin', '2025-07-01T12:30:00', 'Europe/Berlin', '2025-07-01T10:30:00.000Z'],
		[
			'the night New York springs forward',
			'2025-03-09T12:00:00',
			'America/New_York',
			'2025-03-09T16:00:00.000Z',
		],
		['the day before it', '2025-03-08T12:00:00', 'America/New_York', '2025-03-08T17:00:00.000Z'],
		['half-hour zones', '2025-01-15T09:00:00', 'Asia/Kolkata', '2025-01-15T03:30:00.000Z'],
		['a text with a space', '2025-02-01 00:00:00', 'America/New_York', '2025-02-01T05:00:00.000Z'],
		['UTC', '2025-02-01T12:00:00', 'UTC', '2025-02-01T12:00:00.000Z'],
		[
			'an offset wins over the zone',
			'2025-02-01T13:00:00+01:00',
			'Asia/Tokyo',
			'2025-02-01T12:00:00.000Z',
		],
		[
			'Z wins over the zone',
			'2025-02-01T12:00:00Z',
			'America/New_York',
			'2025-02-01T12:00:00.000Z',
		],
	])(
		"a text without an offset is read in the workflow's time zone: %s",
		(_, value, zone, expected) => {
			expect(new Date(dateTime(node, value, 'Created After', 0, zone)!).toISOString()).toBe(
				expected,
			);
		},
	);

	test('an unknown time zone reads the text as UTC rather than fail', () => {
		expect(dateTime(node, '2025-02-01T12:00:00', 'Created After', 0, 'Mars/Olympus')).toBe(at);
	});

	test.each([undefined, null, ''])('%p: not set', (value) => {
		expect(dateTime(node, value, 'Created After')).toBeUndefined();
	});

	test.each([
		['text', 'yesterday'],
		['a day that does not exist', '2025-02-30T00:00:00Z'],
		['a number', 1738411200000],
		['an invalid DateTime', DateTime.fromISO('nope')],
		['an object', { day: 1 }],
	])('rejects %s, naming the parameter', (_, value) => {
		expect(errorOf(() => dateTime(node, value, 'Created After')).message).toMatch(
			/^Created After: .* is not a valid date and time$/,
		);
	});
});

describe('number', () => {
	test('fractions and numeric text; not below the minimum', () => {
		expect(number(node, 0.5, 'Claim Minutes')).toBe(0.5);
		expect(number(node, '2', 'Claim Minutes')).toBe(2);
		expect(errorOf(() => number(node, -1, 'Claim Minutes')).message).toBe(
			'Claim Minutes must be a number of at least 0, got -1',
		);
		expect(errorOf(() => number(node, 'soon', 'Claim Minutes')).message).toMatch(/Claim Minutes/);
	});
});
