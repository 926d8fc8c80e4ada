import { existsSync, mkdirSync, rmSync, symlinkSync } from 'fs';
import { join } from 'path';
import { packPackage, REPO_ROOT } from './pack';
import { cleanEnv, run } from '../../../engine/processes';

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
