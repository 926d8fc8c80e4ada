// Child processes, always asynchronous: the emulator serving them lives in this process.
import { existsSync } from 'fs';
import { join } from 'path';

import { run as runProcess, type ProcResult } from '../../engine/processes';
import type { ChildJob, ChildResult } from './jobs';
import { RESULT_TAG } from './jobs';

const ROOT = join(__dirname, '..', '..');

export type Exit = ProcResult;

/** A command run from the repository root (the bench's curl, unzip and children). */
export async function run(
	command: string,
	args: string[],
	options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Exit> {
	return await runProcess(command, args, {
		cwd: ROOT,
		env: options.env ?? process.env,
		timeoutMs: options.timeoutMs ?? 24 * 3600_000,
	});
}

/** One measurement in a fresh Node process (bench/lib/child.ts); `node`: another Node binary. */
export async function runChild(
	job: ChildJob,
	nodeFlags: string[] = [],
	timeoutMs = 10 * 60_000,
	node = process.execPath,
): Promise<ChildResult> {
	const flags = [
		'--expose-gc',
		...nodeFlags,
		...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
	];
	return await runScript<ChildResult>(join(__dirname, 'child.ts'), job, {
		node,
		flags,
		timeoutMs,
		label: `child ${job.kind}`,
	});
}

/**
 * A bench script (TypeScript, through tsx) in a fresh Node process, its job in $BENCH_JOB; the
 * result is its one `BENCH_RESULT {json}` line.
 */
export async function runScript<T>(
	script: string,
	job: object,
	options: { node?: string; flags?: string[]; timeoutMs?: number; label?: string } = {},
): Promise<T> {
	const { node = process.execPath, flags = [], timeoutMs = 10 * 60_000 } = options;
	const exit = await run(node, [...flags, '--import', 'tsx', script], {
		env: { ...process.env, BENCH_JOB: JSON.stringify(job), N8N_DIAGNOSTICS_ENABLED: 'false' },
		timeoutMs,
	});
	const line = exit.stdout.split('\n').find((l) => l.startsWith(RESULT_TAG));
	if (exit.code !== 0 || !line) {
		const label = options.label ?? script;
		throw new Error(`${label} failed (exit ${exit.code}):\n${exit.stderr.slice(-3000)}`);
	}
	return JSON.parse(line.slice(RESULT_TAG.length)) as T;
}

export interface Timed extends Exit {
	/** Max RSS of the command, from /usr/bin/time (bytes). */
	maxRss: number;
	/** User + system CPU time (ms). */
	cpuMs: number;
}

/** A command under /usr/bin/time: its wall time and its peak RSS. */
export async function timed(command: string, args: string[]): Promise<Timed> {
	const exit = await run('/usr/bin/time', ['-f', 'BENCH_TIME %e %M %U %S', command, ...args]);
	const match = /BENCH_TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(exit.stderr);
	if (exit.code !== 0 || !match)
		throw new Error(`${command} failed (exit ${exit.code}): ${exit.stderr.slice(-2000)}`);
	return {
		...exit,
		maxRss: Number(match[2]) * 1024,
		cpuMs: (Number(match[3]) + Number(match[4])) * 1000,
	};
}

export function which(command: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(':')) {
		const candidate = join(dir, command);
		if (dir && existsSync(candidate)) return candidate;
	}
	return undefined;
}
