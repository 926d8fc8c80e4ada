// Child processes for the tools around the engine: the n8n CLI and servers of the real-n8n
// suites, npm and the registry, and the bench's curl, unzip and measurement children. One runner:
// a timeout kills the whole process group, and nothing is left running after killAll().
import { spawn, type SpawnOptions } from 'child_process';

export interface ProcResult {
	code: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

const live = new Set<import('child_process').ChildProcess>();

/** Environment for child tools: the parent's, minus what `npm run` injects for this package. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^npm_(package|lifecycle)_/i.test(k)) continue;
		if (/^npm_config_(local_prefix|prefix|global|argv|save|yes)$/i.test(k)) continue;
		if (/^N8N_/.test(k) || /^(DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$)/.test(k)) continue;
		// NODE_ENV=test (set by Jest) makes `n8n execute --rawOutput` print nothing at all.
		if (k === 'INIT_CWD' || k === 'NODE_OPTIONS' || k === 'NODE_ENV' || k === 'JEST_WORKER_ID')
			continue;
		env[k] = v;
	}
	for (const [k, v] of Object.entries(extra)) {
		if (v === undefined) delete env[k];
		else env[k] = v;
	}
	return env;
}

/**
 * Run a command to completion, capturing output. Killed (whole process group) after timeoutMs.
 * Never rejects on a non-zero exit: callers look at `code`.
 */
export async function run(
	cmd: string,
	args: string[],
	opts: SpawnOptions & { timeoutMs?: number; input?: string } = {},
): Promise<ProcResult> {
	const started = Date.now();
	const { timeoutMs = 120_000, input, ...spawnOpts } = opts;
	return await new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {
			...spawnOpts,
			detached: true,
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		live.add(child);
		let stdout = '';
		let stderr = '';
		child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
		child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
		if (input !== undefined) child.stdin!.end(input);
		else child.stdin!.end();
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killTree(child);
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			live.delete(child);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			live.delete(child);
			if (timedOut) stderr += `\n(killed after ${timeoutMs} ms: ${cmd} ${args.join(' ')})\n`;
			resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
		});
	});
}

/** Start a long-lived process (a server); it is killed by stop() or by killAll(). */
export function startProcess(
	cmd: string,
	args: string[],
	opts: SpawnOptions = {},
): {
	child: import('child_process').ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
} {
	const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	live.add(child);
	let output = '';
	child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
	child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
	const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
	child.on('close', () => live.delete(child));
	return {
		child,
		output: () => output,
		async stop() {
			if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
				try {
					process.kill(-child.pid, 'SIGTERM');
				} catch {
					/* gone */
				}
				const timer = setTimeout(() => killTree(child), 10_000);
				await exited;
				clearTimeout(timer);
			}
			live.delete(child);
		},
	};
}

function killTree(child: import('child_process').ChildProcess): void {
	if (child.pid === undefined || child.exitCode !== null) return;
	try {
		process.kill(-child.pid, 'SIGKILL'); // the whole group: n8n starts a task-runner child
	} catch {
		try {
			child.kill('SIGKILL');
		} catch {
			/* already gone */
		}
	}
}

/** Kill every child this process started and that is still running (afterAll / teardown). */
export function killAll(): void {
	for (const child of live) killTree(child);
	live.clear();
}
