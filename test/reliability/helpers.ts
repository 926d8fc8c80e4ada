// Shared by the reliability and stress suites: the emulator, the in-process engine, credentials
// in each scheme (from test/helpers), a test-only "Emit" node (several input items), secret
// hunting and log capture.
import { promises as fs, mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import {
	LoggerProxy,
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
} from 'n8n-workflow';

import { Engine, TYPES, chain, type RunResult, type WorkflowJson } from '../../engine';
import type { Emulator } from '../../emulator';
import { credentialsFor, type Scheme } from '../helpers/credentials';
import { SharedGalleryGetDownload } from '../../nodes/SharedGalleryGetDownload/SharedGalleryGetDownload.node.js';
import { SharedGalleryQueryItems } from '../../nodes/SharedGalleryQueryItems/SharedGalleryQueryItems.node.js';

export { TYPES, chain, binaryBuffer, stopEngineTimers } from '../../engine';
export { SEED } from '../../emulator';
export { credentialsFor, SCHEMES, type Scheme } from '../helpers/credentials';
export { resetEmulator, useGallery } from '../helpers/gallery';
export { sha256 } from '../helpers/sha256';

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

export function makeEngine(
	emu: Emulator,
	scheme: Scheme,
	extraTypes: Record<string, INodeType> = {},
): TestEngine {
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

type NodeSpec = Parameters<typeof chain>[number];

export function emitNode(items: IDataObject[]): NodeSpec {
	return { name: 'Emit', type: EMIT_TYPE, parameters: { items: JSON.stringify(items) } };
}

export function queryNode(parameters: IDataObject, settings: Partial<NodeSpec> = {}): NodeSpec {
	return {
		name: QUERY,
		type: TYPES.query,
		parameters: {
			returnAll: false,
			limit: 50,
			filters: {},
			sortField: 'CREATED_DATE',
			sortOrder: 'DESC',
			options: {},
			...parameters,
		},
		credentials: { sharedGalleryApi: { id: '1', name: 'Shared Gallery' } },
		...settings,
	} as NodeSpec;
}

export function downloadNode(parameters: IDataObject, settings: Partial<NodeSpec> = {}): NodeSpec {
	return {
		name: DOWNLOAD,
		type: TYPES.download,
		parameters: {
			operation: 'downloadFiles',
			itemIds: '={{ $json.id }}',
			binaryPropertyName: 'data',
			options: {},
			...parameters,
		},
		credentials: { sharedGalleryApi: { id: '1', name: 'Shared Gallery' } },
		...settings,
	} as NodeSpec;
}

export const CONTINUE = { onError: 'continueRegularOutput' } as const;

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
export function findLeaks(
	secrets: Record<string, string>,
	places: Record<string, unknown>,
): Leak[] {
	const leaks: Leak[] = [];
	for (const [where, value] of Object.entries(places)) {
		const text = reachableStrings(value).join('\n');
		for (const [name, secret] of Object.entries(secrets)) {
			if (secret && secret.length >= 8 && text.includes(secret))
				leaks.push({ where, secret: name });
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

let tmpdirBefore: string | undefined;

/** A private temp folder for the node's work files, so a test can see that it is left empty. */
export function privateTmpDir(): string {
	const dir = mkdtempSync(join(tmpdir(), 'sg-reliability-'));
	tmpdirBefore = process.env.TMPDIR;
	process.env.TMPDIR = dir;
	return dir;
}

/** Puts TMPDIR back and removes the private folder (the suite leaves nothing behind). */
export async function removePrivateTmpDir(dir: string | undefined): Promise<void> {
	if (tmpdirBefore === undefined) delete process.env.TMPDIR;
	else process.env.TMPDIR = tmpdirBefore;
	if (dir) await fs.rm(dir, { recursive: true, force: true });
}

export async function listDir(dir: string): Promise<string[]> {
	return await fs.readdir(dir).catch(() => []);
}

export type { RunResult, WorkflowJson, Emulator };
export { Engine };
