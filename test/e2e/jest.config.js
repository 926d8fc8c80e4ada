/**
 * Real-n8n end-to-end suite (`npm run test:e2e`): every test file runs once per n8n version in
 * test/e2e/helpers/versions.ts (a Jest project each; SG_N8N_VERSION=<version> runs one). The
 * versions are installed once into a cache folder ($SG_N8N_CACHE, default
 * ~/.cache/n8n-nodes-shared-gallery); globalSetup packs this package and publishes it to a local
 * registry, and each test places it in n8n's user folder the way n8n's installer does.
 */
const { rootDir, versionProjects } = require('./versionProjects');

module.exports = {
	rootDir,
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	maxWorkers: 1,
	// Each n8n CLI call is a fresh process (5-20 s); a file runs several.
	testTimeout: 600_000,
	slowTestThreshold: 60,
	projects: versionProjects({
		label: 'n8n ',
		roots: ['<rootDir>/test/e2e'],
		testMatch: ['**/*.e2e.test.ts'],
	}),
};
