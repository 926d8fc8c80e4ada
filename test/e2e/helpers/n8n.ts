import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { freePorts } from './freePort';
import { installLikeN8n } from './installer';
import { n8nBin, runtime } from './n8nInstall';
import { PACKAGE_NAME } from './pack';
import { runRegistry } from './registry';
import { cleanEnv, run, type ProcResult } from '../../../engine/processes';
import { currentTarget, type N8nTarget } from './versions';

export interface CredentialFixture {
	id: string;
	name: string;
	type: string;
	/** Plain data: n8n encrypts it with the user folder's key on import. */
	data: Record<string, unknown>;
}

export interface ExecResult extends ProcResult {
	/** Parsed execution JSON from `--rawOutput` (undefined when none was printed). */
	json?: any;
}

/** Environment shared by every run: one user folder, one restricted file folder. */
export class N8nInstance {
	readonly root: string;
	readonly userFolder: string;
	/** The only folder Read/Write Files may touch (N8N_RESTRICT_FILE_ACCESS_TO). */
	readonly filesDir: string;
	/** Extra environment for every n8n process (proxy, CA...). */
	extraEnv: Record<string, string> = {};
	private tmpCounter = 0;

	private constructor(
		root: string,
		readonly target: N8nTarget,
	) {
		this.root = root;
		this.userFolder = join(root, 'user');
		this.filesDir = join(root, 'files');
		mkdirSync(this.userFolder, { recursive: true });
		mkdirSync(this.filesDir, { recursive: true });
	}

	/**
	 * A fresh temp user folder for a target n8n, with this package placed in it the way n8n's
	 * installer places it, from the run's local registry (globalSetup published it there).
	 * `install: false` leaves the nodes folder empty, for tests that install by themselves.
	 */
	static async create(
		target: N8nTarget = currentTarget(),
		{ install = true } = {},
	): Promise<N8nInstance> {
		const inst = new N8nInstance(mkdtempSync(join(tmpdir(), 'sg-e2e-n8n-')), target);
		if (install) await inst.installPackage(publishedVersion());
		return inst;
	}

	/** This package, at a version published to the run's registry, installed as n8n's installer does. */
	async installPackage(version: string): Promise<number> {
		const { ms } = await installLikeN8n(
			this.target,
			this.userFolder,
			{ name: PACKAGE_NAME, version },
			runRegistry(),
			runtime(this.target).env,
		);
		return ms;
	}

	async env(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
		const [brokerPort, n8nPort] = await freePorts(2);
		return cleanEnv({
			...runtime(this.target).env,
			N8N_USER_FOLDER: this.userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RESTRICT_FILE_ACCESS_TO: this.filesDir,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_PORT: String(n8nPort),
			GENERIC_TIMEZONE: 'UTC',
			TZ: 'UTC',
			// No proxy unless a test installs one through extraEnv.
			HTTP_PROXY: undefined,
			HTTPS_PROXY: undefined,
			http_proxy: undefined,
			https_proxy: undefined,
			...this.extraEnv,
			...extra,
		});
	}

	async cli(
		args: string[],
		opts: { env?: Record<string, string>; timeoutMs?: number } = {},
	): Promise<ProcResult> {
		return await run(runtime(this.target).node, [n8nBin(this.target), ...args], {
			cwd: this.root,
			env: await this.env(opts.env),
			timeoutMs: opts.timeoutMs ?? 180_000,
		});
	}

	private tmpFile(prefix: string, content: unknown): string {
		const dir = join(this.root, 'inputs');
		mkdirSync(dir, { recursive: true });
		const file = join(dir, `${prefix}-${++this.tmpCounter}.json`);
		writeFileSync(file, JSON.stringify(content, null, 2));
		return file;
	}

	async importCredentials(creds: CredentialFixture[]): Promise<void> {
		const file = this.tmpFile('credentials', creds);
		const res = await this.cli(['import:credentials', `--input=${file}`]);
		if (res.code !== 0)
			throw new Error(
				`[e2e] import:credentials failed (rc=${res.code}):\n${res.stdout}\n${res.stderr}`,
			);
	}

	async importWorkflow(workflow: { id: string }): Promise<void> {
		if (!workflow.id || workflow.id.length > 21)
			throw new Error(`[e2e] workflow id must be 1..21 chars: ${workflow.id}`);
		const file = this.tmpFile(`workflow-${workflow.id}`, workflow);
		const res = await this.cli(['import:workflow', `--input=${file}`]);
		if (res.code !== 0)
			throw new Error(
				`[e2e] import:workflow failed (rc=${res.code}):\n${res.stdout}\n${res.stderr}`,
			);
	}

	/** Several workflows with one `import:workflow` (one n8n start instead of one each). */
	async importWorkflows(workflows: Array<{ id: string }>): Promise<void> {
		for (const wf of workflows) {
			if (!wf.id || wf.id.length > 21)
				throw new Error(`[e2e] workflow id must be 1..21 chars: ${wf.id}`);
		}
		const file = this.tmpFile('workflows', workflows);
		const res = await this.cli(['import:workflow', `--input=${file}`]);
		if (res.code !== 0)
			throw new Error(
				`[e2e] import:workflow failed (rc=${res.code}):\n${res.stdout}\n${res.stderr}`,
			);
	}

	/** `n8n execute --id=<id> --rawOutput`; stdout's JSON starts at the first line beginning with `{`. */
	async execute(
		id: string,
		opts: { env?: Record<string, string>; timeoutMs?: number } = {},
	): Promise<ExecResult> {
		const res = await this.cli(['execute', `--id=${id}`, '--rawOutput'], opts);
		return { ...res, json: parseRawOutput(res.stdout) };
	}

	async importAndExecute(
		workflow: { id: string },
		opts: { env?: Record<string, string>; timeoutMs?: number } = {},
	): Promise<ExecResult> {
		await this.importWorkflow(workflow);
		return await this.execute(workflow.id, opts);
	}

	dispose(): void {
		if (process.env.SG_E2E_KEEP_TMP) {
			process.stdout.write(`[e2e] kept ${this.root}\n`);
			return;
		}
		rmSync(this.root, { recursive: true, force: true });
	}
}

/** The version of this package that globalSetup published to the run's registry. */
export function publishedVersion(): string {
	const version = process.env.SG_E2E_PACKAGE_VERSION;
	if (!version)
		throw new Error('[e2e] SG_E2E_PACKAGE_VERSION not set: globalSetup publishes the package');
	return version;
}

export function parseRawOutput(stdout: string): any {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l.startsWith('{'));
	if (start < 0) return undefined;
	// Try the whole tail, then drop trailing lines (log lines printed after the JSON).
	for (let end = lines.length; end > start; end--) {
		try {
			return JSON.parse(lines.slice(start, end).join('\n'));
		} catch {
			/* keep trimming */
		}
	}
	return undefined;
}

/** runData[nodeName][0] of an execution, as printed by `--rawOutput`. */
export function nodeRun(exec: any, nodeName: string): any {
	const runData = exec?.data?.resultData?.runData ?? exec?.resultData?.runData;
	const r = runData?.[nodeName];
	if (!r)
		throw new Error(
			`[e2e] node "${nodeName}" did not run; ran: ${Object.keys(runData ?? {}).join(', ')}`,
		);
	return r[0];
}

/** The JSON items of a node's main output 0. */
export function nodeItems(exec: any, nodeName: string, output = 0): any[] {
	const run0 = nodeRun(exec, nodeName);
	return (run0?.data?.main?.[output] ?? []) as any[];
}
