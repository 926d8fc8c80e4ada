#!/usr/bin/env node
// The release route (RELEASING.md), after @n8n/node-cli's `n8n-node release`: a maintainer bumps
// and tags on their machine; GitHub Actions publishes the tag with provenance.
//
//   node scripts/release.mjs <patch|minor|major|x.y.z> [--dry-run]   (npm run release -- …)
//     bump package.json (and the lock file), move CHANGELOG.md's Unreleased section under the
//     new version with today's date, commit, tag v<version>. --dry-run prints all that, writes nothing.
//   node scripts/release.mjs check-tag <tag>     the tag is v<package.json version>, with a changelog entry
//   node scripts/release.mjs publish [--registry=<url> --userconfig=<file> --no-provenance]
//     npm publish --provenance --access public; without provenance only to a registry named here
//     (the e2e suite's local one), never to npm's.
//   node scripts/release.mjs guard               prepublishOnly: refuses `npm publish` by hand
import { execFileSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';

const ROOT = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..');
const CHANGELOG = join(ROOT, 'CHANGELOG.md');
const UNRELEASED = '## [Unreleased]';

const fail = (message) => {
	console.error(`release: ${message}`);
	process.exit(1);
};
const readJson = (file) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
const git = (...args) =>
	execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const option = (name) =>
	process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/** The next version: a semver given as is, or the current one bumped. */
function nextVersion(current, bump) {
	if (/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(bump)) return bump;
	const [major, minor, patch] = current.split(/[.-]/).map(Number);
	if (bump === 'major') return `${major + 1}.0.0`;
	if (bump === 'minor') return `${major}.${minor + 1}.0`;
	if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
	return fail(`"${bump}" is neither patch, minor, major nor a version like 1.2.3`);
}

/** The changelog with its Unreleased entries moved under `## [version] - date`. */
function moveUnreleased(text, version, date) {
	const start = text.indexOf(UNRELEASED);
	if (start < 0) fail(`CHANGELOG.md has no "${UNRELEASED}" section`);
	const bodyStart = start + UNRELEASED.length;
	const next = text.indexOf('\n## ', bodyStart);
	const body = text.slice(bodyStart, next < 0 ? undefined : next).trim();
	if (!body) fail('the Unreleased section of CHANGELOG.md is empty: say what changed first');
	if (text.includes(`## [${version}]`)) fail(`CHANGELOG.md already has ${version}`);
	const rest = next < 0 ? '' : text.slice(next + 1);
	return `${text.slice(0, start)}${UNRELEASED}\n\n## [${version}] - ${date}\n\n${body}\n\n${rest}`;
}

function hasEntry(version) {
	return readFileSync(CHANGELOG, 'utf8').includes(`## [${version}] - `);
}

function bump(arg, dryRun) {
	const pkg = readJson('package.json');
	const version = nextVersion(pkg.version, arg);
	const date = new Date().toISOString().slice(0, 10);
	const changelog = moveUnreleased(readFileSync(CHANGELOG, 'utf8'), version, date);
	const tag = `v${version}`;
	if (git('tag', '--list', tag).trim()) fail(`tag ${tag} exists already`);
	const dirty = git('status', '--porcelain', '--untracked-files=no').trim();
	if (dirty && !dryRun) fail(`commit or stash your changes first:\n${dirty}`);
	const section = changelog.slice(changelog.indexOf(`## [${version}]`)).split('\n## [')[0];
	console.log(`release: ${pkg.version} → ${version}, tag ${tag}\n\n${section.trim()}\n`);
	if (dryRun) {
		console.log('release: --dry-run: nothing written, committed or tagged');
		return;
	}
	const files = ['package.json', 'CHANGELOG.md'];
	writeFileSync(join(ROOT, 'package.json'), `${JSON.stringify({ ...pkg, version }, null, '\t')}\n`);
	try {
		const lock = readJson('package-lock.json');
		lock.version = version;
		if (lock.packages?.['']) lock.packages[''].version = version;
		writeFileSync(join(ROOT, 'package-lock.json'), `${JSON.stringify(lock, null, '\t')}\n`);
		files.push('package-lock.json');
	} catch (error) {
		if (error.code !== 'ENOENT') throw error;
	}
	writeFileSync(CHANGELOG, changelog);
	git('add', ...files);
	git('commit', '-q', '-m', `Release ${version}`);
	git('tag', '-a', tag, '-m', `Release ${version}`);
	console.log(
		`release: committed and tagged ${tag}. Push both to publish from GitHub Actions:\n  git push origin HEAD ${tag}`,
	);
}

function checkTag(tag) {
	const { version } = readJson('package.json');
	if (tag !== `v${version}`) fail(`tag ${tag} does not match package.json's version ${version}`);
	if (!hasEntry(version)) fail(`CHANGELOG.md has no "## [${version}] - <date>" entry`);
	console.log(`release: tag ${tag} matches package.json and CHANGELOG.md`);
}

function publish() {
	const { version } = readJson('package.json');
	const registry = option('registry');
	const provenance = !process.argv.includes('--no-provenance');
	if (!provenance && !registry)
		fail("npm's registry gets every release with provenance: --no-provenance needs --registry");
	if (provenance && process.env.GITHUB_ACTIONS !== 'true')
		fail('provenance is signed by GitHub Actions: publish by pushing the tag (RELEASING.md)');
	if (!hasEntry(version)) fail(`CHANGELOG.md has no "## [${version}] - <date>" entry`);
	const args = ['publish', '--access', 'public'];
	if (provenance) args.push('--provenance');
	if (registry) args.push(`--registry=${registry}`);
	if (option('userconfig')) args.push(`--userconfig=${option('userconfig')}`);
	if (/-/.test(version)) args.push(`--tag=${option('tag') ?? 'next'}`);
	console.log(`release: npm ${args.join(' ')}`);
	execFileSync('npm', args, {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, RELEASE_MODE: 'true' },
	});
}

/** As node-cli's `prerelease`: only the release route (or a CI job) publishes. */
function guard() {
	if (process.env.RELEASE_MODE === 'true' || process.env.GITHUB_ACTIONS === 'true') return;
	fail(
		'packages are published by GitHub Actions from a version tag, with provenance.\n' +
			'  Run `npm run release -- <patch|minor|major>` and push the tag (RELEASING.md).',
	);
}

const [command, arg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (command === 'guard') guard();
else if (command === 'check-tag') checkTag(arg ?? fail('check-tag needs the tag'));
else if (command === 'publish') publish();
else if (command) bump(command, process.argv.includes('--dry-run'));
else fail('usage: npm run release -- <patch|minor|major|x.y.z> [--dry-run]');
