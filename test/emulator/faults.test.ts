import * as http from 'http';
import { SEED, parseFaultSpec, startEmulator, type Emulator } from '../../emulator';
import { buildZip, crc32 } from '../../emulator/zip';
import { PATHS, api, getBytes, query, readZip, sha256 } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.faults.clear();
	emu.resetLogs();
});

const S = SEED.media;
const downloadUrl = async (ids: string[]) =>
	(await api(emu, PATHS.download, { itemIds: ids })).body.url as string;

/** Raw GET that reports what arrived before an error, instead of throwing it away. */
function rawGet(url: string): Promise<{
	status?: number;
	headers?: http.IncomingHttpHeaders;
	bytes: Buffer;
	error?: Error;
	complete: boolean;
}> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		const req = http.get(url, (res) => {
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({
					status: res.statusCode,
					headers: res.headers,
					bytes: Buffer.concat(chunks),
					complete: res.complete,
				}),
			);
			res.on('error', (error) =>
				resolve({
					status: res.statusCode,
					headers: res.headers,
					bytes: Buffer.concat(chunks),
					error,
					complete: false,
				}),
			);
			res.on('aborted', () => undefined);
		});
		req.on('error', (error) => resolve({ bytes: Buffer.concat(chunks), error, complete: false }));
	});
}

/** Raw POST to the API origin, same idea. */
function rawPost(emu: Emulator, path: string, body: unknown) {
	const u = new URL(emu.baseUrl + path);
	return new Promise<{ status?: number; bytes: Buffer; error?: Error; complete: boolean }>(
		(resolve) => {
			const chunks: Buffer[] = [];
			const req = http.request(
				{
					host: u.hostname,
					port: u.port,
					path: u.pathname,
					method: 'POST',
					headers: {
						'content-type': 'application/json',
						authorization: emu.credentials.apiKey,
						'wix-site-id': emu.credentials.siteId,
					},
				},
				(res) => {
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () =>
						resolve({
							status: res.statusCode,
							bytes: Buffer.concat(chunks),
							complete: res.complete,
						}),
					);
					res.on('error', (error) =>
						resolve({
							status: res.statusCode,
							bytes: Buffer.concat(chunks),
							error,
							complete: false,
						}),
					);
				},
			);
			req.on('error', (error) => resolve({ bytes: Buffer.concat(chunks), error, complete: false }));
			req.end(JSON.stringify(body));
		},
	);
}

describe('status faults', () => {
	test('429 with Retry-After, once, then normal', async () => {
		emu.faults.add({ endpoint: 'query', status: 429, retryAfter: 2 });
		const r = await query(emu, {});
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBe('2');
		expect(r.body.details.applicationError.code).toBe('RESOURCE_EXHAUSTED');
		expect(emu.requestLog[0]).toMatchObject({ status: 429, fault: expect.stringContaining('429') });
		expect((await query(emu, {})).status).toBe(200);
	});

	test('429 without Retry-After', async () => {
		emu.faults.add({ endpoint: 'query', status: 429 });
		const r = await query(emu, {});
		expect(r.status).toBe(429);
		expect(r.headers.get('retry-after')).toBeNull();
	});

	test('5xx bodies are {message: "", details: {}}; times counts; other endpoints unaffected', async () => {
		emu.faults.add({ endpoint: 'download-url', status: 503, times: 3 });
		expect((await query(emu, {})).status).toBe(200);
		for (let i = 0; i < 3; i++) {
			const r = await api(emu, PATHS.download, { itemIds: [S.garden] });
			expect(r.status).toBe(503);
			expect(r.body).toEqual({ message: '', details: {} });
		}
		expect((await api(emu, PATHS.download, { itemIds: [S.garden] })).status).toBe(200);
	});

	test('faults come before auth (like a gateway) and custom bodies pass through', async () => {
		emu.faults.add({ endpoint: 'view', status: 500, body: { message: 'boom', details: {} } });
		const r = await api(emu, PATHS.view, { itemIds: [S.garden] }, 'none');
		expect(r.status).toBe(500);
		expect(r.body).toEqual({ message: 'boom', details: {} });
	});

	test('"*" matches any endpoint; times: Infinity until cleared; consumed in order', async () => {
		emu.faults.add({ endpoint: '*', status: 502, times: Infinity });
		expect((await query(emu, {})).status).toBe(502);
		expect((await api(emu, PATHS.view, { itemIds: [S.garden] })).status).toBe(502);
		expect(emu.faults.pending()).toHaveLength(1);
		emu.faults.clear();
		emu.faults.add({ endpoint: 'query', status: 500 });
		emu.faults.add({ endpoint: 'query', status: 429 });
		expect((await query(emu, {})).status).toBe(500);
		expect((await query(emu, {})).status).toBe(429);
		expect((await query(emu, {})).status).toBe(200);
	});

	test('token endpoint faults', async () => {
		emu.faults.add({ endpoint: 'token', status: 503 });
		const r = await fetch(emu.baseUrl + PATHS.token, { method: 'POST', body: '{}' });
		expect(r.status).toBe(503);
	});

	test('file host status faults', async () => {
		const url = await downloadUrl([S.garden, S.moon]);
		emu.faults.add({ endpoint: 'file', status: 503, retryAfter: 'Wed, 21 Oct 2015 07:28:00 GMT' });
		const r = await getBytes(url);
		expect(r.status).toBe(503);
		expect(r.headers.get('retry-after')).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
		expect((await getBytes(url)).status).toBe(200);
	});
});

describe('timing faults', () => {
	test('delayMs holds the answer', async () => {
		emu.faults.add({ endpoint: 'view', delayMs: 300 });
		const t = Date.now();
		const r = await api(emu, PATHS.view, { itemIds: [S.garden] });
		expect(r.status).toBe(200);
		expect(Date.now() - t).toBeGreaterThanOrEqual(280);
	});

	test('slowBodyMs: headers and part of the body, a stall, then the rest (API)', async () => {
		emu.faults.add({ endpoint: 'query', slowBodyMs: 300 });
		const t = Date.now();
		const res = await fetch(emu.baseUrl + PATHS.query, {
			method: 'POST',
			headers: { authorization: emu.credentials.apiKey, 'wix-site-id': emu.credentials.siteId },
			body: '{}',
		});
		const headersAt = Date.now() - t;
		const body = (await res.json()) as { items: unknown[] };
		expect(headersAt).toBeLessThan(250);
		expect(Date.now() - t).toBeGreaterThanOrEqual(280);
		expect(body.items.length).toBeGreaterThan(0);
	});

	test('slowBodyMs on the file host: the archive still arrives whole', async () => {
		const ids = [S.garden, S.moon, S.kite];
		const url = await downloadUrl(ids);
		emu.faults.add({ endpoint: 'file', slowBodyMs: 300 });
		const t = Date.now();
		const f = await getBytes(url);
		expect(Date.now() - t).toBeGreaterThanOrEqual(280);
		const entries = await readZip(f.bytes);
		entries.forEach((e, i) => expect(sha256(e.data)).toBe(emu.store.fileSha256(ids[i])));
	});

	test('close() cuts a pending delay short and leaves no timers', async () => {
		const e2 = await startEmulator({ seed: false });
		e2.faults.add({ endpoint: 'query', delayMs: 60_000 });
		const pending = query(e2, {}).catch((err) => err);
		await new Promise((r) => setTimeout(r, 50));
		const t = Date.now();
		await e2.close();
		await pending;
		expect(Date.now() - t).toBeLessThan(2000);
	});
});

describe('reset', () => {
	test('API: headers and part of the body, then the socket is destroyed', async () => {
		emu.faults.add({ endpoint: 'query', reset: true });
		const r = await rawPost(emu, PATHS.query, {});
		expect(r.status).toBe(200);
		expect(r.complete).toBe(false);
		expect(r.bytes.length).toBeGreaterThan(0);
		expect(() => JSON.parse(r.bytes.toString())).toThrow();
		expect(emu.requestLog[0].fault).toContain('reset');
		await expect(
			fetch(emu.baseUrl + PATHS.query, {
				method: 'POST',
				body: '{}',
				headers: { authorization: emu.credentials.apiKey, 'wix-site-id': emu.credentials.siteId },
			}),
		).resolves.toBeTruthy();
	});

	test('file: a single file is cut mid-body (Content-Length says more)', async () => {
		const url = await downloadUrl([S.japanSunset]);
		emu.faults.add({ endpoint: 'file', reset: true });
		const r = await rawGet(url);
		expect(r.status).toBe(200);
		expect(r.complete).toBe(false);
		expect(r.bytes.length).toBeGreaterThan(0);
		expect(r.bytes.length).toBeLessThan(Number(r.headers!['content-length']));
	});

	test('file: an archive is cut mid-body; fetch rejects while reading', async () => {
		const url = await downloadUrl([S.garden, S.moon]);
		emu.faults.add({ endpoint: 'file', reset: true });
		const res = await fetch(url);
		expect(res.status).toBe(200);
		await expect(res.arrayBuffer()).rejects.toThrow();
	});
});

describe('archive damage', () => {
	test('truncate: a clean HTTP end, but no central directory; the zip does not open', async () => {
		const url = await downloadUrl([S.garden, S.moon, S.kite]);
		emu.faults.add({ endpoint: 'file', truncate: true });
		const r = await rawGet(url);
		expect(r.status).toBe(200);
		expect(r.complete).toBe(true);
		const whole = await getBytes(url);
		expect(r.bytes.length).toBeLessThan(whole.bytes.length);
		expect(r.bytes.subarray(0, 4).readUInt32LE(0)).toBe(0x04034b50);
		expect(r.bytes.includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(false);
		await expect(readZip(r.bytes)).rejects.toThrow();
	});

	test('truncate: a single file comes back short, without Content-Length', async () => {
		const url = await downloadUrl([S.japanSunset]);
		emu.faults.add({ endpoint: 'file', truncate: true });
		const r = await rawGet(url);
		expect(r.complete).toBe(true);
		expect(r.headers!['content-length']).toBeUndefined();
		expect(r.bytes.length).toBeLessThan(emu.store.fileBytes(S.japanSunset).length);
		expect(emu.store.fileBytes(S.japanSunset).subarray(0, r.bytes.length).equals(r.bytes)).toBe(
			true,
		);
	});

	test('corrupt: bytes flipped inside the first file; its CRC no longer matches', async () => {
		const url = await downloadUrl([S.sunsetPier, S.moon]);
		emu.faults.add({ endpoint: 'file', corrupt: true });
		const bad = await getBytes(url);
		const good = await getBytes(url);
		expect(bad.bytes.length).toBe(good.bytes.length);
		expect(bad.bytes.equals(good.bytes)).toBe(false);
		// yauzl doesn't check CRCs: do it here, as the node's reader must.
		const [first, second] = await readZip(bad.bytes);
		expect(crc32(first.data)).not.toBe(first.entry.crc32);
		expect(sha256(first.data)).not.toBe(emu.store.fileSha256(S.sunsetPier));
		expect(crc32(second.data)).toBe(second.entry.crc32);
	});

	test('corrupt: a single file differs from the original', async () => {
		const url = await downloadUrl([S.sunsetPier]);
		emu.faults.add({ endpoint: 'file', corrupt: true });
		const bad = await getBytes(url);
		expect(bad.bytes.length).toBe(emu.store.fileBytes(S.sunsetPier).length);
		expect(sha256(bad.bytes)).not.toBe(emu.store.fileSha256(S.sunsetPier));
	});

	test('replaceBody: serves a hostile archive instead', async () => {
		const hostile = buildZip([
			{ name: '../../evil.sh', data: '#!/bin/sh\n' },
			{ name: '/etc/passwd', data: 'x' },
		]);
		const url = await downloadUrl([S.garden, S.moon]);
		emu.faults.add({ endpoint: 'file', replaceBody: hostile });
		const r = await getBytes(url);
		expect(r.headers.get('content-type')).toBe('application/zip');
		expect(r.bytes.equals(hostile)).toBe(true);
		expect(emu.fileLog[0].fault).toContain('replaceBody');
	});
});

describe('repeatCursor', () => {
	test('the response carries the cursor the request sent', async () => {
		const first = await query(emu, { paging: { limit: 3 } });
		const cursor = first.body.metadata.cursor;
		emu.faults.add({ endpoint: 'query', repeatCursor: true });
		const second = await query(emu, { paging: { limit: 3, cursor } });
		expect(second.status).toBe(200);
		expect(second.body.metadata.cursor).toBe(cursor);
		const again = await query(emu, { paging: { limit: 3, cursor } });
		expect(again.body.items).toEqual(second.body.items);
		expect(again.body.metadata.cursor).not.toBe(cursor);
	});

	test('a first page (no cursor to repeat) leaves the fault waiting for page 2', async () => {
		emu.faults.add({ endpoint: 'query', repeatCursor: true });
		const first = await query(emu, { paging: { limit: 3 } });
		const cursor = first.body.metadata.cursor;
		expect(emu.faults.pending()).toHaveLength(1);
		expect(emu.requestLog[0].fault).toBeUndefined();
		const second = await query(emu, { paging: { limit: 3, cursor } });
		expect(second.body.metadata.cursor).toBe(cursor);
		expect(emu.faults.pending()).toHaveLength(0);
	});

	test('combined with a status it applies at once', async () => {
		emu.faults.add({ endpoint: 'query', repeatCursor: true, status: 500 });
		expect((await query(emu, { paging: { limit: 3 } })).status).toBe(500);
	});
});

describe('parseFaultSpec (CLI --fault)', () => {
	test.each([
		['query:429', { endpoint: 'query', status: 429 }],
		['query:429:retry-after=2', { endpoint: 'query', status: 429, retryAfter: 2 }],
		['download-url:503x3', { endpoint: 'download-url', status: 503, times: 3 }],
		['file:reset', { endpoint: 'file', reset: true }],
		['file:truncate', { endpoint: 'file', truncate: true }],
		['file:corrupt', { endpoint: 'file', corrupt: true }],
		['query:repeat-cursor', { endpoint: 'query', repeatCursor: true }],
		['view:delay=2000', { endpoint: 'view', delayMs: 2000 }],
		['file:slow=3000', { endpoint: 'file', slowBodyMs: 3000 }],
		['*:500:times=inf', { endpoint: '*', status: 500, times: Infinity }],
		['token:401xinf', { endpoint: 'token', status: 401, times: Infinity }],
		['file:resetx2', { endpoint: 'file', reset: true, times: 2 }],
	])('%s', (spec, expected) => {
		expect(parseFaultSpec(spec)).toEqual(expected);
	});

	test.each(['nowhere:429', 'query:bogus'])('%s is rejected', (spec) => {
		expect(() => parseFaultSpec(spec)).toThrow();
	});
});
