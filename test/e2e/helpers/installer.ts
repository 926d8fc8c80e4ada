/**
 * n8n's community-package installer, replayed step by step against a local registry.
 *
 * n8n's own installer (Settings → Community Nodes → Install, POST /rest/community-packages, and
 * N8N_COMMUNITY_PACKAGES) refuses any registry but the public one without a license
 * (feat:communityNodes:customRegistry), before npm runs. So the suites do what its
 * `downloadPackage` does, with the arguments read out of that very method in the installed n8n:
 * when a release changes a step, the plan fails to read (or reads differently) and the suite says so.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { installDir } from './n8nInstall';
import { cleanEnv, run } from '../../../engine/processes';
import type { N8nTarget } from './versions';

export interface InstallerPlan {
	/** `npm pack <name>@<version>` arguments, registry included. */
	pack: string[];
	/** `tar` arguments; TARBALL and DIR stand for the tarball and the package folder. */
	tar: string[];
	/** package.json fields removed before npm install. */
	removedFields: string[];
	/** `npm install` arguments run inside the package folder, registry included. */
	install: string[];
}

const SERVICE = join(
	'node_modules',
	'n8n',
	'dist',
	'modules',
	'community-packages',
	'community-packages.service.js',
);

function methodBody(source: string, name: string): string {
	const start = source.search(new RegExp(`\\n\\s+(async )?${name}\\(`));
	if (start < 0) throw new Error(`no method ${name}`);
	const next = source.slice(start + 1).search(/\n {4}(async )?[A-Za-z]+\(/);
	return source.slice(start, next < 0 ? undefined : start + 1 + next);
}

/** The elements of the array literal that starts at `from`, as source tokens. */
function arrayTokens(text: string, from: number): string[] {
	const open = text.indexOf('[', from);
	let depth = 0;
	let end = open;
	for (; end < text.length; end++) {
		if (text[end] === '[') depth++;
		if (text[end] === ']' && --depth === 0) break;
	}
	return text
		.slice(open + 1, end)
		.split(',')
		.map((t) => t.trim())
		.filter(Boolean);
}

/** Read n8n's installer plan out of its code, for a package name, version and registry. */
export function readInstallerPlan(
	target: N8nTarget,
	name: string,
	version: string,
	registry: string,
): InstallerPlan {
	const file = join(installDir(target), SERVICE);
	const source = readFileSync(file, 'utf8');
	const fail = (what: string): never => {
		throw new Error(
			`[e2e] n8n ${target.n8n} changed its installer (${what} in ${file}): update test/e2e/helpers/installer.ts`,
		);
	};
	let body: string;
	try {
		body = methodBody(source, 'downloadPackage');
	} catch {
		return fail('no downloadPackage method');
	}
	const consts = (id: string): string[] => {
		const at = source.indexOf(`const ${id} = [`);
		return at < 0 ? fail(`no ${id}`) : arrayTokens(source, at).map(value);
	};
	const value = (token: string): string => {
		const literal = /^'([^']*)'$/.exec(token);
		if (literal) return literal[1];
		if (/^`.*`$/.test(token)) {
			return token
				.slice(1, -1)
				.replace('${packageName}', name)
				.replace('${packageVersion}', version)
				.replace(/\$\{(this\.getNpmRegistry\(\)|registry)\}/, registry.replace(/\/$/, ''));
		}
		return fail(`unexpected argument ${token}`);
	};
	const expand = (tokens: string[]): string[] =>
		tokens.flatMap((t) => {
			const spread = /^\.\.\.(\w+)$/.exec(t);
			if (spread) return consts(spread[1]);
			if (t === '...this.getNpmInstallArgs()') {
				const getter = methodBody(source, 'getNpmInstallArgs');
				return expand(arrayTokens(getter, getter.indexOf('return')));
			}
			return [value(t)];
		});
	// Newer releases pass the registry as an option that executeNpmCommand appends as --registry=.
	const withRegistry = (args: string[], call: string): string[] =>
		args.some((a) => a.startsWith('--registry=')) || !/\{[^}]*\bregistry\b[^}]*\}\s*\)/.test(call)
			? args
			: [...args, `--registry=${registry.replace(/\/$/, '')}`];

	const packAt = body.indexOf("executeNpmCommand)(['pack'");
	if (packAt < 0) fail('no npm pack');
	const packCall = body.slice(packAt, body.indexOf(';', packAt));
	const pack = withRegistry(expand(arrayTokens(body, packAt)), packCall);

	const tarAt = body.indexOf("asyncExecFile('tar',");
	if (tarAt < 0) fail('no tar');
	const tar = arrayTokens(body, tarAt).map((t) =>
		t === 'tarballName' ? 'TARBALL' : t === 'packageDirectory' ? 'DIR' : value(t),
	);

	const removed = /const \{ ([\w, ]+), \.\.\.packageJson \} = JSON\.parse/.exec(body);
	if (!removed) fail('no package.json clean-up');
	const removedFields = removed![1].split(',').map((s) => s.trim());

	const installAt =
		body.indexOf('executeNpmCommand)([\n') >= 0
			? body.indexOf('executeNpmCommand)([\n')
			: body.indexOf("executeNpmCommand)(['install'");
	if (installAt < 0) fail('no npm install');
	const installCall = body.slice(installAt, body.indexOf(';', installAt));
	const install = withRegistry(expand(arrayTokens(body, installAt)), installCall);
	if (install[0] !== 'install' || pack[0] !== 'pack') fail('npm commands out of order');
	return { pack, tar, removedFields, install };
}

/** The folder n8n installs community packages into: `<user folder>/.n8n/nodes`. */
export function nodesFolder(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes');
}

/**
 * What n8n's `downloadPackage` does, step by step, in `<user folder>/.n8n/nodes`: pack from the
 * registry, unpack into node_modules/<name>, drop dev/peer/optional dependencies, npm install
 * inside the package with n8n's flags, record it in the folder's package.json, remove the tarball.
 */
export async function installLikeN8n(
	target: N8nTarget,
	userFolder: string,
	pkg: { name: string; version: string },
	registry: { url: string },
	env: Record<string, string> = {},
): Promise<{ plan: InstallerPlan; ms: number }> {
	const started = Date.now();
	const plan = readInstallerPlan(target, pkg.name, pkg.version, registry.url);
	const folder = nodesFolder(userFolder);
	const packageDir = join(folder, 'node_modules', pkg.name);
	mkdirSync(folder, { recursive: true });
	const ledger = join(folder, 'package.json');
	if (!existsSync(ledger))
		writeFileSync(
			ledger,
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	rmSync(packageDir, { recursive: true, force: true });
	mkdirSync(packageDir, { recursive: true });
	const npmEnv = cleanEnv(env);
	const packed = await run('npm', plan.pack, { cwd: folder, env: npmEnv, timeoutMs: 120_000 });
	if (packed.code !== 0)
		throw new Error(`[e2e] npm ${plan.pack.join(' ')} failed:\n${packed.stderr}`);
	const tarball = packed.stdout.trim().split('\n').pop()!.trim();
	try {
		const tarArgs = plan.tar.map((a) => (a === 'TARBALL' ? tarball : a === 'DIR' ? packageDir : a));
		const untar = await run('tar', tarArgs, { cwd: folder, timeoutMs: 60_000 });
		if (untar.code !== 0)
			throw new Error(`[e2e] tar ${tarArgs.join(' ')} failed:\n${untar.stderr}`);
		const manifestPath = join(packageDir, 'package.json');
		const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
		for (const field of plan.removedFields) delete manifest[field];
		writeFileSync(manifestPath, JSON.stringify(manifest, null, 2), 'utf8');
		const installed = await run('npm', plan.install, {
			cwd: packageDir,
			env: npmEnv,
			timeoutMs: 300_000,
		});
		if (installed.code !== 0)
			throw new Error(
				`[e2e] npm ${plan.install.join(' ')} failed in ${packageDir}:\n${installed.stderr}`,
			);
		const deps = JSON.parse(readFileSync(ledger, 'utf8'));
		deps.dependencies = { ...(deps.dependencies ?? {}), [pkg.name]: manifest.version };
		writeFileSync(ledger, JSON.stringify(deps, null, 2), 'utf8');
	} finally {
		rmSync(join(folder, tarball), { force: true });
	}
	return { plan, ms: Date.now() - started };
}

/** What n8n's `removeNpmPackage` does on disk: the package folder goes, and its ledger line. */
export function removeLikeN8n(userFolder: string, name: string): void {
	const folder = nodesFolder(userFolder);
	rmSync(join(folder, 'node_modules', name), { recursive: true, force: true, maxRetries: 3 });
	const ledger = join(folder, 'package.json');
	if (existsSync(ledger)) {
		const deps = JSON.parse(readFileSync(ledger, 'utf8'));
		delete deps.dependencies?.[name];
		writeFileSync(ledger, JSON.stringify(deps, null, 2), 'utf8');
	}
}
