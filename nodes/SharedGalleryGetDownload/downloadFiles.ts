import { promises as fs } from 'fs';
import { join } from 'path';
import type { Readable } from 'stream';
import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import {
	ArchiveError,
	Budget,
	openPlainFile,
	readArchive,
	SafetyCapError,
} from '../SharedGallery/archive';
import { DOWNLOAD_URL_PATH, URL_LIFETIME_MS } from '../SharedGallery/endpoints';
import { simplifyItem } from '../SharedGallery/items';
import { extensionOf, mimeTypeFor } from '../SharedGallery/media';
import {
	answerError,
	apiError,
	apiRequest,
	asNodeError,
	downloadToFile,
	Pace,
} from '../SharedGallery/transport';
import {
	capError,
	corruptError,
	entryError,
	missingError,
	oneFileError,
	storageError,
} from './failures';
import { pipelined } from './parallel';
import { budgetOf, readDownloadSettings, type DownloadSettings } from './settings';
import {
	batchesByName,
	collectRequests,
	fileNameOf,
	nameKey,
	resolveTargets,
	Results,
	type Target,
} from './targets';
import { makeWorkDir } from './workDir';

/** IDs per download URL: one archive each. */
export const BATCH_SIZE = 50;
/** A URL this close to its end is renewed before the download starts. */
export const URL_RENEW_MARGIN_MS = 60_000;

/** Download URL → archive (or single file) → one output item per file. */
export async function downloadFiles(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const results = new Results(this);
	const settings = readDownloadSettings(this);
	const groups = collectRequests(this, results, settings.oneArchivePerInputItem);
	if (!groups.length) return results.items;

	const workDir = await makeWorkDir();
	const run = new DownloadRun(this, results, budgetOf(settings), settings, workDir);
	try {
		// Every group is looked up first, so that the archives of different input items (One
		// Archive per Input Item) are downloaded side by side too.
		const targetGroups: Target[][] = [];
		for (const requests of groups) {
			targetGroups.push(
				await resolveTargets.call(this, requests, results, {
					timeoutMs: settings.timeoutMs,
					pace: run.pace,
				}),
			);
		}
		await run.deliver(targetGroups);
	} finally {
		await fs.rm(workDir, { recursive: true, force: true });
	}
	return results.inInputOrder();
}

/** One archive (or single file) on disk, or why it is not. */
type Fetched =
	| { filePath: string; archived: boolean }
	| { filePath: string; error: unknown }
	| { skipped: true };

class DownloadRun {
	private fileCount = 0;

	private capReached: NodeOperationError | undefined;

	/** The run's API requests, side by side: one Retry-After for all, under Wix's rate limit. */
	readonly pace = new Pace();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly results: Results,
		private readonly budget: Budget,
		private readonly settings: DownloadSettings,
		private readonly workDir: string,
	) {}

	/**
	 * Items whose names collide (case-insensitively) cannot be told apart inside one archive,
	 * whatever the server renames them to: those are downloaded one by one. Never guess.
	 */
	async deliver(groups: Target[][]): Promise<void> {
		// Up to N archives arrive while the one before them is extracted, in order.
		await pipelined(
			groups.flatMap((targets) => batchesByName(targets, BATCH_SIZE)),
			this.settings.parallelDownloads,
			async (batch) => await this.download(batch),
			async (batch, fetched) => await this.unpack(batch, fetched),
		);
	}

	/** One archive, fetched then extracted: a file the archive missed is asked for on its own. */
	private async batch(targets: Target[]): Promise<void> {
		await this.unpack(targets, await this.download(targets));
	}

	/** Fetches one batch's archive to disk; a failure is kept for `unpack` to report in order. */
	private async download(targets: Target[]): Promise<Fetched> {
		// Past a cap nothing more is downloaded: `unpack` fails these targets.
		if (this.capReached) return { skipped: true };
		const ids = targets.map((t) => t.itemId);
		const filePath = join(this.workDir, `download-${this.fileCount++}`);
		try {
			return { filePath, archived: await this.fetch(ids, filePath, targets[0].requesters[0]) };
		} catch (error) {
			await fs.rm(filePath, { force: true });
			return { filePath, error };
		}
	}

	private async unpack(targets: Target[], fetched: Fetched): Promise<void> {
		if ('skipped' in fetched || this.capReached) {
			if (!('skipped' in fetched)) await fs.rm(fetched.filePath, { force: true });
			this.results.fail(this.capReached!, targets);
			return;
		}
		const { filePath } = fetched;
		if ('error' in fetched) {
			const itemIndex = targets[0].requesters[0];
			const itemIds = targets.map((t) => t.itemId);
			this.results.fail(
				asNodeError(this.context.getNode(), fetched.error, { itemIndex, itemIds }),
				targets,
			);
			return;
		}
		let left: Target[];
		try {
			left = fetched.archived
				? await this.extract(filePath, targets)
				: await this.single(filePath, targets);
		} finally {
			// Gone before the files below are fetched: never more than N archives on disk.
			await fs.rm(filePath, { force: true });
		}
		// Files the archive did not hold under their own name: one by one, then an error.
		for (const target of left) {
			if (targets.length > 1) await this.batch([target]);
			else this.results.fail(missingError(this.context, target), [target]);
		}
	}

	/** Gets a download URL and streams it to disk; an expired URL is renewed once. */
	private async fetch(ids: string[], filePath: string, itemIndex: number): Promise<boolean> {
		const call = { itemIndex, itemIds: ids, timeoutMs: this.settings.timeoutMs, pace: this.pace };
		for (let attempt = 1; ; attempt++) {
			const issuedAt = Date.now();
			const answer = await apiRequest.call(
				this.context,
				'POST',
				DOWNLOAD_URL_PATH,
				{ itemIds: ids },
				call,
			);
			if (typeof answer.url !== 'string' || answer.url === '') {
				throw answerError(this.context.getNode(), 'it gave no download URL', call);
			}
			if (Date.now() > issuedAt + URL_LIFETIME_MS - URL_RENEW_MARGIN_MS && attempt === 1) continue;
			const result = await downloadToFile.call(this.context, answer.url, filePath, {
				...call,
				idleTimeoutMs: this.settings.timeoutMs,
			});
			if (result !== 'expired') return answer.archived !== false;
			// The file host answered 410 Gone to a fresh URL too.
			if (attempt >= 2) {
				throw apiError(
					this.context.getNode(),
					410,
					{ message: 'the download URL expired twice' },
					call,
				);
			}
		}
	}

	/** `archived: false`: the body is the one file itself. */
	private async single(filePath: string, targets: Target[]): Promise<Target[]> {
		if (targets.length !== 1) {
			this.results.fail(oneFileError(this.context, targets), targets);
			return [];
		}
		const target = targets[0];
		await this.guard(
			() => [target],
			async () =>
				await this.emit(
					target,
					async () => await openPlainFile(filePath, fileNameOf(target), this.budget),
					(await fs.stat(filePath)).size,
				),
		);
		return [];
	}

	/** Matches entries to targets by file name; entries that share a name match nothing. */
	private async extract(filePath: string, targets: Target[]): Promise<Target[]> {
		const pending = new Map(targets.map((t) => [nameKey(fileNameOf(t)), t]));
		const read = await this.guard(
			() => [...pending.values()],
			async () => {
				const seen = new Map<string, number>();
				const scanBudget = new Budget(
					this.budget.maxFiles - this.budget.files,
					Number.POSITIVE_INFINITY,
				);
				for await (const entry of readArchive(filePath, scanBudget)) {
					seen.set(nameKey(entry.name), (seen.get(nameKey(entry.name)) ?? 0) + 1);
				}
				for await (const entry of readArchive(filePath, this.budget)) {
					const key = nameKey(entry.name);
					const target = pending.get(key);
					if (!target || seen.get(key)! > 1) continue;
					// A target leaves `pending` only once delivered or failed: a failure mid-entry names it too.
					if (entry.problem)
						this.results.fail(entryError(this.context, target, entry.problem), [target]);
					else await this.emit(target, entry.open, entry.declaredSize);
					pending.delete(key);
				}
			},
		);
		return read ? [...pending.values()] : [];
	}

	/**
	 * Runs one archive's work. A cap ends the whole run; any other failure (corrupt or
	 * truncated data) fails the targets still waiting, naming them: files already delivered
	 * were checked (CRC-32) and stand. False when it failed.
	 */
	private async guard(waiting: () => Target[], work: () => Promise<void>): Promise<boolean> {
		let failure: unknown;
		await work().catch((error: unknown) => {
			failure = error;
		});
		if (failure === undefined) return true;
		// A failure already reported (not under continue-on-fail) ends the run as it is.
		if (failure instanceof NodeApiError || failure instanceof NodeOperationError) throw failure;
		const left = waiting();
		if (!left.length) return true;
		if (failure instanceof SafetyCapError) {
			this.capReached = capError(this.context, failure, left);
			this.results.fail(this.capReached, left);
			return false;
		}
		const reason = failure instanceof Error ? failure.message : String(failure);
		this.results.fail(corruptError(this.context, reason, left), left);
		return false;
	}

	/**
	 * One file → one output item, its bytes streamed into n8n's binary data. When n8n's storage
	 * refuses the file (over the database mode's limit, a full disk), that file alone fails:
	 * the archive's other files are still delivered.
	 */
	private async emit(target: Target, open: () => Promise<Readable>, size: number): Promise<void> {
		const fileName = fileNameOf(target);
		const fileExtension = extensionOf(fileName);
		const mimeType = mimeTypeFor(fileExtension);
		const before = this.budget.bytes;
		const stream = await open();
		const binary = await this.context.helpers
			.prepareBinaryData(stream, fileName, mimeType)
			.catch(async (error: unknown) => {
				// The archive's own failures (corrupt data, a cap) are the archive's, for guard.
				if (error instanceof ArchiveError || error instanceof SafetyCapError)
					return await Promise.reject(error);
				stream.destroy();
				this.results.fail(storageError(this.context, target, error, size), [target]);
				return undefined;
			});
		if (!binary) return;
		const json: IDataObject = {
			itemId: target.itemId,
			fileName,
			mimeType,
			fileExtension,
			fileSize: this.budget.bytes - before,
		};
		if (target.albumId) json.albumId = target.albumId;
		if (this.settings.includeItemMetadata) {
			const metadata = simplifyItem(target.item);
			for (const key of ['id', 'mimeType', 'fileExtension', 'size']) delete metadata[key];
			Object.assign(json, metadata);
		}
		this.results.add(json, target.requesters, {
			binary: { [this.settings.binaryPropertyName]: binary },
		});
	}
}
