/** Unit, emulator and in-process workflow tests. The real-n8n suites live in test/e2e and test/queue. */
const path = require('path');

module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/stress/', '/test/queue/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	// `X.node.js` imports name the TypeScript source (a bare `X.node` would find the codex X.node.json).
	moduleNameMapper: { '^(\\.{1,2}/.*\\.node)\\.js$': '$1.ts' },
	globalSetup: '<rootDir>/test/helpers/globalSetup.ts',
	globalTeardown: '<rootDir>/test/helpers/globalTeardown.ts',
	setupFiles: ['<rootDir>/engine/env.ts'],
	// Jest's transform cache stays with the project, not in the temp folder the suites keep clean.
	cacheDirectory: path.join(__dirname, 'node_modules', '.cache', 'jest'),
	testTimeout: 30000,
};
