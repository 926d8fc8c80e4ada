// scripts/release.mjs in a throw-away git repository: the bump, the changelog move, the commit and
// tag, the tag check the publish workflow runs, and the guards against publishing by hand.
import { spawnSync } from 'child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { newRepoCommands } from '../helpers/gitRepo';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'release.mjs');
const CHANGELOG = [
	'# Changelog',
	'',
	'## [Unreleased]',
	'',
	'### Added',
	'',
	'- A new node.',
	'',
	'## [1.2.3] - 2026-01-02',
	'',
	'- Older things.',
	'',
].join('\n');

let repo: string;

function release(args: string[], env: Record<string, string> = {}) {
	const clean = { ...process.env, RELEASE_MODE: '', GITHUB_ACTIONS: '', ...env };
	const res = spawnSync('node', [join(repo, 'scripts', 'release.mjs'), ...args], {
		cwd: repo,
		encoding: 'utf8',
		env: clean,
	});
	return { code: res.status, out: `${res.stdout}${res.stderr}` };
}
const git = (...args: string[]) =>
	spawnSync('git', args, { cwd: repo, encoding: 'utf8' }).stdout.trim();
const read = (file: string) => readFileSync(join(repo, file), 'utf8');

beforeEach(() => {
	repo = mkdtempSync(join(tmpdir(), 'sg-release-'));
	mkdirSync(join(repo, 'scripts'));
	copyFileSync(SCRIPT, join(repo, 'scripts', 'release.mjs'));
	writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'x', version: '1.2.3' }));
	writeFileSync(
		join(repo, 'package-lock.json'),
		JSON.stringify({ name: 'x', version: '1.2.3', packages: { '': { version: '1.2.3' } } }),
	);
	writeFileSync(join(repo, 'CHANGELOG.md'), CHANGELOG);
	for (const args of newRepoCommands('start')) git(...args);
});

afterEach(() => rmSync(repo, { recursive: true, force: true }));

test('--dry-run shows the new version and its changelog section, and writes nothing', () => {
	const res = release(['minor', '--dry-run']);
	expect(res.code).toBe(0);
	expect(res.out).toContain('1.2.3 → 1.3.0, tag v1.3.0');
	expect(res.out).toContain('- A new node.');
	expect(read('CHANGELOG.md')).toBe(CHANGELOG);
	expect(JSON.parse(read('package.json')).version).toBe('1.2.3');
	expect(git('tag', '--list')).toBe('');
});

test('a release bumps the version, dates the Unreleased section, commits and tags', () => {
	const res = release(['patch']);
	expect(res.code).toBe(0);
	const today = new Date().toISOString().slice(0, 10);
	expect(JSON.parse(read('package.json')).version).toBe('1.2.4');
	const lock = JSON.parse(read('package-lock.json'));
	expect([lock.version, lock.packages[''].version]).toEqual(['1.2.4', '1.2.4']);
	expect(read('CHANGELOG.md')).toBe(
		CHANGELOG.replace(
			'## [Unreleased]\n\n### Added',
			`## [Unreleased]\n\n## [1.2.4] - ${today}\n\n### Added`,
		),
	);
	expect(git('tag', '--list')).toBe('v1.2.4');
	expect(git('log', '-1', '--format=%s')).toBe('Release 1.2.4');
	expect(git('status', '--porcelain')).toBe('');
	expect(release(['check-tag', 'v1.2.4']).code).toBe(0);
	// Nothing new to say: the next release is refused.
	expect(release(['patch']).out).toContain('the Unreleased section of CHANGELOG.md is empty');
});

test('the tag check refuses a tag that is not v<package.json version>, or one without a changelog entry', () => {
	expect(release(['check-tag', 'v1.2.3']).code).toBe(0);
	const wrong = release(['check-tag', 'v1.2.4']);
	expect(wrong.code).toBe(1);
	expect(wrong.out).toContain("does not match package.json's version 1.2.3");
	writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'x', version: '9.9.9' }));
	expect(release(['check-tag', 'v9.9.9']).out).toContain('CHANGELOG.md has no "## [9.9.9]');
});

test('a release refuses uncommitted changes and an existing tag', () => {
	writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'x', version: '1.2.3', a: 1 }));
	expect(release(['patch']).out).toContain('commit or stash your changes first');
	git('checkout', 'package.json');
	git('tag', 'v2.0.0');
	expect(release(['2.0.0']).out).toContain('tag v2.0.0 exists already');
});

test('npm publish by hand is refused; the release route (RELEASE_MODE) and GitHub Actions pass', () => {
	const byHand = release(['guard']);
	expect(byHand.code).toBe(1);
	expect(byHand.out).toContain('published by GitHub Actions from a version tag');
	expect(release(['guard'], { RELEASE_MODE: 'true' }).code).toBe(0);
	expect(release(['guard'], { GITHUB_ACTIONS: 'true' }).code).toBe(0);
});

test("publish never reaches npm's registry without provenance, nor with it outside GitHub Actions", () => {
	expect(release(['publish', '--no-provenance']).out).toContain('--no-provenance needs --registry');
	expect(release(['publish']).out).toContain('provenance is signed by GitHub Actions');
});
