import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { createServer, type Server } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';

const root = path.join(__dirname, '../..');

// tsx keeps a cache in the temp folder: the child gets a private one, removed after the suite.
let childTmp: string;
beforeAll(() => (childTmp = mkdtempSync(path.join(tmpdir(), 'sg-cli-'))));
afterAll(() => rmSync(childTmp, { recursive: true, force: true }));

/** Starts the CLI; on any free port unless `args` name one or `defaultPort` asks for 8787. */
function start(
	args: string[],
	{ defaultPort = false } = {},
): Promise<{ child: ChildProcess; firstLine: string; output: () => string }> {
	const port = defaultPort || args.some((a) => a.startsWith('--port')) ? [] : ['--port', '0'];
	const child = spawn(
		process.execPath,
		[path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'emulator/cli.ts', ...port, ...args],
		{
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, TMPDIR: childTmp },
		},
	);
	return new Promise((resolve, reject) => {
		let stdout = '';
		let stderr = '';
		child.stderr!.on('data', (c) => (stderr += c));
		child.stdout!.on('data', (c) => {
			stdout += c;
			const nl = stdout.indexOf('\n');
			if (nl >= 0) resolve({ child, firstLine: stdout.slice(0, nl), output: () => stdout });
		});
		child.once('exit', (code) => reject(new Error(`cli exited ${code}: ${stderr}`)));
	});
}

function stop(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve) => {
		child.removeAllListeners('exit');
		child.once('exit', (code) => resolve(code));
		child.kill('SIGTERM');
	});
}

describe('npm run emulator (cli.ts)', () => {
	test('--json prints one line of connection info; flags and faults apply; SIGTERM exits cleanly', async () => {
		const { child, firstLine } = await start([
			'--json',
			'--max-page-size',
			'5',
			'--fault',
			'query:429:retry-after=2',
			'--fault=view:503x2',
		]);
		try {
			const info = JSON.parse(firstLine);
			expect(Object.keys(info)).toEqual(
				expect.arrayContaining([
					'baseUrl',
					'fileBaseUrl',
					'apiKey',
					'siteId',
					'clientId',
					'clientSecret',
					'instanceId',
					'instanceToken',
				]),
			);
			expect(info.fileBaseUrl).not.toBe(info.baseUrl);
			const call = (p: string, body: unknown) =>
				fetch(info.baseUrl + p, {
					method: 'POST',
					headers: { authorization: info.apiKey, 'wix-site-id': info.siteId },
					body: JSON.stringify(body),
				});
			const limited = await call('/shared-gallery/v1/items/query', {});
			expect(limited.status).toBe(429);
			expect(limited.headers.get('retry-after')).toBe('2');
			const page = (await (
				await call('/shared-gallery/v1/items/query', { paging: { limit: 50 } })
			).json()) as { items: unknown[] };
			expect(page.items).toHaveLength(5);
			expect((await call('/shared-gallery/v1/visual-media/view', { itemIds: ['x'] })).status).toBe(
				503,
			);
			expect((await call('/shared-gallery/v1/visual-media/view', { itemIds: ['x'] })).status).toBe(
				503,
			);
			expect((await call('/shared-gallery/v1/visual-media/view', { itemIds: ['x'] })).status).toBe(
				404,
			);
			const token = await fetch(info.baseUrl + '/oauth2/token', {
				method: 'POST',
				body: JSON.stringify({
					grant_type: 'client_credentials',
					client_id: info.clientId,
					client_secret: info.clientSecret,
					instance_id: info.instanceId,
				}),
			});
			expect(token.status).toBe(200);
			const inst = await fetch(info.baseUrl + '/shared-gallery/v1/items/query', {
				method: 'POST',
				headers: { authorization: info.instanceToken },
				body: '{}',
			});
			expect(inst.status).toBe(200);
		} finally {
			expect(await stop(child)).toBe(0);
		}
	}, 30_000);

	test('human-readable output names the URLs and credentials', async () => {
		const { child, output } = await start(['--no-seed']);
		await new Promise((r) => setTimeout(r, 300));
		await stop(child);
		const out = output();
		// Each value under the credential field's own name, ready to paste (not as a header line).
		const credential = out.slice(0, out.indexOf('Try:'));
		expect(credential).toMatch(/^\s+API Key\s+IST\.\S+$/m);
		expect(credential).toMatch(/^\s+Site ID\s+[0-9a-f-]{36}$/m);
		expect(credential).toMatch(/^\s+Base URL\s+http:\/\/127\.0\.0\.1:\d+$/m);
		expect(credential).toMatch(/^\s+Client Secret\s+\S+$/m);
		expect(credential).toMatch(/^\s+Instance Token\s+\S+/m);
		expect(credential).not.toMatch(/Authorization:|wix-site-id:/);
	}, 30_000);

	test('--large-site seeds 10,000 members and 500 albums', async () => {
		const { child, firstLine } = await start(['--json', '--large-site']);
		try {
			const info = JSON.parse(firstLine);
			expect(info.members).toBe(10_000);
		} finally {
			expect(await stop(child)).toBe(0);
		}
	}, 30_000);

	test('--link and --ranges shape the file host', async () => {
		const { child, firstLine } = await start(['--json', '--link', '25MB/s,50ms', '--ranges']);
		try {
			const info = JSON.parse(firstLine);
			expect(info.link).toEqual({ bytesPerSecond: 25_000_000, firstByteMs: 50 });
			expect(info.ranges).toBe(true);
			const t0 = Date.now();
			const res = await fetch(info.fileBaseUrl + '/_api/download/file?downloadToken=x');
			expect(res.status).toBe(403);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
		} finally {
			expect(await stop(child)).toBe(0);
		}
	}, 30_000);

	test('--port N: the API listens there, and the printout gives the Base URL to paste', async () => {
		const free = await freePort();
		const { child, output } = await start(['--port', String(free)]);
		await new Promise((r) => setTimeout(r, 300));
		await stop(child);
		const out = output();
		expect(out.split('\n')[0]).toBe(`Shared Gallery emulator on port ${free}`);
		expect(out).toMatch(new RegExp(`^\\s+Base URL\\s+http://127\\.0\\.0\\.1:${free}$`, 'm'));
	}, 30_000);

	test('without --port it takes 8787, and says what to do when 8787 is taken', async () => {
		// Whoever holds 8787 (this test, or an emulator already running), the CLI must not move.
		const holder = await hold(8787);
		try {
			const started = start([], { defaultPort: true });
			await expect(started).rejects.toThrow(
				/port 8787 is taken \(is another emulator still running\?\)\. Stop it, or choose another port: npm run emulator -- --port \d+/,
			);
		} finally {
			await new Promise((r) => (holder ? holder.close(r) : r(undefined)));
		}
	}, 30_000);

	test('a bad flag exits 1 with a message', async () => {
		await expect(start(['--link', '25MB'])).rejects.toThrow(/bad link spec/);
		await expect(start(['--bogus'])).rejects.toThrow(/unknown flag --bogus/);
		await expect(start(['--fault', 'nowhere:500'])).rejects.toThrow(/unknown endpoint/);
	}, 30_000);
});

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

/** Listens on `port`; undefined when something else already holds it. */
function hold(port: number): Promise<Server | undefined> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', (err: NodeJS.ErrnoException) =>
			err.code === 'EADDRINUSE' ? resolve(undefined) : reject(err),
		);
		server.listen(port, '127.0.0.1', () => resolve(server));
	});
}
