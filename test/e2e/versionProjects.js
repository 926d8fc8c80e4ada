/**
 * One Jest project per n8n version in n8n-versions.json, for the suites that run real n8n
 * (test/e2e, test/queue). SG_N8N_VERSION=<version> keeps one. Each project's tests read their
 * version from the global SG_N8N_VERSION.
 */
const path = require('path');

const rootDir = path.resolve(__dirname, '..', '..');

function versionProjects({ label, roots, testMatch }) {
	const only = process.env.SG_N8N_VERSION;
	return Object.values(require('./n8n-versions.json'))
		.map((t) => t.n8n)
		.filter((v) => !only || v === only)
		.map((version) => ({
			displayName: `${label}${version}`,
			rootDir,
			testEnvironment: 'node',
			roots,
			testMatch,
			transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] },
			globals: { SG_N8N_VERSION: version },
		}));
}

module.exports = { rootDir, versionProjects };
