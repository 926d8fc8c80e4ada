/**
 * Fuzzing (issue 7): mutations of valid archives (bit flips, truncations, length-field
 * corruption, splices) with a deterministic seed, through the extraction path (readArchive and
 * Budget) and, for a sample, through the whole Get Download node. Each case is time-bounded.
 * Required: 0 uncaught exceptions, 0 hangs, 0 unbounded allocations, and every failure an
 * ArchiveError / SafetyCapError (archive level) or a NodeApiError / NodeOperationError (node level).
 * The long run (50,000 cases) is test/stress/fuzz-long.test.ts.
 */
jest.mock('n8n-workflow', () => require('./fast-sleep').mockN8nWorkflow());

import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { buildZip } from '../../emulator/zip';
import { formatStats, fuzzInChildProcess, mutate, prng } from './fuzz-harness';
import {
	chain,
	DOWNLOAD,
	SEED,
	downloadNode,
	makeEngine,
	resetEmulator,
	useGallery,
	type Emulator,
} from './helpers';

const CASES = Number(process.env.FUZZ_CASES ?? 5000);
const NODE_CASES = Number(process.env.FUZZ_NODE_CASES ?? 150);
const SEED_VALUE = Number(process.env.FUZZ_SEED ?? 20240601);

let emu: Emulator;
useGallery((started) => (emu = started));

test(`${CASES} mutated archives through readArchive: no uncaught exception, hang or unbounded allocation`, async () => {
	// In a child process: uncaught exceptions are counted there, and cannot take Jest down.
	const stats = await fuzzInChildProcess(
		{ cases: CASES, seed: SEED_VALUE, boundMs: 2000 },
		() => {},
	);
	process.stdout.write(`${formatStats('archive level', stats)}\n`);
	expect(stats.cases).toBe(CASES);
	expect({
		uncaught: stats.uncaught,
		hangs: stats.hangs,
		overBudget: stats.overBudget,
		otherErrors: stats.otherErrors,
	}).toEqual({ uncaught: 0, hangs: 0, overBudget: 0, otherErrors: {} });
	expect(stats.peakMemoryGrowthBytes).toBeLessThan(256 * 1024 * 1024);
	// The mutations do reach past the first checks: some archives still extract, most fail.
	expect(stats.extracted).toBeGreaterThan(0);
	expect(stats.archiveErrors).toBeGreaterThan(CASES / 4);
}, 120_000);

test(`${NODE_CASES} mutated archives through the Get Download node: every failure a node error`, async () => {
	const M = SEED.media;
	const ids = [M.sunsetPier, M.cafeNight, M.garden];
	const valid = [
		buildZip(
			ids.map((id) => ({ name: emu.store.getItem(id)!.name, data: emu.store.fileBytes(id) })),
		),
		buildZip(
			ids.map((id) => ({
				name: emu.store.getItem(id)!.name,
				data: emu.store.fileBytes(id),
				method: 'deflate' as const,
			})),
			{ dataDescriptors: true },
		),
		buildZip(
			ids.map((id) => ({
				name: emu.store.getItem(id)!.name,
				data: emu.store.fileBytes(id),
				zip64: true,
			})),
			{ zip64: true },
		),
	];
	const random = prng(SEED_VALUE + 1);
	// An uncaught exception here fails the test through Jest's own handler.
	const counts = { delivered: 0, nodeApiError: 0, nodeOperationError: 0, other: 0, hangs: 0 };
	const others: string[] = [];
	{
		for (let n = 0; n < NODE_CASES; n++) {
			const { zip } = mutate(valid[n % valid.length], random);
			resetEmulator(emu);
			emu.faults.add({ endpoint: 'file', replaceBody: zip });
			const harness = makeEngine(emu, 'apiKey');
			let timer: NodeJS.Timeout | undefined;
			const outcome = await Promise.race([
				harness.run(
					chain(downloadNode({ itemIds: ids.join(','), options: { maxTotalBytes: 1024 * 1024 } })),
				),
				new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), 10_000))),
			]);
			clearTimeout(timer);
			if (outcome === 'hang') {
				counts.hangs++;
				continue;
			}
			const error = harness.thrown[0]?.error;
			if (!error) counts.delivered++;
			else if (error instanceof NodeApiError) counts.nodeApiError++;
			else if (error instanceof NodeOperationError) counts.nodeOperationError++;
			else {
				counts.other++;
				others.push(String(error));
			}
			// Whatever was delivered has the item's own safe name.
			for (const item of outcome.output(DOWNLOAD)) {
				expect(String(item.json.fileName)).not.toMatch(/[\\/]/);
			}
		}
	}
	process.stdout.write(
		`[fuzz] node level: ${NODE_CASES} cases (seed ${SEED_VALUE + 1}) → ${JSON.stringify(counts)}${others.length ? ` others: ${others.slice(0, 5).join(' | ')}` : ''}\n`,
	);
	expect({ other: counts.other, hangs: counts.hangs }).toEqual({ other: 0, hangs: 0 });
	expect(counts.delivered + counts.nodeApiError + counts.nodeOperationError).toBe(NODE_CASES);
}, 180_000);
