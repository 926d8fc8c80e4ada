export function median(values: number[]): number {
	if (!values.length) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Fit {
	/** y = intercept + slope · x */
	intercept: number;
	slope: number;
	r2: number;
	/** Slope of log y against log x between the two largest x: 1 is linear, 0 flat, 2 quadratic. */
	tailExponent: number;
}

/** Least squares over points, plus the log-log slope over the last two. */
export function fit(points: Array<[number, number]>): Fit {
	const n = points.length;
	const mx = points.reduce((s, [x]) => s + x, 0) / n;
	const my = points.reduce((s, [, y]) => s + y, 0) / n;
	let sxx = 0;
	let sxy = 0;
	let syy = 0;
	for (const [x, y] of points) {
		sxx += (x - mx) ** 2;
		sxy += (x - mx) * (y - my);
		syy += (y - my) ** 2;
	}
	const slope = sxx ? sxy / sxx : 0;
	const intercept = my - slope * mx;
	const r2 = syy ? (sxy * sxy) / (sxx * syy) : 1;
	const sorted = [...points].sort((a, b) => a[0] - b[0]);
	const [x1, y1] = sorted[Math.max(0, n - 2)];
	const [x2, y2] = sorted[n - 1];
	const tailExponent =
		n >= 2 && y1 > 0 && y2 > 0 && x2 !== x1 ? Math.log(y2 / y1) / Math.log(x2 / x1) : Number.NaN;
	return { intercept, slope, r2, tailExponent };
}

export const mb = (bytes: number): number => bytes / (1024 * 1024);

export function fmt(value: number, digits = 1): string {
	if (!Number.isFinite(value)) return 'n/a';
	return value.toLocaleString('en-US', {
		minimumFractionDigits: digits,
		maximumFractionDigits: digits,
	});
}
