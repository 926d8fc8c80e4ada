// The limits in words: the README's and docs/FIT.md's table, and the node's option descriptions.
// Both come from limits.ts, so what users read is what the check does.
import { FIT_PLATFORMS, LIMITS, type FitPlatform, type Rules, type Source } from './limits';
import { bytesLabel, formatName, secondsLabel } from './words';

/** One kind's limits: "JPEG/PNG/WebP, up to 5 MB". */
export function rulesInWords(rules: Rules): string {
	const parts = [rules.formats.map(formatName).join('/')];
	if (rules.maxBytes) parts.push(`up to ${bytesLabel(rules.maxBytes.value)}`);
	const { minSeconds: min, maxSeconds: max } = rules;
	if (min && max) parts.push(`${secondsLabel(min.value)}–${secondsLabel(max.value)}`);
	else if (max) parts.push(`up to ${secondsLabel(max.value)}`);
	if (rules.aspect) parts.push(`aspect ${rules.aspect.label}`);
	const { minPixels: least, maxSides: most, maxWidth: w, maxHeight: h } = rules;
	if (least && most)
		parts.push(`${least.width}×${least.height} to ${most.long}×${most.short} (either way round)`);
	if (w && h) parts.push(`up to ${w.value}×${h.value}`);
	else if (w) parts.push(`up to ${w.value} px wide`);
	return parts.join(', ');
}

function sourcesOf(rules: Rules): Source[] {
	const { maxBytes, minSeconds, maxSeconds, aspect } = rules;
	const { minPixels, maxSides, maxWidth, maxHeight } = rules;
	const limits: Array<{ source: Source } | undefined> = [maxBytes, minSeconds, maxSeconds];
	limits.push(aspect, minPixels, maxSides, maxWidth, maxHeight);
	return limits.flatMap((l) => (l ? [l.source] : []));
}

const KINDS = ['image', 'gif', 'video'] as const;

/** The table: a row a platform, its sources as links. MB = 1,000,000 bytes (limits.ts). */
export function renderLimitsTable(): string {
	const rows = FIT_PLATFORMS.map((platform) => {
		const p = LIMITS[platform];
		const cells = KINDS.map((k) => {
			const rules = p[k];
			return rules ? rulesInWords(rules) : 'not taken';
		});
		const sources = [...new Set(KINDS.flatMap((k) => (p[k] ? sourcesOf(p[k]) : [])))];
		const links = sources.map((s) => `[${s.title}](${s.url}) (${s.read})`).join(', ');
		return `| **${p.label}** (\`${platform}\`) | ${cells.join(' | ')} | ${links} |`;
	});
	return [
		'| platform | images | GIFs | videos | read at |',
		'| --- | --- | --- | --- | --- |',
		...rows,
	].join('\n');
}

export const LIMITS_START = '<!-- platform-limits:start -->';
export const LIMITS_END = '<!-- platform-limits:end -->';

/** `markdown` with the table between its two markers rewritten; an error when a marker is missing. */
export function withLimitsTable(markdown: string): string {
	const start = markdown.indexOf(LIMITS_START);
	const end = markdown.indexOf(LIMITS_END);
	if (start < 0 || end < start) throw new Error(`no ${LIMITS_START} … ${LIMITS_END} in the text`);
	const before = markdown.slice(0, start + LIMITS_START.length);
	return `${before}\n${renderLimitsTable()}\n${markdown.slice(end)}`;
}

function description(platform: FitPlatform): string {
	const p = LIMITS[platform];
	const names = { image: 'Images', gif: 'GIFs', video: 'Videos' } as const;
	const taken = KINDS.filter((k) => p[k]).map((k) => `${names[k]}: ${rulesInWords(p[k]!)}.`);
	return taken.join(' ');
}

/** For the node's multiOptions `checkFitFor`. */
export const FIT_PLATFORM_OPTIONS: Array<{
	name: string;
	value: FitPlatform;
	description: string;
}> = FIT_PLATFORMS.map((value) => ({
	name: LIMITS[value].label,
	value,
	description: description(value),
}));
