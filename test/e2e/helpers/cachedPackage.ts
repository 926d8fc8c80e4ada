import {
	appendFileSync,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	statSync,
	writeFileSync,
} from 'fs';
import { join } from 'path';
import { cleanEnv, run } from '../../../engine/processes';

/** Tools the suites install once into a cache folder (n8n, Node, verdaccio) and reuse. */
const MARKER = '.sg-e2e-install-ok';
const INSTALL_TIMEOUT_MS = 40 * 60_000;

/** A mkdir lock so that two runs on one machine do not install into the same folder at once. */
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
	mkdirSync(dir, { recursive: true });
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
			if (Date.now() > deadline)
				throw new Error(`[e2e] timed out waiting for install lock ${lock}`);
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/** Run one install step, logging it to the folder's install.log; throw with its tail on failure. */
export async function step(
	dir: string,
	what: string,
	cmd: string,
	args: string[],
	env: Record<string, string>,
): Promise<void> {
	const res = await run(cmd, args, { cwd: dir, env: cleanEnv(env), timeoutMs: INSTALL_TIMEOUT_MS });
	const logFile = join(dir, 'install.log');
	appendFileSync(
		logFile,
		`\n--- ${new Date().toISOString()} ${what}: ${cmd} ${args.join(' ')}\n${res.stdout}\n${res.stderr}\nrc=${res.code}\n`,
	);
	if (res.code !== 0)
		throw new Error(
			`[e2e] ${what} failed (rc=${res.code}); see ${logFile}\n${res.stderr.slice(-3000)}`,
		);
}

/** Cache a folder's content once: `install` runs only when the marker is missing, under a lock. */
export async function cached(
	dir: string,
	isComplete: () => boolean,
	install: () => Promise<void>,
): Promise<boolean> {
	if (existsSync(join(dir, MARKER)) && isComplete()) return false;
	return await withLock(dir, async () => {
		if (existsSync(join(dir, MARKER)) && isComplete()) return false;
		rmSync(join(dir, MARKER), { force: true });
		await install();
		writeFileSync(join(dir, MARKER), `${new Date().toISOString()}\n`);
		return true;
	});
}

/** npm packages installed once into `dir` (with overrides), for tools the suites run. Returns dir. */
export async function ensureCachedPackage(
	dir: string,
	dependencies: Record<string, string>,
	overrides: Record<string, string> = {},
	log: (m: string) => void = () => {},
	env: Record<string, string> = {},
): Promise<string> {
	const complete = () =>
		Object.keys(dependencies).every((name) =>
			existsSync(join(dir, 'node_modules', name, 'package.json')),
		);
	await cached(dir, complete, async () => {
		log(
			`[e2e] installing ${Object.entries(dependencies)
				.map(([n, v]) => `${n}@${v}`)
				.join(', ')} into ${dir} (first run only)...`,
		);
		writeFileSync(
			join(dir, 'package.json'),
			JSON.stringify({ name: 'sg-e2e-cache', private: true, dependencies, overrides }, null, 2) +
				'\n',
		);
		await step(
			dir,
			'npm install',
			'npm',
			['install', '--no-audit', '--no-fund', '--loglevel=warn'],
			env,
		);
	});
	return dir;
}
