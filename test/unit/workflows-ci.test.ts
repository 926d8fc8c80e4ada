// The CI workflow: every pull request and push runs the quick gate; the long suites run on main,
// on a schedule and by hand, each within GitHub's hosted-runner limits.
import { readFileSync } from 'fs';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

const ROOT = join(__dirname, '..', '..');
interface Job {
	if?: string;
	'timeout-minutes'?: number;
	container?: string;
	strategy?: { matrix?: { suite?: string[] } };
	steps: Array<{ run?: string }>;
}
const workflow = yaml.load(readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
	on: Record<string, unknown>;
	jobs: Record<string, Job>;
};
const runsOf = (job: Job) => job.steps.map((s) => s.run ?? '').filter(Boolean);
const scripts = Object.keys(
	(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: object }).scripts,
);

test('it runs on pull requests, pushes, a schedule and by hand', () => {
	expect(Object.keys(workflow.on).sort()).toEqual(
		['pull_request', 'push', 'schedule', 'workflow_dispatch'].sort(),
	);
});

test('a job without a condition runs the gate: npm ci, build, lint, typecheck, npm test, scan', () => {
	const gate = Object.values(workflow.jobs).find((j) => !j.if)!;
	expect(runsOf(gate).filter((r) => !r.startsWith('npm ci'))).toEqual([
		'npm run build',
		'npm run lint',
		'npm run typecheck',
		'npm test',
		'npm run scan',
	]);
	expect(runsOf(gate).some((r) => r.startsWith('npm ci'))).toBe(true);
});

test('the long suites run only on main, the schedule or by hand, installing apt packages as .ci/run does', () => {
	const long = Object.values(workflow.jobs).filter((j) => j.if);
	const suites = long.flatMap((j) => j.strategy?.matrix?.suite ?? []);
	expect(suites.sort()).toEqual(['test:e2e', 'test:queue', 'test:stress', 'test:ui']);
	for (const suite of suites) expect(scripts).toContain(suite);
	for (const job of long) {
		expect(job.if).toMatch(/schedule/);
		expect(job.if).toMatch(/refs\/heads\/main/);
		const apt = runsOf(job).find((r) => r.includes('apt-get install')) ?? '';
		for (const pkg of [
			'chromium',
			'redis-server',
			'postgresql',
			'unzip',
			'openssl',
			'graphicsmagick',
		])
			expect(apt).toContain(pkg);
	}
});

test("every job has a timeout within GitHub's 6-hour job limit", () => {
	for (const job of Object.values(workflow.jobs)) {
		expect(job['timeout-minutes']).toBeGreaterThan(0);
		expect(job['timeout-minutes']).toBeLessThanOrEqual(360);
	}
});
