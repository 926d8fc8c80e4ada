// Get Download through real n8n (issue 25): the e2e suite's n8n installs, this package packed
// and installed into the user folder's .n8n/nodes as a user installs a tarball, workflows
// imported once, then `n8n execute` per run. The node's own time is n8n's `executionTime` in the
// run data; the process's CPU time and peak RSS come from /usr/bin/time.
import { promises as fs } from 'fs';
import { join } from 'path';

import { run as runProcess } from '../../engine/processes';
import { chain, TYPES } from '../../engine/workflowJson';
import { nodesFolder } from '../../test/e2e/helpers/installer';
import { N8nInstance, parseRawOutput } from '../../test/e2e/helpers/n8n';
import { n8nBin, runtime } from '../../test/e2e/helpers/n8nInstall';
import type { N8nTarget } from '../../test/e2e/helpers/versions';

export type BinaryMode = 'filesystem' | 'database';

export interface RealRun {
	/** The Get Download node's own time (n8n's executionTime), ms. */
	nodeMs: number;
	/** Garbage collection during the node's run (from --trace-gc): full and young collections. */
	gc: { fullMs: number; full: number; youngMs: number; young: number };
	/** The heap left by the process's last full collection (MB, from --trace-gc): n8n's live heap. */
	liveHeapMb?: number;
	/** The whole `n8n execute` process: wall, CPU (user + system), peak RSS. */
	wallMs: number;
	cpuMs: number;
	peakRss: number;
	files: number;
	bytes: number;
	/** How the process ended when it did not exit 0 after a finished execution (a crash on shutdown). */
	exit?: string;
	/** The binary data mode seen on the output (`filesystem-v2`, `database`...). */
	stored: string;
}

export interface RealWorkflow {
	id: string;
	ids: string[];
	credentialId: string;
}

/** A floor workflow: the download alone of this URL, or with n8n's store (bench/floor). */
export interface FloorWorkflow {
	id: string;
	url: string;
	/** Give the body to n8n's binary data store instead of dropping it. */
	store?: boolean;
}

const DOWNLOAD = 'Get Download';
export const FLOOR = 'Download Floor';

/** Manual trigger → Get Download of these IDs (one archive: at most 49 IDs). */
function workflow(spec: RealWorkflow, credentialName: string) {
	return {
		id: spec.id,
		name: `Speed ${spec.id}`,
		...chain({
			name: DOWNLOAD,
			type: TYPES.download,
			typeVersion: 2,
			parameters: { itemIds: spec.ids.join(','), options: {} },
			credentials: { sharedGalleryApi: { id: spec.credentialId, name: credentialName } },
		}),
	};
}

/** Manual trigger → Download Floor of this URL. */
function floorWorkflow(spec: FloorWorkflow) {
	return {
		id: spec.id,
		name: `Floor ${spec.id}`,
		...chain({
			name: FLOOR,
			type: 'n8n-nodes-bench-floor.downloadFloor',
			typeVersion: 1,
			parameters: { url: spec.url, store: spec.store === true },
		}),
	};
}

export class RealN8n {
	private constructor(
		readonly target: N8nTarget,
		private readonly instance: N8nInstance,
	) {}

	/** A user folder with the packed packages installed and the workflows imported. */
	static async start(
		target: N8nTarget,
		tarballs: string[],
		api: { baseUrl: string; apiKey: string; siteId: string },
		workflows: RealWorkflow[],
		floors: FloorWorkflow[] = [],
	): Promise<RealN8n> {
		const instance = await N8nInstance.create(target, { install: false });
		const folder = nodesFolder(instance.userFolder);
		await fs.mkdir(folder, { recursive: true });
		await fs.writeFile(
			join(folder, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }),
		);
		const installed = await runProcess(
			'npm',
			['install', ...tarballs, '--legacy-peer-deps', '--no-audit', '--no-fund'],
			{ cwd: folder, env: { ...process.env, ...runtime(target).env }, timeoutMs: 300_000 },
		);
		if (installed.code !== 0) throw new Error(`npm install of the tarballs: ${installed.stderr}`);
		const credentialName = 'Speed bench';
		const credentialIds = [...new Set(workflows.map((w) => w.credentialId))];
		await instance.importCredentials(
			credentialIds.map((id) => ({
				id,
				name: credentialName,
				type: 'sharedGalleryApi',
				data: { authentication: 'apiKey', ...api },
			})),
		);
		await instance.importWorkflows([
			...workflows.map((w) => workflow(w, credentialName)),
			...floors.map(floorWorkflow),
		]);
		return new RealN8n(target, instance);
	}

	/** One `n8n execute` of a workflow whose node is `node`; its binary data is removed after. */
	async execute(id: string, mode: BinaryMode, node = DOWNLOAD): Promise<RealRun> {
		const storage = join(this.instance.root, 'binary-data');
		const env = await this.instance.env({
			N8N_DEFAULT_BINARY_DATA_MODE: mode,
			N8N_BINARY_DATA_STORAGE_PATH: storage,
		});
		const spawnedAt = Date.now();
		const exit = await runProcess(
			'/usr/bin/time',
			[
				'-f',
				'BENCH_TIME %e %M %U %S',
				runtime(this.target).node,
				// Each collection's pause and incremental marking, to sum over the node's run.
				'--trace-gc',
				...(process.env.BENCH_N8N_FLAGS?.split(' ').filter(Boolean) ?? []),
				n8nBin(this.target),
				'execute',
				`--id=${id}`,
				'--rawOutput',
			],
			{ cwd: this.instance.root, env, timeoutMs: 10 * 60_000 },
		);
		await fs.rm(storage, { recursive: true, force: true });
		// Development: the process's whole output (with BENCH_N8N_FLAGS=--trace-gc, say).
		if (process.env.BENCH_N8N_STDOUT) await fs.writeFile(process.env.BENCH_N8N_STDOUT, exit.stdout);
		const time = /BENCH_TIME ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(exit.stderr);
		const json = parseRawOutput(exit.stdout) as
			| {
					finished?: boolean;
					status?: string;
					data?: { resultData?: { runData?: Record<string, RunEntry[]>; error?: unknown } };
			  }
			| undefined;
		const entry = json?.data?.resultData?.runData?.[node]?.[0];
		// n8n 2.41.1 on Node 24 sometimes dies of SIGSEGV while it shuts down, after printing a
		// finished execution: the run data stands, and the crash is kept in `exit`.
		const finished = json?.finished === true && json?.status === 'success';
		if ((exit.code !== 0 && !finished) || !time || !entry || entry.error) {
			const why =
				entry?.error ??
				json?.data?.resultData?.error ??
				`${exit.stderr.slice(-1500)} stdout: ${exit.stdout.slice(-1500)}`;
			throw new Error(`n8n ${this.target.n8n} execute ${id} failed: ${JSON.stringify(why)}`);
		}
		const items = entry.data?.main?.[0] ?? [];
		const binaries = items.map((item) => item.binary?.data);
		// The node's run on the process's clock (trace-gc counts from the process's start).
		const from = entry.startTime - spawnedAt;
		return {
			nodeMs: entry.executionTime,
			gc: gcDuring(exit.stdout, from, from + entry.executionTime),
			liveHeapMb: liveHeap(exit.stdout),
			wallMs: Number(time[1]) * 1000,
			cpuMs: (Number(time[3]) + Number(time[4])) * 1000,
			peakRss: Number(time[2]) * 1024,
			files: binaries.filter(Boolean).length,
			bytes: items.reduce(
				(sum, item) => sum + Number(item.json?.fileSize ?? item.json?.bytes ?? 0),
				0,
			),
			exit:
				exit.code === 0
					? undefined
					: (/terminated by signal \d+/.exec(exit.stderr)?.[0] ?? `exit ${exit.code}`),
			stored: [...new Set(binaries.map((b) => String(b?.id ?? 'memory').split(':')[0]))].join(','),
		};
	}

	dispose(): void {
		this.instance.dispose();
	}
}

interface RunEntry {
	startTime: number;
	executionTime: number;
	error?: unknown;
	data?: {
		main?: Array<
			Array<{
				json?: { fileSize?: number; bytes?: number };
				binary?: Record<string, { id?: string } | undefined>;
			}>
		>;
	};
}

/**
 * V8's --trace-gc lines between two times (ms since the process started): a mark-compact's
 * pause plus its incremental marking steps, and each scavenge's pause. The window is the node's
 * run placed by the wall clock, so it is off by the process's start-up delay (tens of ms).
 */
export function gcDuring(
	output: string,
	from: number,
	to: number,
): { fullMs: number; full: number; youngMs: number; young: number } {
	const gc = { fullMs: 0, full: 0, youngMs: 0, young: 0 };
	const line =
		/^\[\d+:0x[0-9a-f]+\]\s+(\d+) ms: (Mark-Compact|Scavenge|Minor Mark-Sweep)[^,]*MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms(?:\s+\(\+ ([\d.]+) ms in)?/gm;
	for (const match of output.matchAll(line)) {
		const at = Number(match[1]);
		if (at < from || at > to) continue;
		const ms = Number(match[3]) + Number(match[4] ?? 0);
		if (match[2] === 'Mark-Compact') {
			gc.full++;
			gc.fullMs += ms;
		} else {
			gc.young++;
			gc.youngMs += ms;
		}
	}
	return gc;
}

/** The heap size after the last mark-compact in V8's --trace-gc output (MB). */
export function liveHeap(output: string): number | undefined {
	const sizes = [
		...output.matchAll(
			/^\[\d+:0x[0-9a-f]+\]\s+\d+ ms: Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+)/gm,
		),
	];
	return sizes.length ? Number(sizes[sizes.length - 1][1]) : undefined;
}
