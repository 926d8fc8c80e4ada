// Query Items' date window (Created After / Created Before): exact against a brute-force
// reference over 10,000 emulator items, every sort, Limit and Return All, within the request bound.
import { addSyntheticItems, SORT_FIELDS, type Emulator } from '../../emulator';
import { sortKey } from '../../emulator/query';
import type { StoredItem } from '../../emulator/store';
import { chain, TYPES, type Engine } from '../../engine';
import { calls, useGallery } from '../helpers/gallery';

const DAY = 24 * 3600 * 1000;
const START = Date.UTC(2025, 0, 1);
const SORTS = SORT_FIELDS.filter((field) => field !== 'UNKNOWN');
const COMBOS = SORTS.flatMap((field) => (['ASC', 'DESC'] as const).map((order) => [field, order]));

interface Window {
	name: string;
	after?: number;
	before?: number;
	itemTypes?: string[];
	typeVersion: number;
}

const WINDOWS: Window[] = [
	// The newest five days of the synthetic items (about 480 items), any type, version 1.
	{ name: 'the last days', after: START + 99 * DAY, typeVersion: 1 },
	// Three days before those (about 290 items), media only, version 2.
	{
		name: 'three days in between',
		after: START + 95 * DAY,
		before: START + 98 * DAY,
		itemTypes: ['VISUAL_MEDIA'],
		typeVersion: 2,
	},
];

describe('Query Items: the date window', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery((e, g) => {
		emulator = e;
		engine = g;
		// 10,000 items 15 minutes apart (about 104 days), and three that share one date.
		addSyntheticItems(emulator.store, 10_000, { startDate: START, stepMs: 15 * 60_000 });
		for (const name of ['tie-b.jpg', 'tie-a.jpg', 'tie-c.jpg']) {
			emulator.store.addMedia({
				name,
				createdById: emulator.store.members[0].id,
				createdDate: new Date(START + 96 * DAY + 1).toISOString(),
				likeCount: 250,
			});
		}
	});

	const query = (parameters: object, typeVersion = 1) =>
		chain({ name: 'Query', type: TYPES.query, typeVersion, parameters: parameters as never });
	const iso = (ms?: number) => (ms === undefined ? undefined : new Date(ms).toISOString());

	/**
	 * The brute-force answer: every stored item in the window, sorted by the emulator's keys.
	 * Ties: newest first, then by ID, when the node sorts the window itself (with Created
	 * After); otherwise the API's order (the emulator's: by ID).
	 */
	function reference(window: Window, field: string, order: string): StoredItem[] {
		const newestFirst = window.after !== undefined;
		const store = emulator.store;
		const created = (item: StoredItem) => Date.parse(item.createdDate);
		return store.items
			.filter((item) => window.after === undefined || created(item) >= window.after)
			.filter((item) => window.before === undefined || created(item) < window.before)
			.filter((item) => !window.itemTypes || window.itemTypes.includes(item.type))
			.sort((a, b) => {
				const x = sortKey(store, a, field as never);
				const y = sortKey(store, b, field as never);
				const bySort = (x < y ? -1 : x > y ? 1 : 0) * (order === 'ASC' ? 1 : -1);
				const byDate = newestFirst ? created(b) - created(a) : 0;
				return bySort || byDate || (a.id < b.id ? -1 : 1);
			});
	}

	/** Items created since Created After that match the API-side filters. */
	function sinceAfter(window: Window): number {
		return emulator.store.items.filter(
			(item) =>
				Date.parse(item.createdDate) >= window.after! &&
				(!window.itemTypes || window.itemTypes.includes(item.type)),
		).length;
	}

	describe.each(WINDOWS)('$name', (window) => {
		test.each(COMBOS)(
			'sorted by %s %s: Limit 7 and Return All match the reference',
			async (field, order) => {
				const expected = reference(window, field, order).map((item) => item.id);
				expect(expected.length).toBeGreaterThan(200);
				const filters = {
					createdAfter: iso(window.after),
					...(window.before ? { createdBefore: iso(window.before) } : {}),
					...(window.itemTypes ? { itemTypes: window.itemTypes } : {}),
				};
				for (const paging of [{ limit: 7 }, { returnAll: true }]) {
					emulator.resetLogs();
					const result = await engine.run(
						query({ ...paging, sortField: field, sortOrder: order, filters }, window.typeVersion),
					);
					expect(result.error('Query')).toBeUndefined();
					const ids = result.output('Query').map((item) => item.json.id);
					expect(ids).toEqual('limit' in paging ? expected.slice(0, 7) : expected);
					const requests = calls(emulator, '/items/query');
					expect(requests.length).toBeLessThanOrEqual(Math.ceil(sinceAfter(window) / 100) + 1);
					// Newest first, the other filters sent as they are.
					expect(requests[0].body).toMatchObject({
						sort: { field: 'CREATED_DATE', order: 'DESC' },
						filter: window.itemTypes ? { itemTypes: window.itemTypes } : {},
					});
				}
			},
		);
	});

	test('newest first with Limit streams: it stops at the first page that fills Limit', async () => {
		const window = WINDOWS[0];
		const result = await engine.run(
			query({ limit: 7, filters: { createdAfter: iso(window.after) } }),
		);
		expect(result.output('Query').map((item) => item.json.id)).toEqual(
			reference(window, 'CREATED_DATE', 'DESC')
				.slice(0, 7)
				.map((item) => item.id),
		);
		expect(calls(emulator, '/items/query')).toHaveLength(1);
	});

	test('ties: newest first, then by ID', async () => {
		const ties = emulator.store.items.filter((item) => item.name.startsWith('tie-'));
		const items = (
			await engine.run(
				query({
					returnAll: true,
					sortField: 'LIKE_COUNT',
					filters: {
						createdAfter: iso(START + 96 * DAY + 1),
						createdBefore: iso(START + 96 * DAY + 2),
					},
				}),
			)
		).output('Query');
		expect(items.map((item) => item.json.id)).toEqual(ties.map((item) => item.id).sort());
	});

	test('Created Before alone, sorted by likes with Limit: pages in that sort and filters as it goes', async () => {
		const window: Window = { name: 'before', before: START + 10 * DAY, typeVersion: 1 };
		const result = await engine.run(
			query({ limit: 7, sortField: 'LIKE_COUNT', filters: { createdBefore: iso(window.before) } }),
		);
		expect(result.output('Query').map((item) => item.json.id)).toEqual(
			reference(window, 'LIKE_COUNT', 'DESC')
				.slice(0, 7)
				.map((item) => item.id),
		);
		expect(calls(emulator, '/items/query')[0].body).toMatchObject({
			sort: { field: 'LIKE_COUNT', order: 'DESC' },
		});
	});

	test('the scan cap stops a window that would read too much, and says how to narrow it', async () => {
		const result = await engine.run(
			query({
				returnAll: true,
				sortField: 'LIKE_COUNT',
				filters: { createdAfter: iso(WINDOWS[0].after) },
				options: { scanCap: 100 },
			}),
		);
		expect(result.error('Query')).toMatchObject({
			message: 'Scan cap reached: more than 100 items were created since Created After',
		});
		expect(result.error('Query')!.description).toMatch(/later Created After.*Scan Cap/);
		// It stops as soon as it knows: two pages of 100.
		expect(calls(emulator, '/items/query')).toHaveLength(2);
	});

	test('Created Before alone with Return All reads the whole gallery: the default cap (10,000) stops it', async () => {
		const result = await engine.run(
			query({ returnAll: true, filters: { createdBefore: iso(START + 200 * DAY) } }),
		);
		expect(result.error('Query')?.message).toBe(
			'Scan cap reached: more than 10000 items were read',
		);
	});

	test.each([
		['Asia/Tokyo', 9],
		// 7 April 2025: New York is on summer time, UTC-4.
		['America/New_York', -4],
	])(
		"a date picker's value (no offset) is read in the workflow's time zone: %s",
		async (timezone, hours) => {
			// START + 96 days at 00:00 in the zone; the ties sit 1 ms after START + 96 days UTC.
			const wall = new Date(START + 96 * DAY).toISOString().slice(0, 19);
			const after = START + 96 * DAY - hours * 3600_000;
			const run = await engine.run({
				...query({ returnAll: true, filters: { createdAfter: wall } }),
				settings: { timezone },
			});
			expect(run.error('Query')).toBeUndefined();
			const created = run.output('Query').map((item) => Date.parse(String(item.json.createdDate)));
			expect(created.length).toBeGreaterThan(0);
			expect(Math.min(...created)).toBeGreaterThanOrEqual(after);
			// Nothing older than that instant, and everything from it on.
			const expected = emulator.store.items.filter(
				(i) => i.type === 'VISUAL_MEDIA' && Date.parse(i.createdDate) >= after,
			).length;
			expect(created).toHaveLength(expected);
		},
	);

	test.each([
		['a Luxon DateTime', "={{ $now.minus(7, 'days') }}"],
		['an ISO text', "={{ $now.minus(7, 'days').toISO() }}"],
	])('an expression giving %s works', async (_, createdAfter) => {
		const now = Date.now();
		const recent = [3, 2, 1].map((hours) =>
			emulator.store.addMedia({
				name: `recent-${hours}.jpg`,
				createdById: emulator.store.members[0].id,
				createdDate: new Date(now - hours * 3600_000).toISOString(),
			}),
		);
		try {
			const result = await engine.run(query({ returnAll: true, filters: { createdAfter } }));
			expect(result.error('Query')).toBeUndefined();
			expect(result.output('Query').map((item) => item.json.id)).toEqual(
				recent.map((item) => item.id).reverse(),
			);
		} finally {
			for (const item of recent) emulator.store.remove(item.id);
		}
	});

	test.each([
		[
			{ createdAfter: 'last week' },
			'Filters → Created After: "last week" is not a valid date and time',
		],
		[{ createdBefore: '2025-13-45T00:00:00Z' }, /Filters → Created Before: .* is not a valid date/],
		[
			{ createdAfter: '2025-02-02T00:00:00Z', createdBefore: '2025-02-01T00:00:00Z' },
			'Created After must be earlier than Created Before',
		],
		[
			{ createdAfter: '2025-02-01T00:00:00Z', createdBefore: '2025-02-01T00:00:00Z' },
			'Created After must be earlier than Created Before',
		],
		[
			{ createdAfter: '2025-02-01T00:00:00Z', itemIds: 'abc' },
			'Item IDs cannot be combined with Created After, Created Before or Not In Posted List',
		],
	])('bad input %j: a clear error before any request', async (filters, message) => {
		const result = await engine.run(query({ filters }));
		const error = result.error('Query');
		if (typeof message === 'string') expect(error?.message).toBe(message);
		else expect(error?.message).toMatch(message);
		expect(calls(emulator, '/items/query')).toHaveLength(0);
	});
});
