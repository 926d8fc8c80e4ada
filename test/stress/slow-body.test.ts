/**
 * A body slower than the timeout, where the nodes expose no Timeout option (Query Items, and the
 * metadata and display-URL requests of Get Download): they use the transport's fixed 60 s. A
 * query whose body stalls 65 s must be retried and succeed. Takes about a minute.
 */
import { SEED } from '../../emulator';
import {
	QUERY,
	makeEngine,
	queryNode,
	useGallery,
	chain,
	type Emulator,
} from '../reliability/helpers';

let emu: Emulator;
useGallery((started) => (emu = started));

test('Query Items: a body stalled past the 60 s request timeout is retried', async () => {
	emu.faults.add({ endpoint: 'query', slowBodyMs: 65_000 });
	const harness = makeEngine(emu, 'apiKey');
	const result = await harness.run(
		chain(queryNode({ filters: { itemIds: `${SEED.media.sunsetPier},${SEED.media.garden}` } })),
	);
	const queries = emu.requestLog.filter((r) => r.path.endsWith('/items/query'));
	process.stdout.write(
		`[slow-body] ${queries.length} query requests; error: ${harness.thrown[0]?.error ?? 'none'}\n`,
	);
	expect(harness.thrown).toEqual([]);
	expect(result.output(QUERY).map((i) => i.json.id)).toEqual([
		SEED.media.sunsetPier,
		SEED.media.garden,
	]);
	expect(queries.length).toBe(2);
}, 200_000);
