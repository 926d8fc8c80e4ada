// Injected faults: a queue consumed in order, per endpoint ('*' matches any).
import type { Fault, FaultEndpoint } from './types';

const ENDPOINTS: FaultEndpoint[] = [
	'query',
	'download-url',
	'view',
	'members',
	'token',
	'file',
	'*',
];

export class FaultQueue {
	private readonly queue: Fault[] = [];

	add(f: Fault): void {
		if (!ENDPOINTS.includes(f.endpoint))
			throw new Error(`unknown fault endpoint ${String(f.endpoint)}`);
		const times = f.times ?? 1;
		if (!(times > 0)) throw new Error('fault times must be > 0');
		this.queue.push({ ...f, times });
	}

	clear(): void {
		this.queue.length = 0;
	}

	pending(): Fault[] {
		return this.queue.map((f) => ({ ...f }));
	}

	/** The next fault for this endpoint, without using it. */
	peek(endpoint: Exclude<FaultEndpoint, '*'>): Fault | undefined {
		return this.queue.find((f) => f.endpoint === endpoint || f.endpoint === '*');
	}

	/** The next fault for this endpoint (one use of it), if any. `ranged`: the request asks for a byte range. */
	take(endpoint: Exclude<FaultEndpoint, '*'>, ranged = false): Fault | undefined {
		const i = this.queue.findIndex(
			(f) => (f.endpoint === endpoint || f.endpoint === '*') && (f.ranged ?? ranged) === ranged,
		);
		if (i < 0) return undefined;
		const f = this.queue[i];
		f.times = (f.times ?? 1) - 1;
		if (f.times <= 0) this.queue.splice(i, 1);
		return { ...f, times: 1 };
	}
}

/** The status a fault answers with: its own, or 429 when it only sets Retry-After. */
export function faultStatus(f: Fault): number | undefined {
	return f.status ?? (f.retryAfter !== undefined || f.body !== undefined ? 429 : undefined);
}

/** A fault that only repeats cursors waits for a request that has a cursor to repeat. */
export function waitsForCursor(f: Fault | undefined, requestHasCursor: boolean): boolean {
	if (!f?.repeatCursor || requestHasCursor) return false;
	return !faultStatus(f) && !f.reset && !f.delayMs && !f.slowBodyMs;
}

/** A short label for logs. */
export function faultLabel(f: Fault): string {
	const parts: string[] = [];
	const status = faultStatus(f);
	if (status) parts.push(String(status));
	for (const k of ['reset', 'repeatCursor', 'truncate', 'corrupt'] as const)
		if (f[k]) parts.push(k);
	if (f.replaceBody) parts.push('replaceBody');
	if (f.delayMs) parts.push(`delay=${f.delayMs}`);
	if (f.slowBodyMs) parts.push(`slow=${f.slowBodyMs}`);
	return parts.join(',');
}

/**
 * Parse a CLI fault spec: `<endpoint>:<part>[:<part>...]`, parts being
 *   `429`, `503x3` (status, times), `retry-after=2`, `reset`, `truncate`, `corrupt`,
 *   `repeat-cursor`, `delay=2000`, `slow=3000`, `times=5` / `times=inf`, `x3` / `xinf`.
 * Examples: `query:429`, `query:429:retry-after=2`, `download-url:503x3`, `file:reset`, `view:delay=2000`.
 */
export function parseFaultSpec(spec: string): Fault {
	const [endpoint, ...parts] = spec.split(':');
	if (!ENDPOINTS.includes(endpoint as FaultEndpoint))
		throw new Error(`fault "${spec}": unknown endpoint "${endpoint}" (${ENDPOINTS.join(', ')})`);
	const f: Fault = { endpoint: endpoint as FaultEndpoint };
	const times = (s: string) => (s === 'inf' || s === 'Infinity' ? Infinity : Number(s));
	for (const raw of parts) {
		let part = raw;
		const mult = part.includes('=') ? null : /^(.*)x(\d+|inf)$/.exec(part);
		if (mult) {
			f.times = times(mult[2]);
			part = mult[1];
			if (part === '') continue;
		}
		const [key, value] = part.split('=');
		if (/^\d{3}$/.test(key)) f.status = Number(key);
		else if (key === 'retry-after') f.retryAfter = /^\d+$/.test(value) ? Number(value) : value;
		else if (key === 'reset') f.reset = true;
		else if (key === 'truncate') f.truncate = true;
		else if (key === 'corrupt') f.corrupt = true;
		else if (key === 'repeat-cursor') f.repeatCursor = true;
		else if (key === 'delay') f.delayMs = Number(value);
		else if (key === 'slow') f.slowBodyMs = Number(value);
		else if (key === 'times') f.times = times(value);
		else throw new Error(`fault "${spec}": unknown part "${raw}"`);
	}
	return f;
}
