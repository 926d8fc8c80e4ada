// npm run demo: the seed's use case end to end in n8n's execution engine (n8n-core, in-process).
// It runs examples/most-liked-media-to-disk.json: Query Items (5 most-liked media of two members)
// → Get Download, against the local emulator (default) or a real Wix site:
//   npm run demo -- --api-key <key> --site-id <id> [--members <id,id>]
//   (or SHARED_GALLERY_API_KEY, SHARED_GALLERY_SITE_ID, SHARED_GALLERY_MEMBERS)
// The example's last step, n8n's Read/Write Files node, belongs to n8n-nodes-base, which this
// package does not depend on: the demo writes the files itself. The real-n8n suite runs that node.
import { promises as fs } from 'fs';
import { join, resolve } from 'path';
import { parseArgs } from 'util';

import { startEmulator, type Emulator } from '../emulator';
import {
	binaryBuffer,
	CREDENTIAL_REF,
	Engine,
	stopEngineTimers,
	type WorkflowJson,
} from '../engine';

const EXAMPLE = join(__dirname, 'most-liked-media-to-disk.json');
const OUTPUT = resolve(process.cwd(), 'demo-output');
const DOWNLOAD_NODE = 'Shared Gallery Get Download';

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: {
			'api-key': { type: 'string' },
			'site-id': { type: 'string' },
			'base-url': { type: 'string' },
			members: { type: 'string' },
		},
	});
	const apiKey = values['api-key'] ?? process.env.SHARED_GALLERY_API_KEY;
	const siteId = values['site-id'] ?? process.env.SHARED_GALLERY_SITE_ID;
	const members = values.members ?? process.env.SHARED_GALLERY_MEMBERS;
	if (!!apiKey !== !!siteId)
		throw new Error('Give both --api-key and --site-id to use a real Wix site');

	const started = Date.now();
	let emulator: Emulator | undefined;
	let credentials;
	if (apiKey && siteId) {
		credentials = {
			authentication: 'apiKey',
			apiKey,
			siteId,
			baseUrl: values['base-url'] ?? 'https://www.wixapis.com',
		};
		console.log(`Using the Wix site ${siteId}`);
	} else {
		emulator = await startEmulator();
		credentials = { authentication: 'apiKey', ...emulator.credentials, baseUrl: emulator.baseUrl };
		console.log(
			`Started the Shared Gallery emulator at ${emulator.baseUrl} (files at ${emulator.fileBaseUrl})`,
		);
	}

	try {
		const workflow = loadWorkflow(JSON.parse(await fs.readFile(EXAMPLE, 'utf8')), members);
		const engine = new Engine({ credentials });
		const result = await engine.run(workflow);
		const error = result.error();
		if (error)
			throw new Error(`${error.message}${error.description ? `\n${error.description}` : ''}`);

		await fs.rm(OUTPUT, { recursive: true, force: true });
		await fs.mkdir(OUTPUT, { recursive: true });
		const rows: string[][] = [];
		for (const item of result.output(DOWNLOAD_NODE)) {
			const json = item.json;
			if (!item.binary?.data) {
				rows.push([
					String(json.itemId),
					'error',
					'',
					'',
					'',
					String(json.error ?? 'no file'),
					'',
					'',
				]);
				continue;
			}
			const file = `${json.itemId}-${json.fileName}`;
			await fs.writeFile(join(OUTPUT, file), await binaryBuffer(item.binary.data));
			rows.push([
				String(json.itemId).slice(0, 8),
				String(json.createdByName ?? json.createdById ?? ''),
				String(json.likeCount ?? ''),
				String(json.viewCount ?? ''),
				String(json.fileName),
				formatBytes(Number(json.fileSize)),
				String(json.mimeType),
			]);
		}
		printTable(['item', 'member', 'likes', 'views', 'file', 'size', 'MIME type'], rows);
		console.log(
			`\n${rows.length} files written to ${OUTPUT} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
		);
	} finally {
		await emulator?.close();
		stopEngineTimers();
	}
}

/** The example as saved, minus sticky notes and the disk step, with the demo's credential. */
function loadWorkflow(example: WorkflowJson, members: string | undefined): WorkflowJson {
	const nodes = example.nodes
		.filter(
			(node) =>
				node.type !== 'n8n-nodes-base.stickyNote' && node.type !== 'n8n-nodes-base.readWriteFile',
		)
		.map((node) => {
			if (!node.type.startsWith('n8n-nodes-shared-gallery.')) return node;
			const parameters = { ...node.parameters };
			if (members && parameters.filters)
				parameters.filters = { ...(parameters.filters as object), createdBy: byId(members) };
			return { ...node, parameters, credentials: { sharedGalleryApi: CREDENTIAL_REF } };
		});
	const names = new Set(nodes.map((node) => node.name));
	const connections: WorkflowJson['connections'] = {};
	for (const [from, outputs] of Object.entries(example.connections)) {
		if (!names.has(from)) continue;
		connections[from] = {
			main: (outputs.main ?? []).map((list) => (list ?? []).filter((c) => names.has(c.node))),
		};
	}
	return { name: example.name, nodes, connections };
}

/** `--members a,b` as Query Items version 2 takes them: members typed By ID. */
function byId(members: string) {
	const ids = members.split(',').map((id) => id.trim());
	return {
		members: ids.filter(Boolean).map((value) => ({ member: { __rl: true, mode: 'id', value } })),
	};
}

function printTable(header: string[], rows: string[][]): void {
	const widths = header.map((h, i) =>
		Math.max(h.length, ...rows.map((r) => [...(r[i] ?? '')].length)),
	);
	const line = (cells: string[]) =>
		cells.map((c, i) => c + ' '.repeat(widths[i] - [...c].length)).join('  ');
	console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
	for (const row of rows) console.log(line(row));
}

function formatBytes(bytes: number): string {
	if (!Number.isFinite(bytes)) return '';
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

main().catch((error: unknown) => {
	console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exitCode = 1;
});
