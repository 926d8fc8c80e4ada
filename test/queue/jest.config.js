/**
 * Queue-mode suite (`npm run test:queue`): n8n's distributed engine on this machine, with
 * Postgres, Redis, one main instance and two workers, on every n8n version the e2e suite covers
 * (a Jest project each; SG_N8N_VERSION=<version> runs one). It shares the e2e suite's global
 * set-up: the cached n8n installs, and this package packed and published to a local registry.
 */
const { rootDir, versionProjects } = require('../e2e/versionProjects');

module.exports = {
	rootDir,
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 900_000,
	slowTestThreshold: 120,
	projects: versionProjects({
		label: 'queue, n8n ',
		roots: ['<rootDir>/test/queue'],
		testMatch: ['**/*.queue.test.ts'],
	}),
};
