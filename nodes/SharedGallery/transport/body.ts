import type { IDataObject, IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import type { Attempt } from './retry';

/** An error body from the API or the file host: its first 64 KB as text, then as JSON when it is JSON. */

/** Reads a body to its end (so the connection is freed), keeping the first `max` bytes as text. */
export async function readSmall(
	stream: AsyncIterable<Uint8Array>,
	max = 64 * 1024,
): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		if (size < max) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
		size += chunk.length;
	}
	return Buffer.concat(chunks).toString('utf8').slice(0, max);
}

export function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return { message: text.slice(0, 200) };
	}
}

/** A response body as `httpRequest` gives it with `encoding: 'stream'`, read as an async iterable. */
export type Body = AsyncIterable<Uint8Array> & {
	destroy?: (error?: Error) => void;
	resume?: () => void;
};

/**
 * One GET of a file-host URL as a stream, for the retry loop: the file host is another origin,
 * so it gets no credential and no API header; `range`: those bytes only (inclusive), which the host
 * may ignore. 410 → `'expired'` (the caller asks for a new URL);
 * another failure → its status and the start of its body; else the open body and its headers.
 */
export async function fileHostAttempt(
	context: IExecuteFunctions,
	url: string,
	timeout: number,
	range?: { start: number; end: number },
): Promise<Attempt<'expired' | { body: Body; headers: IDataObject; statusCode: number }>> {
	const response = (await context.helpers.httpRequest({
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout,
		...(range ? { headers: { range: `bytes=${range.start}-${range.end}` } } : {}),
	})) as IN8nHttpFullResponse;
	const body = response.body as unknown as Body;
	const headers = response.headers as IDataObject;
	if (response.statusCode === 410) {
		body.resume?.();
		return { done: 'expired' };
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		return { status: response.statusCode, headers, body: parseJson(await readSmall(body)) };
	}
	return { done: { body, headers, statusCode: response.statusCode } };
}
