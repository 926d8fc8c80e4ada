// Numbers in reasons: readable, and never rounded onto or across the limit they are compared with.
import { FORMAT_NAME, type MediaFormat } from '../media/facts';
import { GB, MB } from './limits';

function trim(fixed: string): string {
	return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/**
 * `value` with `decimals` decimals, or more where fewer would print it no further than `bound`
 * printed alike (5,000,001 bytes is "5.000001 MB", never "5.0 MB is over 5 MB"; 1000×3001 is
 * aspect "0.3332", never "0.33" against 1:3).
 */
export function beyond(
	value: number,
	bound: number,
	side: 'over' | 'under',
	decimals: number,
	trimZeros = false,
): string {
	for (let d = decimals; d <= 12; d++) {
		const fixed = value.toFixed(d);
		const [shown, limit] = [Number(fixed), Number(bound.toFixed(d))];
		if (side === 'over' ? shown > limit : shown < limit) return trimZeros ? trim(fixed) : fixed;
	}
	return String(value);
}

/** A limit as people write it: 5 MB, 1 GB, 140 s, 15 min. */
export function bytesLabel(limit: number): string {
	return limit >= GB ? `${trim(String(limit / GB))} GB` : `${trim(String(limit / MB))} MB`;
}

/** A size over `limit`, in the limit's unit, one decimal (more at the boundary). */
export function bytesOver(size: number, limit: number): string {
	const unit = limit >= GB ? GB : MB;
	return `${beyond(size / unit, limit / unit, 'over', 1)} ${unit === GB ? 'GB' : 'MB'}`;
}

/** Whole minutes are said in minutes (15 min), the rest in seconds (140 s). */
function inMinutes(limit: number): boolean {
	return limit >= 60 && limit % 60 === 0;
}

export function secondsLabel(limit: number): string {
	return inMinutes(limit) ? `${limit / 60} min` : `${trim(String(limit))} s`;
}

/** A duration beyond `limit`, in the limit's unit: "141 s", "0.4 s", "15.02 min". */
export function secondsBeyond(seconds: number, limit: number, side: 'over' | 'under'): string {
	return inMinutes(limit)
		? `${beyond(seconds / 60, limit / 60, side, 1, true)} min`
		: `${beyond(seconds, limit, side, 1, true)} s`;
}

export function formatName(format: MediaFormat): string {
	return FORMAT_NAME[format];
}

/** "a PNG", "an MP4". */
export function aFormat(format: MediaFormat): string {
	return `${format === 'mp4' ? 'an' : 'a'} ${formatName(format)}`; // "an em-pee-four", "a heek"
}

/** "JPEG", "JPEG and PNG", "JPEG, PNG and WebP". */
export function listed(words: string[]): string {
	return words.length < 2
		? words.join('')
		: `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
