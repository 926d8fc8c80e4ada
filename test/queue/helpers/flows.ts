import { randomUUID } from 'crypto';
import { sha256 } from '../../helpers/sha256';
import { CRED } from '../../e2e/helpers/context';
import { nodeItems } from '../../e2e/helpers/n8n';
import type { N8nServer } from '../../e2e/helpers/n8nServer';
import type { Postgres } from './services';
import { loadExample, node, swapCredentials, type Workflow } from '../../e2e/helpers/workflows';

/** Workflows the queue suite saves and runs, built from the examples' own nodes. */

const DOWNLOAD = 'n8n-nodes-shared-gallery.sharedGalleryGetDownload';
const credentials = { sharedGalleryApi: { ...CRED.gallery } };

function webhook(path: string) {
	return {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0] as [number, number],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

/** A workflow of a webhook, then these nodes one after the other. */
function webhookThen(name: string, path: string, nodes: Workflow['nodes']): Workflow {
	const all = [webhook(path), ...nodes] as Workflow['nodes'];
	const connections = Object.fromEntries(
		all
			.slice(0, -1)
			.map((from, i) => [
				from.name,
				{ main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] },
			]),
	);
	return { id: '', name, nodes: all, connections, settings: { executionOrder: 'v1' } } as Workflow;
}

/** The seed's use case (Query Items → Get Download, from the example), started by a webhook. */
export function seedByWebhook(name: string, path: string): Workflow {
	const example = swapCredentials(loadExample('most-liked-media-to-disk.json'), {
		sharedGalleryApi: CRED.gallery,
	});
	return webhookThen(name, path, [
		node(example, 'Shared Gallery Query Items'),
		node(example, 'Shared Gallery Get Download'),
	]);
}

/** A Get Download (version 2) node downloading `itemIds` into `data`. */
function getDownload(
	x: number,
	itemIds: string,
	options: Record<string, unknown>,
	continueOnFail: boolean,
): Workflow['nodes'][number] {
	return {
		id: randomUUID(),
		name: 'Get Download',
		type: DOWNLOAD,
		typeVersion: 2,
		position: [x, 0],
		parameters: { operation: 'downloadFiles', itemIds, binaryPropertyName: 'data', options },
		credentials,
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	} as Workflow['nodes'][number];
}

/** Get Download of fixed item IDs (in this order), started by a webhook. */
export function downloadByWebhook(
	name: string,
	path: string,
	itemIds: string[],
	{ continueOnFail = false } = {},
): Workflow {
	return {
		id: '',
		name,
		nodes: [
			webhook(path),
			getDownload(300, itemIds.join(','), {}, continueOnFail),
		] as Workflow['nodes'],
		connections: { Webhook: { main: [[{ node: 'Get Download', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	} as Workflow;
}

/**
 * Get Download with One Archive per Input Item: the webhook's body `{ groups: [{ ids }, …] }` is
 * split into one input item per group (Split Out), each group's IDs one archive.
 */
export function downloadGroupsByWebhook(
	name: string,
	path: string,
	options: Record<string, unknown>,
	{ continueOnFail = false } = {},
): Workflow {
	return {
		id: '',
		name,
		nodes: [
			webhook(path),
			{
				id: randomUUID(),
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.groups', include: 'noOtherFields', options: {} },
			},
			getDownload(
				400,
				'={{ $json.ids }}',
				{ oneArchivePerInputItem: true, ...options },
				continueOnFail,
			),
		] as Workflow['nodes'],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Get Download', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	} as Workflow;
}

/** POSTs to a production webhook: main puts the execution on the queue and answers at once. */
export async function callWebhook(main: N8nServer, path: string, body: object = {}): Promise<void> {
	// n8n 2.41 registers a just-activated workflow's webhook a moment after answering the activation.
	const deadline = Date.now() + 30_000;
	for (;;) {
		const res = await fetch(`${main.url}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
		});
		if (res.status === 200) return;
		const text = await res.text();
		if (res.status !== 404 || !text.includes('not registered') || Date.now() > deadline)
			throw new Error(`[queue] webhook ${path}: ${res.status} ${text.slice(0, 500)}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** Waits until a workflow has `count` ended executions; returns them (newest first). */
export async function endedExecutions(
	main: N8nServer,
	workflowId: string,
	count: number,
	timeoutMs = 300_000,
): Promise<any[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const all = await main.executions(workflowId);
		const ended = all.filter(
			(e) => !['new', 'running', 'waiting'].includes(e.status) && e.stoppedAt,
		);
		if (ended.length >= count) return ended;
		if (Date.now() > deadline)
			throw new Error(
				`[queue] ${ended.length}/${count} executions ended after ${timeoutMs} ms: ${JSON.stringify(all.map((e) => [e.id, e.status]))}`,
			);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/** itemId → sha256 of each binary file a node put out, read back through main's REST API. */
export async function outputHashes(
	main: N8nServer,
	exec: any,
	nodeName: string,
	pg?: Postgres,
): Promise<Map<string, { sha256: string; id: string }>> {
	const hashes = new Map<string, { sha256: string; id: string }>();
	for (const item of nodeItems(exec, nodeName)) {
		const binary = item.binary?.data;
		if (!binary) continue;
		if (pg && String(binary.id).startsWith('database:')) {
			// Large files: read back in Postgres (main's REST answer for hundreds of MiB of bytea is slow).
			const fileId = String(binary.id).split(':')[1];
			const hash = await pg.psql(
				'n8n',
				`SELECT encode(sha256(data), 'hex') FROM binary_data WHERE "fileId" = '${fileId}'`,
			);
			hashes.set(String(item.json.itemId), { sha256: hash, id: binary.id });
			continue;
		}
		const { status, bytes } = await main.download(
			`/rest/binary-data?id=${encodeURIComponent(binary.id)}&action=download`,
		);
		if (status !== 200) throw new Error(`[queue] binary ${binary.id}: HTTP ${status}`);
		hashes.set(String(item.json.itemId), { sha256: sha256(bytes), id: binary.id });
	}
	return hashes;
}

const QUERY_TYPE = 'n8n-nodes-shared-gallery.sharedGalleryQueryItems';
const POSTED_LIST_TYPE = 'n8n-nodes-shared-gallery.sharedGalleryPostedList';

/**
 * A weekly example (Query Items → … → Mark as posted) started by a webhook instead of its
 * Schedule and Manual Triggers; every other node is the example's own.
 */
export function weeklyByWebhook(
	file: string,
	name: string,
	path: string,
	creds: Record<string, { id: string; name: string }>,
): Workflow {
	const example = swapCredentials(loadExample(file), creds);
	const triggers = new Set(
		example.nodes.filter((n) => /Trigger$|stickyNote$/.test(n.type)).map((n) => n.name),
	);
	const nodes = example.nodes.filter((n) => !triggers.has(n.name));
	const connections = Object.fromEntries(
		Object.entries(example.connections).filter(([from]) => !triggers.has(from)),
	);
	const query = nodes.find((n) => n.type === QUERY_TYPE)!;
	return {
		id: '',
		name,
		nodes: [webhook(path), ...nodes] as Workflow['nodes'],
		connections: {
			...connections,
			Webhook: { main: [[{ node: query.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	} as Workflow;
}

/**
 * The claim alone: Query Items (the weekly example's, Limit 1, not in `list`) then Posted
 * List `add`, by webhook. What two weekly runs at once race on, without the download and post.
 */
export function claimByWebhook(name: string, path: string, list: string): Workflow {
	const example = loadExample('weekly-most-liked-photo-x.json');
	const query = structuredClone(node(example, 'Shared Gallery Query Items'));
	query.credentials = credentials;
	query.parameters.filters.notInPostedList = list;
	const mark = {
		id: randomUUID(),
		name: 'Mark as posted',
		type: POSTED_LIST_TYPE,
		typeVersion: 1,
		position: [500, 0] as [number, number],
		parameters: { operation: 'add', listName: list, itemIds: '={{ $json.id }}' },
	};
	return webhookThen(name, path, [query, mark]);
}

/** Waits until `count` executions of a workflow that are not in `seen` have ended; returns those. */
export async function newEndedExecutions(
	main: N8nServer,
	workflowId: string,
	seen: Set<string>,
	count: number,
	timeoutMs = 120_000,
): Promise<any[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const fresh = (await main.executions(workflowId)).filter((e) => !seen.has(String(e.id)));
		const ended = fresh.filter(
			(e) => !['new', 'running', 'waiting'].includes(e.status) && e.stoppedAt,
		);
		if (ended.length >= count) return ended;
		if (Date.now() > deadline)
			throw new Error(
				`[queue] ${ended.length}/${count} new executions ended after ${timeoutMs} ms: ${JSON.stringify(fresh.map((e) => [e.id, e.status]))}`,
			);
		await new Promise((r) => setTimeout(r, 150));
	}
}
