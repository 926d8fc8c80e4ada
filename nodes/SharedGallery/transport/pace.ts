import { sleep } from 'n8n-workflow';

/** Wix's documented limit: 200 requests a minute per app instance. */
export const WIX_REQUESTS_PER_MINUTE = 200;
const MINUTE_MS = 60_000;

/**
 * Shared by the requests one run sends side by side (Get Download's parallel archives):
 * - a 429's Retry-After holds all of them, not only the request that got it, so they back
 *   off together instead of each finding out on its own;
 * - API requests stay under `perMinute` in any sliding minute, however many run at once.
 * Without a Pace (every other caller), each request retries on its own, as before.
 */
export class Pace {
	private until = 0;
	private holder: object | undefined;
	/** When each of the last `perMinute` API requests was sent, oldest first. */
	private readonly sent: number[] = [];

	constructor(
		private readonly perMinute = WIX_REQUESTS_PER_MINUTE,
		private readonly now: () => number = Date.now,
	) {}

	/** Holds every request of the run for `ms`; `by` (the requester) sleeps on its own. */
	hold(ms: number, by: object): void {
		const until = this.now() + ms;
		if (until <= this.until) return;
		this.until = until;
		this.holder = by;
	}

	/** Waits out a hold that another request set. */
	async open(by: object): Promise<void> {
		const wait = this.until - this.now();
		if (wait > 0 && this.holder !== by) await sleep(wait);
	}

	/** Waits for a slot in the sliding minute, then counts the request in it. */
	async take(): Promise<void> {
		for (;;) {
			const now = this.now();
			while (this.sent.length && this.sent[0] <= now - MINUTE_MS) this.sent.shift();
			if (this.sent.length < this.perMinute) {
				this.sent.push(now);
				return;
			}
			await sleep(this.sent[0] + MINUTE_MS - now);
		}
	}
}
