// Runs workflows in-process with n8n-core's WorkflowExecute: the engine n8n itself uses,
// with our nodes registered by hand. Used by the workflow tests, the demo and the bench
// (product tooling, so it lives here and not under test/).
import './env';

import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createDeferredPromise,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type IBinaryData,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IConnections,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IRunExecutionData,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';

import { SharedGalleryApi } from '../credentials/SharedGalleryApi.credentials';
import { SharedGalleryPostedList } from '../nodes/SharedGalleryPostedList/SharedGalleryPostedList.node.js';
import { SharedGalleryGetDownload } from '../nodes/SharedGalleryGetDownload/SharedGalleryGetDownload.node.js';
import { SharedGalleryQueryItems } from '../nodes/SharedGalleryQueryItems/SharedGalleryQueryItems.node.js';
import { FileDeduplicator, useDeduplicator } from './deduplication';
import { TYPES, type WorkflowJson } from './workflowJson';

export { FileDeduplicator } from './deduplication';
export { chain, CREDENTIAL_REF, PACKAGE, TYPES, type WorkflowJson } from './workflowJson';

/** Stands in for n8n's Manual Trigger (n8n-nodes-base is not a dependency): passes its input on. */
class ManualTrigger implements INodeType {
	description = {
		displayName: 'Manual Trigger',
		name: 'manualTrigger',
		group: ['trigger'],
		version: 1,
		description: '',
		defaults: { name: 'Manual Trigger' },
		inputs: [],
		outputs: ['main'],
		properties: [],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions) {
		return [this.getInputData()];
	}
}

class NodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(type: string) {
		const nodeType = this.types[type];
		if (!nodeType) throw new Error(`Unknown node type ${type}`);
		return nodeType;
	}

	getByNameAndVersion(type: string, version?: number) {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes() {
		return {};
	}
}

/** Keeps credentials in memory; preAuthentication works as in the n8n CLI (credentials-helper.ts). */
export class CredentialStore extends ICredentialsHelper {
	readonly type = new SharedGalleryApi();

	readonly tokenRequests: number[] = [];

	constructor(public data: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes() {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
	) {
		return await this.type.authenticate(credentials, requestOptions);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	) {
		if (credentials.accessToken !== '' && !credentialsExpired) return undefined;
		const output = await this.type.preAuthentication.call(helpers, credentials);
		if (output.accessToken === undefined) return undefined;
		this.tokenRequests.push(Date.now());
		this.data = { ...this.data, ...output };
		return Object.assign(credentials, output);
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}

	async getDecrypted() {
		return { ...this.data };
	}

	async updateCredentials(
		_node: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.data = { ...data };
	}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return this.type.properties;
	}
}

export interface RunError {
	name: string;
	message: string;
	description?: string | null;
	httpCode?: string | null;
	context: { itemIndex?: number };
}

export interface RunResult {
	run: IRun;
	/** Output items of a node's first run, first output. */
	output(nodeName: string): INodeExecutionData[];
	/** The error a node (or the run) stopped with, as n8n serializes it into the run data. */
	error(nodeName?: string): RunError | undefined;
}

export interface EngineOptions {
	credentials: ICredentialDataDecryptedObject;
	/** Extra node types by full type name (the bench adds n8n-nodes-base nodes). */
	nodeTypes?: Record<string, INodeType | IVersionedNodeType>;
	/**
	 * Where n8n's deduplication store (posted lists) is kept: a JSON file, so another engine
	 * given the same file reads it back. In memory, for this engine only, when not given.
	 */
	deduplicationFile?: string;
}

export class Engine {
	readonly credentials: CredentialStore;

	readonly deduplicator: FileDeduplicator;

	private readonly nodeTypes: NodeTypes;

	constructor({ credentials, nodeTypes = {}, deduplicationFile }: EngineOptions) {
		this.credentials = new CredentialStore(credentials);
		this.deduplicator = new FileDeduplicator(deduplicationFile);
		this.nodeTypes = new NodeTypes({
			[TYPES.query]: new SharedGalleryQueryItems(),
			[TYPES.download]: new SharedGalleryGetDownload(),
			[TYPES.postedList]: new SharedGalleryPostedList(),
			[TYPES.manualTrigger]: new ManualTrigger(),
			...nodeTypes,
		});
	}

	async run(
		workflowJson: WorkflowJson,
		{ mode = 'manual' }: { mode?: WorkflowExecuteMode } = {},
	): Promise<RunResult> {
		const workflow = new Workflow({
			id: workflowJson.id ?? 'test',
			name: workflowJson.name ?? 'test',
			nodes: workflowJson.nodes.map((node) => ({ ...node, parameters: { ...node.parameters } })),
			connections: workflowJson.connections,
			nodeTypes: this.nodeTypes,
			active: false,
			settings: { ...workflowJson.settings, executionOrder: 'v1' },
		});
		const start = workflowJson.nodes.find(
			(node) => !hasIncoming(workflowJson.connections, node.name),
		);
		if (!start) throw new Error('The workflow has no start node');
		await useDeduplicator(workflow, this.deduplicator);

		const hooks = new ExecutionLifecycleHooks(mode, 'execution-1', { id: 'test' } as never);
		const done = createDeferredPromise<IRun>();
		hooks.addHandler('workflowExecuteAfter', (fullRunData) => done.resolve(fullRunData));
		const additionalData = {
			hooks,
			credentialsHelper: this.credentials,
			currentNodeExecutionIndex: 0,
			variables: {},
			restApiUrl: '',
			instanceBaseUrl: '',
			formWaitingBaseUrl: '',
			webhookBaseUrl: '',
			webhookWaitingBaseUrl: '',
			webhookTestBaseUrl: '',
			executionId: 'execution-1',
			logAiEvent: () => {},
		} as unknown as IWorkflowExecuteAdditionalData;
		const runExecutionData: IRunExecutionData = {
			resultData: { runData: {} },
			executionData: {
				contextData: {},
				metadata: {},
				waitingExecution: {},
				waitingExecutionSource: null,
				nodeExecutionStack: [
					{ node: workflow.getNode(start.name)!, data: { main: [[{ json: {} }]] }, source: null },
				],
			},
		} as unknown as IRunExecutionData;
		await new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(
			workflow,
		);
		const run = await done.promise;
		const runData = run.data.resultData.runData;
		return {
			run,
			output: (nodeName) => runData[nodeName]?.[0]?.data?.main?.[0] ?? [],
			error: (nodeName) =>
				(nodeName ? runData[nodeName]?.[0]?.error : run.data.resultData.error) as
					RunError | undefined,
		};
	}
}

function hasIncoming(connections: IConnections, nodeName: string): boolean {
	return Object.values(connections).some((outputs) =>
		Object.values(outputs).some((lists) =>
			lists?.some((list) => list?.some((c) => c.node === nodeName)),
		),
	);
}

/** The bytes of a binary item, in memory or filesystem mode. */
export async function binaryBuffer(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** n8n-core starts a 60 s interval in SSHClientsManager when first used: clear it so Jest can exit. */
export function stopEngineTimers(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager');
	if (!Container.has(SSHClientsManager)) return;
	const manager = Container.get(SSHClientsManager) as { cleanupTimer?: NodeJS.Timeout };
	if (manager.cleanupTimer) clearInterval(manager.cleanupTimer);
}
