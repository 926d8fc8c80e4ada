/**
 * The long archive fuzz run (issue 7): 50,000 deterministic cases through readArchive, in a child
 * process (see test/reliability/fuzz-cli.ts) so that uncaught exceptions are counted; then
 * 300,000 mutated media files through the header readers (issue 24).
 */
import { formatStats, fuzzInChildProcess } from '../reliability/fuzz-harness';
import { expectCleanRun, formatMediaStats, fuzzMedia } from '../reliability/media-fuzz-harness';

const CASES = Number(process.env.FUZZ_LONG_CASES ?? 50_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20240601) + 7;

test(`${CASES} mutated archives: no uncaught exception, hang or unbounded allocation`, async () => {
	const stats = await fuzzInChildProcess({ cases: CASES, seed: SEED, boundMs: 2000 }, (line) =>
		process.stdout.write(`${line}\n`),
	);
	process.stdout.write(`${formatStats('long run', stats)}\n`);
	expect(stats.cases).toBe(CASES);
	expect({
		uncaught: stats.uncaught,
		hangs: stats.hangs,
		overBudget: stats.overBudget,
		otherErrors: stats.otherErrors,
	}).toEqual({
		uncaught: 0,
		hangs: 0,
		overBudget: 0,
		otherErrors: {},
	});
	expect(stats.peakMemoryGrowthBytes).toBeLessThan(256 * 1024 * 1024);
});

const MEDIA_CASES = Number(process.env.MEDIA_FUZZ_LONG_CASES ?? 300_000);

test(`${MEDIA_CASES} mutated media files through MediaProbe: no exception, facts valid or null with a reason`, () => {
	const stats = fuzzMedia(MEDIA_CASES, SEED + 24);
	process.stdout.write(`${formatMediaStats('long run', stats)}\n`);
	expectCleanRun(stats, MEDIA_CASES);
}, 600_000);
