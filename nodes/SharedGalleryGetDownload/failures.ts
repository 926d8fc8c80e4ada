import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { formatSize, type SafetyCapError } from '../SharedGallery/caps';
import { localError } from '../SharedGallery/transport';
import { fileNameOf, type Target } from './targets';

/**
 * Download Files' local failures: the file host answered 200, but what it sent cannot be
 * delivered. Each is a NodeOperationError naming the items, with what to do about it.
 */

const scope = (targets: Target[]) => ({
	itemIndex: targets[0]?.requesters[0] ?? 0,
	itemIds: targets.map((t) => t.itemId),
});

export function corruptError(
	context: IExecuteFunctions,
	reason: string,
	targets: Target[],
): NodeOperationError {
	return localError(
		context.getNode(),
		`The downloaded file is corrupt or truncated: ${reason}`,
		'The file host sent a file that cannot be read to the end. Run the node again; if it keeps failing, download these items in smaller groups.',
		scope(targets),
	);
}

export function entryError(
	context: IExecuteFunctions,
	target: Target,
	problem: string,
): NodeOperationError {
	return localError(
		context.getNode(),
		`Cannot extract ${target.itemId} from the download: ${problem}`,
		'The archive holds this file in a form the node cannot read. Download it from the Wix dashboard instead.',
		scope([target]),
	);
}

export function oneFileError(context: IExecuteFunctions, targets: Target[]): NodeOperationError {
	return localError(
		context.getNode(),
		`The API sent one file for ${targets.length} items, so the file cannot be matched to an item`,
		'Run the node again. If it keeps happening, turn on One Archive per Input Item and give one ID per input item.',
		scope(targets),
	);
}

export function missingError(context: IExecuteFunctions, target: Target): NodeOperationError {
	return localError(
		context.getNode(),
		`Item ${target.itemId} ("${target.item.name}") was requested but is missing from the download`,
		'The file host left this file out even when asked for it alone. Run the node again; if it keeps happening, check the item in the Wix dashboard.',
		scope([target]),
	);
}

export function capError(
	context: IExecuteFunctions,
	error: SafetyCapError,
	targets: Target[],
): NodeOperationError {
	const ids = targets.map((t) => t.itemId);
	const what = { files: 'Max Files', size: 'Max Total Size', file: 'Max File Size' }[error.cap];
	return new NodeOperationError(
		context.getNode(),
		`Safety cap reached: ${error.message}${ids.length ? ` (items not delivered: ${ids.join(', ')})` : ''}`,
		{
			itemIndex: targets[0]?.requesters[0] ?? 0,
			description: `The cap protects the disk and memory of n8n. Raise ${what} in the node's options, or download fewer items per run.`,
		},
	);
}

/** n8n's `database` binary data mode refuses a file over its limit (n8n-core's FileTooLargeError). */
const DATABASE_LIMIT = /exceeds the max size limit of ([\d.]+) MB set for `database` mode/;

/**
 * n8n's binary data storage refused one file: it is over the `database` mode's limit, or the
 * disk is full. Not an API error, and not a broken download: the file itself was fine.
 */
export function storageError(
	context: IExecuteFunctions,
	target: Target,
	error: unknown,
	size: number,
): NodeOperationError {
	const reason = error instanceof Error ? error.message : String(error);
	const file = `"${fileNameOf(target)}", ${formatSize(size)}`;
	const limit = DATABASE_LIMIT.exec(reason)?.[1];
	if (limit !== undefined) {
		return localError(
			context.getNode(),
			`Item ${target.itemId} (${file}) is larger than n8n's binary data limit of ${limit} MB in database mode (N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE)`,
			'In queue mode n8n keeps binary data in its database, which refuses files over N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (in MiB: 512 by default, at most 1024) and holds each file in memory. Raise that setting, or set N8N_DEFAULT_BINARY_DATA_MODE to s3 (or to filesystem, with one folder shared by main and workers). The other files were delivered.',
			scope([target]),
		);
	}
	const code = (error as NodeJS.ErrnoException)?.code;
	return localError(
		context.getNode(),
		`n8n could not store item ${target.itemId} (${file}) in its binary data: ${code === 'ENOSPC' ? 'no space left on device' : reason}`,
		"n8n's binary data storage refused the file as it was written. Check the free space and settings of n8n's binary data mode (N8N_DEFAULT_BINARY_DATA_MODE, N8N_BINARY_DATA_STORAGE_PATH). The other files were delivered.",
		scope([target]),
	);
}
