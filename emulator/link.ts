// A shaped link for the file host: every connection gets its own bandwidth cap and a delay
// before its first byte, as a CDN over a real network does (the bench's "25 MB/s, 50 ms").
import type { Lifecycle } from './lifecycle';
import type { BodyPart } from './send';

export interface LinkShape {
	/** Bytes per second per connection; 0 or absent = unlimited. */
	bytesPerSecond?: number;
	/** Delay before the answer's first byte (a round trip), in ms. */
	firstByteMs?: number;
}

const UNITS: Record<string, number> = {
	b: 1,
	kb: 1000,
	mb: 1000 ** 2,
	gb: 1000 ** 3,
	kib: 1024,
	mib: 1024 ** 2,
	gib: 1024 ** 3,
};

/** `25MB/s,50ms`, `25MB/s`, `50ms`, `1.5MiB/s,0ms` → a LinkShape. MB = 10^6 bytes, MiB = 2^20. */
export function parseLinkSpec(spec: string): LinkShape {
	const shape: LinkShape = {};
	for (const part of spec.split(',').map((p) => p.trim().toLowerCase())) {
		const rate = /^(\d+(?:\.\d+)?)([kmg]i?b|b)\/s$/.exec(part);
		const delay = /^(\d+(?:\.\d+)?)ms$/.exec(part);
		if (rate && shape.bytesPerSecond === undefined)
			shape.bytesPerSecond = Number(rate[1]) * UNITS[rate[2]];
		else if (delay && shape.firstByteMs === undefined) shape.firstByteMs = Number(delay[1]);
		else throw new Error(`bad link spec "${spec}" (e.g. 25MB/s,50ms)`);
	}
	return shape;
}

/** Slices each part so no burst runs far ahead of the cap (16 KB at a time). */
const SLICE = 16 * 1024;
/** Sleeps shorter than this are batched up: timers are coarse. */
const MIN_SLEEP_MS = 4;

/**
 * Paces `parts` to `bytesPerSecond` for one response (one connection: HTTP/1.1 serves one
 * answer at a time on it). The pace is kept against the start, so timer slack never adds up.
 */
export async function* shaped(
	parts: AsyncIterable<BodyPart>,
	link: LinkShape,
	life: Lifecycle,
): AsyncGenerator<BodyPart> {
	const rate = link.bytesPerSecond ?? 0;
	if (!(rate > 0)) return yield* parts;
	const start = Date.now();
	let sent = 0;
	for await (const part of parts) {
		for (let i = 0; i < part.bytes.length || i === 0; i += SLICE) {
			const bytes = part.bytes.subarray(i, i + SLICE);
			const ahead = start + ((sent + bytes.length) * 1000) / rate - Date.now();
			if (ahead >= MIN_SLEEP_MS) await life.sleep(ahead);
			sent += bytes.length;
			yield { kind: part.kind, bytes };
			if (life.closed) return;
		}
	}
}
