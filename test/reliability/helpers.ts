// Shared by the reliability and stress suites: the emulator, the in-process engine, credentials
// in each scheme, a test-only "Emit" node (several input items), secret hunting and log capture.
import { createHash } from 'crypto';
import { promises as fs, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import {
	LoggerProxy,
	NodeApiError,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import { startEmulator, SEED, type Emulator, type EmulatorOptions } from '../../emulator';
import { SharedGalleryGetDownload } from '../../nodes/SharedGalleryGetDownload/SharedGalleryGetDownload.node.js';
import { SharedGalleryQueryItems } from '../../nodes/SharedGalleryQueryItems/SharedGalleryQueryItems.node.js';
import { Engine, TYPES, chain, stopEngineTimers, type RunResult, type WorkflowJson } from '../helpers/engine';

export { TYPES, chain, binaryBuffer, stopEngineTimers } from '../helpers/engine';
export { SEED } from '../../emulator';

export type Scheme = 'apiKey' | 'oauth' | 'instanceToken';
export const SCHEMES: Scheme[] = ['apiKey', 'oauth', 'instanceToken'];

export const EMIT_TYPE = 'test.emit';
export const QUERY = 'Shared Gallery Query Items';
export const DOWNLOAD = 'Shared Gallery Get Download';

/** Test-only node: outputs the items given in its `items` parameter (JSON array of json objects). */
class Emit implements INodeType {
	description = {
		displayName: 'Emit',
		name: 'emit',
		group: ['transform'],
		version: 1,
		description: '',
		defaults: { name: 'Emit' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as unknown;
		const list = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [list.map((json) => ({ json }))];
	}
}

export function credentialsFor(emu: Emulator, scheme: Scheme): ICredentialDataDecryptedObject {
	const c = emu.credentials;
	if (scheme === 'oauth') {
		return {
			authentication: 'oauth',
			clientId: c.clientId,
			clientSecret: c.clientSecret,
			instanceId: c.instanceId,
			accessToken: '',
			accessTokenExpiresAt: 0,
			baseUrl: emu.baseUrl,
		};
	}
	if (scheme === 'instanceToken') return { authentication: 'instanceToken', instanceToken: c.instanceToken, baseUrl: emu.baseUrl };
	return { authentication: 'apiKey', apiKey: c.apiKey, siteId: c.siteId, baseUrl: emu.baseUrl };
}

export interface Thrown {
	node: string;
	error: unknown;
}

/**
 * The node instance an n8n run threw from execute(): WorkflowExecute keeps only a plain copy
 * of it in the run data, so the class (NodeApiError / NodeOperationError) is checked here.
 */
function recording(nodeType: INodeType, thrown: Thrown[]): INodeType {
	const wrapper = Object.create(nodeType) as INodeType;
	wrapper.execute = async function (this: IExecuteFunctions) {
		try {
			return await nodeType.execute!.call(this);
		} catch (error) {
			thrown.push({ node: this.getNode().name, error });
			throw error;
		}
	};
	return wrapper;
}

export interface TestEngine {
	engine: Engine;
	thrown: Thrown[];
	run(wf: WorkflowJson): Promise<RunResult>;
}

export function makeEngine(emu: Emulator, scheme: Scheme, extraTypes: Record<string, INodeType> = {}): TestEngine {
	const thrown: Thrown[] = [];
	const engine = new Engine({
		credentials: credentialsFor(emu, scheme),
		nodeTypes: {
			[EMIT_TYPE]: new Emit(),
			[TYPES.query]: recording(new SharedGalleryQueryItems(), thrown),
			[TYPES.download]: recording(new SharedGalleryGetDownload(), thrown),
			...extraTypes,
		},
	});
	return { engine, thrown, run: async (wf) => await engine.run(wf) };
}

/** An emulator for a test file: started before its tests, closed (with n8n-core's timer) after. */
export function useEmulator(set: (emu: Emulator) => void, options: EmulatorOptions = {}): void {
	let started: Emulator | undefined;
	beforeAll(async () => {
		started = await startEmulator(options);
		set(started);
	});
	afterAll(async () => {
		await started?.close();
		stopEngineTimers();
	});
}

/** Restores the emulator between cases: no faults, empty logs, default options. */
export function resetEmulator(emu: Emulator): void {
	emu.faults.clear();
	emu.resetLogs();
	emu.options.whoCanDownload = 'EVERYONE';
	emu.options.maxPageSize = 100;
}

type NodeSpec = Parameters<typeof chain>[number];

export function emitNode(items: IDataObject[]): NodeSpec {
	return { name: 'Emit', type: EMIT_TYPE, parameters: { items: JSON.stringify(items) } };
}

export function queryNode(parameters: IDataObject, settings: Partial<NodeSpec> = {}): NodeSpec {
	return {
		name: QUERY,
		type: TYPES.query,
		parameters: { returnAll: false, limit: 50, filters: {}, sortField: 'CREATED_DATE', sortOrder: 'DESC', options: {}, ...parameters },
		credentials: { sharedGalleryApi: { id: '1', name: 'Shared Gallery' } },
		...settings,
	} as NodeSpec;
}

export function downloadNode(parameters: IDataObject, settings: Partial<NodeSpec> = {}): NodeSpec {
	return {
		name: DOWNLOAD,
		type: TYPES.download,
		parameters: { operation: 'downloadFiles', itemIds: '={{ $json.id }}', binaryPropertyName: 'data', options: {}, ...parameters },
		credentials: { sharedGalleryApi: { id: '1', name: 'Shared Gallery' } },
		...settings,
	} as NodeSpec;
}

export const CONTINUE = { onError: 'continueRegularOutput' } as const;

export function workflow(...nodes: NodeSpec[]): WorkflowJson {
	return chain(...nodes);
}

// ---------------------------------------------------------------------------------------------
// Secrets

export function secretsOf(emu: Emulator): Record<string, string> {
	const out: Record<string, string> = {
		apiKey: emu.credentials.apiKey,
		clientSecret: emu.credentials.clientSecret,
		instanceToken: emu.credentials.instanceToken,
	};
	emu.issuedAccessTokens.forEach((token, i) => (out[`accessToken#${i}`] = token));
	return out;
}

/**
 * Every string reachable from a value: own properties (enumerable or not, so an Error's
 * message, description, stack and cause are included), arrays, maps and sets. Buffers are
 * searched as latin1 text.
 */
export function reachableStrings(root: unknown, limit = 200_000): string[] {
	const out: string[] = [];
	const seen = new Set<unknown>();
	const stack: unknown[] = [root];
	while (stack.length && out.length < limit) {
		const value = stack.pop();
		if (typeof value === 'string') {
			out.push(value);
			continue;
		}
		if (value === null || typeof value !== 'object') continue;
		if (seen.has(value)) continue;
		seen.add(value);
		if (Buffer.isBuffer(value)) {
			out.push(value.toString('latin1'));
			continue;
		}
		if (ArrayBuffer.isView(value)) continue;
		if (value instanceof Map) {
			for (const [k, v] of value) stack.push(k, v);
			continue;
		}
		if (value instanceof Set) {
			for (const v of value) stack.push(v);
			continue;
		}
		for (const key of Object.getOwnPropertyNames(value)) {
			let child: unknown;
			try {
				child = (value as Record<string, unknown>)[key];
			} catch {
				continue;
			}
			stack.push(child);
		}
	}
	return out;
}

export interface Leak {
	where: string;
	secret: string;
}

/** Which secrets appear in which places. `places` maps a label to anything searchable. */
export function findLeaks(secrets: Record<string, string>, places: Record<string, unknown>): Leak[] {
	const leaks: Leak[] = [];
	for (const [where, value] of Object.entries(places)) {
		const text = reachableStrings(value).join('\n');
		for (const [name, secret] of Object.entries(secrets)) {
			if (secret && secret.length >= 8 && text.includes(secret)) leaks.push({ where, secret: name });
		}
	}
	return leaks;
}

// ---------------------------------------------------------------------------------------------
// Logs: n8n's LoggerProxy and the console, captured while a suite runs.

export interface LogCapture {
	lines: string[];
	restore(): void;
}

export function captureLogs(): LogCapture {
	const lines: string[] = [];
	const record =
		(level: string) =>
		(...args: unknown[]) => {
			lines.push(`${level} ${reachableStrings(args).join(' ')}`);
		};
	LoggerProxy.init({
		error: record('error'),
		warn: record('warn'),
		info: record('info'),
		debug: record('debug'),
	} as never);
	const spies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
		jest.spyOn(console, method).mockImplementation(record(`console.${method}`)),
	);
	return {
		lines,
		restore() {
			for (const spy of spies) spy.mockRestore();
		},
	};
}

// ---------------------------------------------------------------------------------------------
// Outcomes

export function isNodeError(error: unknown): error is NodeApiError | NodeOperationError {
	return error instanceof NodeApiError || error instanceof NodeOperationError;
}

export function errorText(error: unknown): string {
	if (!error) return '';
	const e = error as { message?: string; description?: string | null };
	return `${e.message ?? ''}\n${e.description ?? ''}`;
}

export function sha256(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** A private temp folder for the node's work files, so a test can see that it is left empty. */
export function privateTmpDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'sg-reliability-'));
	process.env.TMPDIR = dir;
	return dir;
}

export async function listDir(dir: string): Promise<string[]> {
	return await fs.readdir(dir).catch(() => []);
}

export type { RunResult, WorkflowJson, Emulator };
export { Engine };
