// Posted lists: Query Items' Not In Posted List (skip before Limit, claims) and the
// Shared Gallery Posted List node (add, check, remove, clear), over n8n's deduplication store.
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import type { Emulator } from '../../emulator';
import { chain, Engine, TYPES } from '../../engine';
import { calls, tolerant, useGallery } from '../helpers/gallery';

const HOUR = 3600_000;

describe('Posted lists', () => {
	let emulator: Emulator;
	let engine: Engine;
	/** The seed's media, most liked first: what the queries below offer, in order. */
	let ranked: string[];
	useGallery((e, g) => ((emulator = e), (engine = g)));

	const pick = (list: string, options: object = { claimMinutes: 0 }, limit = 3) => ({
		name: 'Query',
		type: TYPES.query,
		parameters: {
			limit,
			sortField: 'LIKE_COUNT',
			filters: { itemTypes: ['VISUAL_MEDIA'], notInPostedList: list },
			options,
		} as never,
	});
	const posted = (operation: string, listName: string, itemIds: unknown, extra: object = {}) => ({
		name: 'Posted',
		type: TYPES.postedList,
		parameters: { operation, listName, itemIds } as never,
		...extra,
	});
	const offered = async (list: string, options?: object, limit?: number, on = engine) =>
		(await on.run(chain(pick(list, options, limit)))).output('Query').map((i) => String(i.json.id));

	beforeAll(async () => {
		const all = await engine.run(
			chain({
				name: 'Query',
				type: TYPES.query,
				parameters: {
					returnAll: true,
					sortField: 'LIKE_COUNT',
					filters: { itemTypes: ['VISUAL_MEDIA'] },
				} as never,
			}),
		);
		ranked = all.output('Query').map((i) => String(i.json.id));
	});

	afterEach(async () => {
		jest.restoreAllMocks();
		await engine.run(chain(posted('clear', '', '')));
	});

	test('Limit 3 gives 3 items not yet posted: posted items are skipped before Limit', async () => {
		expect(await offered('x')).toEqual(ranked.slice(0, 3));
		const add = await engine.run(chain(posted('add', 'x', ranked.slice(0, 2).join())));
		expect(add.output('Posted')[0].json).toMatchObject({
			postedList: 'x',
			addedIds: ranked.slice(0, 2),
			alreadyPostedIds: [],
		});
		expect(await offered('x')).toEqual(ranked.slice(2, 5));
		// Another list, and the query without the filter, are untouched.
		expect(await offered('instagram')).toEqual(ranked.slice(0, 3));
	});

	test('a page full of posted items: it pages further, within the request it needs', async () => {
		await engine.run(chain(posted('add', 'x', ranked.slice(0, 30))));
		emulator.resetLogs();
		expect(await offered('x', { claimMinutes: 0 }, 3)).toEqual(ranked.slice(30, 33));
		expect(calls(emulator, '/items/query')).toHaveLength(1);
		emulator.options.maxPageSize = 10;
		emulator.resetLogs();
		expect(await offered('x', { claimMinutes: 0 }, 3)).toEqual(ranked.slice(30, 33));
		expect(calls(emulator, '/items/query')).toHaveLength(4);
	});

	test('claims: a second run skips what the first offered; an unconfirmed claim expires', async () => {
		let clock = Math.floor(Date.now() / HOUR) * HOUR + HOUR / 2;
		jest.spyOn(Date, 'now').mockImplementation(() => clock);
		const claim = { claimMinutes: 60 };
		const first = await offered('x', claim);
		expect(first).toEqual(ranked.slice(0, 3));
		expect(await offered('x', claim)).toEqual(ranked.slice(3, 6));
		// A claim holds at least Claim Minutes…
		clock += HOUR - 1;
		expect(await offered('x', claim)).toEqual(ranked.slice(6, 9));
		// …and at most twice that: then every unconfirmed item is offered again.
		clock += HOUR + 1;
		expect(await offered('x', claim)).toEqual(ranked.slice(0, 3));
	});

	test('a claim checked by another run is not lengthened by that check', async () => {
		let clock = Math.floor(Date.now() / HOUR) * HOUR + HOUR - 1000;
		jest.spyOn(Date, 'now').mockImplementation(() => clock);
		const claim = { claimMinutes: 60 };
		expect(await offered('x', claim, 1)).toEqual(ranked.slice(0, 1));
		// Next bucket: the claim still holds; this run must not extend it into the bucket after.
		clock += 2000;
		expect(await offered('x', claim, 1)).toEqual(ranked.slice(1, 2));
		clock += HOUR;
		// Both claims have run out: the first item is back (the second, claimed an hour later, not yet).
		expect(await offered('x', claim, 2)).toEqual([ranked[0], ranked[2]]);
	});

	test('a run that loses the items it wanted holds only what it outputs: no doubled batch', async () => {
		const claim = { claimMinutes: 60 };
		expect(await offered('x', claim, 1)).toEqual(ranked.slice(0, 1));
		await engine.run(chain(posted('add', 'x', [ranked[1]])));
		const recorded = jest.spyOn(engine.deduplicator, 'checkProcessedAndRecord');
		const removed = jest.spyOn(engine.deduplicator, 'removeProcessed');
		expect(await offered('x', claim, 2)).toEqual(ranked.slice(2, 4));
		// Every key it wrote, even for a moment, names the lost item, the posted one or an offered one.
		const ids = new Set(
			[...recorded.mock.calls, ...removed.mock.calls].flatMap(([keys]) =>
				keys.map((key) => String(key).split(':').pop()),
			),
		);
		expect([...ids].sort()).toEqual(ranked.slice(0, 4).sort());
	});

	test('with a date window: the window sorted by likes, posted items skipped before Limit', async () => {
		const all = await engine.run(
			chain({
				name: 'Query',
				type: TYPES.query,
				parameters: { returnAll: true, filters: { itemTypes: ['VISUAL_MEDIA'] } } as never,
			}),
		);
		// The newer half of the seed's media, by date.
		const dates = all.output('Query').map((i) => Date.parse(String(i.json.createdDate)));
		const after = [...dates].sort((a, b) => a - b)[Math.floor(dates.length / 2)];
		const created = new Map(all.output('Query').map((i, n) => [String(i.json.id), dates[n]]));
		const inWindow = ranked.filter((id) => created.get(id)! >= after);
		const windowed = (list: string) => {
			const node = pick(list, { claimMinutes: 60 }, 2);
			Object.assign((node.parameters as { filters: object }).filters, {
				createdAfter: new Date(after).toISOString(),
			});
			return node;
		};
		await engine.run(chain(posted('add', 'x', [inWindow[0]])));
		const first = (await engine.run(chain(windowed('x')))).output('Query').map((i) => i.json.id);
		expect(first).toEqual(inWindow.slice(1, 3));
		const second = (await engine.run(chain(windowed('x')))).output('Query').map((i) => i.json.id);
		expect(second).toEqual(inWindow.slice(3, 5));
	});

	test('two input items: the second query skips what the first claimed', async () => {
		const source = {
			name: 'Source',
			type: TYPES.query,
			parameters: { filters: { itemIds: ranked.slice(0, 2).join() } } as never,
		};
		const result = await engine.run(chain(source, pick('x', { claimMinutes: 60 }, 2)));
		const out = result.output('Query');
		expect(out.map((i) => [i.json.id, (i.pairedItem as { item: number }).item])).toEqual([
			[ranked[0], 0],
			[ranked[1], 0],
			[ranked[2], 1],
			[ranked[3], 1],
		]);
	});

	test('Claim Minutes 0 claims nothing', async () => {
		expect(await offered('x')).toEqual(ranked.slice(0, 3));
		expect(await offered('x')).toEqual(ranked.slice(0, 3));
	});

	test('check marks each input item; remove makes items available again, claims included', async () => {
		await engine.run(chain(posted('add', 'x', [ranked[0]])));
		expect(await offered('x', { claimMinutes: 60 }, 2)).toEqual(ranked.slice(1, 3));
		const checked = await engine.run(
			chain(
				{
					name: 'Query',
					type: TYPES.query,
					parameters: { filters: { itemIds: ranked.slice(0, 2).join() } } as never,
				},
				posted('check', 'x', '={{ $json.id }}'),
			),
		);
		expect(checked.output('Posted').map((i) => [i.json.id, i.json.posted])).toEqual([
			[ranked[0], true],
			[ranked[1], false],
		]);
		// Input fields pass through, each output paired to its input.
		expect(checked.output('Posted')[0].json).toMatchObject({ postedIds: [ranked[0]] });
		expect(checked.output('Posted').map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);

		await engine.run(chain(posted('remove', 'x', ranked.slice(0, 2).join())));
		expect(await offered('x', { claimMinutes: 60 }, 3)).toEqual([ranked[0], ranked[1], ranked[3]]);
	});

	test('clear empties every list of the workflow', async () => {
		await engine.run(chain(posted('add', 'x', ranked.slice(0, 3))));
		await engine.run(chain(posted('add', 'instagram', ranked.slice(0, 3))));
		const cleared = await engine.run(chain(posted('clear', '', '')));
		expect(cleared.output('Posted')[0].json).toEqual({ cleared: true });
		expect(await offered('x')).toEqual(ranked.slice(0, 3));
		expect(await offered('instagram')).toEqual(ranked.slice(0, 3));
	});

	test('lists belong to their workflow', async () => {
		await engine.run({ ...chain(posted('add', 'x', ranked.slice(0, 3))), id: 'other' });
		expect(await offered('x')).toEqual(ranked.slice(0, 3));
		await engine.run({ ...chain(posted('clear', '', '')), id: 'other' });
	});

	test('the list is read back by a new engine instance (a restart)', async () => {
		const folder = mkdtempSync(join(tmpdir(), 'sg-posted-'));
		try {
			const file = join(folder, 'deduplication.json');
			const options = { credentials: engine.credentials.data, deduplicationFile: file };
			const before = new Engine(options);
			await before.run(chain(posted('add', 'x', ranked.slice(0, 2))));
			const after = new Engine(options);
			expect(await offered('x', undefined, 3, after)).toEqual(ranked.slice(2, 5));
			// n8n keeps hashes, not the keys.
			const { readFileSync } = await import('fs');
			expect(readFileSync(file, 'utf8')).not.toContain(ranked[0]);
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	});

	test.each([
		// Required in the editor; an expression can still give nothing.
		[{ listName: '={{ "" }}' }, 'List Name: no list name given'],
		[{ listName: 'a:b' }, 'List Name: "a:b" is not a valid list name'],
		[{ itemIds: '={{ [] }}' }, 'Item IDs: no ID given'],
		[{ itemIds: 'not an id!' }, 'Item IDs: "not an id!" is not a valid ID'],
	])('bad input %j: a clear error, the list untouched', async (change, message) => {
		const node = posted('add', 'x', ranked[0]);
		Object.assign(node.parameters as object, change);
		const result = await engine.run(chain(node));
		expect(result.error('Posted')?.message).toBe(message);
		expect(await offered('x', undefined, 1)).toEqual(ranked.slice(0, 1));
	});

	test('Query Items rejects a bad list name and Claim Minutes before any request', async () => {
		// Blank is not "no filter": the run would post what the list was meant to hold back.
		const blank = await engine.run(chain(pick(' ')));
		expect(blank.error('Query')?.message).toBe('Filters → Not In Posted List: no list name given');
		const badName = await engine.run(chain(pick('no/slash')));
		expect(badName.error('Query')?.message).toBe(
			'Filters → Not In Posted List: "no/slash" is not a valid list name',
		);
		emulator.resetLogs();
		const badClaim = await engine.run(chain(pick('x', { claimMinutes: -1 })));
		expect(badClaim.error('Query')?.message).toBe(
			'Claim Minutes must be a number of at least 0, got -1',
		);
		expect(calls(emulator, '/items/query')).toHaveLength(0);
	});

	test('add: an ID two input items name is added once, by the first of them', async () => {
		const source = {
			name: 'Query',
			type: TYPES.query,
			parameters: { filters: { itemIds: ranked.slice(0, 2).join() } } as never,
		};
		const result = await engine.run(chain(source, posted('add', 'dup', ranked[0])));
		expect(result.output('Posted').map((i) => [i.json.addedIds, i.json.alreadyPostedIds])).toEqual([
			[[ranked[0]], []],
			[[], [ranked[0]]],
		]);
	});

	test('continue on fail: a bad item becomes an error item, the others are added', async () => {
		const source = {
			name: 'Query',
			type: TYPES.query,
			parameters: { filters: { itemIds: ranked.slice(0, 3).join() } } as never,
		};
		const itemIds = `={{ $json.id === "${ranked[1]}" ? "bad id!" : $json.id }}`;
		const result = await engine.run(chain(source, posted('add', 'x', itemIds, tolerant)));
		const out = result.output('Posted');
		expect(out.map((i) => i.json.error ?? i.json.addedIds)).toEqual([
			[ranked[0]],
			'Item IDs: "bad id!" is not a valid ID',
			[ranked[2]],
		]);
		// The error item says what to do, as the other nodes' error items do.
		expect(out[1].json.description).toEqual(expect.stringContaining('ID'));
		expect(await offered('x', undefined, 1)).toEqual([ranked[1]]);
		// Without it, the node stops before touching the list.
		await engine.run(chain(posted('clear', '', '')));
		const strict = await engine.run(chain(source, posted('add', 'x', itemIds)));
		expect(strict.error('Posted')?.message).toBe('Item IDs: "bad id!" is not a valid ID');
		expect(await offered('x', undefined, 1)).toEqual([ranked[0]]);
	});
});
