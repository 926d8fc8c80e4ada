/**
 * The limits in words: every number has a source and a date; the README's and docs/FIT.md's
 * tables are the ones limits.ts renders (rewrite them with `npx tsx scripts/platform-limits.ts
 * --write`); the node's options name the four platforms; numbers are never rounded onto a limit.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import {
	FIT_PLATFORM_OPTIONS,
	FIT_PLATFORMS,
	LIMITS,
	renderLimitsTable,
	SOURCES,
	withLimitsTable,
} from '../../nodes/SharedGallery/fit';
import { beyond, bytesLabel, bytesOver, secondsBeyond } from '../../nodes/SharedGallery/fit/words';

const root = join(__dirname, '..', '..');

/** Every `{ source }` object inside the limits, with the path that leads to it. */
function sourced(value: unknown, path: string): Array<[string, unknown]> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
	const found: Array<[string, unknown]> = 'source' in value ? [[path, value.source]] : [];
	for (const [key, inner] of Object.entries(value))
		if (key !== 'source') found.push(...sourced(inner, `${path}.${key}`));
	return found;
}

describe('limits.ts', () => {
	const limits = sourced(LIMITS, 'LIMITS');

	test('every number has a source', () => {
		expect(limits.length).toBeGreaterThanOrEqual(20);
		for (const [path, source] of limits) {
			expect([path, Object.values(SOURCES).includes(source as never)]).toEqual([path, true]);
		}
	});

	test.each(Object.entries(SOURCES))(
		'%s has an https address and the date it was read',
		(_k, s) => {
			expect(s.url).toMatch(/^https:\/\/[^\s)]+$/);
			expect(s.read).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			expect(s.title.length).toBeGreaterThan(3);
		},
	);
});

describe('the tables', () => {
	test.each(['README.md', 'docs/FIT.md'])('%s has the table limits.ts renders', (page) => {
		const text = readFileSync(join(root, page), 'utf8');
		// On a failure: npx tsx scripts/platform-limits.ts --write
		expect(text).toBe(withLimitsTable(text));
		expect(text).toContain(renderLimitsTable());
	});

	test('the table has every platform, every number and every source with its date', () => {
		const table = renderLimitsTable();
		for (const platform of FIT_PLATFORMS) expect(table).toContain(`(\`${platform}\`)`);
		for (const words of [
			'up to 5 MB',
			'up to 15 MB, up to 1280×1080',
			'up to 512 MB, 0.5 s–140 s, aspect 1:3–3:1, 32×32 to 1280×1024',
			'JPEG, up to 8 MB, aspect 0.8–1.91',
			'up to 300 MB, 3 s–15 min, aspect 0.01–10, up to 1920 px wide',
			'JPEG/PNG, up to 4 MB |',
			'up to 1 GB, up to 20 min, aspect 9:16–16:9',
		])
			expect(table).toContain(words);
		for (const s of Object.values(SOURCES)) expect(table).toContain(`](${s.url}) (${s.read})`);
	});

	test('a page without the markers is an error, not a silent no-op', () => {
		expect(() => withLimitsTable('# A page\n')).toThrow(/platform-limits:start/);
	});

	test('what stood between the markers is replaced, and nothing else', () => {
		const page =
			'before\n<!-- platform-limits:start -->\nold\n<!-- platform-limits:end -->\nafter\n';
		const fresh = withLimitsTable(page);
		expect(fresh).not.toContain('old');
		expect(fresh.startsWith('before\n<!-- platform-limits:start -->\n| platform |')).toBe(true);
		expect(fresh.endsWith('|\n<!-- platform-limits:end -->\nafter\n')).toBe(true);
	});
});

test('the options name the four platforms, in order, each with its limits', () => {
	expect(FIT_PLATFORM_OPTIONS.map((o) => [o.name, o.value])).toEqual([
		['X', 'x'],
		['Instagram Feed', 'instagramFeed'],
		['Instagram Reel', 'instagramReel'],
		['Facebook Page', 'facebookPage'],
	]);
	expect(FIT_PLATFORM_OPTIONS[0].description).toContain('Images: JPEG/PNG/WebP, up to 5 MB.');
	expect(FIT_PLATFORM_OPTIONS[1].description).not.toContain('Videos');
});

describe('numbers in words', () => {
	test.each([
		[6_100_000, 5_000_000, '6.1 MB'],
		[5_000_001, 5_000_000, '5.000001 MB'],
		[5_049_999, 5_000_000, '5.05 MB'],
		[512_000_001, 512_000_000, '512.000001 MB'],
		[1_000_000_001, 1_000_000_000, '1.000000001 GB'],
		[2_500_000_000, 1_000_000_000, '2.5 GB'],
	])('%d bytes over %d is "%s"', (size, limit, words) => {
		expect(bytesOver(size, limit)).toBe(words);
	});

	test.each([
		[5_000_000, '5 MB'],
		[512_000_000, '512 MB'],
		[1_000_000_000, '1 GB'],
	])('a limit of %d bytes is "%s"', (limit, words) => expect(bytesLabel(limit)).toBe(words));

	test.each([
		[141, 140, 'over', '141 s'],
		[140.04, 140, 'over', '140.04 s'],
		[0.4, 0.5, 'under', '0.4 s'],
		[0.4999, 0.5, 'under', '0.4999 s'],
		[1000, 900, 'over', '16.7 min'],
		[901, 900, 'over', '15.02 min'],
	] as const)('%d s against %d s (%s) is "%s"', (seconds, limit, side, words) => {
		expect(secondsBeyond(seconds, limit, side)).toBe(words);
	});

	test('a value is printed beyond the bound as the bound prints at the same precision', () => {
		expect(beyond(0.7999, 0.8, 'under', 2, true)).toBe('0.7999');
		expect(beyond(0.75, 0.8, 'under', 2, true)).toBe('0.75');
		expect(beyond(1.911, 1.91, 'over', 2, true)).toBe('1.911');
	});
});
