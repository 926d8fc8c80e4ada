import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
} from 'n8n-workflow';

import {
	DEFAULT_MAX_TOTAL_BYTES,
	readDownloadSettings,
} from '../../nodes/SharedGalleryGetDownload/settings';
import {
	DEFAULT_PARALLEL_DOWNLOADS,
	MAX_PARALLEL_DOWNLOADS,
} from '../../nodes/SharedGalleryGetDownload/parallel';

const node = { name: 'Download' } as INode;

function context(options: IDataObject, binaryPropertyName: unknown = 'data'): IExecuteFunctions {
	const parameters: IDataObject = { options, binaryPropertyName: binaryPropertyName as string };
	return {
		getNode: () => node,
		getNodeParameter: (name: string) => parameters[name],
	} as unknown as IExecuteFunctions;
}

describe('Download Files settings', () => {
	test('defaults: 60 s, 1000 files, 5 GB, 1 GB a file, metadata on, one archive for all', () => {
		expect(readDownloadSettings(context({}))).toEqual({
			binaryPropertyName: 'data',
			includeItemMetadata: true,
			oneArchivePerInputItem: false,
			timeoutMs: 60_000,
			maxFiles: 1000,
			maxTotalBytes: DEFAULT_MAX_TOTAL_BYTES,
			maxFileBytes: 1024 ** 3,
			parallelDownloads: DEFAULT_PARALLEL_DOWNLOADS,
			checkFitFor: [],
		});
		expect(DEFAULT_MAX_TOTAL_BYTES).toBe(5 * 1024 ** 3);
	});

	test.each([
		['version 2: Timeout (Seconds)', { timeoutSeconds: 5 }, 5000],
		['version 1: Timeout (Ms), as saved', { timeout: 300 }, 300],
		['both (not possible in the editor): seconds win', { timeoutSeconds: 2, timeout: 300 }, 2000],
	])('%s', (_name, options, timeoutMs) => {
		expect(readDownloadSettings(context(options)).timeoutMs).toBe(timeoutMs);
	});

	test.each([
		['version 2: Max Total Size (MB)', { maxTotalSizeMb: 2 }, 2 * 1024 * 1024],
		['version 1: Max Total Size (Bytes), as saved', { maxTotalBytes: 3000 }, 3000],
	])('%s', (_name, options, maxTotalBytes) => {
		expect(readDownloadSettings(context(options)).maxTotalBytes).toBe(maxTotalBytes);
	});

	test.each([
		['version 2: Max File Size (MB)', { maxFileSizeMb: 2 }, 2 * 1024 * 1024],
		['version 1: Max File Size (Bytes), as saved', { maxFileBytes: 3000 }, 3000],
	])('%s', (_name, options, maxFileBytes) => {
		expect(readDownloadSettings(context(options)).maxFileBytes).toBe(maxFileBytes);
	});

	test.each([
		[{}, DEFAULT_PARALLEL_DOWNLOADS],
		[{ parallelDownloads: 1 }, 1],
		[{ parallelDownloads: '3' }, 3],
		[{ parallelDownloads: 500 }, MAX_PARALLEL_DOWNLOADS],
	])('Parallel Downloads %p → %p', (options, parallel) => {
		expect(readDownloadSettings(context(options)).parallelDownloads).toBe(parallel);
	});

	test.each([
		[{ timeoutSeconds: 0 }, 'Timeout (Seconds) must be a whole number of at least 1, got 0'],
		[{ timeoutSeconds: true }, 'Timeout (Seconds) must be a whole number of at least 1, got true'],
		[{ timeout: 1.5 }, 'Timeout (Ms) must be a whole number of at least 1, got 1.5'],
		[{ maxTotalSizeMb: '' }, 'Max Total Size (MB) must be a whole number of at least 1, got ""'],
		[{ maxFiles: -1 }, 'Max Files must be a whole number of at least 1, got -1'],
		[{ includeItemMetadata: 'no' }, 'Include Item Metadata must be true or false'],
		[{ parallelDownloads: 0 }, 'Parallel Downloads must be a whole number of at least 1, got 0'],
		[
			{ checkFitFor: ['x', 'tiktok'] },
			'Check Fit For: "tiktok" is not one of x, instagramFeed, instagramReel, facebookPage',
		],
		[{ checkFitFor: { x: true } }, 'Check Fit For: expected a list of values'],
	])('%p is refused: %s', (options, message) => {
		expect(() => readDownloadSettings(context(options))).toThrow(
			new NodeOperationError(node, message),
		);
	});
});
