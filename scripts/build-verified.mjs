#!/usr/bin/env node
// npm run build:verified — the verification-ready build (docs/VERIFICATION.md).
//
// Bundles each node and the credential named in package.json's "n8n" section into dist/ with
// esbuild, Get Download's path fixed to 'stream' (SG_DOWNLOAD_PATH, replaced at build time), so
// that tree-shaking leaves out the temporary-file path and everything it imports. fflate (a
// devDependency) is bundled in from its pure-JS build. n8n-workflow stays a peer dependency.
// Fails when any `require` other than n8n-workflow (or crypto) is left in dist/.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import { execFileSync } from 'child_process';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const DIST = join(ROOT, 'dist');
const ALLOWED = new Set(['n8n-workflow', 'crypto', 'node:crypto']);
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const entryPoints = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) =>
	join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
);

/** Modules only the temporary-file path uses: empty and side-effect free, so an unused import leaves nothing behind. */
const dropUnused = {
	name: 'drop-unused',
	setup(builder) {
		builder.onResolve({ filter: /^yauzl$/ }, (args) => ({
			path: args.path,
			namespace: 'unused',
			sideEffects: false,
		}));
		builder.onLoad({ filter: /.*/, namespace: 'unused' }, () => ({
			contents: 'export {}',
			loader: 'js',
		}));
		// fflate's pure-JS build: its Node build starts worker_threads at load.
		builder.onResolve({ filter: /^fflate$/ }, () => ({
			path: join(ROOT, 'node_modules', 'fflate', 'esm', 'browser.js'),
		}));
	},
};

rmSync(DIST, { recursive: true, force: true });
const result = await build({
	entryPoints,
	outbase: ROOT,
	outdir: DIST,
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['n8n-workflow'],
	define: { 'process.env.SG_DOWNLOAD_PATH': '"stream"' },
	plugins: [dropUnused],
	legalComments: 'inline',
	metafile: true,
	logLevel: 'warning',
	// The stub's missing exports are reported while parsing, before tree-shaking drops their users.
	logOverride: { 'import-is-undefined': 'silent' },
});

// The codex files next to each node, the icons and the output schemas (as `npm run build`).
for (const file of readdirSync(join(ROOT, 'nodes'), { recursive: true })) {
	if (!String(file).endsWith('.node.json')) continue;
	mkdirSync(dirname(join(DIST, 'nodes', file)), { recursive: true });
	cpSync(join(ROOT, 'nodes', file), join(DIST, 'nodes', file));
}
execFileSync('npx', ['gulp', 'build:icons', 'build:schemas'], { cwd: ROOT, stdio: 'ignore' });
// Both must be there: n8n shows the icons and serves the schemas from dist/.
for (const folder of ['icons', 'nodes/SharedGalleryGetDownload/__schema__']) {
	if (!existsSync(join(DIST, folder))) {
		console.error(`build:verified: dist/${folder} is missing`);
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
// The stubs must have been dropped whole: nothing in dist/ may use them.
for (const [output, { inputs }] of Object.entries(result.metafile.outputs)) {
	for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
		if (input.startsWith('unused:') && bytesInOutput > 0)
			problems.push(`${relative(ROOT, output)}: uses ${input}`);
	}
}
if (problems.length) {
	console.error(`build:verified: restricted code left in dist/:\n  ${problems.join('\n  ')}`);
	process.exit(1);
}
const size = readdirSync(DIST, { recursive: true })
	.map(String)
	.filter((f) => f.endsWith('.js'))
	.reduce((sum, f) => sum + statSync(join(DIST, f)).size, 0);
console.log(
	`build:verified: ${entryPoints.length} bundles in dist/ (${(size / 1024).toFixed(0)} KB of JS), path 'stream', no restricted require`,
);
