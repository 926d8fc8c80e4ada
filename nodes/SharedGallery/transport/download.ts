import { createWriteStream } from 'fs';
import { dirname } from 'path';
import { Transform, type Readable } from 'stream';
import { pipeline } from 'stream/promises';
import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS, type CallOptions } from './request';
import { fileHostAttempt } from './body';
import { localError } from './errors';
import { withRetries, type Attempt } from './retry';

/**
 * Streams a file-host URL to disk. The file host is another origin: it gets no credential
 * and no API header. Retries like the API. `'expired'` on HTTP 410: the caller asks for a new URL.
 * `idleTimeoutMs` bounds the wait for the next bytes of the body, as `timeoutMs` does for the headers.
 */
export async function downloadToFile(
	this: IExecuteFunctions,
	url: string,
	filePath: string,
	options: CallOptions & { idleTimeoutMs?: number } = {},
): Promise<'saved' | 'expired'> {
	const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_TIMEOUT_MS;
	return await withRetries<'saved' | 'expired'>(this, options, [], async () => {
		const outcome = await fileHostAttempt(this, url, options.timeoutMs ?? idleTimeoutMs);
		if (!('done' in outcome) || outcome.done === 'expired') return outcome as Attempt<'expired'>;
		const file = createWriteStream(filePath);
		let writeFailure: NodeJS.ErrnoException | undefined;
		file.once('error', (error) => (writeFailure = error));
		await pipeline(outcome.done.body as Readable, idleGuard(idleTimeoutMs), file).catch(
			// The disk, not the network: retrying would not help, and it is no API error.
			async (error: unknown) =>
				await Promise.reject(
					writeFailure ? diskError(this, writeFailure, filePath, options) : error,
				),
		);
		return { done: 'saved' as const };
	});
}

/** Fails the stream if no byte arrives for `ms`: a stalled body never hangs a workflow. */
function idleGuard(ms: number): Transform {
	let timer: NodeJS.Timeout | undefined;
	const guard: Transform = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			arm();
			callback(null, chunk);
		},
		flush(callback) {
			clearTimeout(timer);
			callback();
		},
		destroy(error, callback) {
			clearTimeout(timer);
			callback(error);
		},
	});
	const arm = () => {
		clearTimeout(timer);
		timer = setTimeout(() => {
			const error = new Error(`No data for ${ms / 1000} s`) as Error & { code: string };
			error.code = 'ETIMEDOUT';
			guard.destroy(error);
		}, ms);
	};
	arm();
	return guard;
}

/** The temporary folder refused the download (full, read-only): a local error naming the items. */
function diskError(
	context: IExecuteFunctions,
	error: NodeJS.ErrnoException,
	filePath: string,
	options: CallOptions,
) {
	const reason = error.code === 'ENOSPC' ? 'no space left on device' : error.message;
	return localError(
		context.getNode(),
		`Cannot save the download in the temporary folder: ${reason}`,
		`Get Download keeps each archive in the temporary folder (${dirname(dirname(filePath))}, from TMPDIR) while it extracts it, and removes it afterwards. Free space there, point TMPDIR at a larger disk, or download fewer items per run.`,
		options,
	);
}
