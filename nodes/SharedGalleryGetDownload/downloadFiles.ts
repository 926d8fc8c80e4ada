import { sleep, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { SafetyCapError } from '../SharedGallery/caps';
import {
	DEFAULT_RETRY,
	apiError,
	asNodeError,
	backoff,
	Pace,
	requestError,
	type CallOptions,
} from '../SharedGallery/transport';
import { ArchiveBudget, StreamArchiveError, Budget } from '../SharedGallery/unzip';
import { capError, corruptError, missingError } from './failures';
import { pipelined } from '../SharedGallery/pipelined';
import { readDownloadSettings, type DownloadSettings } from './settings';
import { downloadUrl } from './downloadUrl';
import { RangeUrlExpired, singleBody } from './rangedBody';
import { brokenOff, openBody, type Opened } from './streamBody';
import { extractArchive, singleFile, type StreamState } from './streamFiles';
import {
	batchesByName,
	collectRequests,
	fileNameOf,
	nameKey,
	resolveTargets,
	Results,
	StagedResults,
	type Target,
} from './targets';

/** IDs per download URL: one archive each. */
export const BATCH_SIZE = 50;

/**
 * Download URL → archive (or single file) → one output item per file. The archive is unzipped
 * while it downloads, through n8n's own HTTP helper: no temporary file, no Node stream, fs or
 * zlib, no timer (docs/VERIFICATION.md). Each file is handed to `prepareBinaryData` as its
 * bytes arrive (FileBody), never whole in memory.
 */
export async function downloadFiles(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const results = new Results(this);
	const settings = readDownloadSettings(this);
	const groups = collectRequests(this, results, settings.oneArchivePerInputItem);
	if (!groups.length) return results.items;

	const budget = new Budget(settings.maxFiles, settings.maxTotalBytes, settings.maxFileBytes);
	const run = new StreamRun(this, results, budget, settings);
	// Every group is looked up first, so that the archives of different input items (One
	// Archive per Input Item) are downloaded side by side too.
	const targetGroups: Target[][] = [];
	for (const requests of groups) {
		targetGroups.push(
			await resolveTargets.call(this, requests, results, {
				timeoutMs: settings.timeoutMs,
				pace: run.pace,
				// The lookups of 100 IDs go side by side too: one round trip each, not one after another.
				parallel: settings.parallelDownloads,
			}),
		);
	}
	await run.deliver(targetGroups);
	return results.inInputOrder();
}

/** One archive read and its files stored, its output held until the archives before it are in. */
type Staged =
	| { output: StagedResults; budget: ArchiveBudget; left: Target[] }
	| { error: unknown; budget: ArchiveBudget; pending: Map<string, Target> }
	| { skipped: true };

class StreamRun {
	/** The cap that ended the run: every later archive fails with it, naming its own items. */
	private capReached: SafetyCapError | undefined;

	/** The run's API requests, side by side: one Retry-After for all, under Wix's rate limit. */
	readonly pace = new Pace();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly results: Results,
		private readonly budget: Budget,
		private readonly settings: DownloadSettings,
	) {}

	/**
	 * Up to N archives are read at once, each into its own staged output; they are added in
	 * order. Names that collide are downloaded one by one (batchesByName). Never guess.
	 */
	async deliver(groups: Target[][]): Promise<void> {
		await pipelined(
			groups.flatMap((targets) => batchesByName(targets, BATCH_SIZE)),
			this.settings.parallelDownloads,
			async (batch) => await this.read(batch),
			async (batch, staged) => await this.commit(batch, staged),
		);
	}

	/** One archive, read then added: a file the archive missed is asked for on its own. */
	private async batch(targets: Target[]): Promise<void> {
		await this.commit(targets, await this.read(targets));
	}

	/** Reads one batch's archive; a failure is kept for `commit` to report in order. */
	private async read(targets: Target[]): Promise<Staged> {
		// Past a cap nothing more is downloaded: `commit` fails these targets.
		if (this.capReached) return { skipped: true };
		const pending = new Map(targets.map((t) => [nameKey(fileNameOf(t)), t]));
		let budget = new ArchiveBudget(this.budget);
		try {
			const output = new StagedResults();
			const left = await this.download(targets, pending, () => {
				// A body read again from the start counts from the start again.
				budget = new ArchiveBudget(this.budget);
				return { context: this.context, results: output, budget, settings: this.settings };
			});
			return { output, budget, left };
		} catch (error) {
			return { error, budget, pending };
		}
	}

	/**
	 * In input order: the archive's steps on the run's caps (a cap reached by an archive
	 * before it fails this one, as one archive at a time would), then its output.
	 */
	private async commit(targets: Target[], staged: Staged): Promise<void> {
		if ('skipped' in staged || this.capReached) {
			this.results.fail(capError(this.context, this.capReached!, targets), targets);
			return;
		}
		try {
			staged.budget.replayOn(this.budget);
		} catch (error) {
			this.failBatch(error, targets);
			return;
		}
		if ('error' in staged) {
			this.failBatch(staged.error, [...staged.pending.values()]);
			return;
		}
		staged.output.commitTo(this.results);
		// Files the archive did not hold under their own name: one by one, then an error.
		for (const target of staged.left) {
			if (targets.length > 1) await this.batch([target]);
			else this.results.fail(missingError(this.context, target), [target]);
		}
	}

	/**
	 * Download URL → body → files. A body that breaks off (reset, stall) is fetched again from
	 * the start; an expired URL is renewed once.
	 */
	private async download(
		targets: Target[],
		pending: Map<string, Target>,
		stateFor: () => StreamState,
	): Promise<Target[]> {
		const { context } = this;
		const ids = targets.map((t) => t.itemId);
		const call: CallOptions = {
			itemIndex: targets[0].requesters[0],
			itemIds: ids,
			timeoutMs: this.settings.timeoutMs,
			pace: this.pace,
		};
		let answer = await downloadUrl(this.context, call);
		let expired = 0;
		for (let attempt = 1; ; attempt++) {
			const response = await openBody.call(context, answer.url, call);
			const outcome =
				response === 'expired'
					? { expired: true as const }
					: await this.readBody(answer, response, { targets, pending, stateFor, call });
			if ('expired' in outcome) {
				// The file host answered 410 Gone to a fresh URL too.
				if (++expired >= 2)
					throw apiError(
						context.getNode(),
						410,
						{ message: 'the download URL expired twice' },
						call,
					);
				answer = await downloadUrl(this.context, call);
				attempt--;
				continue;
			}
			if ('left' in outcome) return outcome.left;
			const code = brokenOff(outcome.error);
			if (!code) return await Promise.reject(outcome.error);
			if (attempt >= DEFAULT_RETRY.maxAttempts) {
				throw requestError(context.getNode(), code, { retried: true }, call, []);
			}
			// Nothing of a broken-off body was delivered: its files are read again from the start.
			await sleep(backoff(DEFAULT_RETRY, attempt));
		}
	}

	/**
	 * One opened body → files. On a failure the body is closed and the failure returned, for the
	 * retry loop; a URL that expired among a file's ranges, as expired.
	 */
	private async readBody(
		answer: { url: string; archived: boolean },
		opened: Opened,
		job: {
			targets: Target[];
			pending: Map<string, Target>;
			stateFor: () => StreamState;
			call: CallOptions;
		},
	): Promise<{ left: Target[] } | { error: unknown } | { expired: true }> {
		try {
			if (answer.archived)
				return { left: await extractArchive(job.stateFor(), opened.body, job.pending) };
			const body = singleBody(this.context, answer.url, opened, job.call, this.settings);
			return { left: await singleFile(job.stateFor(), body, job.targets, opened.length) };
		} catch (error) {
			opened.body.destroy?.();
			return error instanceof RangeUrlExpired ? { expired: true } : { error };
		}
	}

	/** A cap ends the whole run; a broken archive fails the files still waiting, naming them. */
	private failBatch(error: unknown, left: Target[]): void {
		const { context, results } = this;
		if (!left.length) return;
		if (error instanceof SafetyCapError) {
			this.capReached = error;
			results.fail(capError(context, error, left), left);
			return;
		}
		if (error instanceof StreamArchiveError) {
			results.fail(corruptError(context, error.message, left), left);
			return;
		}
		const itemIndex = left[0].requesters[0];
		results.fail(
			asNodeError(context.getNode(), error, { itemIndex, itemIds: left.map((t) => t.itemId) }),
			left,
		);
	}
}
