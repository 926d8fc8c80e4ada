/**
 * The credential's Test button, as n8n runs it: the nodes' `sharedGalleryApiTest` called on
 * n8n-core's own CredentialTestContext (whose only HTTP helper is `request`).
 */
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, INodeCredentialTestResult } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../emulator';
import { SharedGalleryApi } from '../../credentials/SharedGalleryApi.credentials';
import { sharedGalleryApiTest } from '../../nodes/SharedGallery/credentialTest';
import { SharedGalleryGetDownload } from '../../nodes/SharedGalleryGetDownload/SharedGalleryGetDownload.node';
import { SharedGalleryQueryItems } from '../../nodes/SharedGalleryQueryItems/SharedGalleryQueryItems.node';
import { SharedGalleryTrigger } from '../../nodes/SharedGalleryTrigger/SharedGalleryTrigger.node';
import { stopEngineTimers } from '../../engine';
import { credentialsFor, type Scheme } from '../helpers/credentials';
import { calls } from '../helpers/gallery';

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

async function runTest(data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	return await sharedGalleryApiTest.call(new CredentialTestContext(), {
		id: 'c1',
		name: 'Shared Gallery account',
		type: 'sharedGalleryApi',
		data,
	});
}

test('n8n finds the test: every node names it, and the credential declares no test of its own (which would win)', () => {
	expect((new SharedGalleryApi() as { test?: unknown }).test).toBeUndefined();
	for (const node of [
		new SharedGalleryQueryItems(),
		new SharedGalleryGetDownload(),
		new SharedGalleryTrigger(),
	]) {
		expect(node.description.credentials).toEqual([
			{ name: 'sharedGalleryApi', required: true, testedBy: 'sharedGalleryApiTest' },
		]);
		expect(node.methods?.credentialTest?.sharedGalleryApiTest).toBe(sharedGalleryApiTest);
	}
});

test.each(['apiKey', 'oauth', 'instanceToken'] as Scheme[])(
	'%s: Test succeeds with one query against the emulator',
	async (scheme) => {
		const result = await runTest(credentialsFor(emulator, scheme));
		expect(result.status).toBe('OK');
		const log = emulator.requestLog.map((e) => `${e.status} ${e.path}`);
		expect(log).toEqual([
			...(scheme === 'oauth' ? ['200 /oauth2/token'] : []),
			'200 /shared-gallery/v1/items/query',
		]);
		expect(calls(emulator, '/items/query')[0].body).toEqual({ paging: { limit: 1 } });
	},
);

test.each([
	['a wrong API key', { apiKey: 'sg-wrong-key-4f1e9a' }, 'sg-wrong-key-4f1e9a'],
	[
		'a wrong instance token',
		{ authentication: 'instanceToken', instanceToken: 'sg-wrong-token-77c2' },
		'sg-wrong-token-77c2',
	],
])(
	"%s: Wix's error and the hint the node gives, never the secret",
	async (_name, override, secret) => {
		const result = await runTest({ ...credentialsFor(emulator, 'apiKey'), ...override });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Shared Gallery API error 401: .+/);
		expect(result.message).toMatch(/\. Check the credential: /);
		expect(result.message).not.toContain(secret);
	},
);

test("a wrong OAuth client secret: the token exchange's refusal and what to check, never the secret", async () => {
	const result = await runTest({
		...credentialsFor(emulator, 'oauth'),
		clientSecret: 'sg-wrong-secret-91d0',
	});
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/OAuth token request failed \(HTTP 40[01]/);
	expect(result.message).toContain('Check the client ID, client secret and instance ID');
	expect(result.message).not.toContain('sg-wrong-secret-91d0');
	expect(calls(emulator, '/items/query')).toHaveLength(0);
});

test('a 403 names the missing permission; an unreachable base URL names the network error', async () => {
	emulator.faults.add({ endpoint: 'query', status: 403 });
	const forbidden = await runTest(credentialsFor(emulator, 'apiKey'));
	expect(forbidden).toEqual({
		status: 'Error',
		message: expect.stringMatching(/^Shared Gallery API error 403: .*lacks a permission/),
	});

	const unreachable = await runTest({
		...credentialsFor(emulator, 'apiKey'),
		baseUrl: 'http://127.0.0.1:1',
	});
	expect(unreachable).toEqual({
		status: 'Error',
		message: expect.stringMatching(/^Shared Gallery API: .*ECONNREFUSED/),
	});
});
