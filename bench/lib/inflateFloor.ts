// The inflate alone (issue 25's deflated rows): each deflated copy of an archive's files, read
// from disk in 64 KiB pieces through the runtime's `DecompressionStream('deflate-raw')` (what
// Get Download inflates with), the output counted and dropped. No download, no zip framing, no
// CRC-32, no store, no n8n: the least time any node inflating with the runtime's own inflater
// spends on these bytes. Prints one `BENCH_RESULT {json}` line.
//   <node> --import tsx bench/lib/inflateFloor.ts   (job in $BENCH_JOB: { paths, heapMb? })
// `heapMb` (by hand, not in the bench): first fill a live heap of about that many MB with small
// objects, held throughout, to see what a big heap such as n8n's does to the same work
// (docs/BENCHMARKS.md). It is no model of n8n's heap, so the bench leaves it out.
import { createReadStream } from 'fs';
import { performance } from 'perf_hooks';

import { RESULT_TAG } from './jobs';
import { fillHeap } from './memory';

async function inflate(path: string): Promise<number> {
	const stream = new DecompressionStream('deflate-raw');
	const writer = stream.writable.getWriter();
	const reading = (async () => {
		const reader = stream.readable.getReader();
		let bytes = 0;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return bytes;
			bytes += value.byteLength;
		}
	})();
	for await (const piece of createReadStream(path, { highWaterMark: 64 * 1024 })) {
		await writer.ready;
		// A file's Buffer is a BufferSource; its type allows a SharedArrayBuffer, which it never is.
		void writer.write(piece as Uint8Array<ArrayBuffer>);
	}
	await writer.close();
	return await reading;
}

async function main(): Promise<void> {
	const { paths, heapMb = 0 } = JSON.parse(process.env.BENCH_JOB ?? '{}') as {
		paths: string[];
		heapMb?: number;
	};
	const heap = fillHeap(heapMb);
	await inflate(paths[0]); // warm-up: the first file once
	const cpu = process.cpuUsage();
	const start = performance.now();
	let bytes = 0;
	for (const path of paths) bytes += await inflate(path);
	const ms = performance.now() - start;
	const used = process.cpuUsage(cpu);
	process.stdout.write(
		`${RESULT_TAG}${JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000, bytes, heapMb: process.memoryUsage().heapUsed / 2 ** 20, held: heap.length })}\n`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
