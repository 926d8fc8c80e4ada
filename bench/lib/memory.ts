// Resident memory of this process, from /proc/self/status (Linux).
import { readFileSync, writeFileSync } from 'fs';

export const KB = 1024;

function statusField(name: 'VmRSS' | 'VmHWM'): number {
	const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(
		readFileSync('/proc/self/status', 'utf8'),
	);
	if (!match) throw new Error(`/proc/self/status has no ${name}`);
	return Number(match[1]) * KB;
}

export const rss = (): number => statusField('VmRSS');

/**
 * Small objects held until the JavaScript heap reaches about `mb` MB, as a big n8n's heap
 * stands (bench/lib/externalMemory.ts, inflateFloor.ts): keep the result alive.
 */
export function fillHeap(mb: number): Array<{ i: number; name: string }> {
	const heap: Array<{ i: number; name: string }> = [];
	while (process.memoryUsage().heapUsed < mb * 2 ** 20)
		for (let i = 0; i < 100_000; i++) heap.push({ i, name: `item ${heap.length}` });
	return heap;
}
export const peakRss = (): number => statusField('VmHWM');

/** Resets VmHWM to the current RSS ("5" → clear_refs, Linux ≥ 4.0). False when refused. */
export function resetPeak(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return peakRss() <= rss() + 4 * 1024 * 1024;
	} catch {
		return false;
	}
}

/** Collects garbage (needs --expose-gc) and lets freed pages go back. */
export async function settle(): Promise<void> {
	const gc = (globalThis as { gc?: () => void }).gc;
	for (let i = 0; i < 3; i++) {
		gc?.();
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/**
 * Samples RSS every few ms: a fallback peak where clear_refs is refused, and a check of it.
 */
export function sampler(intervalMs = 5): { stop(): number } {
	let max = rss();
	const timer = setInterval(() => {
		max = Math.max(max, rss());
	}, intervalMs);
	return {
		stop() {
			clearInterval(timer);
			return Math.max(max, rss());
		},
	};
}
