/** Unit, emulator and in-process workflow tests. The real-n8n suite lives in test/e2e. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/stress/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	// `X.node.js` imports name the TypeScript source (a bare `X.node` would find the codex X.node.json).
	moduleNameMapper: { '^(\\.{1,2}/.*\\.node)\\.js$': '$1.ts' },
	setupFiles: ['<rootDir>/test/helpers/env.ts'],
	testTimeout: 30000,
};
