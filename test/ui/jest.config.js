/**
 * Editor suite (`npm run test:ui`): n8n's editor in Debian's Chromium, driven by playwright-core.
 * One n8n, one browser and one emulator for the whole file; the tests run in order and share them.
 * Files are `*.ui.ts` (not `*.test.ts`) so that the unit suite's `jest` never picks them up.
 */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/ui'],
	testMatch: ['**/*.ui.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/ui/globalSetup.ts',
	globalTeardown: '<rootDir>/test/ui/globalTeardown.ts',
	maxWorkers: 1,
	verbose: true,
	// A step waits for the editor (a click, a run against the emulator): 90 s is ample, and a
	// hung step fails instead of stalling the run. n8n's start is in beforeAll (own timeout).
	testTimeout: 90_000,
	slowTestThreshold: 30,
};
