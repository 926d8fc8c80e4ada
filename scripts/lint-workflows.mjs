#!/usr/bin/env node
// npm run lint's last step: every GitHub workflow in .github/workflows validated against its
// schema by @action-validator/cli (a WebAssembly build from the npm registry; no other network).
// The pinned devDependency when installed, else the same version through npx.
import { execFileSync } from 'child_process';
import { existsSync, readdirSync } from 'fs';
import { join, resolve } from 'path';

const VERSION = '0.6.0';
const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const DIR = join(ROOT, '.github', 'workflows');
const local = join(ROOT, 'node_modules', '.bin', 'action-validator');
const [command, prefix] = existsSync(local)
	? [local, []]
	: ['npx', ['-y', `@action-validator/cli@${VERSION}`]];

const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
if (!files.length) {
	console.error('lint-workflows: no workflow in .github/workflows');
	process.exit(1);
}
let failed = 0;
for (const file of files) {
	try {
		// One file per call: the validator takes exactly one path.
		execFileSync(command, [...prefix, join(DIR, file)], { cwd: ROOT, stdio: 'inherit' });
	} catch {
		console.error(`lint-workflows: .github/workflows/${file} is not a valid workflow`);
		failed++;
	}
}
if (failed) process.exit(1);
console.log(`lint-workflows: ${files.join(', ')} valid`);
