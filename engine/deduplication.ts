// n8n's deduplication store for the in-process engine. The n8n CLI keeps it in its database
// (packages/cli/src/deduplication/deduplication-helper.ts, table processed_data): one row per
// workflow and context, holding the mode and, in "entries" mode, a list of MD5 hashes (base64)
// of the values. This file keeps the same rows in a JSON file, with the same semantics:
// hashed values, `maxEntries` pruning of the oldest, the mode check, and a read-change-write
// of the whole row with no lock (each call reads the file, then writes it).
import { createHash } from 'crypto';
import { existsSync } from 'fs';
import { readFile, rename, writeFile } from 'fs/promises';
import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

interface Row {
	mode: string;
	data: string[];
}

/** The CLI's DeduplicationError text, for a row saved in another mode. */
const MODE_MISMATCH =
	'Deduplication data was originally saved with an incompatible setting of the ‘Keep Items Where’ parameter. Try ’Clean Database’ operation to reset.';

let writes = 0;

export class FileDeduplicator implements IDataDeduplicator {
	private memory: Record<string, Row> = {};

	/** Without a path the rows live in memory, for this instance only. */
	constructor(readonly path?: string) {}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		const key = rowKey(scope, contextData);
		const rows = await this.read();
		const row = checkedRow(rows[key], options);
		const hashes = items.map(hash);
		if (!row) {
			if (options.maxEntries) hashes.splice(0, hashes.length - options.maxEntries);
			await this.write({ ...rows, [key]: { mode: options.mode, data: hashes } });
			return { new: items, processed: [] };
		}
		const known = new Set(row.data);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		hashes.forEach((value, index) => {
			if (known.has(value)) output.processed.push(items[index]);
			else {
				output.new.push(items[index]);
				row.data.push(value);
			}
		});
		if (options.maxEntries) row.data.splice(0, row.data.length - options.maxEntries);
		await this.write({ ...rows, [key]: row });
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<void> {
		checkedRow(undefined, options);
		const key = rowKey(scope, contextData);
		const rows = await this.read();
		const row = rows[key];
		if (!row) return;
		for (const value of items.map(hash)) {
			const index = row.data.indexOf(value);
			if (index !== -1) row.data.splice(index, 1);
		}
		await this.write({ ...rows, [key]: row });
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
	): Promise<void> {
		const rows = await this.read();
		delete rows[rowKey(scope, contextData)];
		await this.write(rows);
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		contextData: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<number> {
		const row = (await this.read())[rowKey(scope, contextData)];
		return options.mode === 'entries' && row ? row.data.length : 0;
	}

	private async read(): Promise<Record<string, Row>> {
		if (!this.path) return structuredClone(this.memory);
		if (!existsSync(this.path)) return {};
		return JSON.parse(await readFile(this.path, 'utf8')) as Record<string, Row>;
	}

	private async write(rows: Record<string, Row>): Promise<void> {
		if (!this.path) {
			this.memory = structuredClone(rows);
			return;
		}
		// Whole file replaced at once: a crash never leaves half a file.
		const partial = `${this.path}.${process.pid}.${++writes}.tmp`;
		await writeFile(partial, JSON.stringify(rows));
		await rename(partial, this.path);
	}
}

/** The CLI's context: '' for the workflow, `n:<node id>` for a node. */
function rowKey(scope: DeduplicationScope, contextData: ICheckProcessedContextData): string {
	if (!contextData.workflow.id) throw new Error('The workflow has no ID');
	if (scope === 'node' && !contextData.node) {
		throw new Error("No node information has been provided and so cannot use scope 'node'");
	}
	const context = scope === 'node' ? `n:${contextData.node!.id}` : '';
	return `${contextData.workflow.id}\u0000${context}`;
}

function checkedRow(row: Row | undefined, options: ICheckProcessedOptions): Row | undefined {
	if (options.mode !== 'entries') {
		throw new Error(`This engine keeps "entries" mode only, not "${options.mode}"`);
	}
	if (row && row.mode !== options.mode) throw new Error(MODE_MISMATCH);
	return row;
}

function hash(value: DeduplicationItemTypes): string {
	return createHash('md5').update(value.toString()).digest('base64');
}

/**
 * n8n-core holds one deduplication service per process; the engines route each call to the
 * store of the engine that runs the workflow.
 */
const stores = new WeakMap<object, IDataDeduplicator>();

const router: IDataDeduplicator = {
	checkProcessedAndRecord: async (items, scope, data, options) =>
		await storeOf(data).checkProcessedAndRecord(items, scope, data, options),
	removeProcessed: async (items, scope, data, options) =>
		await storeOf(data).removeProcessed(items, scope, data, options),
	clearAllProcessedItems: async (scope, data, options) =>
		await storeOf(data).clearAllProcessedItems(scope, data, options),
	getProcessedDataCount: async (scope, data, options) =>
		await storeOf(data).getProcessedDataCount(scope, data, options),
};

function storeOf(data: ICheckProcessedContextData): IDataDeduplicator {
	const store = stores.get(data.workflow);
	if (!store) throw new Error('This workflow was not started by an engine with a store');
	return store;
}

let initialised = false;

/** Gives this workflow's deduplication calls to `store`. */
export async function useDeduplicator(workflow: object, store: IDataDeduplicator): Promise<void> {
	if (!initialised) {
		initialised = true;
		await DataDeduplicationService.init(router);
	}
	stores.set(workflow, store);
}
