// One measurement in a fresh process: load, warm up on a small input, settle, then one timed
// run with the peak RSS taken from the kernel. Prints one `BENCH_RESULT {json}` line.
//   node --expose-gc --import tsx bench/lib/child.ts   (job in $BENCH_JOB)
import { mkdirSync } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';

import type { ArchiveRef, ChildJob, ChildResult } from './jobs';
import { RESULT_TAG } from './jobs';
import { peakRss, resetPeak, rss, sampler, settle } from './memory';

const job = JSON.parse(process.env.BENCH_JOB ?? '{}') as ChildJob;

// n8n-core reads these when first loaded: set them before any import of it.
mkdirSync(join(job.workDir, 'tmp'), { recursive: true });
process.env.N8N_USER_FOLDER = join(job.workDir, '..', 'n8n-user');
process.env.N8N_BINARY_DATA_STORAGE_PATH = join(job.workDir, 'binary-data');
process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
process.env.TMPDIR = join(job.workDir, 'tmp');

type EngineModule = typeof import('../../engine');
type WorkflowJson = import('../../engine').WorkflowJson;
type RunResult = import('../../engine').RunResult;

const HTTP = 'n8n-nodes-base.httpRequest';
const COMPRESSION = 'n8n-nodes-base.compression';

async function main(): Promise<void> {
	if (job.kind === 'query-raw') return await rawQuery();

	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require('@n8n/di') as typeof import('@n8n/di');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { BinaryDataService } = require('n8n-core') as typeof import('n8n-core');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const engineModule = require('../../engine') as EngineModule;
	const binaryData = Container.get(BinaryDataService);
	await binaryData.init();
	if (job.fit === 'off') {
		// bench/fit.ts's baseline: the header probe sees nothing, as before issue 24.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const media =
			require('../../nodes/SharedGallery/media') as typeof import('../../nodes/SharedGallery/media');
		media.MediaProbe.prototype.feed = () => undefined;
	}

	const nodeTypes: Record<string, never> = {};
	if (job.kind === 'chain') {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { HttpRequest } = require(
			join(job.nodesBase!, 'dist/nodes/HttpRequest/HttpRequest.node.js'),
		);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { Compression } = require(
			join(job.nodesBase!, 'dist/nodes/Compression/Compression.node.js'),
		);
		Object.assign(nodeTypes, { [HTTP]: new HttpRequest(), [COMPRESSION]: new Compression() });
	}
	const engine = new engineModule.Engine({
		credentials: {
			authentication: 'apiKey',
			apiKey: job.api.apiKey,
			siteId: job.api.siteId,
			baseUrl: job.api.baseUrl,
		},
		nodeTypes,
	});

	const workflowFor = (archive?: ArchiveRef, memberId?: string): WorkflowJson => {
		if (job.kind === 'query-node') {
			return engineModule.chain({
				name: 'Query',
				type: engineModule.TYPES.query,
				parameters: {
					returnAll: true,
					filters: { createdBy: memberId },
					sortField: 'CREATED_DATE',
					sortOrder: 'DESC',
				},
			});
		}
		if (job.kind === 'chain') return httpChain(engineModule, archive!);
		const options: { parallelDownloads?: number; checkFitFor?: string[] } = job.parallel
			? { parallelDownloads: job.parallel }
			: {};
		if (job.fit === 'all')
			options.checkFitFor = ['x', 'instagramFeed', 'instagramReel', 'facebookPage'];
		if (job.direct)
			return engineModule.chain({
				name: 'Download',
				type: engineModule.TYPES.download,
				parameters: { itemIds: archive!.ids.join(','), options },
			});
		return engineModule.chain(
			{
				name: 'Query',
				type: engineModule.TYPES.query,
				parameters: {
					returnAll: true,
					filters: { albumIds: [archive!.albumId] },
					sortField: 'CREATED_DATE',
					sortOrder: 'ASC',
				},
			},
			{
				name: 'Download',
				type: engineModule.TYPES.download,
				parameters: { itemIds: '={{ $json.id }}', options },
			},
		);
	};

	const check = (
		result: RunResult,
	): Omit<
		ChildResult,
		'kind' | 'ms' | 'cpuMs' | 'baselineRss' | 'peakRss' | 'peakMethod' | 'sampledPeak'
	> => {
		const error = result.error();
		if (error)
			throw new Error(
				`workflow failed: ${error.message} ${(error as { description?: string }).description ?? ''}`,
			);
		const nodeMs = Object.fromEntries(
			Object.entries(result.run.data.resultData.runData).map(([name, runs]) => [
				name,
				runs[0]?.executionTime ?? 0,
			]),
		);
		if (job.kind === 'query-node') return { items: result.output('Query').length, nodeMs };
		const binaries =
			job.kind === 'chain'
				? Object.values(result.output('Unzip')[0]?.binary ?? {})
				: result.output('Download').map((item) => item.binary!.data);
		const facts =
			job.kind === 'node'
				? result.output('Download').filter((item) => typeof item.json.width === 'number').length
				: undefined;
		const modes = [...new Set(binaries.map((b) => (b.id ? String(b.data) : 'memory')))];
		return {
			files: binaries.length,
			bytes: binaries.reduce((sum, b) => sum + Number(b.bytes ?? 0), 0),
			binaryMode: modes.join(','),
			nodeMs,
			facts,
		};
	};

	// Warm-up: every module and code path loaded, as in an n8n that has run workflows before.
	check(await engine.run(workflowFor(job.warmArchive, job.query?.warmMemberId)));
	await settle();
	const { value: result, ...measured } = await measure(() =>
		engine.run(workflowFor(job.archive, job.query?.memberId)),
	);
	const out = check(result);
	engineModule.stopEngineTimers();
	report({
		kind: job.kind,
		...measured,
		...out,
		versions: versions(),
	});
}

/** Variant (c): POST download-url (API key headers) → GET the URL as a file → Compression decompress. */
function httpChain(engineModule: EngineModule, archive: ArchiveRef): WorkflowJson {
	return engineModule.chain(
		{
			name: 'Download URL',
			type: HTTP,
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${job.api.baseUrl}/shared-gallery/v1/items/download-url`,
				sendHeaders: true,
				headerParameters: {
					parameters: [
						{ name: 'Authorization', value: job.api.apiKey },
						{ name: 'wix-site-id', value: job.api.siteId },
					],
				},
				sendBody: true,
				specifyBody: 'json',
				jsonBody: JSON.stringify({ itemIds: archive.ids }),
				options: {},
			},
		},
		{
			name: 'Get',
			type: HTTP,
			typeVersion: 4.2,
			parameters: {
				url: '={{ $json.url }}',
				options: { response: { response: { responseFormat: 'file' } } },
			},
		},
		{
			name: 'Unzip',
			type: COMPRESSION,
			typeVersion: 1.1,
			parameters: { operation: 'decompress', binaryPropertyName: 'data', outputPrefix: 'file_' },
		},
	);
}

/** The raw loop a developer would write: axios, cursor paging, nothing else. */
async function rawQuery(): Promise<void> {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const axios = (require('axios') as typeof import('axios')).default;
	const { memberId, warmMemberId, pageSize } = job.query!;
	let requests = 0;
	const fetchAll = async (member: string) => {
		const items: unknown[] = [];
		let cursor: string | undefined;
		do {
			requests++;
			const { data } = await axios.post(
				`${job.api.baseUrl}/shared-gallery/v1/items/query`,
				{
					filter: { createdBy: [member] },
					sort: { field: 'CREATED_DATE', order: 'DESC' },
					paging: cursor ? { limit: pageSize, cursor } : { limit: pageSize },
				},
				{ headers: { Authorization: job.api.apiKey, 'wix-site-id': job.api.siteId } },
			);
			items.push(...(data.items as unknown[]));
			cursor = data.metadata?.cursor;
		} while (cursor);
		return items;
	};
	await fetchAll(warmMemberId);
	await settle();
	requests = 0;
	const { value: items, ...measured } = await measure(() => fetchAll(memberId));
	report({
		kind: job.kind,
		...measured,
		items: items.length,
		requests,
		versions: versions(),
	});
}

/** Runs `work` once with the process settled: wall and CPU time, baseline and peak RSS. */
async function measure<T>(work: () => Promise<T>) {
	const baselineRss = rss();
	const sampling = sampler();
	const cleared = resetPeak();
	const cpu = process.cpuUsage();
	const start = performance.now();
	const value = await work();
	const ms = performance.now() - start;
	const cpuMs = cpuTime(cpu);
	const kernelPeak = peakRss();
	const sampledPeak = sampling.stop();
	return {
		value,
		ms,
		cpuMs,
		baselineRss,
		peakRss: cleared ? kernelPeak : sampledPeak,
		peakMethod: (cleared ? 'clear_refs' : 'sampled') as 'clear_refs' | 'sampled',
		sampledPeak,
	};
}

function cpuTime(since: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(since);
	return (used.user + used.system) / 1000;
}

function versions(): Record<string, string> {
	const read = (name: string, base?: string) => {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			return (
				require(base ? join(base, 'package.json') : `${name}/package.json`) as { version: string }
			).version;
		} catch {
			return 'n/a';
		}
	};
	const out: Record<string, string> = {
		node: process.version,
		'n8n-core': read('n8n-core'),
		'n8n-workflow': read('n8n-workflow'),
		fflate: read('fflate'),
		axios: read('axios'),
	};
	if (job.nodesBase) {
		out['n8n-nodes-base'] = read('n8n-nodes-base', job.nodesBase);
		out['fflate (n8n)'] = read('fflate', join(job.nodesBase, '..', 'fflate'));
	}
	return out;
}

function report(result: ChildResult): void {
	process.stdout.write(`${RESULT_TAG}${JSON.stringify(result)}\n`);
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		process.stderr.write(
			`child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
		);
		process.exit(1);
	},
);
