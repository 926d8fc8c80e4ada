import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { cleanEnv, run } from '../../../engine/processes';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const PACKAGE_NAME: string = JSON.parse(
	readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'),
).name;

/**
 * `npm pack` the package into destDir and return the tarball path. `npm run test:e2e` has just
 * run `npm run build`, so prepack's build is skipped here (--ignore-scripts); we check that
 * every file the package.json "n8n" section lists is in dist/ instead.
 */
export async function packPackage(destDir: string, root = REPO_ROOT): Promise<string> {
	const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const listed: string[] = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const missing = listed.filter((f) => !existsSync(join(root, f)));
	let packDir = root;
	if (missing.length) {
		// n8n refuses the whole package when one listed file is missing.
		if (!process.env.SG_E2E_DROP_UNBUILT || missing.length === listed.length) {
			throw new Error(
				`[e2e] not built: package.json "n8n" lists ${missing.join(', ')}. Run \`npm run build\` (npm run test:e2e does).`,
			);
		}
		// Development aid only (SG_E2E_DROP_UNBUILT=1): pack a copy whose "n8n" section leaves out
		// the files that are not written yet, so the rest can be tested meanwhile.
		process.stdout.write(
			`[e2e] WARNING: SG_E2E_DROP_UNBUILT: packing without ${missing.join(', ')}\n`,
		);
		packDir = join(destDir, 'staging');
		mkdirSync(packDir, { recursive: true });
		cpSync(join(root, 'dist'), join(packDir, 'dist'), { recursive: true });
		const drop = (list: string[] | undefined) => list?.filter((f) => !missing.includes(f));
		const copy = {
			...pkg,
			scripts: {},
			n8n: { ...pkg.n8n, nodes: drop(pkg.n8n.nodes), credentials: drop(pkg.n8n.credentials) },
		};
		writeFileSync(join(packDir, 'package.json'), JSON.stringify(copy, null, 2));
	}
	mkdirSync(destDir, { recursive: true });
	const res = await run(
		'npm',
		['pack', '--ignore-scripts', '--json', '--pack-destination', destDir],
		{
			cwd: packDir,
			env: cleanEnv(),
			timeoutMs: 120_000,
		},
	);
	if (res.code !== 0) throw new Error(`[e2e] npm pack failed:\n${res.stderr}`);
	const info = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')));
	const file = join(destDir, info[0].filename);
	const packed: string[] = info[0].files.map((f: { path: string }) => f.path);
	const notPacked = listed.filter((f) => !missing.includes(f) && !packed.includes(f));
	if (notPacked.length) throw new Error(`[e2e] tarball lacks ${notPacked.join(', ')}`);
	return file;
}
