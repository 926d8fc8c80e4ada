import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'fs';
import { homedir } from 'os';
import { join } from 'path';
import { cleanEnv, run } from './proc';

/** n8n 2.8.4 is the newest n8n that runs on Node 20 (see docs / the measured recipe). */
export const N8N_VERSION = '2.8.4';
const MARKER = '.sg-e2e-install-ok';
const INSTALL_TIMEOUT_MS = 40 * 60_000;

/** Root of the cache: $SG_N8N_CACHE, else ~/.cache/n8n-nodes-shared-gallery. */
export function cacheRoot(): string {
	return process.env.SG_N8N_CACHE || join(homedir(), '.cache', 'n8n-nodes-shared-gallery');
}

export function installDir(): string {
	return join(cacheRoot(), `n8n-${N8N_VERSION}`);
}

/** The n8n CLI entry point (run with `node <bin>`). */
export function n8nBin(dir = installDir()): string {
	return join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Folder holding n8n-nodes-base inside the install (for reading node definitions). */
export function nodesBaseDir(dir = installDir()): string {
	return join(dir, 'node_modules', 'n8n-nodes-base');
}

const PACKAGE_JSON = {
	name: 'n8n-e2e-cache',
	private: true,
	dependencies: { n8n: N8N_VERSION },
	// n8n-nodes-base pins xlsx to a CDN tarball that is not reachable: take it from the registry.
	overrides: { xlsx: '0.18.5' },
};

function installLooksComplete(dir: string): boolean {
	if (!existsSync(join(dir, MARKER))) return false;
	if (!existsSync(join(dir, 'node_modules', '.bin', 'n8n'))) return false;
	try {
		const pkg = JSON.parse(readFileSync(join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'));
		return pkg.version === N8N_VERSION;
	} catch {
		return false;
	}
}

async function sleep(ms: number): Promise<void> {
	await new Promise((r) => setTimeout(r, ms));
}

/** A mkdir lock so that two runs on one machine do not install into the same folder at once. */
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
	const lock = join(dir, '.install.lock');
	const deadline = Date.now() + INSTALL_TIMEOUT_MS;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(join(lock, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
			// Stale lock (holder died)? Take it over if the holder pid is gone.
			let holderAlive = true;
			try {
				const pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
				if (pid) process.kill(pid, 0);
			} catch {
				holderAlive = Date.now() - statSync(lock).mtimeMs < 10_000; // pid not written yet
			}
			if (!holderAlive) {
				rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`[e2e] timed out waiting for install lock ${lock}`);
			await sleep(2000);
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/**
 * Make sure n8n@2.8.4 is installed in the cache folder; install it when missing or incomplete.
 * Returns the install folder. A marker file is written only after a successful install.
 */
export async function ensureN8n(log: (msg: string) => void = () => {}): Promise<{ dir: string; installedNow: boolean; ms: number }> {
	const dir = installDir();
	const started = Date.now();
	if (installLooksComplete(dir)) return { dir, installedNow: false, ms: 0 };
	mkdirSync(dir, { recursive: true });
	return await withLock(dir, async () => {
		if (installLooksComplete(dir)) return { dir, installedNow: false, ms: Date.now() - started };
		log(`[e2e] installing n8n@${N8N_VERSION} into ${dir} (first run only, ~6 min)...`);
		writeFileSync(join(dir, 'package.json'), JSON.stringify(PACKAGE_JSON, null, 2) + '\n');
		const logFile = join(dir, 'install.log');
		const res = await run(
			'npm',
			['install', '--no-audit', '--no-fund', '--loglevel=warn'],
			{ cwd: dir, env: cleanEnv(), timeoutMs: INSTALL_TIMEOUT_MS },
		);
		appendFileSync(logFile, `\n--- ${new Date().toISOString()} npm install\n${res.stdout}\n${res.stderr}\nrc=${res.code}\n`);
		if (res.code !== 0 || !existsSync(n8nBin(dir))) {
			throw new Error(
				`[e2e] npm install n8n@${N8N_VERSION} failed (rc=${res.code}); see ${logFile}\n${res.stderr.slice(-3000)}`,
			);
		}
		const check = await run(process.execPath, [n8nBin(dir), '--version'], { env: cleanEnv(), timeoutMs: 60_000 });
		if (check.code !== 0 || !check.stdout.includes(N8N_VERSION)) {
			throw new Error(`[e2e] installed n8n does not start: ${check.stdout}\n${check.stderr}`);
		}
		writeFileSync(join(dir, MARKER), JSON.stringify({ version: N8N_VERSION, at: new Date().toISOString() }) + '\n');
		log(`[e2e] n8n installed in ${Math.round((Date.now() - started) / 1000)} s`);
		return { dir, installedNow: true, ms: Date.now() - started };
	});
}
