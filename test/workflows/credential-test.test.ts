/**
 * The credential's Test button, in-process: the credential's declared `test` request run as n8n's
 * CredentialsTester runs it (runRequestTest in n8n's credentials-tester.service.js): a temporary
 * node whose one property routes that request, n8n-core's RoutingNode on an ExecuteContext, the
 * credential's preAuthentication and authenticate through the credentials helper. A failure is
 * turned into the dialog's message by the same steps as the tester's catch (a `responseCode` rule
 * for the status, else the status text, else the network code, else the error's message).
 * Real n8n (both versions) is in test/e2e/credential.e2e.test.ts.
 */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import {
	createEmptyRunExecutionData,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialTestRequest,
	type INode,
	type INodeCredentialTestResult,
	type INodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator';
import { SharedGalleryApi } from '../../credentials/SharedGalleryApi.credentials';
import { SharedGalleryGetDownload } from '../../nodes/SharedGalleryGetDownload/SharedGalleryGetDownload.node';
import { SharedGalleryQueryItems } from '../../nodes/SharedGalleryQueryItems/SharedGalleryQueryItems.node';
import { SharedGalleryTrigger } from '../../nodes/SharedGalleryTrigger/SharedGalleryTrigger.node';
import { CredentialStore, stopEngineTimers } from '../../engine';
import { credentialsFor, SCHEMES } from '../helpers/credentials';
import { calls } from '../helpers/gallery';

const credentialType = new SharedGalleryApi();
const testRequest = credentialType.test;

let emulator: Emulator;
beforeAll(async () => (emulator = await startEmulator()));
beforeEach(() => {
	emulator.resetLogs();
	emulator.faults.clear();
});
afterAll(async () => {
	await emulator.close();
	stopEngineTimers(); // n8n-core's SSH client sweep, started on import
});

/** The message a rule gives for a status (the test fails if there is none). */
function ruleFor(status: number): string {
	const rule = testRequest.rules?.find(
		(r) => r.type === 'responseCode' && r.properties.value === status,
	);
	if (!rule || rule.type !== 'responseCode') throw new Error(`no rule for ${status}`);
	return rule.properties.message;
}

interface TesterError {
	message: string;
	httpCode?: string | null;
	cause?: { code?: string; response?: { status: number; statusText?: string } };
}

/** The tester's temporary node: a No Operation node whose one property routes the request. */
function tempWorkflow(test: ICredentialTestRequest): {
	node: INode;
	nodeType: INodeType;
	workflow: Workflow;
} {
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { sharedGalleryApi: { id: 'c1', name: 'Shared Gallery account' } },
	};
	const nodeType = {
		description: {
			displayName: 'No Operation',
			name: 'n8n-nodes-base.noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Temp' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'sharedGalleryApi', required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: test.request },
					default: '',
				},
			],
		},
	} as unknown as INodeType;
	const nodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: () => NodeHelpers.getVersionedNodeType(nodeType),
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	return { node, nodeType, workflow };
}

interface Outcome extends INodeCredentialTestResult {
	/** The status n8n's error carries (the one the rules are for), when there was one. */
	httpCode?: string | null;
}

/**
 * n8n's runRequestTest, in-process. Its catch reads `error.cause.response` for the rules: the
 * n8n-workflow here (2.8, as in n8n 2.8.4) drops an Error cause, so it gives what n8n 2.8.4
 * shows; n8n 2.41.1 keeps it (test/e2e/credential.e2e.test.ts has both).
 */
async function runTest(
	data: ICredentialDataDecryptedObject,
	test: ICredentialTestRequest = testRequest,
): Promise<Outcome> {
	const { node, nodeType, workflow } = tempWorkflow(test);
	const store = new CredentialStore({ ...data });
	const additionalData = {
		credentialsHelper: store,
		restApiUrl: '',
		instanceBaseUrl: '',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const routingNode = new RoutingNode(context, nodeType, {
		id: 'c1',
		name: 'Shared Gallery account',
		type: 'sharedGalleryApi',
		data: { ...data },
	});
	try {
		await routingNode.runNode();
	} catch (caught) {
		const error = caught as TesterError;
		const httpCode = error.httpCode;
		const response = error.cause?.response;
		if (response) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && response.status === rule.properties.value)
					return { status: 'Error', message: rule.properties.message, httpCode };
			}
			if (response.status < 199 || response.status > 299)
				return {
					status: 'Error',
					message: response.statusText || `Received HTTP status code: ${response.status}`,
					httpCode,
				};
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code, httpCode };
		}
		return { status: 'Error', message: error.message.toString(), httpCode };
	}
	return { status: 'OK', message: 'Connection successful!' };
}

test('one code path: the credential declares its test, and no node names a test of its own', () => {
	expect(testRequest.request).toEqual({
		baseURL: '={{$credentials.baseUrl || "https://www.wixapis.com"}}',
		url: '/shared-gallery/v1/items/query',
		method: 'POST',
		body: { paging: { limit: 1 } },
		json: true,
	});
	expect(testRequest.rules?.map((r) => r.type === 'responseCode' && r.properties.value)).toEqual([
		401, 403, 404, 429,
	]);
	for (const node of [
		new SharedGalleryQueryItems(),
		new SharedGalleryGetDownload(),
		new SharedGalleryTrigger(),
	]) {
		expect(node.description.credentials).toEqual([{ name: 'sharedGalleryApi', required: true }]);
		expect((node as { methods?: { credentialTest?: unknown } }).methods?.credentialTest).toBe(
			undefined,
		);
	}
});

test('the rule messages say what to check, in sentences', () => {
	expect(ruleFor(401)).toMatch(/API Key: check the key and the site ID/);
	expect(ruleFor(401)).toMatch(/client ID, client secret and instance ID/);
	expect(ruleFor(401)).toMatch(/expires 4 hours after signing/);
	expect(ruleFor(403)).toContain('Shared Gallery permissions (query, download and view media)');
	expect(ruleFor(404)).toMatch(/No Shared Gallery was found/);
	expect(ruleFor(429)).toMatch(/Try again in a minute\.$/);
});

test.each(SCHEMES)('%s: Test succeeds with one query against the emulator', async (scheme) => {
	const result = await runTest(credentialsFor(emulator, scheme));
	expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	const log = emulator.requestLog.map((e) => `${e.status} ${e.path}`);
	expect(log).toEqual([
		...(scheme === 'oauth' ? ['200 /oauth2/token'] : []),
		'200 /shared-gallery/v1/items/query',
	]);
	expect(calls(emulator, '/items/query')[0].body).toEqual({ paging: { limit: 1 } });
});

test('a base URL with a trailing slash works; an empty one is Wix itself', async () => {
	const slashed = await runTest({
		...credentialsFor(emulator, 'apiKey'),
		baseUrl: `${emulator.baseUrl}/`,
	});
	expect(slashed.status).toBe('OK');
	expect(emulator.requestLog.map((e) => e.path)).toEqual(['/shared-gallery/v1/items/query']);

	// Not sent (that would be Wix): the base URL expression as n8n resolves it.
	const { node, workflow } = tempWorkflow(testRequest);
	const resolve = (baseUrl: string) =>
		workflow.expression.getParameterValue(
			testRequest.request.baseURL as string,
			null,
			0,
			0,
			node.name,
			[],
			'internal',
			{ $credentials: { baseUrl } } as never,
		);
	expect(resolve('')).toBe('https://www.wixapis.com');
	expect(resolve('http://proxy.example/wix/')).toBe('http://proxy.example/wix/');
});

/** n8n 2.8's words for a status (NodeApiError); 2.41.1 shows the rule's message instead. */
const N8N_2_8_TEXT: Record<number, string> = {
	401: 'Authorization failed - please check your credentials',
	403: 'Forbidden - perhaps check your credentials?',
	404: 'The resource you are requesting could not be found',
	429: 'The service is receiving too many requests from you',
};

test.each([
	['a wrong API key', { apiKey: 'sg-wrong-key-4f1e9a' }],
	[
		'a wrong instance token',
		{ authentication: 'instanceToken', instanceToken: 'sg-wrong-token-77c2' },
	],
])('%s: a 401, the status the 401 rule is for', async (_name, override) => {
	const result = await runTest({ ...credentialsFor(emulator, 'apiKey'), ...override });
	expect(result).toEqual({ status: 'Error', message: N8N_2_8_TEXT[401], httpCode: '401' });
	expect(ruleFor(401)).toBeDefined();
	// n8n-core sends a request refused with 401 once more (after preAuthentication, a no-op here).
	expect(emulator.requestLog.map((e) => `${e.status} ${e.path}`)).toEqual([
		'401 /shared-gallery/v1/items/query',
		'401 /shared-gallery/v1/items/query',
	]);
});

test("a wrong OAuth client secret: the token exchange's refusal and what to check, never the secret", async () => {
	const result = await runTest({
		...credentialsFor(emulator, 'oauth'),
		clientSecret: 'sg-wrong-secret-91d0',
	});
	// Its own text in every n8n: the error carries no HTTP status for n8n to word generically.
	expect(result).toEqual({
		status: 'Error',
		message:
			'OAuth token request failed (HTTP 401): Invalid client credentials. Check the client ID, client secret and instance ID.',
		httpCode: null,
	});
	// One token request (n8n-core asks again only after a 401 answer to the query), no query.
	expect(emulator.requestLog.map((e) => `${e.status} ${e.path}`)).toEqual(['401 /oauth2/token']);
});

test.each([403, 404, 429])('a %i from the query: the status its rule is for', async (status) => {
	emulator.faults.add({ endpoint: 'query', status });
	const result = await runTest(credentialsFor(emulator, 'apiKey'));
	expect(result).toEqual({
		status: 'Error',
		message: N8N_2_8_TEXT[status],
		httpCode: String(status),
	});
	expect(ruleFor(status)).toBeDefined();
});

test('an unreachable base URL: n8n names the network error', async () => {
	const result = await runTest({
		...credentialsFor(emulator, 'apiKey'),
		baseUrl: 'http://127.0.0.1:1',
	});
	expect(result).toEqual({
		status: 'Error',
		message: 'The service refused the connection - perhaps it is offline',
		httpCode: 'ECONNREFUSED',
	});
});
