import { randomBytes } from 'crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { startEmulator } from '../../../emulator';
import { killAll, startProcess } from '../../../engine/processes';
import { credentialFixtures, INTERCEPTED_HOSTS, type Emulator } from '../../e2e/helpers/context';
import {
	startInterceptingProxy,
	type InterceptingProxy,
} from '../../e2e/helpers/interceptingProxy';
import { N8nInstance } from '../../e2e/helpers/n8n';
import { n8nBin, runtime } from '../../e2e/helpers/n8nInstall';
import { N8nServer } from '../../e2e/helpers/n8nServer';
import { startSocialStandIn, type SocialStandIn } from '../../e2e/helpers/socialStandIn';
import { Postgres, Redis } from './services';

/**
 * n8n in queue mode on this machine, as an operator runs it: Postgres, Redis, one main
 * instance (`n8n start`) and workers (`n8n worker`), each with its own user folder where this
 * package is placed the way n8n's installer places it. Workers start only once main has
 * migrated the database and is ready (started together, both migrate and the worker fails).
 */

export type BinaryMode = 'database' | 'filesystem';

export interface DeploymentOptions {
	workers?: number;
	/** Unset: n8n's own default, which is `database` in queue mode. */
	binaryMode?: BinaryMode;
	/** Extra environment for main and every worker. */
	env?: Record<string, string>;
}

export interface Worker {
	index: number;
	instance: N8nInstance;
	proc: ReturnType<typeof startProcess>;
	/** The environment it was started with (a restart reuses it). */
	env: Record<string, string>;
}

const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

export class QueueDeployment {
	main!: N8nServer;

	readonly workers: Worker[] = [];

	/** Binary data of filesystem mode, and Read/Write Files' folder: one, shared by every instance. */
	readonly sharedDir: string;

	readonly filesDir: string;

	/** TMPDIR of every instance: one host, one temp folder, as on a machine with several workers. */
	readonly tmpDir: string;

	/** Environment one worker was restarted with, on top of the shared one (kept across restarts). */
	private readonly workerEnv = new Map<number, Record<string, string>>();

	private readonly encryptionKey = randomBytes(24).toString('hex');

	private constructor(
		readonly root: string,
		readonly emu: Emulator,
		readonly social: SocialStandIn,
		readonly proxy: InterceptingProxy,
		readonly pg: Postgres,
		readonly redis: Redis,
		readonly mainInstance: N8nInstance,
		private options: DeploymentOptions,
	) {
		this.sharedDir = join(root, 'shared');
		this.filesDir = join(this.sharedDir, 'files');
		mkdirSync(join(this.sharedDir, 'binary'), { recursive: true });
		mkdirSync(this.filesDir, { recursive: true });
		this.tmpDir = join(root, 'tmp');
		mkdirSync(this.tmpDir);
	}

	static async start(options: DeploymentOptions = {}): Promise<QueueDeployment> {
		const root = mkdtempSync(join(tmpdir(), 'sg-queue-'));
		// Whatever started is stopped again if a later step fails.
		const undo: Array<() => Promise<void> | void> = [];
		const started = async <T>(value: Promise<T>, stop: (v: T) => Promise<void> | void) => {
			const v = await value;
			undo.unshift(() => stop(v));
			return v;
		};
		let d: QueueDeployment;
		try {
			const emu = await started(startEmulator(), async (e) => await e.close());
			const social = await started(startSocialStandIn(), async (s) => await s.close());
			const pg = await started(Postgres.start(), async (p) => await p.stop());
			const redis = await started(Redis.start(join(root, 'redis')), async (r) => await r.stop());
			const mainInstance = await started(N8nInstance.create(), (i) => i.dispose());
			const proxy = await started(
				startInterceptingProxy({
					hosts: INTERCEPTED_HOSTS,
					certDir: join(root, 'certs'),
					handler: social.handler,
				}),
				async (p) => await p.close(),
			);
			d = new QueueDeployment(root, emu, social, proxy, pg, redis, mainInstance, options);
		} catch (error) {
			killAll();
			for (const stop of undo) await Promise.resolve(stop()).catch(() => {});
			rmSync(root, { recursive: true, force: true });
			throw error;
		}
		try {
			d.mainInstance.extraEnv = d.sharedEnv();
			// The first CLI call migrates the database, before any server starts.
			await d.mainInstance.importCredentials(credentialFixtures(d.emu));
			d.main = await N8nServer.start(d.mainInstance);
			await d.main.setupOwner();
			const count = options.workers ?? 2;
			const instances: N8nInstance[] = [];
			try {
				for (let i = 0; i < count; i++) instances.push(await N8nInstance.create());
			} catch (error) {
				for (const inst of instances) inst.dispose();
				throw error;
			}
			await Promise.all(instances.map(async (inst, i) => await d.startWorker(i, inst)));
		} catch (error) {
			await d.close();
			throw error;
		}
		return d;
	}

	/** What main and every worker share: the database, Redis, the key, the storage folder. */
	sharedEnv(): Record<string, string> {
		const mode = this.options.binaryMode;
		return {
			...this.pg.env(),
			...this.redis.env(),
			...this.proxy.env,
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			// n8n 3.0's behaviour: the editor's runs go to the workers too.
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			N8N_BINARY_DATA_STORAGE_PATH: join(this.sharedDir, 'binary'),
			N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir,
			N8N_LOG_LEVEL: 'info',
			TMPDIR: this.tmpDir,
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
			...(mode ? { N8N_DEFAULT_BINARY_DATA_MODE: mode } : {}),
			...this.options.env,
		};
	}

	private async startWorker(index: number, instance: N8nInstance): Promise<Worker> {
		const env = { ...this.sharedEnv(), ...this.workerEnv.get(index) };
		instance.extraEnv = env;
		const proc = startProcess(
			runtime(instance.target).node,
			[n8nBin(instance.target), 'worker', '--concurrency=10'],
			{ cwd: instance.root, env: await instance.env() },
		);
		const worker: Worker = { index, instance, proc, env };
		this.workers[index] = worker;
		const deadline = Date.now() + 180_000;
		while (!proc.output().includes('n8n worker is now ready')) {
			if (proc.child.exitCode !== null || Date.now() > deadline)
				throw new Error(
					`[queue] worker ${index} did not start (${proc.child.exitCode}):\n${proc.output().slice(-4000)}`,
				);
			await sleep(300);
		}
		return worker;
	}

	/** The worker is killed at once (SIGKILL, as the OOM killer does), with its task runner. */
	killWorker(index: number): void {
		const pid = this.workers[index].proc.child.pid!;
		process.kill(-pid, 'SIGKILL');
	}

	async restartWorker(index: number, extraEnv: Record<string, string> = {}): Promise<Worker> {
		const old = this.workers[index];
		await old.proc.stop();
		this.workerEnv.set(index, { ...this.workerEnv.get(index), ...extraEnv });
		return await this.startWorker(index, old.instance);
	}

	/** Stops main and starts it again (same database): the editor logs in again. */
	async restartMain(): Promise<void> {
		await this.stopMain();
		await this.startMain();
	}

	async stopMain(): Promise<void> {
		await this.main.stop();
	}

	async startMain(): Promise<void> {
		this.mainInstance.extraEnv = this.sharedEnv();
		this.main = await N8nServer.start(this.mainInstance);
		await this.main.login();
	}

	/** Every instance restarted with another binary data mode (or n8n's default). */
	async setBinaryMode(
		mode: BinaryMode | undefined,
		env: Record<string, string> = {},
	): Promise<void> {
		this.options = { ...this.options, binaryMode: mode, env: { ...this.options.env, ...env } };
		for (const w of this.workers) await w.proc.stop();
		await this.restartMain();
		await Promise.all(this.workers.map(async (w) => await this.startWorker(w.index, w.instance)));
	}

	/** The worker that ran an execution, from its own log line. */
	workerOf(executionId: string): number | undefined {
		const line = `Worker started execution ${executionId} `;
		return this.workers.find((w) => w.proc.output().includes(line))?.index;
	}

	/** Peak resident memory of a worker's n8n process since it started (VmHWM), in bytes. */
	peakRss(index: number): number {
		const status = readFileSync(`/proc/${this.workers[index].proc.child.pid}/status`, 'utf8');
		return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) * 1024;
	}

	/** Resident memory now (VmRSS), in bytes. */
	rss(index: number): number {
		const status = readFileSync(`/proc/${this.workers[index].proc.child.pid}/status`, 'utf8');
		return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
	}

	async close(): Promise<void> {
		for (const w of this.workers) await w.proc.stop().catch(() => {});
		await this.main?.stop().catch(() => {});
		killAll();
		await this.redis.stop().catch(() => {});
		await this.pg.stop().catch(() => {});
		await this.proxy.close().catch(() => {});
		await this.social.close().catch(() => {});
		await this.emu.close().catch(() => {});
		for (const w of this.workers) w.instance.dispose();
		this.mainInstance.dispose();
		if (!process.env.SG_E2E_KEEP_TMP) rmSync(this.root, { recursive: true, force: true });
	}
}
