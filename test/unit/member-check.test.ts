import type { IDataObject, INode } from 'n8n-workflow';

import { typedMembers } from '../../nodes/SharedGallery/memberCheck';

const rl = (value: unknown, mode = 'id') => ({ __rl: true, mode, value });
const members = (...values: object[]) => ({ members: values.map((member) => ({ member })) });
const nodeWith = (filters: IDataObject) =>
	({ name: 'Q', parameters: { filters } }) as unknown as INode;

describe('typedMembers: the member IDs a user typed, which the API never gave', () => {
	test('By ID values (split, trimmed, de-duplicated) and expressions; From List values left out', () => {
		const saved = {
			createdBy: members(rl(' a, b\nc '), rl('m1', 'list'), rl('a')),
			likedBy: members(rl('={{ $json.ids }}', 'list'), rl('m2', 'list')),
			taggedBy: members(rl('={{ $json.tagged }}')),
		};
		const resolved = {
			...saved,
			likedBy: members(rl(['x', ['y']], 'list'), rl('m2', 'list')),
			taggedBy: members(rl('z')),
		};
		expect(typedMembers(nodeWith(saved), resolved)).toEqual([
			{ key: 'createdBy', ids: ['a', 'b', 'c'] },
			{ key: 'likedBy', ids: ['x', 'y'] },
			{ key: 'taggedBy', ids: ['z'] },
		]);
	});

	test('nothing typed: only From List picks, blank entries, version 1 text, albums and item IDs', () => {
		const filters = {
			createdBy: members(rl('m1', 'list'), rl('')),
			likedBy: 'typed, in, version, 1',
			albumIds: { albums: [{ album: rl('album-typed') }] },
			itemIds: 'i1',
		};
		expect(typedMembers(nodeWith(filters), filters)).toEqual([]);
	});
});
