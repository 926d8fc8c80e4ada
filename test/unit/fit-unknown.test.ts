/**
 * Never a guessed yes: on every platform, for every format, a file whose fact is unknown fits only
 * if no value of that fact could make it unfit; otherwise the verdict is no, with an "unknown: …"
 * reason naming the fact.
 */
import type { MediaFormat } from '../../nodes/SharedGallery/media/facts';
import { checkFit, FIT_PLATFORMS, type FitInput } from '../../nodes/SharedGallery/fit';

const FORMATS: MediaFormat[] = ['jpeg', 'png', 'gif', 'webp', 'heic', 'mp4', 'mov'];
const FACTS = ['sizeBytes', 'width', 'height', 'durationSeconds'] as const;
/** Values that break some limit somewhere, and values that fit everywhere. */
const EXTREMES = [0.1, 1, 31, 1e4, 1e12];

/** A small file of moderate shape: it fits every platform that takes its format. */
function moderate(format: MediaFormat): FitInput {
	const video = format === 'mp4' || format === 'mov';
	return {
		format,
		sizeBytes: 500_000,
		width: 720,
		height: 900,
		durationSeconds: video ? 30 : null,
	};
}

const cases = FIT_PLATFORMS.flatMap((platform) =>
	FORMATS.flatMap((format) => FACTS.map((fact) => [platform, format, fact] as const)),
);

test.each(cases)('%s, %s, %s unknown', (platform, format, fact) => {
	const unknown = checkFit(platform, { ...moderate(format), [fact]: null });
	const outcomes = EXTREMES.map((v) => checkFit(platform, { ...moderate(format), [fact]: v }).ok);
	if (unknown.ok) expect(outcomes).toEqual(EXTREMES.map(() => true));
	else if (checkFit(platform, moderate(format)).ok) {
		// It fitted with the fact known, so the fact alone made the difference: the reason says so.
		expect(unknown.reasons).toHaveLength(1);
		expect(unknown.reasons[0]).toMatch(/^unknown: the /);
	}
});

test('the moderate files fit wherever their format is taken, so the sweep above is not empty', () => {
	const fits = cases.filter(([p, f]) => checkFit(p, moderate(f)).ok);
	const unknownSaysNo = fits.filter(
		([p, f, fact]) => !checkFit(p, { ...moderate(f), [fact]: null }).ok,
	);
	expect(fits.length).toBeGreaterThanOrEqual(40);
	expect(unknownSaysNo.length).toBeGreaterThanOrEqual(20);
});

test.each(FIT_PLATFORMS)('%s: an unknown format is a no, whatever else is known', (platform) => {
	const verdict = checkFit(platform, { ...moderate('jpeg'), format: null });
	expect(verdict.ok).toBe(false);
	expect(verdict.reasons).toEqual([expect.stringMatching(/^unknown: the file's format/)]);
});
