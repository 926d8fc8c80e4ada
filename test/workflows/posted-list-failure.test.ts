// Query Items with Not In Posted List: a run that fails after it has claimed items (here the
// scan cap, on the second page) gives its claims back, so the next run is offered those items
// at once rather than after one to two Claim Minutes.
import { addSyntheticItems, type Emulator } from '../../emulator';
import { chain, Engine, TYPES } from '../../engine';
import { useGallery } from '../helpers/gallery';

describe('Posted lists: a failed run gives its claims back', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery((e, g) => ((emulator = e), (engine = g)));

	const pick = (limit: number, scanCap: number) => ({
		name: 'Query',
		type: TYPES.query,
		parameters: {
			limit,
			sortField: 'LIKE_COUNT',
			filters: { itemTypes: ['VISUAL_MEDIA'], notInPostedList: 'x' },
			options: { claimMinutes: 60, scanCap },
		} as never,
	});

	test('the scan cap reached on page 2: page 1 was claimed, then given back', async () => {
		// More than one page (100 a page) of media.
		addSyntheticItems(emulator.store, 150);
		const first = await engine.run(chain(pick(1, 10_000)));
		const best = String(first.output('Query')[0].json.id);
		// That run holds `best` (a claim of 60 minutes): the failing run does not offer it.
		const failed = await engine.run(chain(pick(500, 120)));
		expect(failed.error('Query')?.message).toMatch(/scan cap/i);
		// The failed run had claimed page 1 (the items after `best`): all offered again now.
		const next = await engine.run(chain(pick(99, 10_000)));
		const ids = next.output('Query').map((i) => String(i.json.id));
		expect(ids).toHaveLength(99);
		expect(ids).not.toContain(best);
	});
});
