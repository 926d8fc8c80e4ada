/**
 * Stress suite (`npm run test:stress`, with --detectOpenHandles): 50 concurrent workflow runs
 * against the emulator, the 50,000-case archive fuzz, and the fixed 60 s request timeout.
 * Slow by design; not part of `npm test`.
 */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/stress'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	// As in /jest.config.js: `X.node.js` imports name the TypeScript source.
	moduleNameMapper: { '^(\\.{1,2}/.*\\.node)\\.js$': '$1.ts' },
	globalSetup: '<rootDir>/test/helpers/globalSetup.ts',
	globalTeardown: '<rootDir>/test/helpers/globalTeardown.ts',
	setupFiles: ['<rootDir>/engine/env.ts'],
	cacheDirectory: path.join(__dirname, '..', '..', 'node_modules', '.cache', 'jest'),
	maxWorkers: 1,
	testTimeout: 600_000,
	slowTestThreshold: 120,
};
