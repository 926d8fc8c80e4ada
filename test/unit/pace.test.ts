// One run's shared pace (issue 14): a 429 holds every request beside it; API requests stay
// under Wix's 200 a minute. A fake clock: a `sleep` ends at its start plus what it asked,
// so sleeps side by side overlap as they do in real time.
const mockClock = { now: 0, slept: [] as number[] };
jest.mock('n8n-workflow', () => ({
	...jest.requireActual('n8n-workflow'),
	sleep: async (ms: number) => {
		const end = mockClock.now + ms;
		mockClock.slept.push(ms);
		await new Promise((resolve) => setImmediate(resolve));
		mockClock.now = Math.max(mockClock.now, end);
	},
}));

import { Pace, WIX_REQUESTS_PER_MINUTE } from '../../nodes/SharedGallery/transport';
import { pipelined } from '../../nodes/SharedGallery/pipelined';

beforeEach(() => {
	mockClock.now = 1_000_000;
	mockClock.slept = [];
});

const pace = (perMinute?: number) => new Pace(perMinute, () => mockClock.now);

describe('Pace', () => {
	test('a hold makes the others wait it out, not the request that set it', async () => {
		const p = pace();
		const a = {};
		const b = {};
		p.hold(2000, a);
		await p.open(a);
		expect(mockClock.slept).toEqual([]);
		await p.open(b);
		expect(mockClock.slept).toEqual([2000]);
		// Over: nobody waits.
		await p.open(b);
		expect(mockClock.slept).toEqual([2000]);
	});

	test('a longer hold wins, a shorter one does not shorten it', async () => {
		const p = pace();
		const a = {};
		const b = {};
		p.hold(3000, a);
		p.hold(1000, b);
		await p.open(b);
		expect(mockClock.slept).toEqual([3000]);
	});

	test(`no more than ${WIX_REQUESTS_PER_MINUTE} API requests in any minute`, async () => {
		const p = pace();
		const sentAt: number[] = [];
		for (let i = 0; i < 450; i++) {
			await p.take();
			sentAt.push(mockClock.now);
			mockClock.now += 10; // a quick request
		}
		for (let i = WIX_REQUESTS_PER_MINUTE; i < sentAt.length; i++)
			expect(sentAt[i] - sentAt[i - WIX_REQUESTS_PER_MINUTE]).toBeGreaterThanOrEqual(60_000);
		// It waited only when it had to: the first 200 went at once.
		expect(sentAt[WIX_REQUESTS_PER_MINUTE - 1] - sentAt[0]).toBe(
			(WIX_REQUESTS_PER_MINUTE - 1) * 10,
		);
	});

	test('side by side, the limit holds for all of them together', async () => {
		const p = pace(10);
		const sentAt: number[] = [];
		await Promise.all(
			[0, 1, 2, 3].map(async () => {
				for (let i = 0; i < 5; i++) {
					await p.take();
					sentAt.push(mockClock.now);
				}
			}),
		);
		sentAt.sort((x, y) => x - y);
		expect(sentAt).toHaveLength(20);
		for (let i = 10; i < sentAt.length; i++)
			expect(sentAt[i] - sentAt[i - 10]).toBeGreaterThanOrEqual(60_000);
	});
});

describe('pipelined', () => {
	const tick = () => new Promise((resolve) => setImmediate(resolve));

	test('uses in order, never more than `limit` fetched and not yet used', async () => {
		let open = 0;
		let most = 0;
		const used: number[] = [];
		// Later jobs fetch faster than earlier ones.
		await pipelined(
			[0, 1, 2, 3, 4, 5, 6],
			3,
			async (job) => {
				open++;
				most = Math.max(most, open);
				for (let i = 0; i < 7 - job; i++) await tick();
				return job * 10;
			},
			async (job, fetched) => {
				expect(fetched).toBe(job * 10);
				used.push(job);
				await tick();
				open--;
			},
		);
		expect(used).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(most).toBe(3);
	});

	test('limit 1 is one at a time: fetch, use, fetch, use', async () => {
		const events: string[] = [];
		await pipelined(
			['a', 'b', 'c'],
			1,
			async (job) => {
				events.push(`fetch ${job}`);
				await tick();
			},
			async (job) => {
				events.push(`use ${job}`);
			},
		);
		expect(events).toEqual(['fetch a', 'use a', 'fetch b', 'use b', 'fetch c', 'use c']);
	});

	test('a failing use: nothing new starts, running fetches are waited for, the error is thrown', async () => {
		const fetched: number[] = [];
		let running = 0;
		const failure = pipelined(
			[0, 1, 2, 3, 4, 5],
			3,
			async (job) => {
				running++;
				for (let i = 0; i < 3; i++) await tick();
				fetched.push(job);
				running--;
			},
			async (job) => {
				if (job === 1) throw new Error('stop');
			},
		);
		await expect(failure).rejects.toThrow('stop');
		expect(running).toBe(0);
		// 0, 1, 2 at first, 3 after 0 was used; nothing after the failure of 1.
		expect(fetched.sort()).toEqual([0, 1, 2, 3]);
	});
});
