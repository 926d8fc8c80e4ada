// creditName: the uploader's name when their profile is public; null when private or unknown.
import { SEED, type Emulator } from '../../emulator';
import { chain, TYPES, type Engine } from '../../engine';
import { download, useGallery } from '../helpers/gallery';

const { media } = SEED;

describe('creditName on Query Items and Get Download', () => {
	let emulator: Emulator;
	let engine: Engine;
	let orphan: string;
	useGallery((e, g) => {
		emulator = e;
		engine = g;
		// An upload by a member the site no longer has: the API answers status UNKNOWN.
		orphan = emulator.store.addMedia({
			name: 'orphan.jpg',
			createdById: 'a0a0a0a0-0000-4000-8000-000000000000',
			createdDate: '2024-02-01T00:00:00.000Z',
			description: 'Left behind',
		}).id;
	});

	const cases = () => [
		['public', media.sunsetPier, 'Dana Whitfield'],
		['private', media.kite, null],
		['unknown member', orphan, null],
	];

	test('Query Items: public, private and unknown uploaders', async () => {
		const ids = cases().map(([, id]) => id as string);
		const items = (
			await engine.run(
				chain({
					name: 'Query',
					type: TYPES.query,
					parameters: { filters: { itemIds: ids.join() } },
				}),
			)
		).output('Query');
		expect(items.map((item) => [item.json.id, item.json.creditName])).toEqual(
			cases().map(([, id, credit]) => [id, credit]),
		);
		// The private member's name never reaches the item.
		expect(JSON.stringify(items[1].json)).not.toContain('Priya');
	});

	test.each([
		['Download Files with Include Item Metadata', { options: { includeItemMetadata: true } }],
		['Get Display URLs', { operation: 'getDisplayUrls' }],
	])(
		'Get Download, %s: creditName, description, alt text and like count',
		async (_, parameters) => {
			const ids = cases().map(([, id]) => id as string);
			const items = (await engine.run(download({ itemIds: ids.join(), ...parameters }))).output(
				'Download',
			);
			expect(items.map((item) => item.json.creditName)).toEqual(cases().map(([, , c]) => c));
			for (const item of items) {
				const stored = emulator.store.getItem(String(item.json.itemId))!;
				expect(item.json).toMatchObject({
					description: stored.description ?? '',
					altText: stored.altText ?? '',
					likeCount: emulator.store.likeCount(stored),
				});
			}
			expect(items[2].json.description).toBe('Left behind');
		},
	);

	test('Get Download with Include Item Metadata off adds no credit', async () => {
		const [file] = (
			await engine.run(
				download({ itemIds: media.sunsetPier, options: { includeItemMetadata: false } }),
			)
		).output('Download');
		expect(file.json.creditName).toBeUndefined();
	});
});
