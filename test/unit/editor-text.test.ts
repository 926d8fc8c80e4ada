// Small things the editor shows (issue 15, part 5).
import { SharedGalleryApi } from '../../credentials/SharedGalleryApi.credentials';
import { normalizeItem } from '../../nodes/SharedGallery/items';
import { SORT_FIELDS } from '../../nodes/SharedGallery/query';
import { SharedGalleryGetDownload } from '../../nodes/SharedGalleryGetDownload/SharedGalleryGetDownload.node';

test('every item carries a description, "" when the API left it out (no red "undefined" in Table view)', () => {
	expect(normalizeItem({ id: 'a', name: 'a.jpg' }).description).toBe('');
	expect(normalizeItem({ id: 'b', name: 'b.jpg', description: 'Pier' }).description).toBe('Pier');
});

test('every sort option has a hint', () => {
	for (const field of SORT_FIELDS) expect(field.description).toMatch(/\w/);
});

test('Get Download\'s actions read "Download files" and "Get display URLs"; the values stay', () => {
	const operation = new SharedGalleryGetDownload().description.properties.find(
		(p) => p.name === 'operation',
	) as unknown as { options: Array<{ value: string; action: string }> };
	expect(operation.options.map((o) => [o.value, o.action])).toEqual([
		['downloadFiles', 'Download files'],
		['getDisplayUrls', 'Get display URLs'],
	]);
});

test('the API Key field says where to find the key and which permissions it needs', () => {
	const apiKey = new SharedGalleryApi().properties.find((p) => p.name === 'apiKey')!;
	expect(apiKey.description).toMatch(/Settings → API Keys/);
	expect(apiKey.description).toMatch(/Shared Gallery permissions/);
	expect(apiKey.description).toMatch(/Read Members/);
});
