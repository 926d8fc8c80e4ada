import {
	NodeOperationError,
	sleep,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { SafetyCapError } from '../SharedGallery/caps';
import { DOWNLOAD_URL_PATH, URL_LIFETIME_MS } from '../SharedGallery/endpoints';
import {
	DEFAULT_RETRY,
	answerError,
	apiError,
	apiRequest,
	asNodeError,
	backoff,
	requestError,
	type CallOptions,
} from '../SharedGallery/transport';
import { Scratch, StreamArchiveError, StreamBudget } from '../SharedGallery/unzip';
import { BATCH_SIZE, URL_RENEW_MARGIN_MS } from './downloadFiles';
import { capError, corruptError, missingError } from './failures';
import { readDownloadSettings, readMaxFileBytes } from './settings';
import { brokenOff, openBody } from './streamBody';
import { extractArchive, singleFile, type StreamState } from './streamFiles';
import {
	collectRequests,
	inBatchesByName,
	fileNameOf,
	nameKey,
	resolveTargets,
	Results,
	type Target,
} from './targets';

/**
 * Get Download's verification-ready path (docs/VERIFICATION.md): the archive is unzipped while
 * it downloads, through n8n's own HTTP helper, with no temporary file, no Node stream, fs or
 * zlib, and no timer. Each file is handed to `prepareBinaryData` as one Buffer, so memory grows
 * with the largest file: Max File Size bounds it. Output, attribution, renaming, errors and caps
 * are those of the temporary-file path (downloadFiles.ts).
 */
export async function downloadFilesStreaming(
	this: IExecuteFunctions,
): Promise<INodeExecutionData[]> {
	const results = new Results(this);
	const settings = readDownloadSettings(this);
	const budget = new StreamBudget(
		settings.maxFiles,
		settings.maxTotalBytes,
		readMaxFileBytes(this),
	);
	const groups = collectRequests(this, results, settings.oneArchivePerInputItem);
	if (!groups.length) return results.items;

	const run = new StreamRun({ context: this, results, budget, scratch: new Scratch(), settings });
	try {
		for (const requests of groups) {
			const targets = await resolveTargets.call(this, requests, results, {
				timeoutMs: settings.timeoutMs,
			});
			await run.deliver(targets);
		}
	} finally {
		run.release();
	}
	return results.inInputOrder();
}

class StreamRun {
	private capReached: NodeOperationError | undefined;

	constructor(private readonly state: StreamState) {}

	/** The memory for the files' bytes, reused from one file to the next (see Scratch). */
	release(): void {
		this.state.scratch.release();
	}

	/** As the temporary-file path: names that collide are downloaded one by one. Never guess. */
	async deliver(targets: Target[]): Promise<void> {
		await inBatchesByName(targets, BATCH_SIZE, async (batch) => await this.batch(batch));
	}

	private async batch(targets: Target[]): Promise<void> {
		const { context, results } = this.state;
		if (this.capReached) {
			results.fail(this.capReached, targets);
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
			else results.fail(missingError(context, target), [target]);
		}
	}

	/**
	 * Download URL → body → files. A body that breaks off (reset, stall) is fetched again from
	 * the start, as the temporary-file path retries its download; an expired URL is renewed once.
	 */
	private async download(
		ids: string[],
		targets: Target[],
		pending: Map<string, Target>,
		itemIndex: number,
	): Promise<Target[]> {
		const { context, budget } = this.state;
		const call: CallOptions = { itemIndex, itemIds: ids, timeoutMs: this.state.settings.timeoutMs };
		let answer = await this.downloadUrl(call);
		let expired = 0;
		for (let attempt = 1; ; attempt++) {
			const response = await openBody.call(context, answer.url, call);
			if (response === 'expired') {
				// The file host answered 410 Gone to a fresh URL too.
				if (++expired >= 2)
					throw apiError(
						context.getNode(),
						410,
						{ message: 'the download URL expired twice' },
						call,
					);
				answer = await this.downloadUrl(call);
				attempt--;
				continue;
			}
			const files = budget.files;
			const bytes = budget.bytes;
			const outcome = await (
				answer.archived
					? extractArchive(this.state, response.body, pending)
					: singleFile(this.state, response.body, targets, response.length)
			).then(
				(left) => ({ left }),
				(error: unknown) => ({ error }),
			);
			if ('left' in outcome) return outcome.left;
			response.body.destroy?.();
			const code = brokenOff(outcome.error);
			if (!code) return await Promise.reject(outcome.error);
			if (attempt >= DEFAULT_RETRY.maxAttempts) {
				throw requestError(context.getNode(), code, { retried: true }, call, []);
			}
			// Nothing of a broken-off body was delivered: its files are read again from the start.
			budget.files = files;
			budget.bytes = bytes;
			await sleep(backoff(DEFAULT_RETRY, attempt));
		}
	}

	/** A download URL, renewed once if it came too close to its 15-minute end. */
	private async downloadUrl(call: CallOptions): Promise<{ url: string; archived: boolean }> {
		const { context } = this.state;
		for (let attempt = 1; ; attempt++) {
			const issuedAt = Date.now();
			const answer = await apiRequest.call(
				context,
				'POST',
				DOWNLOAD_URL_PATH,
				{ itemIds: call.itemIds },
				call,
			);
			if (typeof answer.url !== 'string' || answer.url === '') {
				throw answerError(context.getNode(), 'it gave no download URL', call);
			}
			if (Date.now() > issuedAt + URL_LIFETIME_MS - URL_RENEW_MARGIN_MS && attempt === 1) continue;
			return { url: answer.url, archived: answer.archived !== false };
		}
	}

	/** A cap ends the whole run; a broken archive fails the files still waiting, naming them. */
	private failBatch(error: unknown, left: Target[], ids: string[], itemIndex: number): void {
		const { context, results } = this.state;
		if (!left.length) return;
		if (error instanceof SafetyCapError) {
			this.capReached = capError(context, error, left);
			results.fail(this.capReached, left);
			return;
		}
		if (error instanceof StreamArchiveError) {
			results.fail(corruptError(context, error.message, left), left);
			return;
		}
		results.fail(asNodeError(context.getNode(), error, { itemIndex, itemIds: ids }), left);
	}
}
