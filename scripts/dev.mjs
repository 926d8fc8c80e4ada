#!/usr/bin/env node
// npm run dev [-- --user-folder=<dir>] [-- --external-n8n]
//
// n8n with this package linked and rebuilt on change, as `n8n-node dev` does it (the package
// folder symlinked into <user folder>/.n8n/custom/node_modules, n8n started with
// N8N_DEV_RELOAD=true so it reloads the nodes when dist/ changes), but with our esbuild build
// (`npm run build`): n8n-node's `tsc` would leave require('fflate') in dist/.
// The nodes appear in the editor as CUSTOM.<node> (the custom folder's loader).
// n8n: $SG_N8N_BIN, else `n8n` on PATH, else the cached 2.8.4 the e2e suite installs.
import { execFileSync, spawn } from 'child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, watch } from 'fs';
import { homedir } from 'os';
import { delimiter, join, resolve } from 'path';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const CACHE = join(homedir(), '.cache', 'n8n-nodes-shared-gallery');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const log = (message) => process.stderr.write(`[dev] ${message}\n`);
const { name } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const userFolder = resolve(arg('user-folder') ?? join(CACHE, 'dev-user'));

function n8nBinary() {
	if (process.env.SG_N8N_BIN) return process.env.SG_N8N_BIN;
	for (const dir of (process.env.PATH ?? '').split(delimiter))
		if (dir && existsSync(join(dir, 'n8n'))) return join(dir, 'n8n');
	const cached = join(CACHE, 'n8n-2.8.4', 'node_modules', '.bin', 'n8n');
	if (existsSync(cached)) return cached;
	log('no n8n: put it on PATH, set SG_N8N_BIN, or run `npm run test:e2e` once (it caches 2.8.4)');
	process.exit(1);
}

/** <user folder>/.n8n/custom/node_modules/<name> → this folder, as n8n-node dev links it. */
function link() {
	const modules = join(userFolder, '.n8n', 'custom', 'node_modules');
	mkdirSync(modules, { recursive: true });
	const target = join(modules, name);
	rmSync(target, { force: true }); // the link of an earlier run
	symlinkSync(ROOT, target, 'dir');
	log(`linked ${target} → ${ROOT}`);
}

let building = false;
let again = false;
function build() {
	if (building) {
		again = true;
		return;
	}
	building = true;
	const started = Date.now();
	try {
		execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], {
			cwd: ROOT,
			stdio: ['ignore', 'ignore', 'inherit'],
		});
		log(`rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	} catch {
		log('build failed (above); n8n keeps the last good build once it is fixed');
	}
	building = false;
	if (again) {
		again = false;
		build();
	}
}

build();
link();
let timer;
for (const folder of ['nodes', 'credentials', 'icons']) {
	watch(join(ROOT, folder), { recursive: true }, () => {
		clearTimeout(timer);
		timer = setTimeout(build, 200);
	});
}
log(`watching nodes/, credentials/ and icons/; n8n user folder ${userFolder}`);

if (process.argv.includes('--external-n8n')) {
	log('--external-n8n: start n8n yourself with N8N_DEV_RELOAD=true and that user folder');
} else {
	const bin = n8nBinary();
	log(`starting ${bin} (http://localhost:${process.env.N8N_PORT ?? 5678})`);
	const n8n = spawn(bin, ['start'], {
		stdio: 'inherit',
		env: {
			...process.env,
			N8N_USER_FOLDER: userFolder,
			N8N_DEV_RELOAD: 'true',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		},
	});
	const stop = () => n8n.kill('SIGTERM');
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	n8n.on('exit', (code) => process.exit(code ?? 0));
}
