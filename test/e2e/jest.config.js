/**
 * Real-n8n end-to-end suite (`npm run test:e2e`): installs n8n@2.8.4 once into a cache folder
 * ($SG_N8N_CACHE, default ~/.cache/n8n-nodes-shared-gallery), packs this package, installs the
 * tarball as a community package and runs the examples/ workflows with the n8n CLI.
 */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	// Each n8n CLI call is a fresh process (5-10 s); a file runs several.
	testTimeout: 300_000,
	slowTestThreshold: 60,
};
