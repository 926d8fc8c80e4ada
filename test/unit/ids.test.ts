import { NodeOperationError, type INode } from 'n8n-workflow';

import { fromPickers, MAX_IDS_PER_PARAMETER, parseIds } from '../../nodes/SharedGallery/ids';

const node = { name: 'Node' } as INode;
const parse = (value: unknown, options = {}) => parseIds(node, value, 'Item IDs', 3, options);

describe('parseIds', () => {
	test('comma, newline and array forms; trimmed and de-duplicated, in order', () => {
		expect(parse('a, b\nc\r\nb,')).toEqual(['a', 'b', 'c']);
		expect(parse(['a', ' b ', 'a'])).toEqual(['a', 'b']);
		expect(parse([['a'], ['b']])).toEqual(['a', 'b']);
		expect(parse('7e60dbb7-736e-4cb4-ac12-07301289fc42')).toEqual([
			'7e60dbb7-736e-4cb4-ac12-07301289fc42',
		]);
	});

	test('nothing given is an empty list, unless required', () => {
		expect(parse('')).toEqual([]);
		expect(parse(undefined)).toEqual([]);
		expect(() => parse('', { required: true })).toThrow(/no ID given/);
	});

	test.each([
		['whitespace only', '  ,  \n '],
		['an empty string in a list', ['a', '']],
		['a number', 42],
		['a number in a list', ['a', 42]],
		['an object', { id: 'a' }],
		['null in a list', ['a', null]],
		['an ID with a space inside', 'a b'],
		['a path', '../etc/passwd'],
		['a boolean', true],
	])('%s is a NodeOperationError naming the parameter and the item', (_name, value) => {
		let error: unknown;
		try {
			parse(value);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toMatch(/^Item IDs: /);
		expect((error as NodeOperationError).context.itemIndex).toBe(3);
	});

	test('more than the cap is refused', () => {
		const many = Array.from({ length: MAX_IDS_PER_PARAMETER + 1 }, (_, i) => `id-${i}`);
		expect(() => parse(many)).toThrow(/at most 1000/);
		expect(parse(many.slice(1))).toHaveLength(MAX_IDS_PER_PARAMETER);
	});
});

describe('fromPickers (version 2 filters)', () => {
	const rl = (value: unknown, mode = 'list') => ({ __rl: true, mode, value });
	test('picked entries give their values; "a, b" typed By ID is split; arrays are flattened', () => {
		expect(
			fromPickers({
				members: [
					{ member: rl('m1') },
					{ member: rl(' m2 ,m3\nm4', 'id') },
					{ member: rl(['m5', ['m6']], 'id') },
					{ member: rl('', 'list') },
				],
			}),
		).toEqual(['m1', ' m2 ', 'm3', 'm4', 'm5', 'm6']);
		expect(fromPickers({ albums: [{ album: rl('a1') }] })).toEqual(['a1']);
		// Added in the editor, no entry yet: blank.
		expect(fromPickers({})).toEqual([]);
	});
	test('version 1 values and other shapes are left for parseIds to judge', () => {
		expect(fromPickers('a,b')).toBe('a,b');
		expect(fromPickers(['a'])).toEqual(['a']);
		const other = { something: [1] };
		expect(fromPickers(other)).toBe(other);
		expect(fromPickers({ members: [{ member: rl(7, 'id') }] })).toEqual([7]);
	});
});
