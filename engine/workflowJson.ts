// Workflow JSON as n8n saves it, for the in-process engine, the real-n8n suites and the bench:
// no n8n-core here, so a process that only drives n8n from outside can build workflows too.
import type { IConnections, INode, IWorkflowSettings } from 'n8n-workflow';

export const PACKAGE = 'n8n-nodes-shared-gallery';
export const TYPES = {
	query: `${PACKAGE}.sharedGalleryQueryItems`,
	download: `${PACKAGE}.sharedGalleryGetDownload`,
	trigger: `${PACKAGE}.sharedGalleryTrigger`,
	postedList: `${PACKAGE}.sharedGalleryPostedList`,
	manualTrigger: 'n8n-nodes-base.manualTrigger',
};

export const CREDENTIAL_REF = { id: 'cred-1', name: 'Shared Gallery account' };

export interface WorkflowJson {
	/** The workflow's ID (default "test"): n8n's deduplication store keeps one row per workflow. */
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	/** The workflow's settings, as saved (`timezone`, …); executionOrder is always v1. */
	settings?: IWorkflowSettings;
}

/** A linear workflow: Manual Trigger → each node in turn. */
export function chain(
	...nodes: Array<Omit<INode, 'id' | 'position' | 'typeVersion'> & { typeVersion?: number }>
): WorkflowJson {
	const all: INode[] = [
		{
			id: 'n0',
			name: 'Manual Trigger',
			type: TYPES.manualTrigger,
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		...nodes.map((node, index) => ({
			typeVersion: 1,
			...(node.type.startsWith(PACKAGE)
				? { credentials: { sharedGalleryApi: CREDENTIAL_REF } }
				: {}),
			...node,
			id: `n${index + 1}`,
			position: [200 * (index + 1), 0] as [number, number],
		})),
	];
	const connections: IConnections = {};
	for (let i = 0; i < all.length - 1; i++) {
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { nodes: all, connections };
}
