/**
 * Fuzzing the media header readers (issue 24): mutated files of every format (bit flips,
 * truncations, length-field corruption, splices; deterministic seed) through MediaProbe, whole
 * and in random pieces. Required: no exception, the same facts whole and split, every fact a
 * number in range or null with a problem in words, each case quick, memory bounded.
 * MEDIA_FUZZ_CASES sets the count; the long run is in test/stress/fuzz-long.test.ts.
 */
import {
	baseMedia,
	expectCleanRun,
	formatMediaStats,
	fuzzMedia,
	invalidFacts,
} from './media-fuzz-harness';
import { probeBytes } from '../../nodes/SharedGallery/media';

const CASES = Number(process.env.MEDIA_FUZZ_CASES ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20240601) + 24;

test('the base files are valid, and each gives all its facts', () => {
	for (const { name, bytes } of baseMedia()) {
		const facts = probeBytes(bytes);
		expect({ name, problem: facts.problem, invalid: invalidFacts(facts) }).toEqual({
			name,
			problem: undefined,
			invalid: null,
		});
	}
});

test(`${CASES} mutated media files: no exception, facts valid or null with a reason`, () => {
	const stats = fuzzMedia(CASES, SEED);
	process.stdout.write(`${formatMediaStats('reliability', stats)}\n`);
	expectCleanRun(stats, CASES);
	// The mutations reach every outcome: facts kept, facts lost with a reason.
	expect(stats.known).toBeGreaterThan(CASES / 10);
	expect(stats.none).toBeGreaterThan(CASES / 10);
}, 60_000);
