/**
 * A local npm registry (verdaccio, on 127.0.0.1) for replaying n8n's community-package installer:
 * the packed tarball is published to it, everything else is proxied from the npm client's own
 * registry. Installed once into the cache, started per run, its storage in a temp folder.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { freePort } from './freePort';
import { cacheRoot } from './n8nInstall';
import { cleanEnv, run, startProcess } from '../../../engine/processes';
import { ensureCachedPackage } from './cachedPackage';

const VERDACCIO = '6.8.0'; // the newest that runs on Node 20 (6.9+ needs Node 22)

export interface LocalRegistry {
	url: string;
	/** An npm userconfig file holding a publish token for this registry. */
	userconfig: string;
	publish(tarball: string, tag?: string): Promise<'published' | 'already there'>;
	close(): Promise<void>;
}

async function upstreamRegistry(): Promise<string> {
	const res = await run('npm', ['config', 'get', 'registry'], {
		env: cleanEnv(),
		timeoutMs: 30_000,
	});
	const url = res.stdout.trim();
	if (res.code !== 0 || !/^https?:\/\//.test(url))
		throw new Error(`[e2e] npm config get registry: ${res.stdout}${res.stderr}`);
	return url;
}

export async function startRegistry(
	dir: string,
	packageName: string,
	log: (m: string) => void = () => {},
): Promise<LocalRegistry> {
	// The registry here tags only `latest` for node-fetch, which verdaccio's tree asks for by range.
	const home = await ensureCachedPackage(
		join(cacheRoot(), `verdaccio-${VERDACCIO}`),
		{ verdaccio: VERDACCIO },
		{ 'node-fetch': '2.7.0' },
		log,
	);
	mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const url = `http://127.0.0.1:${port}/`;
	const config = join(dir, 'config.yaml');
	writeFileSync(
		config,
		[
			`storage: ${join(dir, 'storage')}`,
			'auth:',
			'  htpasswd:',
			`    file: ${join(dir, 'htpasswd')}`,
			'    max_users: 10',
			'uplinks:',
			'  upstream:',
			`    url: ${await upstreamRegistry()}`,
			'    timeout: 60s',
			'packages:',
			// Our package only from here: never mixed with anything upstream of the same name.
			`  '${packageName}':`,
			'    access: $all',
			'    publish: $authenticated',
			"  '**':",
			'    access: $all',
			'    publish: $authenticated',
			'    proxy: upstream',
			'log: { type: stdout, format: pretty, level: warn }',
			'',
		].join('\n'),
	);
	const proc = startProcess(
		process.execPath,
		[
			join(home, 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
			'--config',
			config,
			'--listen',
			`127.0.0.1:${port}`,
		],
		{
			cwd: dir,
			env: cleanEnv(),
		},
	);
	const deadline = Date.now() + 60_000;
	for (;;) {
		if (proc.child.exitCode !== null)
			throw new Error(
				`[e2e] verdaccio exited (${proc.child.exitCode}):\n${proc.output().slice(-3000)}`,
			);
		try {
			if ((await fetch(`${url}-/ping`)).ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			await proc.stop();
			throw new Error(`[e2e] verdaccio not ready:\n${proc.output().slice(-3000)}`);
		}
		await new Promise((r) => setTimeout(r, 300));
	}
	// The npm client wants a token to publish, even where anyone may read.
	const user = await fetch(`${url}-/user/org.couchdb.user:sg-e2e`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name: 'sg-e2e', password: 'sg-e2e-registry-password' }),
	});
	const { token } = (await user.json()) as { token?: string };
	if (!user.ok || !token) {
		await proc.stop();
		throw new Error(`[e2e] verdaccio user creation failed (${user.status})`);
	}
	const userconfig = join(dir, 'npmrc');
	writeFileSync(userconfig, `//127.0.0.1:${port}/:_authToken=${token}\n`);
	return {
		url,
		userconfig,
		publish: (tarball, tag) => publishTo({ url, userconfig }, tarball, tag),
		async close() {
			await proc.stop();
		},
	};
}

/** Publish a tarball; a version that is already there (another Jest project published it) is fine. */
export async function publishTo(
	registry: { url: string; userconfig: string },
	tarball: string,
	tag = 'latest',
): Promise<'published' | 'already there'> {
	const res = await run(
		'npm',
		[
			'publish',
			tarball,
			`--registry=${registry.url}`,
			`--userconfig=${registry.userconfig}`,
			`--tag=${tag}`,
			'--ignore-scripts',
		],
		{
			env: cleanEnv(),
			timeoutMs: 120_000,
		},
	);
	if (res.code === 0) return 'published';
	if (/EPUBLISHCONFLICT|cannot publish over|409 Conflict/i.test(res.stderr)) return 'already there';
	throw new Error(`[e2e] npm publish ${tarball} failed:\n${res.stdout}\n${res.stderr}`);
}

/** The run's registry, from the environment globalSetup leaves for test files. */
export function runRegistry(): { url: string; userconfig: string } {
	const url = process.env.SG_E2E_REGISTRY;
	const userconfig = process.env.SG_E2E_REGISTRY_USERCONFIG;
	if (!url || !userconfig)
		throw new Error('[e2e] no run registry: run through a jest config whose globalSetup starts it');
	return { url, userconfig };
}
