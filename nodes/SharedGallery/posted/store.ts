import {
	NodeOperationError,
	sleep,
	type DeduplicationHelperFunctions,
	type ICheckProcessedOptions,
	type INode,
} from 'n8n-workflow';

import { claimBuckets, claimKey, confirmKey, postedKey } from './keys';

export type DedupHelpers = Pick<
	DeduplicationHelperFunctions,
	'checkProcessedAndRecord' | 'removeProcessed' | 'clearAllProcessedItems'
>;

/** One row per workflow; n8n prunes it only when `maxEntries` is given, so posted keys stay. */
const SCOPE = 'workflow';
const OPTIONS: ICheckProcessedOptions = { mode: 'entries' };
/**
 * n8n reads, changes and writes the row without a lock, so another execution's write can undo
 * ours: a posted key is checked again at once, then after this long (ms), longer than a check's
 * record-then-undo and one read-write take. A re-check that finds a key gone means another run
 * is writing: it is checked again, after a random pause up to twice as long, until found in
 * place (the queue suite measured one such double loss in 200 pairs with one re-check only).
 */
const RECHECK_AFTER_MS = 250;
const MAX_RECHECKS = 6;
/** A claim's second step waits a random time up to this (ms): longer than one read-write of the row. */
const CONFIRM_PAUSE_MS = 300;

/**
 * A posted list over n8n's deduplication store. The store has check-and-record but no plain
 * check: a check records, then takes back ("undo") what was not there before.
 */
export class PostedList {
	constructor(
		private readonly helpers: DedupHelpers,
		private readonly node: INode,
		readonly name: string,
		private readonly itemIndex = 0,
	) {}

	/**
	 * The IDs among these that are posted. The check records their posted keys and takes back
	 * the new ones. While the keys are in, another run's stale write of the row can keep them,
	 * and they would then read as posted: Query Items checks only IDs it holds (`take`).
	 */
	async posted(ids: string[]): Promise<Set<string>> {
		const keys = ids.map((id) => postedKey(this.name, id));
		const fresh = await this.record(keys);
		await this.unrecord([...fresh]);
		return new Set(ids.filter((_, i) => !fresh.has(keys[i])));
	}

	/**
	 * Claims these IDs and returns those held and not posted, in order. The claim's two steps
	 * come first, back to back: the claim keys, then after a random pause the confirmation keys
	 * of the IDs won, so two runs whose first steps overlapped (n8n's store has no lock) are
	 * settled by the second. A write between the two steps can erase the other run's
	 * confirmation (measured in the queue suite), so the posted check of the IDs held comes
	 * after. One write then takes back what the checks added, releases the claims of the posted
	 * ones and drops the touched IDs' expired keys. Store calls: 2 when every ID is claimed
	 * elsewhere, 4 at most.
	 */
	async take(ids: string[], claimMs: number, now: number): Promise<string[]> {
		const held = await this.hold(ids, claimMs, now);
		if (!held.won.length) {
			await this.unrecord(held.undo);
			return [];
		}
		const keys = held.won.map((id) => postedKey(this.name, id));
		const fresh = await this.record(keys);
		const posted = new Set(held.won.filter((_, i) => !fresh.has(keys[i])));
		const others = ids.filter((id) => !posted.has(id));
		const expired = claimBuckets(now, claimMs)[1] - 1;
		await this.unrecord([
			...held.undo,
			...fresh,
			...this.claimKeys([...posted], claimMs, now),
			...this.claimKeys(others, claimMs, now, [expired]),
		]);
		return held.won.filter((id) => !posted.has(id));
	}

	/** Claims these IDs (both steps), with nothing else checked; returns those held. */
	async claim(ids: string[], claimMs: number, now: number): Promise<string[]> {
		const held = await this.hold(ids, claimMs, now);
		await this.unrecord(held.undo);
		return held.won;
	}

	/** The claim's two steps; `undo` is left for the caller's next write. */
	private async hold(
		ids: string[],
		claimMs: number,
		now: number,
	): Promise<{ won: string[]; undo: string[] }> {
		const first = await this.checkKeys(ids, this.claimKeyOf(claimMs), claimMs, now);
		if (!first.won.length) return first;
		await sleep(Math.random() * CONFIRM_PAUSE_MS);
		const second = await this.checkKeys(first.won, this.confirmKeyOf(claimMs), claimMs, now);
		return { won: second.won, undo: [...first.undo, ...second.undo] };
	}

	private confirmKeyOf(claimMs: number): (bucket: number, id: string) => string {
		return (bucket, id) => confirmKey(this.name, claimMs, bucket, id);
	}

	private claimKeyOf(claimMs: number): (bucket: number, id: string) => string {
		return (bucket, id) => claimKey(this.name, claimMs, bucket, id);
	}

	/**
	 * Check-and-records each ID's key for the current and previous bucket; an ID is won when both
	 * were new. `undo`: what to take back, so that only the current key stays for a won ID and a
	 * lost one keeps nothing this call added (it would lengthen another run's claim).
	 */
	private async checkKeys(
		ids: string[],
		key: (bucket: number, id: string) => string,
		claimMs: number,
		now: number,
	): Promise<{ won: string[]; undo: string[] }> {
		const [current, previous] = claimBuckets(now, claimMs);
		const pairs = ids.map((id) => [key(current, id), key(previous, id)]);
		const fresh = await this.record(pairs.flat());
		const won: string[] = [];
		const undo: string[] = [];
		ids.forEach((id, i) => {
			if (pairs[i].every((k) => fresh.has(k))) {
				won.push(id);
				undo.push(pairs[i][1]);
			} else undo.push(...pairs[i].filter((k) => fresh.has(k)));
		});
		return { won, undo };
	}

	/** Gives back the claims this run holds on these IDs: a run that fails before its output. */
	async release(ids: string[], claimMs: number, now: number): Promise<void> {
		await this.unrecord(this.claimKeys(ids, claimMs, now));
	}

	/**
	 * Confirms IDs as posted; returns those that were not posted before. Then drops their claims
	 * (those that hold now and the expired ones: the store only grows otherwise): the posted key
	 * already keeps them out.
	 */
	async add(ids: string[], claimMs: number, now: number): Promise<Set<string>> {
		const keys = ids.map((id) => postedKey(this.name, id));
		const fresh = await this.record(keys);
		await this.unrecord(this.claimKeys(ids, claimMs, now));
		// A key found missing by a re-check is recorded again by that re-check.
		await this.record(keys);
		for (let round = 0; round < MAX_RECHECKS; round++) {
			await sleep(RECHECK_AFTER_MS * (round ? 1 + Math.random() : 1));
			if (!(await this.record(keys)).size) break;
		}
		return new Set(ids.filter((_, i) => fresh.has(keys[i])));
	}

	/** Makes IDs available again: their posted keys and the claims that hold now. */
	async remove(ids: string[], claimMs: number, now: number): Promise<void> {
		const keys = ids.map((id) => postedKey(this.name, id));
		await this.unrecord([...keys, ...this.claimKeys(ids, claimMs, now)]);
	}

	/**
	 * The keys of claims on these IDs (confirmations included; none when claimMs is 0): by
	 * default those that hold now and those of the bucket before, which no longer block any
	 * check (a claim blocks its own bucket and the next) and are dropped in the same write.
	 */
	private claimKeys(ids: string[], claimMs: number, now: number, buckets?: number[]): string[] {
		if (claimMs <= 0) return [];
		const [current, previous] = claimBuckets(now, claimMs);
		return (buckets ?? [current, previous, previous - 1]).flatMap((bucket) =>
			ids.flatMap((id) => [
				claimKey(this.name, claimMs, bucket, id),
				confirmKey(this.name, claimMs, bucket, id),
			]),
		);
	}

	/** Empties the workflow's whole store: n8n can clear one context only, not some keys. */
	async clearWorkflow(): Promise<void> {
		await this.call(async () => await this.helpers.clearAllProcessedItems(SCOPE, OPTIONS));
	}

	private async record(keys: string[]): Promise<Set<string>> {
		if (!keys.length) return new Set();
		const result = await this.call(
			async () => await this.helpers.checkProcessedAndRecord(keys, SCOPE, OPTIONS),
		);
		return new Set(result.new.map(String));
	}

	private async unrecord(keys: string[]): Promise<void> {
		if (!keys.length) return;
		await this.call(async () => await this.helpers.removeProcessed(keys, SCOPE, OPTIONS));
	}

	/** The store's first write for a workflow is an insert: two at once collide, once. */
	private async call<T>(operation: () => Promise<T>): Promise<T> {
		try {
			return await operation();
		} catch (error) {
			if (/unique|duplicate key/i.test((error as Error).message)) {
				try {
					return await operation();
				} catch (again) {
					throw this.storeError(again as Error);
				}
			}
			throw this.storeError(error as Error);
		}
	}

	private storeError(error: Error): NodeOperationError {
		return new NodeOperationError(
			this.node,
			`Posted list "${this.name}": n8n's deduplication store failed: ${error.message}`,
			{
				itemIndex: this.itemIndex,
				description:
					'Lists belong to a saved workflow: save it first. They share its deduplication store with Remove Duplicates nodes whose scope is "Workflow"; such a node in another mode, or one that limits its history, breaks the lists: set its scope to "Node".',
			},
		);
	}
}
