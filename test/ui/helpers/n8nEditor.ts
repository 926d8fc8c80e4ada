import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'fs';
import { homedir, tmpdir } from 'os';
import { delimiter, dirname, join } from 'path';

import { freePorts } from '../../e2e/helpers/freePort';
import { installCommunityPackage } from '../../e2e/helpers/pack';
import { cleanEnv, startProcess } from '../../e2e/helpers/proc';

/**
 * The n8n the editor suite drives: the newest 2.x that installs from the registry here, on the
 * Node it needs. Stand-in until test/e2e/helpers gains one constant per version (issue 11, part 1);
 * then this file reads those constants and installs through them.
 */
export const UI_N8N_VERSION = process.env.SG_UI_N8N_VERSION || '2.41.1';
export const UI_NODE_VERSION = '24.22.3';

function cacheRoot(): string {
	return process.env.SG_N8N_CACHE || join(homedir(), '.cache', 'n8n-nodes-shared-gallery');
}

export function uiInstallDir(): string {
	return join(cacheRoot(), `n8n-${UI_N8N_VERSION}`);
}

export function uiNodeBin(): string {
	return join(cacheRoot(), `node-${UI_NODE_VERSION}`, 'package', 'bin', 'node');
}

export function uiN8nBin(): string {
	return join(uiInstallDir(), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** A readable error when the cached installs are missing (they take ~15 min to build). */
export function checkInstalls(): void {
	const missing = [uiNodeBin(), uiN8nBin()].filter((f) => !existsSync(f));
	if (missing.length) {
		throw new Error(
			`[ui] n8n ${UI_N8N_VERSION} on Node ${UI_NODE_VERSION} is not installed: missing ${missing.join(', ')}.\n` +
				'Run `npm run test:e2e` once (it installs both n8n versions into the cache).',
		);
	}
}

export interface EditorServer {
	url: string;
	/** Temp folder holding the user folder (removed by stop()). */
	root: string;
	userFolder: string;
	startMs: number;
	output(): string;
	stop(): Promise<void>;
}

/**
 * A fresh user folder with the packed package installed in `.n8n/nodes`, and `n8n start` on a
 * free loopback port. Resolves once the editor is served and n8n says it is ready.
 */
export async function startEditor(tarball: string, timeoutMs = 240_000): Promise<EditorServer> {
	checkInstalls();
	const root = mkdtempSync(join(tmpdir(), 'sg-ui-n8n-'));
	const userFolder = join(root, 'user');
	const filesDir = join(root, 'files');
	mkdirSync(userFolder, { recursive: true });
	mkdirSync(filesDir, { recursive: true });
	try {
		await installCommunityPackage(userFolder, tarball);
	} catch (error) {
		rmSync(root, { recursive: true, force: true });
		throw error;
	}
	const [port, brokerPort] = await freePorts(2);
	const nodeBin = uiNodeBin();
	const env = cleanEnv({
		PATH: `${dirname(nodeBin)}${delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_PUBLIC_API_DISABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		HTTP_PROXY: undefined,
		HTTPS_PROXY: undefined,
		http_proxy: undefined,
		https_proxy: undefined,
	});
	const started = Date.now();
	const proc = startProcess(nodeBin, [uiN8nBin(), 'start'], { cwd: root, env });
	const url = `http://127.0.0.1:${port}`;
	const server: EditorServer = {
		url,
		root,
		userFolder,
		startMs: 0,
		output: () => proc.output(),
		async stop() {
			await proc.stop();
			if (process.env.SG_E2E_KEEP_TMP) process.stdout.write(`[ui] kept ${root}\n`);
			else rmSync(root, { recursive: true, force: true });
		},
	};
	const deadline = started + timeoutMs;
	for (;;) {
		if (proc.child.exitCode !== null) {
			const out = proc.output();
			await server.stop();
			throw new Error(`[ui] n8n start exited (${proc.child.exitCode}):\n${out.slice(-4000)}`);
		}
		// n8n answers /rest/settings while its migrations still run: wait for its own "ready" line.
		if (/Editor is now accessible via/.test(proc.output())) {
			try {
				const res = await fetch(`${url}/rest/settings`);
				if (res.ok) break;
			} catch {
				/* not listening yet */
			}
		}
		if (Date.now() > deadline) {
			const out = proc.output();
			await server.stop();
			throw new Error(`[ui] n8n not ready after ${timeoutMs} ms:\n${out.slice(-4000)}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
	server.startMs = Date.now() - started;
	return server;
}
