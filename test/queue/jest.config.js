/**
 * Queue-mode suite (`npm run test:queue`): n8n's distributed engine on this machine, with
 * Postgres, Redis, one main instance and two workers, on every n8n version the e2e suite covers
 * (a Jest project each; SG_N8N_VERSION=<version> runs one). It shares the e2e suite's global
 * set-up: the cached n8n installs, and this package packed and published to a local registry.
 */
const path = require('path');

const rootDir = path.resolve(__dirname, '..', '..');
const VERSIONS = Object.values(require('../e2e/n8n-versions.json')).map((t) => t.n8n);
const only = process.env.SG_N8N_VERSION;

module.exports = {
	rootDir,
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	testTimeout: 900_000,
	slowTestThreshold: 120,
	projects: VERSIONS.filter((v) => !only || v === only).map((version) => ({
		displayName: `queue, n8n ${version}`,
		rootDir,
		testEnvironment: 'node',
		roots: ['<rootDir>/test/queue'],
		testMatch: ['**/*.queue.test.ts'],
		transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
		globals: { SG_N8N_VERSION: version },
	})),
};
