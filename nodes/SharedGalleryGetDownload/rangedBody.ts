import type { IExecuteFunctions } from 'n8n-workflow';

import type { CallOptions } from '../SharedGallery/transport';
import { toBuffer } from '../SharedGallery/unzip';
import type { DownloadSettings } from './settings';
import { openRange, type Body, type Opened } from './streamBody';

/** Bytes per range request. */
export const RANGE_PART = 8 * 1024 * 1024;

/** A single file this large is fetched in ranges when its host takes them: smaller ones gain little. */
export const RANGED_MIN = 4 * RANGE_PART;

/** The URL expired while its ranges were fetched: the caller asks for a new one. */
export class RangeUrlExpired extends Error {}

/** A connection that ended before its range did: retried like any broken-off download. */
const brokenRange = (message: string) => Object.assign(new Error(message), { code: 'ECONNRESET' });

/**
 * A single file's body: in ranges over Parallel Downloads connections when it is large and its
 * host takes them, else the open body as it is.
 */
export function singleBody(
	context: IExecuteFunctions,
	url: string,
	opened: Opened,
	call: CallOptions,
	settings: DownloadSettings,
): Body {
	const connections = settings.parallelDownloads;
	if (!opened.ranges || connections < 2 || (opened.length ?? 0) < RANGED_MIN) return opened.body;
	// The file host is not the API: its requests do not count against Wix's rate limit.
	return rangedBody(context, url, opened.body, opened.length!, connections, {
		...call,
		pace: undefined,
	});
}

/**
 * A large single file over `connections` connections at once: the open body gives the first
 * RANGE_PART bytes, `Range` requests the next parts, and the bytes come out in order, so a host
 * that caps each connection's bandwidth (a CDN, a shaped link) gives several times one stream.
 * At most `connections` connections are open, and as many parts of 8 MiB held.
 *
 * Whether the host really serves ranges is known from the second part's answer: if it is not
 * exactly that range (a 200 with the whole file), the open body goes on alone, as one stream,
 * and nothing more is asked. A host that stops serving ranges later, or a part that ends early,
 * breaks the download off (it is fetched again from the start); a 410 is RangeUrlExpired.
 */
export async function* rangedBody(
	context: IExecuteFunctions,
	url: string,
	first: Body,
	length: number,
	connections: number,
	options: CallOptions,
): AsyncGenerator<Buffer> {
	const parts: Array<{ start: number; end: number; total: number }> = [];
	for (let start = RANGE_PART; start < length; start += RANGE_PART)
		parts.push({ start, end: Math.min(start + RANGE_PART, length) - 1, total: length });
	let closed = false;
	const fetchPart = async (part: (typeof parts)[number]): Promise<Buffer[] | 'refused'> => {
		const body = await openRange.call(context, url, part, options);
		if (body === 'expired') throw new RangeUrlExpired('the download URL expired');
		if (body === 'refused') return 'refused';
		const pieces: Buffer[] = [];
		let size = 0;
		for await (const chunk of body) {
			if (closed) {
				body.destroy?.();
				return [];
			}
			pieces.push(toBuffer(chunk));
			size += chunk.length;
		}
		if (size !== part.end - part.start + 1)
			throw brokenRange(`bytes ${part.start}-${part.end} ended after ${size} bytes`);
		return pieces;
	};
	const fetched: Array<Promise<Buffer[] | 'refused'> | undefined> = [];
	/** Parts asked for and not given out yet: `connections` in all, the open body counting as one. */
	const fetchAhead = (given: number, bodyOpen: boolean) => {
		const most = bodyOpen ? connections - 1 : connections;
		while (fetched.length < parts.length && fetched.length - given < most) {
			const part = fetchPart(parts[fetched.length]);
			// Awaited in order; a part that fails before its turn must not go unhandled meanwhile.
			part.catch(() => undefined);
			fetched.push(part);
		}
	};

	const source = first[Symbol.asyncIterator]();
	try {
		fetchAhead(0, true);
		let leftover: Buffer | undefined;
		for (let taken = 0; taken < RANGE_PART;) {
			const next = await source.next();
			if (next.done) throw brokenRange(`the file ended after ${taken} of ${length} bytes`);
			const chunk = toBuffer(next.value);
			const wanted = RANGE_PART - taken;
			if (chunk.length > wanted) leftover = chunk.subarray(wanted);
			taken += Math.min(chunk.length, wanted);
			yield chunk.subarray(0, wanted);
		}
		if ((await fetched[0]) === 'refused') {
			closed = true;
			if (leftover) yield leftover;
			for (let next = await source.next(); !next.done; next = await source.next())
				yield toBuffer(next.value);
			return;
		}
		first.destroy?.();
		fetchAhead(0, false);
		for (let index = 0; index < parts.length; index++) {
			const pieces = await fetched[index];
			if (pieces === 'refused') throw brokenRange('the file host stopped answering byte ranges');
			fetched[index] = undefined;
			fetchAhead(index + 1, false);
			for (const piece of pieces!) yield piece;
		}
	} finally {
		closed = true;
		first.destroy?.();
	}
}
