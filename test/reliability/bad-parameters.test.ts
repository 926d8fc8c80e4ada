/**
 * Bad parameters (issue 7): every parameter of both nodes, with bad values (empty, whitespace,
 * wrong type through an expression, out of range, thousands of IDs), gives a NodeOperationError
 * before any request. The emulator's request and file logs prove that nothing was sent.
 */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import {
	chain,
	DOWNLOAD,
	QUERY,
	SEED,
	downloadNode,
	emitNode,
	errorText,
	makeEngine,
	queryNode,
	resetEmulator,
	useGallery,
	type Emulator,
} from './helpers';
import { FILTER_LABELS } from '../../nodes/SharedGallery/validate';

const M = SEED.media;
const THOUSANDS = Array.from({ length: 5000 }, (_, i) => `id-${i}`);
const expr = (code: string) => `={{ ${code} }}`;

interface Case {
	parameter: string;
	value: string;
	/** Parameters of the node under test. */
	parameters: IDataObject;
	/** Error text must match (names the parameter). */
	names?: RegExp;
	/** Input items (default: one empty item). */
	inputs?: IDataObject[];
	/** The node's type version (default 1). */
	typeVersion?: number;
}

/** value label → parameter value, for the ID parameters (text or list). */
const BAD_IDS: Array<[string, string]> = [
	['empty', ''],
	['whitespace', '   \n '],
	['empty (expression)', expr('""')],
	['empty list (expression)', expr('[]')],
	['number (expression)', expr('42')],
	['object (expression)', expr('({ id: "x" })')],
	['list with a number', expr('["ok-id", 7]')],
	['list with null', expr('[null]')],
	['list with an empty ID', expr('["ok-id", ""]')],
	['boolean (expression)', expr('true')],
	['path traversal', '../../etc/passwd'],
	['spaces inside an ID', 'an id with spaces'],
	['ID too long', 'x'.repeat(300)],
	['5,000 IDs (text)', THOUSANDS.join(',')],
	['5,000 IDs (expression)', expr(JSON.stringify(THOUSANDS))],
];

const queryCases: Case[] = [
	...(
		[
			['string (expression)', expr('"yes"')],
			['number (expression)', expr('1')],
		] as const
	).map(([value, v]) => ({
		parameter: 'returnAll',
		value,
		parameters: { returnAll: v },
		names: /return all/i,
	})),
	...(
		[
			['0', 0],
			['-1', -1],
			['1.5', 1.5],
			['text (expression)', expr('"abc"')],
			['empty (expression)', expr('""')],
			['whitespace (expression)', expr('"   "')],
			['null (expression)', expr('null')],
			['Infinity (expression)', expr('Infinity')],
			['NaN (expression)', expr('NaN')],
			['list (expression)', expr('[5]')],
		] as const
	).map(([value, v]) => ({ parameter: 'limit', value, parameters: { limit: v }, names: /limit/i })),
	...(['createdBy', 'likedBy', 'taggedBy', 'itemIds', 'albumIds'] as const).flatMap((filter) =>
		// A filter left empty in the editor ('' or [], its default) means "no filter". An expression
		// that resolves to nothing is another matter: it would silently widen the query.
		BAD_IDS.filter(([value]) => value !== 'empty' && value !== 'whitespace').map(([value, v]) => ({
			parameter: `filters.${filter}`,
			value,
			parameters: { filters: { [filter]: v } },
			names: new RegExp(FILTER_LABELS[filter], 'i'),
		})),
	),
	...(
		[
			['unknown value', ['PHOTO']],
			['unknown value (expression)', expr('"PHOTO"')],
			['number (expression)', expr('5')],
			['list with a number', expr('[1]')],
		] as const
	).map(([value, v]) => ({
		parameter: 'filters.itemTypes',
		value,
		parameters: { filters: { itemTypes: v } },
		names: /Filters → Item Types/,
	})),
	...(
		[
			['unknown value', 'LIKES'],
			['unknown value (expression)', expr('"likes"')],
			['empty', ''],
			['whitespace', '  '],
			['number (expression)', expr('3')],
		] as const
	).map(([value, v]) => ({
		parameter: 'sortField',
		value,
		parameters: { sortField: v },
		names: /sort by/i,
	})),
	...(
		[
			['unknown value', 'UP'],
			['empty', ''],
			['null (expression)', expr('null')],
		] as const
	).map(([value, v]) => ({
		parameter: 'sortOrder',
		value,
		parameters: { sortOrder: v },
		names: /sort order/i,
	})),
	...(
		[
			['unknown value', ['Everything']],
			['number (expression)', expr('7')],
		] as const
	).map(([value, v]) => ({
		parameter: 'options.fieldset',
		value,
		parameters: { options: { fieldset: v } },
		names: /fieldset/i,
	})),
	...(
		[
			['text (expression)', expr('"true"')],
			['number (expression)', expr('1')],
		] as const
	).map(([value, v]) => ({
		parameter: 'options.simplify',
		value,
		parameters: { options: { simplify: v } },
		names: /simplify/i,
	})),
	...(['createdAfter', 'createdBefore'] as const).flatMap((name) =>
		(
			[
				['text', 'last week'],
				['no such day', '2025-02-30T00:00:00Z'],
				['number (expression)', expr('1700000000000')],
				['object (expression)', expr('({ day: 1 })')],
			] as const
		).map(([value, v]) => ({
			parameter: `filters.${name}`,
			value,
			parameters: { filters: { [name]: v } },
			names: name === 'createdAfter' ? /created after/i : /created before/i,
		})),
	),
	{
		parameter: 'filters.createdBefore',
		value: 'not after Created After',
		parameters: {
			filters: { createdAfter: '2025-02-01T00:00:00Z', createdBefore: '2025-01-01T00:00:00Z' },
		},
		names: /created after must be earlier than created before/i,
	},
	...(
		[
			['whitespace', '   '],
			['a colon', 'x:posted'],
			['too long', 'x'.repeat(65)],
			['number (expression)', expr('7')],
		] as const
	).map(([value, v]) => ({
		parameter: 'filters.notInPostedList',
		value,
		parameters: { filters: { notInPostedList: v } },
		names: /not in posted list/i,
	})),
	...(
		[
			['-1', -1],
			['text (expression)', expr('"soon"')],
		] as const
	).map(([value, v]) => ({
		parameter: 'options.claimMinutes',
		value,
		parameters: { filters: { notInPostedList: 'x' }, options: { claimMinutes: v } },
		names: /claim minutes/i,
	})),
	...(
		[
			['0', 0],
			['1.5', 1.5],
		] as const
	).map(([value, v]) => ({
		parameter: 'options.scanCap',
		value,
		parameters: { filters: { notInPostedList: 'x' }, options: { scanCap: v } },
		names: /scan cap/i,
	})),
	{
		parameter: 'filters.itemIds',
		value: 'bad in the 2nd input item only',
		inputs: [{ ids: M.sunsetPier }, { ids: 42 }],
		parameters: { filters: { itemIds: expr('$json.ids') } },
		names: /Filters → Item IDs/,
	},
];

const downloadCases: Case[] = [
	{
		parameter: 'operation',
		value: 'unknown value',
		parameters: { operation: 'deleteEverything', itemIds: M.sunsetPier },
		names: /operation/i,
	},
	...BAD_IDS.map(([value, v]) => ({
		parameter: 'itemIds',
		value,
		parameters: { itemIds: v },
		names: /item ids/i,
	})),
	{
		parameter: 'itemIds',
		value: 'missing field (expression)',
		parameters: { itemIds: expr('$json.id') },
		names: /item ids/i,
	},
	{
		parameter: 'itemIds',
		value: 'bad in the 2nd input item only',
		inputs: [{ id: M.sunsetPier }, { id: 12 }],
		parameters: { itemIds: expr('$json.id') },
		names: /item ids/i,
	},
	...(
		[
			['empty', ''],
			['whitespace', '   '],
			['number (expression)', expr('5')],
			['with a space', 'my file'],
			['too long', 'x'.repeat(100)],
			['starts with a digit', '1data'],
		] as const
	).map(([value, v]) => ({
		parameter: 'binaryPropertyName',
		value,
		parameters: { itemIds: M.sunsetPier, binaryPropertyName: v },
		names: /output file|field/i,
	})),
	...(
		[
			'maxFiles',
			'maxTotalBytes',
			'timeout',
			'maxTotalSizeMb',
			'timeoutSeconds',
			'maxFileBytes',
			'maxFileSizeMb',
			'parallelDownloads',
		] as const
	).flatMap((option) =>
		(
			[
				['0', 0],
				['-5', -5],
				['1.5', 1.5],
				['text (expression)', expr('"many"')],
				['Infinity (expression)', expr('Infinity')],
				['list (expression)', expr('[10]')],
				['true (expression)', expr('true')],
			] as const
		).map(([value, v]) => ({
			parameter: `options.${option}`,
			value,
			parameters: { itemIds: M.sunsetPier, options: { [option]: v } },
			// Bytes and milliseconds are version 1's options, MB and seconds version 2's.
			typeVersion:
				option === 'maxTotalSizeMb' || option === 'timeoutSeconds' || option === 'maxFileSizeMb'
					? 2
					: 1,
			names: {
				maxFiles: /max files/i,
				maxTotalBytes: /max total size \(bytes\)/i,
				timeout: /timeout \(ms\)/i,
				maxTotalSizeMb: /max total size \(mb\)/i,
				timeoutSeconds: /timeout \(seconds\)/i,
				maxFileBytes: /max file size \(bytes\)/i,
				maxFileSizeMb: /max file size \(mb\)/i,
				parallelDownloads: /parallel downloads/i,
			}[option],
		})),
	),
	...(['includeItemMetadata', 'oneArchivePerInputItem'] as const).flatMap((option) =>
		(
			[
				['text (expression)', expr('"no"')],
				['number (expression)', expr('1')],
			] as const
		).map(([value, v]) => ({
			parameter: `options.${option}`,
			value,
			parameters: { itemIds: M.sunsetPier, options: { [option]: v } },
			names: {
				includeItemMetadata: /include item metadata/i,
				oneArchivePerInputItem: /one archive/i,
			}[option],
		})),
	),
];

const displayCases: Case[] = [
	...BAD_IDS.filter((_, i) => i % 2 === 0).map(([value, v]) => ({
		parameter: 'itemIds',
		value,
		parameters: { operation: 'getDisplayUrls', itemIds: v },
		names: /item ids/i,
	})),
	...(['incrementViewCount', 'waitForProcessing'] as const).flatMap((option) =>
		(
			[
				['text (expression)', expr('"yes"')],
				['number (expression)', expr('1')],
			] as const
		).map(([value, v]) => ({
			parameter: `options.${option}`,
			value,
			parameters: { operation: 'getDisplayUrls', itemIds: M.sunsetPier, options: { [option]: v } },
			names: {
				incrementViewCount: /increment view count/i,
				waitForProcessing: /wait for processing/i,
			}[option],
		})),
	),
];

/** Check Fit For, in both operations: unknown platforms and values that are no list. */
const checkFitForCases: Case[] = (['downloadFiles', 'getDisplayUrls'] as const).flatMap(
	(operation) =>
		(
			[
				['unknown platform', ['x', 'tiktok']],
				['unknown platform (text)', 'x, instagram'],
				['number (expression)', expr('5')],
				['object (expression)', expr('({ x: true })')],
				['list with a number (expression)', expr('["x", 1]')],
			] as const
		).map(([value, v]) => ({
			parameter: 'options.checkFitFor',
			value: `${operation}, ${value}`,
			parameters: { operation, itemIds: M.sunsetPier, options: { checkFitFor: v } },
			names: /check fit for/i,
			typeVersion: 2,
		})),
);

let emu: Emulator;
useGallery((started) => (emu = started));

async function expectRejectedBeforeAnyRequest(node: 'query' | 'download', c: Case): Promise<void> {
	resetEmulator(emu);
	const harness = makeEngine(emu, 'apiKey');
	const spec =
		node === 'query'
			? queryNode(c.parameters)
			: downloadNode(c.parameters, { typeVersion: c.typeVersion ?? 1 });
	const nodeName = node === 'query' ? QUERY : DOWNLOAD;
	let result;
	try {
		result = await harness.run(chain(emitNode(c.inputs ?? [{}]), spec));
	} catch (error) {
		// n8n itself refuses to start a workflow whose required parameter is empty ("The workflow
		// has issues"): the node never runs, and nothing is sent either.
		expect((error as Error).constructor.name).toBe('WorkflowHasIssuesError');
		expect(Object.values(c.parameters)).toContain('');
		expect([...emu.requestLog, ...emu.fileLog]).toEqual([]);
		return;
	}
	const thrown = harness.thrown.find((t) => t.node === nodeName)?.error;
	const sent = [...emu.requestLog.map((r) => r.path), ...emu.fileLog.map((r) => r.path)];
	expect({
		nodeOperationError: thrown instanceof NodeOperationError,
		got: thrown
			? `${(thrown as Error).constructor.name}: ${errorText(thrown).slice(0, 200)}`
			: `no error, ${result.output(nodeName).length} items`,
		requests: sent,
	}).toEqual({
		nodeOperationError: true,
		got: expect.stringMatching(c.names ?? /./),
		requests: [],
	});
}

describe('Query Items', () => {
	test.each(queryCases.map((c) => [c.parameter, c.value, c] as const))(
		'%s: %s',
		async (_p, _v, c) => {
			await expectRejectedBeforeAnyRequest('query', c);
		},
	);
});

describe('Get Download · downloadFiles', () => {
	test.each(downloadCases.map((c) => [c.parameter, c.value, c] as const))(
		'%s: %s',
		async (_p, _v, c) => {
			await expectRejectedBeforeAnyRequest('download', c);
		},
	);
});

describe('Get Download · Check Fit For', () => {
	test.each(checkFitForCases.map((c) => [c.parameter, c.value, c] as const))(
		'%s: %s',
		async (_p, _v, c) => {
			await expectRejectedBeforeAnyRequest('download', c);
		},
	);
});

describe('Get Download · getDisplayUrls', () => {
	test.each(displayCases.map((c) => [c.parameter, c.value, c] as const))(
		'%s: %s',
		async (_p, _v, c) => {
			await expectRejectedBeforeAnyRequest('download', c);
		},
	);
});

test('the cases cover every parameter of both nodes', () => {
	const covered = new Set(
		[...queryCases, ...downloadCases, ...displayCases, ...checkFitForCases].map((c) =>
			c.parameter.split('.').pop(),
		),
	);
	const { queryItemsProperties } = jest.requireActual(
		'../../nodes/SharedGalleryQueryItems/description',
	);
	const { getDownloadProperties } = jest.requireActual(
		'../../nodes/SharedGalleryGetDownload/description',
	);
	const names = new Set<string>();
	for (const p of [...queryItemsProperties, ...getDownloadProperties] as Array<{
		name: string;
		options?: Array<{ name?: string; value?: unknown }>;
		type: string;
	}>) {
		if (p.type !== 'notice') names.add(p.name);
		if (p.type === 'collection') for (const o of p.options ?? []) if (o.name) names.add(o.name);
	}
	for (const container of ['filters', 'options']) names.delete(container);
	expect([...names].filter((n) => !covered.has(n))).toEqual([]);
});
