// The file host's shaped link (issue 14): per-connection bandwidth cap, first-byte delay,
// and the Range switch. Timing bounds are loose on purpose: the cap can only slow a transfer
// down, so lower bounds are firm, and upper bounds leave room for a busy machine.
import { randomBytes } from 'crypto';
import { performance } from 'perf_hooks';

import { parseLinkSpec, startEmulator, uuidFrom, type Emulator } from '../../emulator';
import { PATHS, api, readZip, sha256 } from './helpers';

const RATE = 2_000_000; // bytes/s per connection
const SIZE = 1_000_000; // 0.5 s at RATE

async function addFile(emu: Emulator, name: string, bytes = randomBytes(SIZE)): Promise<string> {
	const member = emu.store.addMember({ id: uuidFrom('member:link'), name: 'Link Tester' });
	return emu.store.addMedia({ name, createdById: member.id, content: bytes }).id;
}

async function urlOf(emu: Emulator, ids: string[]): Promise<string> {
	const r = await api(emu, PATHS.download, { itemIds: ids });
	expect(r.status).toBe(200);
	return r.body.url as string;
}

/** GET with timings: headers (first byte) and the whole body. */
async function timedGet(url: string, headers: Record<string, string> = {}) {
	const t0 = performance.now();
	const res = await fetch(url, { headers });
	const headersMs = performance.now() - t0;
	const bytes = Buffer.from(await res.arrayBuffer());
	return { res, bytes, headersMs, ms: performance.now() - t0 };
}

describe('parseLinkSpec', () => {
	test.each([
		['25MB/s,50ms', { bytesPerSecond: 25_000_000, firstByteMs: 50 }],
		['25MB/s', { bytesPerSecond: 25_000_000 }],
		['50ms', { firstByteMs: 50 }],
		['1.5MiB/s, 0ms', { bytesPerSecond: 1.5 * 1024 ** 2, firstByteMs: 0 }],
		['800kb/s', { bytesPerSecond: 800_000 }],
	])('%s', (spec, shape) => {
		expect(parseLinkSpec(spec)).toEqual(shape);
	});

	test.each(['', '25MB', 'fast', '25MB/s,25MB/s', '50ms,60ms', '-1MB/s'])('rejects %j', (spec) => {
		expect(() => parseLinkSpec(spec)).toThrow(/bad link spec/);
	});
});

describe('shaped link', () => {
	let emu: Emulator;
	beforeAll(async () => {
		emu = await startEmulator({
			seed: false,
			link: { bytesPerSecond: RATE, firstByteMs: 150 },
		});
	});
	afterAll(() => emu.close());

	test('one connection: held to the cap, after the first-byte delay; bytes intact', async () => {
		const bytes = randomBytes(SIZE);
		const url = await urlOf(emu, [await addFile(emu, 'one.jpg', bytes)]);
		const got = await timedGet(url);
		expect(got.res.status).toBe(200);
		expect(sha256(got.bytes)).toBe(sha256(bytes));
		expect(got.headersMs).toBeGreaterThanOrEqual(140);
		// 0.5 s of body at the cap, plus the delay; never faster.
		expect(got.ms).toBeGreaterThanOrEqual(140 + (SIZE / RATE) * 1000 * 0.9);
		expect(got.ms).toBeLessThan(10_000);
	});

	test('the cap is per connection: two at once get about twice the bandwidth of one', async () => {
		const ids = [await addFile(emu, 'a.jpg'), await addFile(emu, 'b.jpg')];
		const urls = [await urlOf(emu, [ids[0]]), await urlOf(emu, [ids[1]])];
		const one = await timedGet(urls[0]);
		const t0 = performance.now();
		const both = await Promise.all(urls.map((u) => timedGet(u)));
		const twoMs = performance.now() - t0;
		expect(both.map((b) => b.bytes.length)).toEqual([SIZE, SIZE]);
		// Twice the bytes in about the same time: well above 1× (one shared cap), at most 2×.
		const ratio = (2 * SIZE) / twoMs / (SIZE / one.ms);
		expect(ratio).toBeGreaterThan(1.5);
		expect(ratio).toBeLessThan(2.3);
	});

	test('archives are shaped too', async () => {
		const ids = [await addFile(emu, 'z1.jpg'), await addFile(emu, 'z2.jpg')];
		const got = await timedGet(await urlOf(emu, ids));
		expect(got.res.headers.get('content-type')).toBe('application/zip');
		expect(got.ms).toBeGreaterThanOrEqual(((2 * SIZE) / RATE) * 1000 * 0.9);
		expect((await readZip(got.bytes)).map((e) => e.name).sort()).toEqual(['z1.jpg', 'z2.jpg']);
	});
});

describe('Range switch', () => {
	const bytes = randomBytes(100_000);

	test.each([
		{ ranges: undefined, says: 'off by default: no Accept-Ranges', acceptRanges: null },
		{
			ranges: 'advertised' as const,
			says: "'advertised': Accept-Ranges: bytes",
			acceptRanges: 'bytes',
		},
	])(
		'$says, and a Range header still gets the whole file (200)',
		async ({ ranges, acceptRanges }) => {
			const emu = await startEmulator({ seed: false, ranges });
			try {
				const url = await urlOf(emu, [await addFile(emu, 'r.jpg', bytes)]);
				const got = await timedGet(url, { range: 'bytes=10-19' });
				expect(got.res.status).toBe(200);
				expect(got.res.headers.get('accept-ranges')).toBe(acceptRanges);
				expect(got.res.headers.get('content-range')).toBeNull();
				expect(sha256(got.bytes)).toBe(sha256(bytes));
			} finally {
				await emu.close();
			}
		},
	);

	test('on: single files answer 206 with the slice, 416 when unsatisfiable; archives stay whole', async () => {
		const emu = await startEmulator({ seed: false, ranges: true });
		try {
			const id = await addFile(emu, 'r.jpg', bytes);
			const url = await urlOf(emu, [id]);
			const whole = await timedGet(url);
			expect(whole.res.status).toBe(200);
			expect(whole.res.headers.get('accept-ranges')).toBe('bytes');

			const part = await timedGet(url, { range: 'bytes=10-19' });
			expect(part.res.status).toBe(206);
			expect(part.res.headers.get('content-range')).toBe(`bytes 10-19/${bytes.length}`);
			expect(part.bytes.equals(bytes.subarray(10, 20))).toBe(true);

			const tail = await timedGet(url, { range: 'bytes=-5' });
			expect(tail.bytes.equals(bytes.subarray(-5))).toBe(true);
			const open = await timedGet(url, { range: `bytes=${bytes.length - 3}-` });
			expect(open.bytes.equals(bytes.subarray(-3))).toBe(true);

			const bad = await timedGet(url, { range: `bytes=${bytes.length}-` });
			expect(bad.res.status).toBe(416);
			expect(bad.res.headers.get('content-range')).toBe(`bytes */${bytes.length}`);

			const other = await addFile(emu, 'r2.jpg');
			const zip = await timedGet(await urlOf(emu, [id, other]), { range: 'bytes=0-9' });
			expect(zip.res.status).toBe(200);
			expect(zip.res.headers.get('accept-ranges')).toBeNull();
			expect(await readZip(zip.bytes)).toHaveLength(2);
		} finally {
			await emu.close();
		}
	});

	test('a file fault with `ranged: true` waits for a GET with a Range header', async () => {
		const emu = await startEmulator({ seed: false, ranges: true });
		try {
			const url = await urlOf(emu, [await addFile(emu, 'r.jpg', bytes)]);
			emu.faults.add({ endpoint: 'file', ranged: true, status: 503 });
			expect((await timedGet(url)).res.status).toBe(200);
			expect((await timedGet(url, { range: 'bytes=0-9' })).res.status).toBe(503);
			expect((await timedGet(url, { range: 'bytes=0-9' })).res.status).toBe(206);
		} finally {
			await emu.close();
		}
	});
});
