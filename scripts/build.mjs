#!/usr/bin/env node
// npm run build: dist/ as n8n loads it and as n8n's verification scanner reads it.
//
// Bundles each node and the credential named in package.json's "n8n" section into dist/ with
// esbuild. fflate (a devDependency) is bundled in from its pure-JS build; n8n-workflow stays a
// peer dependency, so the package has no runtime dependency. Then the codex files, icons and
// output schemas. Fails when any `require` other than n8n-workflow (or crypto), or any
// `process`, is left in dist/ (docs/VERIFICATION.md).
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { execFileSync } from 'child_process';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const DIST = join(ROOT, 'dist');
const ALLOWED = new Set(['n8n-workflow', 'crypto', 'node:crypto']);
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const entryPoints = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) =>
	join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
);

/** fflate's pure-JS build: its Node build starts worker_threads at load. */
const pureFflate = {
	name: 'pure-fflate',
	setup(builder) {
		builder.onResolve({ filter: /^fflate$/ }, () => ({
			path: join(ROOT, 'node_modules', 'fflate', 'esm', 'browser.js'),
		}));
	},
};

rmSync(DIST, { recursive: true, force: true });
await build({
	entryPoints,
	outbase: ROOT,
	outdir: DIST,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['n8n-workflow'],
	plugins: [pureFflate],
	legalComments: 'inline',
	logLevel: 'warning',
});

// The codex files next to each node, the icons and the output schemas.
for (const file of readdirSync(join(ROOT, 'nodes'), { recursive: true })) {
	if (!String(file).endsWith('.node.json')) continue;
	mkdirSync(dirname(join(DIST, 'nodes', file)), { recursive: true });
	cpSync(join(ROOT, 'nodes', file), join(DIST, 'nodes', file));
}
execFileSync('npx', ['gulp', 'build:icons', 'build:schemas'], { cwd: ROOT, stdio: 'ignore' });
// Both must be there: n8n shows the icons and serves the schemas from dist/.
for (const folder of ['icons', 'nodes/SharedGalleryGetDownload/__schema__']) {
	if (!existsSync(join(DIST, folder))) {
		console.error(`build: dist/${folder} is missing`);
		process.exit(1);
	}
}

// Nothing but n8n-workflow may be required at run time, and no `process`.
const problems = [];
for (const file of readdirSync(DIST, { recursive: true })
	.map(String)
	.filter((f) => f.endsWith('.js'))) {
	const text = readFileSync(join(DIST, file), 'utf8');
	for (const match of text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
		if (!ALLOWED.has(match[1])) problems.push(`${file}: require("${match[1]}")`);
	}
	if (/\bprocess\.(env|nextTick|platform|argv)\b/.test(text)) problems.push(`${file}: process`);
}
if (problems.length) {
	console.error(`build: restricted code left in dist/:\n  ${problems.join('\n  ')}`);
	process.exit(1);
}
const size = readdirSync(DIST, { recursive: true })
	.map(String)
	.filter((f) => f.endsWith('.js'))
	.reduce((sum, f) => sum + statSync(join(DIST, f)).size, 0);
console.log(
	`build: ${entryPoints.length} bundles in dist/ (${(size / 1024).toFixed(0)} KB of JS), no restricted require`,
);
