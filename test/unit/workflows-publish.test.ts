// The publish workflow, read as GitHub reads it: a version tag publishes with an npm provenance
// statement through trusted publishing (OIDC), never with a stored token, and only after the tag
// is checked against package.json and the build, tests and scanner pass.
import { spawnSync } from 'child_process';
import {
	chmodSync,
	copyFileSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// js-yaml 4 is in the dev tree (eslint's); it has no types of its own.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

const ROOT = join(__dirname, '..', '..');
const FILE = join(ROOT, '.github', 'workflows', 'publish.yml');
const text = readFileSync(FILE, 'utf8');

interface Step {
	name?: string;
	run?: string;
	uses?: string;
	env?: Record<string, string>;
	with?: Record<string, unknown>;
}
interface Job {
	permissions?: Record<string, string>;
	steps: Step[];
	'timeout-minutes'?: number;
	env?: Record<string, string>;
}
const workflow = yaml.load(text) as {
	on: { push?: { tags?: string[]; branches?: string[] } } & Record<string, unknown>;
	permissions?: Record<string, string>;
	env?: Record<string, string>;
	jobs: Record<string, Job>;
};
const jobs = Object.values(workflow.jobs);
const publishJob = jobs.find((j) => j.steps.some((s) => /release\.mjs publish/.test(s.run ?? '')));
const runs = (publishJob?.steps ?? []).map((s) => s.run ?? '');
const stepIndex = (pattern: RegExp) => runs.findIndex((r) => pattern.test(r));

test('it runs on version tags (v*) and on nothing else', () => {
	expect(Object.keys(workflow.on)).toEqual(['push']);
	expect(workflow.on.push?.branches).toBeUndefined();
	expect(workflow.on.push?.tags).toEqual(['v*']);
});

test('one job publishes, with id-token: write and contents: read; the workflow grants nothing more', () => {
	expect(publishJob).toBeDefined();
	expect(publishJob!.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
	expect(workflow.permissions).toEqual({ contents: 'read' });
	for (const job of jobs.filter((j) => j !== publishJob))
		expect(job.permissions?.['id-token']).not.toBe('write');
	expect(publishJob!['timeout-minutes']).toBeLessThanOrEqual(60);
});

test('no long-lived token: no secret, no NPM_TOKEN or NODE_AUTH_TOKEN, no registry auth written', () => {
	expect(text).not.toMatch(/secrets\./);
	expect(text).not.toMatch(/NPM_TOKEN|NODE_AUTH_TOKEN|_authToken/);
	// setup-node's registry-url writes an .npmrc that expects NODE_AUTH_TOKEN.
	for (const step of publishJob!.steps) expect(step.with?.['registry-url']).toBeUndefined();
});

test('the tag is checked against package.json first; build, lint, tests and scanner run before publishing', () => {
	const check = stepIndex(/release\.mjs check-tag "\$GITHUB_REF_NAME"/);
	const publish = stepIndex(/release\.mjs publish/);
	expect(check).toBeGreaterThanOrEqual(0);
	const order = [/^npm ci\b/, /^npm run build$/, /^npm run lint$/, /^npm test$/, /^npm run scan$/];
	const found = order.map(stepIndex);
	expect(found.every((i) => i > check && i < publish)).toBe(true);
	expect([...found].sort((a, b) => a - b)).toEqual(found);
});

test('npm is new enough for trusted publishing (11.5.1 or later)', () => {
	const install = runs.find((r) => /npm install -g/.test(r)) ?? '';
	const version = /npm@\^?(\d+)\.(\d+)\.(\d+)/.exec(install);
	expect(version).not.toBeNull();
	const [major, minor, patch] = version!.slice(1).map(Number);
	expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(11 * 1e6 + 5 * 1e3 + 1);
	expect(stepIndex(/npm install -g/)).toBeLessThan(stepIndex(/release\.mjs publish/));
});

describe('the publish step, run as GitHub Actions runs it (npm replaced by a recorder)', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'sg-publish-step-'));
		mkdirSync(join(dir, 'scripts'));
		mkdirSync(join(dir, 'bin'));
		copyFileSync(join(ROOT, 'scripts', 'release.mjs'), join(dir, 'scripts', 'release.mjs'));
		copyFileSync(join(ROOT, 'CHANGELOG.md'), join(dir, 'CHANGELOG.md'));
		writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', version: '0.3.0' }));
		const npm = join(dir, 'bin', 'npm');
		writeFileSync(npm, '#!/bin/sh\necho "$@" > "$NPM_ARGS"\necho "$RELEASE_MODE" >> "$NPM_ARGS"\n');
		chmodSync(npm, 0o755);
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	test("the tag step passes this package's own tag and stops any other", () => {
		const command = runs[stepIndex(/check-tag/)];
		const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
		const step = (tag: string) =>
			spawnSync('sh', ['-c', command], {
				cwd: ROOT,
				encoding: 'utf8',
				env: { ...process.env, GITHUB_REF_NAME: tag },
			}).status;
		expect(step(`v${version}`)).toBe(0);
		expect(step(`v${version}.1`)).toBe(1);
		expect(step(version)).toBe(1);
	});

	test('npm publish --access public --provenance, in release mode, to the default registry', () => {
		const command = runs[stepIndex(/release\.mjs publish/)];
		const argsFile = join(dir, 'npm-args');
		const res = spawnSync('sh', ['-c', command], {
			cwd: dir,
			encoding: 'utf8',
			env: {
				...process.env,
				...workflow.env,
				...publishJob!.env,
				PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
				GITHUB_ACTIONS: 'true',
				RELEASE_MODE: '',
				NPM_ARGS: argsFile,
			},
		});
		expect(res.stderr).toBe('');
		expect(res.status).toBe(0);
		const [args, releaseMode] = readFileSync(argsFile, 'utf8').trim().split('\n');
		expect(args.split(' ')).toEqual(['publish', '--access', 'public', '--provenance']);
		expect(releaseMode).toBe('true');
	});
});
