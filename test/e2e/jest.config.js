/**
 * Real-n8n end-to-end suite (`npm run test:e2e`): every test file runs once per n8n version in
 * test/e2e/helpers/versions.ts (a Jest project each; SG_N8N_VERSION=<version> runs one). The
 * versions are installed once into a cache folder ($SG_N8N_CACHE, default
 * ~/.cache/n8n-nodes-shared-gallery); globalSetup packs this package and publishes it to a local
 * registry, and each test places it in n8n's user folder the way n8n's installer does.
 */
const path = require('path');

const rootDir = path.resolve(__dirname, '..', '..');
const VERSIONS = Object.values(require('./n8n-versions.json')).map((t) => t.n8n);
const only = process.env.SG_N8N_VERSION;

module.exports = {
	rootDir,
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	// Each n8n CLI call is a fresh process (5-20 s); a file runs several.
	testTimeout: 600_000,
	slowTestThreshold: 60,
	projects: VERSIONS.filter((v) => !only || v === only).map((version) => ({
		displayName: `n8n ${version}`,
		rootDir,
		testEnvironment: 'node',
		roots: ['<rootDir>/test/e2e'],
		testMatch: ['**/*.e2e.test.ts'],
		transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
		globals: { SG_N8N_VERSION: version },
	})),
};
