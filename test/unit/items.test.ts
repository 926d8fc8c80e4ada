import { absoluteUrl, normalizeItem, simplifyItem } from '../../nodes/SharedGallery/items';
import { nextCursorOf } from '../../nodes/SharedGallery/transport/paging';
import { extensionOf, mediaTypeFor, mimeTypeFor } from '../../nodes/SharedGallery/media';

const schemaItem = {
	id: 'i1',
	name: 'clip.MOV',
	createdBy: { id: 'm1', name: 'Dana' },
	createdDate: '2024-01-01T00:00:00.000Z',
	likeCount: 3,
	viewCount: 7,
	commentCount: 1,
	memberTagCount: 2,
	latestTaggedMembers: [{ id: 'm2' }],
	type: 'VISUAL_MEDIA',
	parentAlbumId: 'root',
	visualMediaInfo: {
		fileExtension: 'mov',
		size: '12345',
		previewImages: [{ url: 'media/p.jpg', width: 1, height: 1 }],
	},
};

describe('normalizeItem', () => {
	test('the docs example spellings become the schema names', () => {
		const docs = {
			...schemaItem,
			memberTagsCount: 2,
			latestTaggedSiteMembers: [{ id: 'm2' }],
			visualMediaInfo: {
				file_extension: 'mov',
				size: '12345',
				previewImages: schemaItem.visualMediaInfo.previewImages,
			},
		};
		delete (docs as Record<string, unknown>).memberTagCount;
		delete (docs as Record<string, unknown>).latestTaggedMembers;
		expect(normalizeItem(docs)).toEqual(normalizeItem(schemaItem));
	});

	test('a nested additionalInfo oneof is flattened', () => {
		const { visualMediaInfo, ...rest } = schemaItem;
		expect(normalizeItem({ ...rest, additionalInfo: { visualMediaInfo } })).toEqual(
			normalizeItem(schemaItem),
		);
	});

	test('mediaType and mimeType are derived', () => {
		expect(normalizeItem(schemaItem)).toMatchObject({
			mediaType: 'video',
			mimeType: 'video/quicktime',
		});
		expect(normalizeItem({ id: 'a', name: 'Album', type: 'ALBUM', albumInfo: {} })).toMatchObject({
			mediaType: 'album',
			mimeType: null,
		});
		expect(
			normalizeItem({ id: 'g', name: 'x.gif', type: 'VISUAL_MEDIA', visualMediaInfo: {} }),
		).toMatchObject({ mediaType: 'gif', mimeType: 'image/gif' });
	});

	test('simplify: flat, size a number, absolute preview URL', () => {
		expect(simplifyItem(normalizeItem(schemaItem))).toEqual({
			id: 'i1',
			name: 'clip.MOV',
			type: 'VISUAL_MEDIA',
			mediaType: 'video',
			mimeType: 'video/quicktime',
			createdById: 'm1',
			createdByName: 'Dana',
			// The schema item's profile status is not PUBLIC: no credit.
			creditName: null,
			createdDate: '2024-01-01T00:00:00.000Z',
			likeCount: 3,
			viewCount: 7,
			memberTagCount: 2,
			commentCount: 1,
			parentAlbumId: 'root',
			fileExtension: 'mov',
			size: 12345,
			previewUrl: 'https://static.wixstatic.com/media/p.jpg',
		});
		expect(absoluteUrl('https://cdn.example/x.jpg')).toBe('https://cdn.example/x.jpg');
	});

	test.each([
		['public', { id: 'm', name: ' Dana ', identityProfileStatus: 'PUBLIC' }, 'Dana'],
		[
			'private, name given anyway',
			{ id: 'm', name: 'Priya', identityProfileStatus: 'PRIVATE' },
			null,
		],
		['private', { id: 'm', identityProfileStatus: 'PRIVATE' }, null],
		['unknown status', { id: 'm', name: 'Kenji', identityProfileStatus: 'UNKNOWN' }, null],
		['no Profiles fieldset', { id: 'm' }, null],
		['public, empty name', { id: 'm', name: '', identityProfileStatus: 'PUBLIC' }, null],
		['no createdBy', undefined, null],
	])('creditName: %s', (_, createdBy, expected) => {
		const item = normalizeItem({ id: 'i', name: 'a.jpg', createdBy });
		expect(item.creditName).toBe(expected);
		expect(simplifyItem(item).creditName).toBe(expected);
	});

	test('cursor: metadata.cursor or metadata.nextCursor, empty means none', () => {
		expect(nextCursorOf({ metadata: { cursor: 'a' } })).toBe('a');
		expect(nextCursorOf({ metadata: { nextCursor: 'b' } })).toBe('b');
		expect(nextCursorOf({ metadata: { cursor: '' } })).toBeUndefined();
		expect(nextCursorOf({})).toBeUndefined();
	});

	test('media helpers', () => {
		expect(extensionOf('a.b.JPG')).toBe('jpg');
		expect(extensionOf('noext')).toBe('');
		expect(extensionOf('.hidden')).toBe('');
		expect(mimeTypeFor('webm')).toBe('video/webm');
		expect(mimeTypeFor('xyz')).toBe('application/octet-stream');
		expect(mediaTypeFor('PNG')).toBe('image');
	});
});
