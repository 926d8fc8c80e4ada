// The numbers a header may say and still be believed. Past them the file is hostile or broken,
// and a guessed fact would give a wrong fit verdict: no facts, and a reason with the number.
import { FORMAT_NAME, type MediaFacts, type MediaFormat } from './facts';

export const MAX_SIDE_PX = 50_000;
export const MAX_MEGAPIXELS = 500;
export const MAX_SECONDS = 24 * 60 * 60;

/** 1234567.5 → '1,234,567.5' (no Intl: the same text on every Node build). */
export function grouped(n: number): string {
	const [whole, fraction] = String(n).split('.');
	const withCommas = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return fraction === undefined ? withCommas : `${withCommas}.${fraction}`;
}

export function noFacts(format: MediaFormat | null, problem: string): MediaFacts {
	return { format, width: null, height: null, durationSeconds: null, problem };
}

/** The facts as read, or none when a number is not believable. `problem` says what is unknown. */
export function factsOf(
	format: MediaFormat,
	width: number | null,
	height: number | null,
	durationSeconds: number | null,
	problem?: string,
): MediaFacts {
	if (width !== null && height !== null) {
		if (width === 0 || height === 0)
			return noFacts(format, `the ${FORMAT_NAME[format]} says it is ${width} × ${height} px`);
		const side = Math.max(width, height);
		if (side > MAX_SIDE_PX)
			return noFacts(
				format,
				`a side of ${grouped(side)} px is over the ${grouped(MAX_SIDE_PX)} px believed`,
			);
		const megapixels = (width * height) / 1e6;
		if (megapixels > MAX_MEGAPIXELS)
			return noFacts(
				format,
				`an area of ${grouped(Math.round(megapixels))} megapixels is over the ${MAX_MEGAPIXELS} megapixels believed`,
			);
	}
	if (durationSeconds !== null && !(durationSeconds <= MAX_SECONDS))
		return noFacts(
			format,
			`a duration of ${grouped(Math.round(durationSeconds))} s is over the 24 h (${grouped(MAX_SECONDS)} s) believed`,
		);
	const facts: MediaFacts = { format, width, height, durationSeconds };
	if (problem) facts.problem = problem;
	return facts;
}
