import type { GalleryItem } from '../../nodes/SharedGallery/items';
import { advance, isNew, MAX_IDS_AT_MARK } from '../../nodes/SharedGalleryTrigger/state';

const item = (id: string, createdDate: string) => ({ id, createdDate }) as unknown as GalleryItem;

describe('trigger state', () => {
	test('same-millisecond IDs accumulate at the mark and reset when it moves', () => {
		const t = '2024-01-01T00:00:00.000Z';
		let state = advance({}, [item('a', t)]);
		expect(isNew(state, item('a', t))).toBe('seen');
		expect(isNew(state, item('b', t))).toBe('new');
		state = advance(state, [item('b', t)]);
		expect(state.idsAtMark).toEqual(['a', 'b']);
		state = advance(state, [item('c', '2024-01-01T00:00:00.001Z')]);
		expect(state.idsAtMark).toEqual(['c']);
		expect(isNew(state, item('z', t))).toBe('older');
	});

	test('the state stays bounded', () => {
		const t = '2024-01-01T00:00:00.000Z';
		const many = Array.from({ length: MAX_IDS_AT_MARK + 50 }, (_, i) => item(`id${i}`, t));
		expect(advance({}, many).idsAtMark).toHaveLength(MAX_IDS_AT_MARK);
	});
});
