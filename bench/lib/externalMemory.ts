// Node 24 against Node 20 on the one thing every download does: allocate a buffer per socket
// read and drop it. A live heap of `heapMb` small objects (a big n8n's is 100-160 MB), then
// `gb` GB of 64 KiB buffers allocated and dropped, one per turn of the event loop. Prints the
// time, the CPU and the full collections (mark-compacts) it took. By hand, for
// docs/BENCHMARKS.md:
//   <node> --trace-gc --import tsx bench/lib/externalMemory.ts [heapMb] [gb] | tail -1
// and with --trace-incremental-marking, the reason V8 gives for each: "external memory pressure".
import { PerformanceObserver, performance } from 'perf_hooks';

import { fillHeap } from './memory';

const heapMb = Number(process.argv[2] ?? 160);
const gb = Number(process.argv[3] ?? 1);

async function main(): Promise<void> {
	const heap = fillHeap(heapMb);
	let full = 0;
	let fullMs = 0;
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			// NODE_PERFORMANCE_GC_MAJOR
			if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === 4) {
				full++;
				fullMs += entry.duration;
			}
		}
	});
	observer.observe({ entryTypes: ['gc'] });
	const cpu = process.cpuUsage();
	const start = performance.now();
	let sink = 0;
	for (let i = 0; i < gb * 16_384; i++) {
		const piece = Buffer.allocUnsafe(64 * 1024);
		piece[0] = i & 0xff;
		sink += piece[0];
		await new Promise<void>((resolve) => setImmediate(resolve));
	}
	const ms = performance.now() - start;
	const used = process.cpuUsage(cpu);
	await new Promise<void>((resolve) => setTimeout(resolve, 50));
	observer.disconnect();
	process.stdout.write(
		`${JSON.stringify({ node: process.version, heapMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20), held: heap.length, gb, ms: Math.round(ms), cpuMs: Math.round((used.user + used.system) / 1000), fullCollections: full, fullMs: Math.round(fullMs), sink: sink > 0 })}\n`,
	);
}

void main();
