import { createRequire } from 'module';
import { join } from 'path';
import { freePort } from './freePort';
import type { N8nInstance } from './n8n';
import { installDir, n8nBin, runtime } from './n8nInstall';
import { startProcess } from '../../../engine/processes';

/**
 * The real n8n server (`n8n start`) on a free port, for what the CLI cannot do: `n8n execute`
 * only starts a workflow from a Manual Trigger (or Execute Workflow Trigger) and runs it in
 * 'cli' mode, so a polling trigger's manual-mode run ("Fetch test event" in the editor) needs
 * the editor's own endpoint, POST /rest/workflows/:id/run.
 */
export class N8nServer {
	private cookie = '';

	private constructor(
		readonly url: string,
		private readonly proc: ReturnType<typeof startProcess>,
		readonly instance: N8nInstance,
	) {}

	static async start(inst: N8nInstance, timeoutMs = 180_000): Promise<N8nServer> {
		const port = await freePort();
		const env = await inst.env({
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_SECURE_COOKIE: 'false',
			N8N_PUBLIC_API_DISABLED: 'true',
			N8N_HIRING_BANNER_ENABLED: 'false',
		});
		const proc = startProcess(runtime(inst.target).node, [n8nBin(inst.target), 'start'], {
			cwd: inst.root,
			env,
		});
		const server = new N8nServer(`http://127.0.0.1:${port}`, proc, inst);
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (proc.child.exitCode !== null)
				throw new Error(
					`[e2e] n8n start exited (${proc.child.exitCode}):\n${proc.output().slice(-4000)}`,
				);
			try {
				// Ready: connected, migrated and fully started (newer n8n answers /rest/* with
				// "n8n is starting up" before that).
				const res = await fetch(`${server.url}/healthz/readiness`);
				if (res.ok && (await fetch(`${server.url}/rest/settings`)).ok) break;
			} catch {
				/* not listening yet */
			}
			if (Date.now() > deadline) {
				await proc.stop();
				throw new Error(
					`[e2e] n8n start not ready after ${timeoutMs} ms:\n${proc.output().slice(-4000)}`,
				);
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		return server;
	}

	output(): string {
		return this.proc.output();
	}

	async request(
		method: string,
		path: string,
		body?: unknown,
	): Promise<{ status: number; json: any; text: string }> {
		const send = async () =>
			await fetch(`${this.url}${path}`, {
				method,
				headers: {
					'content-type': 'application/json',
					...(this.cookie ? { cookie: this.cookie } : {}),
				},
				body: body === undefined ? undefined : JSON.stringify(body),
			});
		let res: Response;
		try {
			res = await send();
		} catch (error) {
			// fetch reuses an idle keep-alive connection, which n8n may be closing at that moment
			// (the queue suite saw "other side closed" once, after a long run): the connection
			// ended with no answer at all, so the request is sent once more, on a new one.
			const cause = (error as { cause?: { code?: string; message?: string } }).cause;
			if (!(cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET')) throw error;
			process.stdout.write(`[n8n] ${method} ${path}: ${cause.message ?? cause.code}; sent again\n`);
			res = await send();
		}
		const setCookie = res.headers.get('set-cookie');
		const auth = setCookie && /n8n-auth=[^;]+/.exec(setCookie);
		if (auth) this.cookie = auth[0];
		const text = await res.text();
		let json: any;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: res.status, json, text };
	}

	/** The fresh instance's owner account; its cookie authenticates the next requests. */
	async setupOwner(): Promise<void> {
		const res = await this.request('POST', '/rest/owner/setup', {
			email: 'e2e-owner@example.com',
			firstName: 'E2E',
			lastName: 'Owner',
			password: 'E2e-owner-password-1',
		});
		if (res.status !== 200 || !this.cookie)
			throw new Error(`[e2e] owner setup failed (${res.status}): ${res.text.slice(0, 1000)}`);
	}

	/** Logs the owner in again (a restarted server): its cookie authenticates the next requests. */
	async login(): Promise<void> {
		const res = await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: 'e2e-owner@example.com',
			password: 'E2e-owner-password-1',
		});
		if (res.status !== 200)
			throw new Error(`[e2e] login failed (${res.status}): ${res.text.slice(0, 1000)}`);
	}

	/** The bytes behind a GET (binary data the editor downloads). */
	async download(path: string): Promise<{ status: number; bytes: Buffer }> {
		const res = await fetch(`${this.url}${path}`, {
			headers: this.cookie ? { cookie: this.cookie } : {},
		});
		return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
	}

	/** A workflow saved as the editor saves it; returns it with its id and versionId. */
	async createWorkflow(workflow: Record<string, unknown>): Promise<any> {
		const { id: _id, active: _active, ...body } = workflow;
		const res = await this.request('POST', '/rest/workflows', body);
		if (res.status !== 200 || !res.json?.data?.id)
			throw new Error(
				`[e2e] saving the workflow failed (${res.status}): ${res.text.slice(0, 2000)}`,
			);
		return res.json.data;
	}

	/** The editor's Publish/Activate switch. */
	async activate(workflow: { id: string; versionId: string }): Promise<void> {
		const res = await this.request('POST', `/rest/workflows/${workflow.id}/activate`, {
			versionId: workflow.versionId,
		});
		if (res.status !== 200)
			throw new Error(`[e2e] activation failed (${res.status}): ${res.text.slice(0, 2000)}`);
	}

	async deactivate(workflow: { id: string; versionId: string }): Promise<void> {
		const res = await this.request('POST', `/rest/workflows/${workflow.id}/deactivate`, {
			versionId: workflow.versionId,
		});
		if (res.status !== 200)
			throw new Error(`[e2e] deactivation failed (${res.status}): ${res.text.slice(0, 2000)}`);
	}

	/** The executions of a workflow, newest first, up to 100 (n8n 2.41 allows no more). */
	async executions(workflowId: string): Promise<any[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const res = await this.request('GET', `/rest/executions?filter=${filter}&limit=100`);
		if (res.status !== 200)
			throw new Error(
				`[e2e] listing executions failed (${res.status}): ${res.text.slice(0, 1000)}`,
			);
		return res.json?.data?.results ?? [];
	}

	/** One execution with its run data, once it has ended (undefined while it runs). */
	async execution(executionId: string): Promise<any> {
		const res = await this.request('GET', `/rest/executions/${executionId}`);
		const exec = res.json?.data;
		if (!exec || exec.status === 'new' || exec.status === 'running' || !exec.stoppedAt)
			return undefined;
		return {
			...exec,
			data: typeof exec.data === 'string' ? parseFlatted(this.instance, exec.data) : exec.data,
		};
	}

	/**
	 * What the editor's "Fetch test event" / "Execute step" on a trigger does: a manual run that
	 * starts from that trigger. Returns the finished execution with its run data.
	 */
	async runTriggerManually(
		workflow: { id: string; [k: string]: unknown },
		triggerName: string,
		timeoutMs = 120_000,
	): Promise<any> {
		const run = await this.request('POST', `/rest/workflows/${workflow.id}/run`, {
			workflowData: workflow,
			triggerToStartFrom: { name: triggerName },
		});
		const executionId = run.json?.data?.executionId;
		if (run.status !== 200 || !executionId)
			throw new Error(`[e2e] manual run refused (${run.status}): ${run.text.slice(0, 2000)}`);
		return await this.waitForExecution(executionId, timeoutMs);
	}

	async waitForExecution(executionId: string, timeoutMs = 120_000): Promise<any> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const exec = await this.execution(executionId);
			if (exec) return exec;
			if (Date.now() > deadline)
				throw new Error(`[e2e] execution ${executionId} did not finish in ${timeoutMs} ms`);
			await new Promise((r) => setTimeout(r, 500));
		}
	}

	async stop(): Promise<void> {
		await this.proc.stop();
	}
}

/** n8n stores execution data in 'flatted' form; use the copy n8n itself ships. */
function parseFlatted(inst: N8nInstance, text: string): any {
	const req = createRequire(join(installDir(inst.target), 'node_modules', 'n8n', 'package.json'));
	return (req('flatted') as { parse: (t: string) => any }).parse(text);
}
