// The fit check: a file's facts against one platform's limits (limits.ts). Every rule that fails
// gives its own reason; a fact a rule needs but nobody knows gives "unknown: …", never a yes.
import { kindOf, type MediaFormat } from '../media/facts';
import { LIMITS, type FitPlatform, type PlatformLimits, type Ratio, type Rules } from './limits';
import {
	aFormat,
	beyond,
	bytesLabel,
	bytesOver,
	formatName,
	listed,
	secondsBeyond,
	secondsLabel,
} from './words';

export interface FitInput {
	format: MediaFormat | null;
	sizeBytes: number | null;
	/** As displayed. */
	width: number | null;
	height: number | null;
	durationSeconds: number | null;
}

export interface Fit {
	ok: boolean;
	/** Empty when ok. */
	reasons: string[];
}

/** A fact is known when it is a number a file can have; NaN, negatives and 0 px are not. */
function known(n: number | null, positive: boolean): n is number {
	return typeof n === 'number' && Number.isFinite(n) && (positive ? n > 0 : n >= 0);
}

function kinds(p: PlatformLimits): Rules[] {
	return [p.image, p.gif, p.video].filter((r): r is Rules => r !== undefined);
}

/** Every format the platform takes, in the order its limits list them. */
export function formatsOf(p: PlatformLimits): MediaFormat[] {
	return [...new Set(kinds(p).flatMap((r) => r.formats))];
}

function refusal(p: PlatformLimits, format: MediaFormat): string {
	const takes = formatsOf(p).map(formatName);
	const kind = kindOf(format);
	const hint = kind && p.hint?.[kind] ? ` (${p.hint[kind]})` : '';
	return `${p.takes} ${listed(takes)}${kinds(p).length === 1 ? ' only' : ''}; this is ${aFormat(format)}${hint}`;
}

/** w:h against a ratio, exactly: w/h < r.w/r.h ⇔ w·r.h < h·r.w. */
function below(w: number, h: number, r: Ratio): boolean {
	return w * r.h < h * r.w;
}

function sizeReasons(p: PlatformLimits, rules: Rules, input: FitInput): string[] {
	if (!rules.maxBytes) return [];
	if (!known(input.sizeBytes, false))
		return [`unknown: the file size, which ${p.name} needs for ${rules.what}`];
	const size = input.sizeBytes;
	const most = rules.maxBytes.value;
	return size > most
		? [`${bytesOver(size, most)} is over ${p.name}'s ${bytesLabel(most)} for ${rules.what}`]
		: [];
}

function durationReasons(p: PlatformLimits, rules: Rules, seconds: number | null): string[] {
	const { minSeconds: min, maxSeconds: max } = rules;
	if (!min && !max) return [];
	if (!known(seconds, false))
		return [`unknown: the duration, which ${p.name} needs for ${rules.what}`];
	const reasons: string[] = [];
	if (min && seconds < min.value)
		reasons.push(
			`${secondsBeyond(seconds, min.value, 'under')} is under ${p.name}'s ${secondsLabel(min.value)} for ${rules.what}`,
		);
	if (max && seconds > max.value)
		reasons.push(
			`${secondsBeyond(seconds, max.value, 'over')} is over ${p.name}'s ${secondsLabel(max.value)} for ${rules.what}`,
		);
	return reasons;
}

function shapeReasons(p: PlatformLimits, rules: Rules, input: FitInput): string[] {
	const { aspect, minPixels, maxSides, maxWidth, maxHeight } = rules;
	if (!aspect && !minPixels && !maxSides && !maxWidth && !maxHeight) return [];
	const { width: w, height: h } = input;
	if (!known(w, true) || !known(h, true)) {
		const missing = [!known(w, true) && 'width', !known(h, true) && 'height'].filter((m) => !!m);
		return [`unknown: the ${missing.join(' and ')}, which ${p.name} needs for ${rules.what}`];
	}
	const size = `${w}×${h}`;
	const of = `${p.name}'s`;
	const reasons: string[] = [];
	const narrow = aspect && below(w, h, aspect.min);
	if (aspect && (narrow || below(aspect.max.w, aspect.max.h, { w, h }))) {
		const bound = narrow ? aspect.min.w / aspect.min.h : aspect.max.w / aspect.max.h;
		// Two decimals, or two significant digits for a sliver (20×4000 is 0.005, not 0.01).
		const decimals = Math.max(2, 1 - Math.floor(Math.log10(w / h)));
		const shown = beyond(w / h, bound, narrow ? 'under' : 'over', decimals, true);
		reasons.push(`aspect ${shown} (${size}) is outside ${of} ${aspect.label} for ${rules.what}`);
	}
	if (minPixels && (w < minPixels.width || h < minPixels.height))
		reasons.push(`${size} is under ${of} ${minPixels.width}×${minPixels.height} for ${rules.what}`);
	if (maxSides && (Math.max(w, h) > maxSides.long || Math.min(w, h) > maxSides.short))
		reasons.push(
			`${size} is over ${of} ${maxSides.long}×${maxSides.short} (either way round) for ${rules.what}`,
		);
	if (maxWidth && w > maxWidth.value)
		reasons.push(`width ${w} px is over ${of} ${maxWidth.value} px for ${rules.what}`);
	if (maxHeight && h > maxHeight.value)
		reasons.push(`height ${h} px is over ${of} ${maxHeight.value} px for ${rules.what}`);
	return reasons;
}

/** Whether a file with these facts fits one platform, and if not, every reason why. */
export function checkFit(platform: FitPlatform, input: FitInput): Fit {
	const p = LIMITS[platform];
	const kind = kindOf(input.format);
	if (input.format === null || kind === null)
		return {
			ok: false,
			reasons: [`unknown: the file's format, which ${p.name} needs before any other limit`],
		};
	const reasons: string[] = [];
	if (!formatsOf(p).includes(input.format)) reasons.push(refusal(p, input.format));
	const rules = p[kind];
	if (rules)
		reasons.push(
			...sizeReasons(p, rules, input),
			...durationReasons(p, rules, input.durationSeconds),
			...shapeReasons(p, rules, input),
		);
	return { ok: reasons.length === 0, reasons };
}
