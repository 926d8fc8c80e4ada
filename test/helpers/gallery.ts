// Shared set-up for tests that run our nodes against the emulator.
import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { binaryBuffer, Engine, stopEngineTimers, type EngineOptions } from './engine';

export type Scheme = 'apiKey' | 'oauth' | 'instanceToken';

export function credentialsFor(emulator: Emulator, scheme: Scheme = 'apiKey'): ICredentialDataDecryptedObject {
	const c = emulator.credentials;
	const common = { authentication: scheme, baseUrl: emulator.baseUrl, accessToken: '', accessTokenExpiresAt: 0 };
	if (scheme === 'oauth') return { ...common, clientId: c.clientId, clientSecret: c.clientSecret, instanceId: c.instanceId };
	if (scheme === 'instanceToken') return { ...common, instanceToken: c.instanceToken };
	return { ...common, apiKey: c.apiKey, siteId: c.siteId };
}

export async function setUp(options: EmulatorOptions = {}, scheme: Scheme = 'apiKey', engine: Partial<EngineOptions> = {}) {
	const emulator = await startEmulator(options);
	return { emulator, engine: new Engine({ credentials: credentialsFor(emulator, scheme), ...engine }) };
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** [itemId, sha256 of the binary] for each output file. */
export async function fileHashes(items: INodeExecutionData[], field = 'data'): Promise<Array<[string, string]>> {
	const hashes: Array<[string, string]> = [];
	for (const item of items) {
		if (!item.binary?.[field]) continue;
		hashes.push([String(item.json.itemId), sha256(await binaryBuffer(item.binary[field]))]);
	}
	return hashes;
}

/** API requests made, by path suffix. */
export function calls(emulator: Emulator, suffix: string) {
	return emulator.requestLog.filter((entry) => entry.path.endsWith(suffix));
}

/**
 * Registers the usual hooks: an emulator and an engine for the describe block, logs and faults
 * cleared before each test, everything closed after. `use` receives them.
 */
export function useGallery(use: (emulator: Emulator, engine: Engine) => void, options: EmulatorOptions = {}): void {
	let emulator: Emulator;
	beforeAll(async () => {
		const set = await setUp(options);
		emulator = set.emulator;
		use(set.emulator, set.engine);
	});
	beforeEach(() => {
		emulator.resetLogs();
		emulator.faults.clear();
	});
	afterAll(async () => {
		await emulator.close();
		stopEngineTimers();
	});
}
