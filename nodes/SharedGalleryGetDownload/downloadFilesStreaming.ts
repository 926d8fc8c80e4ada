import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
} from 'n8n-workflow';

import { simplifyItem } from '../SharedGallery/items';
import { extensionOf, mimeTypeFor } from '../SharedGallery/media';
import {
	DEFAULT_RETRY,
	apiError,
	apiRequest,
	asNodeError,
	backoff,
	networkCode,
	parseJson,
	readSmall,
	withRetries,
	type CallOptions,
} from '../SharedGallery/transport';
import {
	Scratch,
	StreamArchiveError,
	StreamBudget,
	StreamCapError,
	readArchiveStream,
	readWholeBody,
} from '../SharedGallery/unzipStream';
import {
	BATCH_SIZE,
	DEFAULT_MAX_FILES,
	DEFAULT_MAX_TOTAL_BYTES,
	DOWNLOAD_URL_PATH,
	URL_LIFETIME_MS,
	URL_RENEW_MARGIN_MS,
	capError,
	fileNameOf,
	missingError,
	nameKey,
	positiveInteger,
	readSettings,
	type Settings,
} from './downloadFiles';
import { collectRequests, resolveTargets, Results, type Target } from './targets';

/**
 * Get Download's verification-ready path (docs/VERIFICATION.md): the archive is unzipped while
 * it downloads, through n8n's own HTTP helper, with no temporary file, no Node stream, fs or
 * zlib, and no timer. Each file is handed to `prepareBinaryData` as one Buffer, so memory grows
 * with the largest file: Max File Size bounds it. Output, attribution, renaming, errors and caps
 * are those of the temporary-file path (downloadFiles.ts).
 */

/** Each file is held in memory whole while it is read: larger ones fail with a clear error. */
export const DEFAULT_MAX_FILE_BYTES = 1024 ** 3;

/** The response body: what `httpRequest` returns with `encoding: 'stream'`, read as an async iterable. */
type Body = AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void; resume?: () => void };

export async function downloadFilesStreaming(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const results = new Results(this);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const settings = readSettings(this, options);
	const budget = new StreamBudget(
		positiveInteger(this, options.maxFiles ?? DEFAULT_MAX_FILES, 'Max Files'),
		positiveInteger(this, options.maxTotalBytes ?? DEFAULT_MAX_TOTAL_BYTES, 'Max Total Size (Bytes)'),
		positiveInteger(this, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, 'Max File Size (Bytes)'),
	);
	const perInput = options.oneArchivePerInputItem ?? false;
	if (typeof perInput !== 'boolean') {
		throw new NodeOperationError(this.getNode(), 'One Archive per Input Item must be true or false', { itemIndex: 0 });
	}
	const groups = collectRequests(this, results, perInput);
	if (!groups.length) return results.items;

	const run = new StreamRun(this, results, budget, settings);
	try {
		for (const requests of groups) {
			const targets = await resolveTargets.call(this, requests, results, { timeoutMs: settings.timeoutMs });
			await run.deliver(targets);
		}
	} finally {
		run.release();
	}
	return results.inInputOrder();
}

/** A file read and stored in n8n's binary data, not yet part of the output. */
interface Prepared {
	target: Target;
	json: IDataObject;
	binary: INodeExecutionData['binary'];
}

class StreamRun {
	private capReached: NodeOperationError | undefined;

	/** Memory for the files' bytes, reused from one file to the next (see Scratch). */
	private readonly scratch = new Scratch();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly results: Results,
		private readonly budget: StreamBudget,
		private readonly settings: Settings,
	) {}

	release(): void {
		this.scratch.release();
	}

	/** As the temporary-file path: names that collide are downloaded one by one. Never guess. */
	async deliver(targets: Target[]): Promise<void> {
		const byName = new Map<string, Target[]>();
		for (const target of targets) {
			const key = nameKey(fileNameOf(target));
			byName.set(key, [...(byName.get(key) ?? []), target]);
		}
		const shared = targets.filter((t) => byName.get(nameKey(fileNameOf(t)))!.length > 1);
		const distinct = targets.filter((t) => !shared.includes(t));
		for (let start = 0; start < distinct.length; start += BATCH_SIZE) {
			await this.batch(distinct.slice(start, start + BATCH_SIZE));
		}
		for (const target of shared) await this.batch([target]);
	}

	private async batch(targets: Target[]): Promise<void> {
		if (this.capReached) {
			this.results.fail(this.capReached, targets);
			return;
		}
		const ids = targets.map((t) => t.itemId);
		const itemIndex = targets[0].requesters[0];
		const pending = new Map(targets.map((t) => [nameKey(fileNameOf(t)), t]));
		let left: Target[];
		try {
			left = await this.download(ids, targets, pending, itemIndex);
		} catch (error) {
			this.failBatch(error, [...pending.values()], ids, itemIndex);
			return;
		}
		// Files the archive did not hold under their own name: one by one, then an error.
		for (const target of left) {
			if (targets.length > 1) await this.batch([target]);
			else this.results.fail(missingError(this.context, target), [target]);
		}
	}

	/**
	 * Download URL → body → files. A body that breaks off (reset, stall) is fetched again from
	 * the start, as the temporary-file path retries its download; an expired URL is renewed once.
	 */
	private async download(ids: string[], targets: Target[], pending: Map<string, Target>, itemIndex: number): Promise<Target[]> {
		const call: CallOptions = { itemIndex, itemIds: ids, timeoutMs: this.settings.timeoutMs };
		let answer = await this.downloadUrl(call);
		let expired = 0;
		for (let attempt = 1; ; attempt++) {
			const response = await openBody.call(this.context, answer.url, call);
			if (response === 'expired') {
				if (++expired >= 2) throw apiError(this.context.getNode(), 410, { message: 'the download URL expired twice' }, call);
				answer = await this.downloadUrl(call);
				attempt--;
				continue;
			}
			const files = this.budget.files;
			const bytes = this.budget.bytes;
			const outcome = await (answer.archived
				? this.extract(response.body, pending)
				: this.single(response.body, targets, response.length)
			).then(
				(left) => ({ left }),
				(error: unknown) => ({ error }),
			);
			if ('left' in outcome) return outcome.left;
			response.body.destroy?.();
			const code = brokenOff(outcome.error);
			if (!code) return await Promise.reject(outcome.error);
			if (attempt >= DEFAULT_RETRY.maxAttempts) {
				throw new NodeApiError(this.context.getNode(), { message: `request failed: ${code}` }, {
					message: `Shared Gallery request failed: ${code} (items: ${ids.length <= 10 ? ids.join(', ') : `${ids.slice(0, 10).join(', ')} and ${ids.length - 10} more`})`,
					description: 'The connection failed after retrying. Check the network and try again.',
					itemIndex,
				});
			}
			// Nothing of a broken-off body was delivered: its files are read again from the start.
			this.budget.files = files;
			this.budget.bytes = bytes;
			await sleep(backoff(DEFAULT_RETRY, attempt));
		}
	}

	/** A download URL, renewed once if it came too close to its 15-minute end. */
	private async downloadUrl(call: CallOptions): Promise<{ url: string; archived: boolean }> {
		for (let attempt = 1; ; attempt++) {
			const issuedAt = Date.now();
			const answer = await apiRequest.call(this.context, 'POST', DOWNLOAD_URL_PATH, { itemIds: call.itemIds }, call);
			if (typeof answer.url !== 'string' || answer.url === '') {
				throw apiError(this.context.getNode(), 502, { message: 'the API gave no download URL' }, call);
			}
			if (Date.now() > issuedAt + URL_LIFETIME_MS - URL_RENEW_MARGIN_MS && attempt === 1) continue;
			return { url: answer.url, archived: answer.archived !== false };
		}
	}

	/**
	 * One pass over the archive. Files become output only once the whole archive has been read
	 * and its central directory agrees with every entry: until then a file could turn out to
	 * share its name with a later entry, or the archive to contradict itself.
	 */
	private async extract(body: Body, pending: Map<string, Target>): Promise<Target[]> {
		const seen = new Map<string, number>();
		const prepared = new Map<string, Prepared>();
		const problems = new Map<string, string>();
		for await (const entry of readArchiveStream(body, this.budget, this.scratch)) {
			const key = nameKey(entry.name);
			const count = (seen.get(key) ?? 0) + 1;
			seen.set(key, count);
			const target = pending.get(key);
			if (!target || count > 1) continue;
			if (entry.problem) {
				problems.set(key, entry.problem);
				continue;
			}
			const size = Number((target.item.visualMediaInfo as IDataObject | undefined)?.size);
			const data = await entry.read(Number.isSafeInteger(size) && size > 0 ? size : undefined);
			// Stored (awaited) before the next entry reuses the memory.
			prepared.set(key, await this.prepare(target, data));
		}
		for (const [key, target] of pending) {
			if (seen.get(key)! > 1) continue;
			const problem = problems.get(key);
			const ready = prepared.get(key);
			if (problem) this.failEntry(target, problem);
			else if (ready) this.results.add(ready.json, target.requesters, { binary: ready.binary });
			else continue;
			pending.delete(key);
		}
		return [...pending.values()];
	}

	/** `archived: false`: the body is the one file itself. */
	private async single(body: Body, targets: Target[], length: number | undefined): Promise<Target[]> {
		if (targets.length !== 1) {
			body.destroy?.();
			throw apiError(
				this.context.getNode(),
				502,
				{ message: `the API sent one file for ${targets.length} items` },
				{ itemIndex: targets[0].requesters[0], itemIds: targets.map((t) => t.itemId) },
			);
		}
		const target = targets[0];
		const name = fileNameOf(target);
		this.budget.takeFile(name);
		if (length !== undefined) this.budget.reserve(length, name);
		const size = Number((target.item.visualMediaInfo as IDataObject | undefined)?.size);
		const data = await readWholeBody(body, name, this.budget, this.scratch, length ?? (Number.isSafeInteger(size) ? size : undefined));
		this.budget.add(data.length);
		const ready = await this.prepare(target, data);
		this.results.add(ready.json, target.requesters, { binary: ready.binary });
		return [];
	}

	/** One file → its binary data and its output item's JSON, as the temporary-file path makes them. */
	private async prepare(target: Target, data: Buffer): Promise<Prepared> {
		const fileName = fileNameOf(target);
		const fileExtension = extensionOf(fileName);
		const mimeType = mimeTypeFor(fileExtension);
		const binary = await this.context.helpers.prepareBinaryData(data, fileName, mimeType);
		const json: IDataObject = {
			itemId: target.itemId,
			fileName,
			mimeType,
			fileExtension,
			fileSize: data.length,
		};
		if (target.albumId) json.albumId = target.albumId;
		if (this.settings.includeItemMetadata) {
			const metadata = simplifyItem(target.item);
			for (const key of ['id', 'mimeType', 'fileExtension', 'size']) delete metadata[key];
			Object.assign(json, metadata);
		}
		return { target, json, binary: { [this.settings.binaryPropertyName]: binary } };
	}

	/** A cap ends the whole run; a broken archive fails the files still waiting, naming them. */
	private failBatch(error: unknown, left: Target[], ids: string[], itemIndex: number): void {
		if (!left.length) return;
		if (error instanceof StreamCapError) {
			this.capReached = capError(this.context, error, left);
			this.results.fail(this.capReached, left);
			return;
		}
		if (error instanceof StreamArchiveError) {
			this.results.fail(
				apiError(
					this.context.getNode(),
					502,
					{ message: `the downloaded file is corrupt or truncated: ${error.message}` },
					{ itemIndex: left[0].requesters[0], itemIds: left.map((t) => t.itemId) },
				),
				left,
			);
			return;
		}
		this.results.fail(asNodeError(this.context.getNode(), error, { itemIndex, itemIds: ids }), left);
	}

	private failEntry(target: Target, problem: string): void {
		const failure = apiError(
			this.context.getNode(),
			422,
			{ message: `cannot extract ${target.itemId}: ${problem}` },
			{ itemIndex: target.requesters[0], itemIds: [target.itemId] },
		);
		this.results.fail(failure, [target]);
	}
}

/**
 * GETs a file-host URL as a stream through n8n's helper: no credential, no API header (another
 * origin). Retries like the API until the body starts. `'expired'` on HTTP 410. The request
 * timeout bounds a body that stalls.
 */
async function openBody(
	this: IExecuteFunctions,
	url: string,
	options: CallOptions,
): Promise<{ body: Body; length?: number } | 'expired'> {
	return await withRetries<{ body: Body; length?: number } | 'expired'>(this, options, [], async () => {
		const response = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: options.timeoutMs ?? 60_000,
		})) as IN8nHttpFullResponse;
		const body = response.body as unknown as Body;
		const headers = response.headers as IDataObject;
		if (response.statusCode === 410) {
			body.resume?.();
			return { done: 'expired' as const };
		}
		if (response.statusCode < 200 || response.statusCode >= 300) {
			const text = await readSmall(body as never);
			return { status: response.statusCode, headers, body: parseJson(text) };
		}
		const length = Number(headers['content-length']);
		return { done: { body, length: Number.isSafeInteger(length) && length >= 0 ? length : undefined } };
	});
}

/** A body that broke off on the way (reset, stall): worth fetching again. */
function brokenOff(error: unknown): string | undefined {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return undefined;
	if (error instanceof StreamArchiveError || error instanceof StreamCapError) return undefined;
	return networkCode(error);
}
