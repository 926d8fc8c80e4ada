import { LoadOptionsContext } from 'n8n-core';
import { Workflow } from 'n8n-workflow';

import type { Engine, WorkflowJson } from '../../engine';

/** The context n8n gives a node's loadOptions and listSearch methods when the editor asks. */
export function loadOptionsContext(
	engine: Engine,
	workflowJson: WorkflowJson,
	nodeName: string,
	path: string,
): LoadOptionsContext {
	const workflow = new Workflow({
		nodes: workflowJson.nodes,
		connections: workflowJson.connections,
		active: false,
		nodeTypes: (engine as never)['nodeTypes'],
	});
	const additionalData = {
		credentialsHelper: engine.credentials,
		restApiUrl: '',
		instanceBaseUrl: '',
	} as never;
	return new LoadOptionsContext(workflow, workflow.getNode(nodeName)!, additionalData, path);
}
