import { createWriteStream } from 'fs';
import { Transform, type Readable } from 'stream';
import { pipeline } from 'stream/promises';
import type { IExecuteFunctions } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS, type CallOptions } from './request';
import { fileHostAttempt } from './body';
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
		await pipeline(
			outcome.done.body as Readable,
			idleGuard(idleTimeoutMs),
			createWriteStream(filePath),
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
