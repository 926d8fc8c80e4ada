#!/usr/bin/env node
// npm run scan [-- --no-source] [-- --details] [-- --json=report.json]
//
// n8n's verification scanner (@n8n/scan-community-package 0.32), run the way it runs on a
// published package, on the package as `npm pack` makes it:
//   - the tarball leg: `analyzePackage(<unpacked tarball>, ['**/*.js', 'package.json'])`, as
//     `analyzePackageByName` does, and with the default patterns (every .js, .ts and .json);
//   - the source leg: `analyzePackage(<repo>, SOURCE_FILE_PATTERNS)`, the attested-source scan.
// The scanner lives in a cache outside the repo (installed on first use, with typescript 5.9
// and n8n-workflow 2.11.1 beside it, `--legacy-peer-deps`): SG_SCANNER_CACHE overrides its folder.
// Exit code 1 when any leg has findings (errors).
import { execFileSync } from 'child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'fs';
import { homedir, tmpdir } from 'os';
import { join, resolve } from 'path';
import { pathToFileURL } from 'url';

const SCANNER_VERSION = '0.32.0';
const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const CACHE =
	process.env.SG_SCANNER_CACHE ||
	join(homedir(), '.cache', 'n8n-nodes-shared-gallery', 'scanner-0.32');
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const WITH_SOURCE = !process.argv.includes('--no-source');

const log = (message) => process.stderr.write(`[scan] ${message}\n`);
const sh = (command, args, options = {}) =>
	execFileSync(command, args, {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
		encoding: 'utf8',
		...options,
	});

function ensureScanner() {
	const manifest = join(CACHE, 'node_modules', '@n8n', 'scan-community-package', 'package.json');
	if (
		existsSync(manifest) &&
		JSON.parse(readFileSync(manifest, 'utf8')).version === SCANNER_VERSION
	)
		return;
	log(
		`installing @n8n/scan-community-package@${SCANNER_VERSION} into ${CACHE} (about a minute, once)`,
	);
	mkdirSync(CACHE, { recursive: true });
	writeFileSync(
		join(CACHE, 'package.json'),
		JSON.stringify({ name: 'sg-scanner-cache', private: true }, null, 2),
	);
	// --ignore-scripts: eslint-plugin-n8n-nodes-base's preinstall runs `npx only-allow pnpm`.
	sh(
		'npm',
		[
			'install',
			'--no-audit',
			'--no-fund',
			'--legacy-peer-deps',
			'--ignore-scripts',
			`@n8n/scan-community-package@${SCANNER_VERSION}`,
			'typescript@5.9',
			'n8n-workflow@2.11.1',
		],
		{ cwd: CACHE, stdio: ['ignore', 'inherit', 'inherit'] },
	);
}

/** Packs the package as it would be published (prepack builds dist/); returns the unpacked folder. */
function pack(work) {
	log('building and packing');
	const tarball = sh('npm', ['pack', '--silent', '--pack-destination', work])
		.trim()
		.split('\n')
		.pop();
	const unpacked = join(work, 'package');
	mkdirSync(unpacked, { recursive: true });
	sh('tar', ['-xzf', join(work, tarball), '-C', unpacked, '--strip-components=1']);
	return { unpacked, tarball };
}

/** The stylish report → counts per rule. */
function summarise(result) {
	const byRule = {};
	let errors = 0;
	let warnings = 0;
	const files = new Set();
	let file;
	for (const line of (result.details ?? '').split('\n')) {
		if (/^\S/.test(line) && !line.startsWith('✖')) file = line.trim();
		const match = /^\s+\d+:\d+\s+(error|warning)\s+.*?\s{2,}(\S+)\s*$/.exec(line);
		if (!match) continue;
		if (match[1] === 'error') errors++;
		else warnings++;
		if (file) files.add(file);
		byRule[match[2]] = (byRule[match[2]] ?? 0) + 1;
	}
	return {
		passed: result.passed,
		message: result.message,
		errors,
		warnings,
		byRule,
		files: [...files],
		details: result.details,
	};
}

ensureScanner();
const scanner = await import(
	pathToFileURL(
		join(CACHE, 'node_modules', '@n8n', 'scan-community-package', 'scanner', 'scanner.mjs'),
	).href
);
const work = mkdtempSync(join(tmpdir(), 'sg-scan-'));
const report = {};
try {
	const { unpacked, tarball } = pack(work);
	report.tarball = tarball;
	report.distFiles = readdirSync(join(unpacked, 'dist'), { recursive: true }).filter((f) =>
		f.endsWith('.js'),
	).length;
	report.shipped = summarise(await scanner.analyzePackage(unpacked, ['**/*.js', 'package.json']));
	report.everything = summarise(await scanner.analyzePackage(unpacked));
	if (WITH_SOURCE)
		report.source = summarise(await scanner.analyzePackage(ROOT, scanner.SOURCE_FILE_PATTERNS));
} finally {
	rmSync(work, { recursive: true, force: true });
}

const line = (label, s) =>
	`${label}: ${s.errors} error(s), ${s.warnings} warning(s)${
		Object.keys(s.byRule).length
			? `: ${Object.entries(s.byRule)
					.map(([rule, n]) => `${rule.replace('@n8n/community-nodes/', '')} ×${n}`)
					.join(', ')}`
			: ''
	}`;
const legs = [
	['tarball, as analyzePackageByName scans it (**/*.js, package.json)', report.shipped],
	['tarball, analyzePackage defaults (**/*.js, **/*.ts, **/*.json)', report.everything],
	['source (this repository: package.json, {nodes,credentials}/**/*.{js,ts,json})', report.source],
].filter(([, leg]) => leg);
console.log(`\n== ${report.tarball} (${report.distFiles} .js files in dist/)`);
for (const [label, leg] of legs) {
	console.log(line(`  ${label}`, leg));
	if (leg.details && process.argv.includes('--details')) console.log(leg.details);
}
if (arg('json')) writeFileSync(arg('json'), JSON.stringify(report, null, 2));
if (legs.some(([, leg]) => leg.errors > 0)) {
	console.log('\nThe scanner has findings.');
	process.exit(1);
}
console.log('\nNo findings.');
