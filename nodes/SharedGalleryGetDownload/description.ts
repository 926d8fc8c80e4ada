import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_MAX_FILE_BYTES,
	DEFAULT_MAX_FILE_MB,
	DEFAULT_MAX_FILES,
	DEFAULT_MAX_TOTAL_BYTES,
	DEFAULT_MAX_TOTAL_MB,
} from './settings';
import { FIT_PLATFORM_OPTIONS } from '../SharedGallery/fit';
import { DEFAULT_PARALLEL_DOWNLOADS, MAX_PARALLEL_DOWNLOADS } from './parallel';

/** Archives side by side, each holding the file it is reading in memory. */
const PARALLEL_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Parallel Downloads',
		name: 'parallelDownloads',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_DOWNLOADS },
		default: DEFAULT_PARALLEL_DOWNLOADS,
		description:
			'How many archives (of up to 50 files each) to download at once; a single large file is fetched in as many parts at once when its host allows byte ranges. Output keeps its order. 1 downloads one at a time.',
	},
];

/**
 * The action as the nodes panel lists it. n8n's sentence-case lint rule splits "URLs" into
 * "ur ls", so the text lives in a constant, which the rule does not read: "URLs" stays.
 */
const DISPLAY_URLS_ACTION = 'Get display URLs';
const downloadOnly = { show: { operation: ['downloadFiles'] } };
const displayOnly = { show: { operation: ['getDisplayUrls'] } };
/** Version 1 keeps its options in milliseconds and bytes, as saved; version 2 uses seconds and MB. */
const version1 = { show: { '@version': [1] } };
const version2 = { show: { '@version': [{ _cnd: { gte: 2 } }] } };
const maxFileSizeDescription =
	"Safety cap on one file: a larger one stops the run with an error. Files go to n8n's binary data as they download; in database mode (queue mode's default) n8n holds each one in memory, so keep this within what the instance can hold.";

/** Max File Size: the cap on one file. */
const MAX_FILE_SIZE_OPTIONS: INodeProperties[] = [
	{
		displayName: 'Max File Size (Bytes)',
		name: 'maxFileBytes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_MAX_FILE_BYTES,
		description: maxFileSizeDescription,
		displayOptions: version1,
	},
	{
		displayName: 'Max File Size (MB)',
		name: 'maxFileSizeMb',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_MAX_FILE_MB,
		description: `${maxFileSizeDescription} (1024 MB = 1 GB)`,
		displayOptions: version2,
	},
];
/**
 * Check Fit For: the same option in both operations. Facts (width, height, duration) are output
 * always; this adds the verdict per platform.
 */
const CHECK_FIT_FOR: INodeProperties = {
	displayName: 'Check Fit For',
	name: 'checkFitFor',
	type: 'multiOptions',
	// Each platform with its limits in words (nodes/SharedGallery/fit/limits.ts), by name.
	options: [...FIT_PLATFORM_OPTIONS].sort((a, b) => a.name.localeCompare(b.name)),
	default: [],
	description:
		"Platforms to check each file against (format, size, aspect ratio, duration) before posting. Each item gets a field per platform (for example fit.x) with ok and the reasons in words; what cannot be known is not OK. Limits and their sources: the package's README, 'What each platform takes'.",
};

const timeoutDescription =
	'How long a request may wait for the server, and a download for its next bytes, before it is retried';

export const getDownloadProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Download Files',
				value: 'downloadFiles',
				action: 'Download files',
				description:
					'Download the media as binary files, one output item per file (for X, Facebook, disk, email…)',
			},
			{
				name: 'Get Display URLs',
				value: 'getDisplayUrls',
				action: DISPLAY_URLS_ACTION,
				description: "Get public URLs valid for 15 minutes (for Instagram's image_url and similar)",
			},
		],
		default: 'downloadFiles',
	},
	{
		displayName: 'Item IDs',
		name: 'itemIds',
		type: 'string',
		default: '={{ $json.id }}',
		required: true,
		description:
			'Media or album IDs: comma-separated, or an expression that returns an array. An album gives all of its media. The default takes the ID from a Query Items node.',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: downloadOnly,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: downloadOnly,
		options: [
			CHECK_FIT_FOR,
			{
				displayName: 'Include Item Metadata',
				name: 'includeItemMetadata',
				type: 'boolean',
				default: true,
				description:
					"Whether to add the item's name, uploader, counts and preview URL to each file's JSON",
			},
			...MAX_FILE_SIZE_OPTIONS,
			{
				displayName: 'Max Files',
				name: 'maxFiles',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_FILES,
				description: 'Safety cap: stop with an error when the downloads hold more files than this',
			},
			{
				displayName: 'Max Total Size (Bytes)',
				name: 'maxTotalBytes',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_TOTAL_BYTES,
				description:
					'Safety cap: stop with an error when the files add up to more than this many bytes, checked while extracting',
				displayOptions: version1,
			},
			{
				displayName: 'Max Total Size (MB)',
				name: 'maxTotalSizeMb',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: DEFAULT_MAX_TOTAL_MB,
				description:
					'Safety cap: stop with an error when the files add up to more than this many megabytes (1024 MB = 1 GB), checked while extracting',
				displayOptions: version2,
			},
			{
				displayName: 'One Archive per Input Item',
				name: 'oneArchivePerInputItem',
				type: 'boolean',
				default: false,
				description:
					"Whether to download each input item's IDs separately. Off: all IDs of all input items go in as few requests as possible.",
			},
			...PARALLEL_OPTIONS,
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60000,
				description: `${timeoutDescription}, in milliseconds`,
				displayOptions: version1,
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 60,
				description: timeoutDescription,
				displayOptions: version2,
			},
		],
	},
	{
		displayName:
			'The URLs work for 15 minutes after the node runs: post or fetch them within that time, or run the node again',
		name: 'urlLifetimeNotice',
		type: 'notice',
		default: '',
		displayOptions: displayOnly,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: displayOnly,
		options: [
			CHECK_FIT_FOR,
			{
				displayName: 'Increment View Count',
				name: 'incrementViewCount',
				type: 'boolean',
				default: false,
				description: 'Whether to count this as a view of each item',
			},
			{
				displayName: 'Wait for Processing',
				name: 'waitForProcessing',
				type: 'boolean',
				default: false,
				description:
					'Whether to wait (up to about a minute) for fresh uploads that are still being processed, instead of returning them with notProcessedYet',
			},
		],
	},
];
