// The node's enums held to Wix's own schema (emulator/reference/shared-gallery.service.json),
// as test/emulator/schema.test.ts holds the emulator's copies: the two never share code.
import { readFileSync } from 'fs';
import { join } from 'path';

import { ITEM_TYPES, SORT_FIELDS } from '../../nodes/SharedGallery/query';
import { queryItemsProperties } from '../../nodes/SharedGalleryQueryItems/description';

const service = JSON.parse(
	readFileSync(join(__dirname, '../../emulator/reference/shared-gallery.service.json'), 'utf8'),
) as {
	messages: Array<{ name: string; enum: string[] | null }>;
};
const enumOf = (name: string): string[] => {
	const message = service.messages.find((m) => m.name === name);
	if (!message?.enum) throw new Error(`no enum ${name} in the schema`);
	return message.enum.filter((value) => value !== 'UNKNOWN');
};

describe('the node against the bundled schema', () => {
	test('Sort By offers every sort field of the schema, in its order, and nothing else', () => {
		expect(SORT_FIELDS.map((field) => field.value)).toEqual(
			enumOf('_wix_sharedgallery_api_v1_items_QueryItemsRequest_Field'),
		);
	});

	test('Sort Order and the item types match the schema', () => {
		const sortOrder = queryItemsProperties.find((p) => p.name === 'sortOrder')!;
		expect((sortOrder.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(
			enumOf('_wix_common_SortOrder').sort(),
		);
		expect([...ITEM_TYPES].sort()).toEqual(
			enumOf('_wix_sharedgallery_api_v1_items_ItemType').sort(),
		);
	});

	test.each(SORT_FIELDS.map((field) => [field.value, field.name]))(
		'%s has a name in words for the subtitle: %s',
		(_value, name) => {
			expect(name).toMatch(/^[A-Z][a-z]+( [A-Z][a-z]+)*$/);
		},
	);
});
