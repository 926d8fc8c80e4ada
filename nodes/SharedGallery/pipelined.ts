/**
 * Runs `fetch` for up to `limit` jobs ahead, and `use` on each job strictly in order, so that
 * output keeps the order of a sequential run. A job's slot frees once `use` has finished with
 * it: no more than `limit` jobs are fetched and not yet used (archives in flight or held).
 * `fetch` should report failures as values: `use` decides, in order, what they mean. When
 * `use` throws, nothing new starts, the fetches still running are waited for (none is left
 * writing behind the caller's back), and the error is thrown.
 */
export async function pipelined<J, R>(
	jobs: readonly J[],
	limit: number,
	fetch: (job: J) => Promise<R>,
	use: (job: J, fetched: R) => Promise<void>,
): Promise<void> {
	const started: Array<Promise<R>> = [];
	const start = (index: number) => {
		if (index >= jobs.length) return;
		started[index] = fetch(jobs[index]);
		// Awaited in turn below; this only keeps an early failure from counting as unhandled.
		started[index].catch(() => undefined);
	};
	for (let first = 0; first < Math.min(limit, jobs.length); first++) start(first);
	let index = 0;
	try {
		for (; index < jobs.length; index++) {
			await use(jobs[index], await started[index]);
			start(index + limit);
		}
	} finally {
		// Only after a failure is anything left running.
		await Promise.allSettled(started.slice(index + 1));
	}
}
