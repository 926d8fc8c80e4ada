import { readFileSync } from 'fs';
import { join } from 'path';
import { REPO_ROOT } from './pack';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, any>;
	credentials?: Record<string, { id: string; name: string }>;
	[k: string]: any;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<string, any>;
	[k: string]: any;
}

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
export const FIXTURES_DIR = join(REPO_ROOT, 'test', 'e2e', 'workflows');

export function loadWorkflow(file: string): Workflow {
	return JSON.parse(readFileSync(file, 'utf8')) as Workflow;
}

export const loadExample = (name: string): Workflow => loadWorkflow(join(EXAMPLES_DIR, name));
export const loadFixture = (name: string): Workflow => loadWorkflow(join(FIXTURES_DIR, name));

export function node(wf: Workflow, name: string): WorkflowNode {
	const n = wf.nodes.find((x) => x.name === name);
	if (!n)
		throw new Error(
			`workflow ${wf.id} has no node "${name}" (has: ${wf.nodes.map((x) => x.name).join(', ')})`,
		);
	return n;
}

export function nodesOfType(wf: Workflow, type: string): WorkflowNode[] {
	return wf.nodes.filter((n) => n.type === type);
}

/**
 * Point every credential reference of the given types at an imported credential. The only
 * change the suite makes to an example besides target URLs: the example ships placeholders.
 */
export function swapCredentials(
	wf: Workflow,
	byType: Record<string, { id: string; name: string }>,
): Workflow {
	const out: Workflow = structuredClone(wf);
	for (const n of out.nodes) {
		for (const type of Object.keys(n.credentials ?? {})) {
			if (!byType[type]) throw new Error(`no test credential for type ${type} (node "${n.name}")`);
			n.credentials![type] = { ...byType[type] };
		}
	}
	return out;
}

/**
 * Replace a target (URL or folder prefix) in string parameters, recursively. Fails when the
 * prefix is not found, so an example that drifts from the suite is noticed.
 */
export function swapTarget(wf: Workflow, from: string, to: string, onlyNodes?: string[]): Workflow {
	const out: Workflow = structuredClone(wf);
	let hits = 0;
	const walk = (v: any): any => {
		if (typeof v === 'string') {
			if (v.includes(from)) {
				hits++;
				return v.split(from).join(to);
			}
			return v;
		}
		if (Array.isArray(v)) return v.map(walk);
		if (v && typeof v === 'object')
			return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
		return v;
	};
	for (const n of out.nodes) {
		if (onlyNodes && !onlyNodes.includes(n.name)) continue;
		if (n.type === 'n8n-nodes-base.stickyNote') continue;
		n.parameters = walk(n.parameters);
	}
	if (!hits) throw new Error(`"${from}" not found in workflow ${wf.id}`);
	return out;
}
