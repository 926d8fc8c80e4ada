import {
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	rmSync,
	symlinkSync,
	writeFileSync,
} from 'fs';
import { join } from 'path';
import { packPackage, REPO_ROOT } from './pack';
import { cleanEnv, run } from '../../../engine/processes';
import type { Workflow } from './workflows';
import { newRepoCommands } from '../../helpers/gitRepo';

/** The first landed release: the version users upgrade from. */
export const RELEASED = { version: '0.1.0', commit: '8d0ea4e' } as const;

/**
 * Build and pack a released version from git history, with this checkout's node_modules (its
 * build dependencies were the same), for the upgrade test. Returns the tarball.
 */
export async function packReleased(
	workDir: string,
	release: { version: string; commit: string } = RELEASED,
): Promise<string> {
	const src = join(workDir, `release-${release.version}`);
	rmSync(src, { recursive: true, force: true });
	mkdirSync(src, { recursive: true });
	const archive = await run(
		'git',
		[
			'archive',
			'--format=tar',
			'-o',
			join(workDir, 'release.tar'),
			release.commit,
			'package.json',
			'tsconfig.json',
			'gulpfile.js',
			'nodes',
			'credentials',
			'icons',
		],
		{
			cwd: REPO_ROOT,
			timeoutMs: 60_000,
		},
	);
	if (archive.code !== 0) {
		throw new Error(
			`[e2e] commit ${release.commit} (release ${release.version}) is not in this clone's history (a shallow clone?):\n${archive.stderr}`,
		);
	}
	const untar = await run('tar', ['-xf', join(workDir, 'release.tar'), '-C', src], {
		timeoutMs: 60_000,
	});
	if (untar.code !== 0)
		throw new Error(`[e2e] unpacking release ${release.version}: ${untar.stderr}`);
	if (!existsSync(join(src, 'node_modules')))
		symlinkSync(join(REPO_ROOT, 'node_modules'), join(src, 'node_modules'), 'dir');
	const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);
	for (const [cmd, args] of [
		[bin('tsc'), ['-p', 'tsconfig.json']],
		[bin('gulp'), ['build:icons']],
	] as const) {
		const res = await run(cmd, [...args], { cwd: src, env: cleanEnv(), timeoutMs: 300_000 });
		if (res.code !== 0)
			throw new Error(
				`[e2e] building release ${release.version}: ${cmd} failed:\n${res.stdout}\n${res.stderr}`,
			);
	}
	return await packPackage(join(workDir, 'pack-released'), src);
}

/**
 * A workflow as a user saved it with a released version: the file at that release's commit
 * (its node versions, its parameter shapes), not today's copy, which moves to newer node versions.
 */
export async function savedWithRelease(
	path: string,
	release: { version: string; commit: string } = RELEASED,
): Promise<Workflow> {
	const res = await run('git', ['show', `${release.commit}:${path}`], {
		cwd: REPO_ROOT,
		timeoutMs: 60_000,
	});
	if (res.code !== 0)
		throw new Error(
			`[e2e] ${path} at ${release.commit} (release ${release.version}): ${res.stderr}`,
		);
	return JSON.parse(res.stdout) as Workflow;
}

/** What the release route needs from the checkout: the package, its build, and the script. */
const RELEASE_FILES = [
	'package.json',
	'package-lock.json',
	'CHANGELOG.md',
	'README.md',
	'LICENSE',
	'.npmrc',
	'tsconfig.json',
	'gulpfile.js',
	'scripts',
	'nodes',
	'credentials',
	'icons',
];

export interface DryRelease {
	dir: string;
	version: string;
	/** The `release` run's and the `publish` run's output. */
	log: string;
}

async function step(
	cmd: string,
	args: string[],
	cwd: string,
	env: Record<string, string | undefined> = {},
) {
	const res = await run(cmd, args, { cwd, env: cleanEnv(env), timeoutMs: 300_000 });
	if (res.code !== 0)
		throw new Error(`[e2e] ${cmd} ${args.join(' ')} failed:\n${res.stdout}\n${res.stderr}`);
	return `${res.stdout}${res.stderr}`;
}

/**
 * The release route (RELEASING.md) on a copy of this checkout, as a maintainer and the publish
 * workflow run it, to a local registry: `npm run release -- <version>` commits and tags,
 * `release.mjs check-tag` and `release.mjs publish` publish (npm publish: the prepublishOnly guard,
 * prepack's build). Provenance needs GitHub's OIDC, so this publishes with --no-provenance.
 */
export async function releaseDryRun(
	workDir: string,
	registry: { url: string; userconfig: string },
	version: string,
): Promise<DryRelease & { byHand: { code: number | null; output: string } }> {
	const dir = join(workDir, `release-${version}`);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	for (const file of RELEASE_FILES)
		if (existsSync(join(REPO_ROOT, file)))
			cpSync(join(REPO_ROOT, file), join(dir, file), { recursive: true });
	symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
	// The release refuses an empty Unreleased section: say what this one is.
	const changelog = join(dir, 'CHANGELOG.md');
	writeFileSync(
		changelog,
		readFileSync(changelog, 'utf8').replace(
			'## [Unreleased]\n',
			'## [Unreleased]\n\n- A dry run of the release route (test/e2e/installer.e2e.test.ts).\n',
		),
	);
	for (const args of newRepoCommands('before the release')) await step('git', args, dir);
	let log = await step('npm', ['run', 'release', '--', version], dir);
	// By hand, npm publish stops at prepublishOnly, before anything reaches the registry.
	const registryArgs = [`--registry=${registry.url}`, `--userconfig=${registry.userconfig}`];
	const byHand = await run('npm', ['publish', '--tag=next', ...registryArgs], {
		cwd: dir,
		env: cleanEnv({ RELEASE_MODE: undefined, GITHUB_ACTIONS: undefined }),
		timeoutMs: 120_000,
	});
	// What publish.yml runs once the tag is pushed, but without provenance.
	log += await step('node', ['scripts/release.mjs', 'check-tag', `v${version}`], dir);
	log += await step(
		'node',
		['scripts/release.mjs', 'publish', '--no-provenance', ...registryArgs],
		dir,
		{ GITHUB_ACTIONS: undefined },
	);
	return {
		dir,
		version,
		log,
		byHand: { code: byHand.code, output: `${byHand.stdout}${byHand.stderr}` },
	};
}
