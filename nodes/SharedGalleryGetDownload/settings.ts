import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FitPlatform } from '../SharedGallery/fit';
import { DEFAULT_TIMEOUT_MS } from '../SharedGallery/transport';
import { boolean, fieldName, wholeNumber } from '../SharedGallery/validate';
import { readCheckFitFor } from './mediaOutput';
import { DEFAULT_PARALLEL_DOWNLOADS, MAX_PARALLEL_DOWNLOADS } from './parallel';

export const DEFAULT_MAX_FILES = 1000;
export const MB = 1024 ** 2;
export const DEFAULT_MAX_TOTAL_MB = 5 * 1024;
export const DEFAULT_MAX_TOTAL_BYTES = DEFAULT_MAX_TOTAL_MB * MB;
/** Get Download holds each file in memory while it reads it: a larger one fails clearly. */
export const DEFAULT_MAX_FILE_MB = 1024;
export const DEFAULT_MAX_FILE_BYTES = DEFAULT_MAX_FILE_MB * MB;

/** What Download Files reads from its parameters, checked before any request. */
export interface DownloadSettings {
	binaryPropertyName: string;
	includeItemMetadata: boolean;
	oneArchivePerInputItem: boolean;
	/** How long a request waits for an answer, and a download for its next bytes. */
	timeoutMs: number;
	maxFiles: number;
	maxTotalBytes: number;
	/** Max File Size: the cap on one file (n8n's database binary mode holds it in memory). */
	maxFileBytes: number;
	/** Archives downloaded at once. */
	parallelDownloads: number;
	/** Check Fit For: the platforms each file is checked against. */
	checkFitFor: FitPlatform[];
}

/**
 * Version 1 stores Timeout in milliseconds (`timeout`), Max Total Size and Max File Size in bytes
 * (`maxTotalBytes`, `maxFileBytes`); version 2 in seconds (`timeoutSeconds`) and megabytes
 * (`maxTotalSizeMb`, `maxFileSizeMb`).
 * A saved version-1 node keeps its values and their meaning (docs/CONTRACTS.md).
 */
export function readDownloadSettings(context: IExecuteFunctions): DownloadSettings {
	const node = context.getNode();
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	const timeoutMs =
		options.timeoutSeconds !== undefined
			? wholeNumber(node, options.timeoutSeconds, 'Timeout (Seconds)') * 1000
			: wholeNumber(node, options.timeout ?? DEFAULT_TIMEOUT_MS, 'Timeout (Ms)');
	const maxTotalBytes =
		options.maxTotalSizeMb !== undefined
			? wholeNumber(node, options.maxTotalSizeMb, 'Max Total Size (MB)') * MB
			: wholeNumber(
					node,
					options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES,
					'Max Total Size (Bytes)',
				);
	const maxFileBytes =
		options.maxFileSizeMb !== undefined
			? wholeNumber(node, options.maxFileSizeMb, 'Max File Size (MB)') * MB
			: wholeNumber(node, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, 'Max File Size (Bytes)');
	return {
		binaryPropertyName: fieldName(
			node,
			context.getNodeParameter('binaryPropertyName', 0, 'data'),
			'Put Output File in Field',
		),
		includeItemMetadata: boolean(
			node,
			options.includeItemMetadata ?? true,
			'Include Item Metadata',
		),
		oneArchivePerInputItem: boolean(
			node,
			options.oneArchivePerInputItem ?? false,
			'One Archive per Input Item',
		),
		timeoutMs,
		maxFiles: wholeNumber(node, options.maxFiles ?? DEFAULT_MAX_FILES, 'Max Files'),
		maxTotalBytes,
		maxFileBytes,
		parallelDownloads: Math.min(
			MAX_PARALLEL_DOWNLOADS,
			wholeNumber(
				node,
				options.parallelDownloads ?? DEFAULT_PARALLEL_DOWNLOADS,
				'Parallel Downloads',
			),
		),
		checkFitFor: readCheckFitFor(node, options.checkFitFor),
	};
}
