/**
 * Posted lists in queue mode: two runs of the weekly workflow at once, each on a worker, share
 * one list in Postgres (n8n's deduplication store). That store has only check-and-record, a read
 * then a write of the workflow's whole record with no lock, so two runs that read it at the same
 * moment can both take one item. The suite measures how often, over 100 pairs of runs.
 */
import { createHash } from 'crypto';
import { writeFileSync } from 'fs';
import { join } from 'path';
import type { StoredItem } from '../../emulator';
import { postedKey } from '../../nodes/SharedGallery/posted';
import { CRED, executionError } from '../e2e/helpers/context';
import { nodeItems, nodeRun } from '../e2e/helpers/n8n';
import { addWeekOfPhotos, expectedCredit, weekByLikes } from '../e2e/helpers/weekly';
import { QueueDeployment } from './helpers/deployment';
import { callWebhook, claimByWebhook, newEndedExecutions, weeklyByWebhook } from './helpers/flows';

const QUERY = 'Shared Gallery Query Items';
const PAIRS = Number(process.env.SG_QUEUE_CLAIM_PAIRS ?? 100);

let d: QueueDeployment;
let ranked: StoredItem[];

beforeAll(async () => {
	d = await QueueDeployment.start();
	// More photos in the window than the pairs can take (two a pair, plus the warm-up runs).
	addWeekOfPhotos(d.emu.store, 2 * PAIRS + 10, { label: 'queue-week' });
	ranked = weekByLikes(d.emu.store, { distinct: 2 * PAIRS + 4 });
});

afterAll(async () => {
	await d?.close();
});

beforeEach(() => {
	d.social.reset();
});

function expectSuccess(exec: any): void {
	if (exec.status !== 'success') {
		const err = executionError(exec);
		throw new Error(`execution ${exec.id} ended ${exec.status}: ${err?.node}: ${err?.message}`);
	}
}

/** Fires the webhook `times` times at once; returns the ended executions with their data. */
async function fire(wf: { id: string }, path: string, seen: Set<string>, times: number) {
	await Promise.all(Array.from({ length: times }, async () => await callWebhook(d.main, path)));
	const ended = await newEndedExecutions(d.main, wf.id, seen, times);
	const execs = [];
	for (const e of ended) {
		seen.add(String(e.id));
		execs.push(await d.main.execution(String(e.id)));
	}
	return execs;
}

const offered = (exec: any): string[] => nodeItems(exec, QUERY).map((i) => i.json.id);

test('two runs of the weekly X workflow at once, each on a worker: each posts the best photo not taken, credited, and marks it', async () => {
	const weekly = weeklyByWebhook(
		'weekly-most-liked-photo-x.json',
		'queue: weekly X',
		'sg-queue-weekly',
		{
			sharedGalleryApi: CRED.gallery,
			twitterOAuth1Api: CRED.xOAuth1,
			twitterOAuth2Api: CRED.xOAuth2,
		},
	);
	// The upload goes to the stand-in by URL (the X node itself goes through the proxy).
	const upload = weekly.nodes.find((n) => n.name === 'Upload media to X')!;
	upload.parameters.url = upload.parameters.url.replace('https://api.x.com', d.social.url);
	const saved = await d.main.createWorkflow(weekly);
	await d.main.activate(saved);
	const seen = new Set<string>();

	// The first run makes the workflow's record in the store (alone: see the docs for why).
	const [first] = await fire(saved, 'sg-queue-weekly', seen, 1);
	expectSuccess(first);
	expect(offered(first)).toEqual([ranked[0].id]);

	d.social.reset();
	const pair = await fire(saved, 'sg-queue-weekly', seen, 2);
	for (const exec of pair) expectSuccess(exec);
	const workers = pair.map((e) => d.workerOf(String(e.id)));
	for (const w of workers) expect(w).toBeDefined();
	const items = pair.map(offered);
	for (const ids of items) expect(ids).toHaveLength(1);
	const posted = items.map(([id]) => id);
	// Two different items, the next two of the week, unless both runs read the list in the same
	// few milliseconds (n8n's store has no lock): the pairs below measure how often.
	const collided = posted[0] === posted[1];
	process.stdout.write(
		`[queue] weekly pair on workers ${JSON.stringify(workers)}: ${collided ? 'both took one item' : 'two items'}\n`,
	);
	expect(posted).toContain(ranked[1].id);
	expect([ranked[1].id, ranked[2].id]).toEqual(expect.arrayContaining(posted));
	// Each run posted its item, credited, and its Posted List marked it (once, if both had it).
	expect(d.social.tweets).toHaveLength(2);
	for (const id of posted) {
		const item = d.emu.store.getItem(id)!;
		const upload = d.social.xUploads.find((u) => u.sha256 === d.emu.store.fileSha256(id));
		expect(upload).toBeDefined();
		const tweet = d.social.tweets.find((t) => t.body.media?.media_ids?.[0] === upload!.id);
		expect(tweet?.body.text).toContain(expectedCredit(d.emu.store, item) ?? 'one of our members');
	}
	const marked = pair.flatMap((exec) =>
		nodeItems(exec, 'Mark as posted').flatMap((m) => m.json.addedIds as string[]),
	);
	expect(marked.sort()).toEqual([...new Set(posted)].sort());
	await d.main.deactivate(saved);
});

interface PairResult {
	offered: string[][];
	workers: Array<number | undefined>;
	/** Query Items' own spans (ms since the epoch), as n8n recorded them. */
	spans: Array<{ start: number; end: number }>;
	errors: string[];
}

test(`${PAIRS} pairs of runs at once (claim, then add): how often both take one item`, async () => {
	const started = Date.now();
	const wf = await d.main.createWorkflow(claimByWebhook('queue: claims', 'sg-queue-claims', 'q'));
	await d.main.activate(wf);
	const seen = new Set<string>();
	const [first] = await fire(wf, 'sg-queue-claims', seen, 1);
	expectSuccess(first);
	const taken = new Set<string>(offered(first));

	const pairs: PairResult[] = [];
	for (let p = 0; p < PAIRS; p++) {
		const execs = await fire(wf, 'sg-queue-claims', seen, 2);
		pairs.push({
			offered: execs.map((e) => (e.status === 'success' ? offered(e) : [])),
			workers: execs.map((e) => d.workerOf(String(e.id))),
			spans: execs.map((e) => {
				const run = e.status === 'success' ? nodeRun(e, QUERY) : undefined;
				return run
					? { start: run.startTime, end: run.startTime + run.executionTime }
					: { start: NaN, end: NaN };
			}),
			errors: execs
				.filter((e) => e.status !== 'success')
				.map((e) => executionError(e)?.message ?? e.status),
		});
		// Each pair meets the list as a week's first double run does: the items posted so far
		// leave the gallery, so no run pays the posted checks of earlier pairs' items (the
		// node checks, one by one, every posted item ranked above what it gives).
		for (const id of execs.flatMap((e) => (e.status === 'success' ? offered(e) : [])))
			d.emu.store.remove(id);
	}
	await d.main.deactivate(wf);

	// Each pair against the store: the two most-liked items not offered before ("candidates").
	// ok: one each. collision: both took the same one. reoffered: an item offered in an earlier
	// pair came again (its claim or posted mark was lost). skipped: a run passed over both
	// candidates (it read another run's passing marks). empty: a run offered nothing.
	const counts = { ok: 0, collision: 0, reoffered: 0, skipped: 0, empty: 0 };
	let splitPairs = 0;
	let overlapping = 0;
	const collisionGaps: number[] = [];
	const cleanGaps: number[] = [];
	for (const pr of pairs) {
		const candidates = ranked
			.filter((i) => !taken.has(i.id))
			.slice(0, 2)
			.map((i) => i.id);
		const ids = pr.offered.flat();
		const [a, b] = pr.spans;
		const gap = Math.abs(a.start - b.start);
		if (a.start < b.end && b.start < a.end) overlapping++;
		if (pr.workers[0] !== pr.workers[1]) splitPairs++;
		if (pr.offered.some((o) => o.length === 0)) counts.empty++;
		if (ids.some((id) => taken.has(id))) counts.reoffered++;
		if (ids.some((id) => !taken.has(id) && !candidates.includes(id))) counts.skipped++;
		if (ids.length === 2 && ids[0] === ids[1]) {
			counts.collision++;
			collisionGaps.push(gap);
		} else if (ids.length === 2 && [...ids].sort().join() === [...candidates].sort().join()) {
			counts.ok++;
			cleanGaps.push(gap);
		}
		for (const o of pr.offered) expect(o.length).toBeLessThanOrEqual(1);
		for (const id of ids) taken.add(id);
	}
	// The list as n8n's store holds it (MD5 hashes, base64): items marked posted that no run
	// offered, and offered items (each then marked by its run) missing from it.
	const row = await d.pg.psql(
		'n8n',
		`SELECT value FROM processed_data WHERE "workflowId" = '${wf.id}'`,
	);
	const stored = new Set<string>(JSON.parse(row).data);
	const isMarked = (id: string) =>
		stored.has(createHash('md5').update(postedKey('q', id)).digest('base64'));
	const markedNeverOffered = ranked.filter((i) => !taken.has(i.id) && isMarked(i.id)).length;
	const offeredNotMarked = [...taken].filter((id) => !isMarked(id)).length;
	const pairsWithItems = pairs.filter((p) => p.offered.some((o) => o.length > 0)).length;
	const errors = pairs.flatMap((p) => p.errors);
	const summary = {
		n8n: d.mainInstance.target.n8n,
		pairs: PAIRS,
		pairsWithItems,
		...counts,
		markedNeverOffered,
		offeredNotMarked,
		storedEntries: stored.size,
		errors: errors.length,
		errorMessages: [...new Set(errors)].slice(0, 5),
		splitPairs,
		overlappingQueries: overlapping,
		collisionStartGapsMs: collisionGaps.sort((x, y) => x - y),
		cleanStartGapMedianMs: cleanGaps.sort((x, y) => x - y)[Math.floor(cleanGaps.length / 2)],
		queryMsMedian: pairs
			.flatMap((p) => p.spans.map((s) => s.end - s.start))
			.filter(Number.isFinite)
			.sort((x, y) => x - y)[PAIRS],
		elapsedMs: Date.now() - started,
	};
	process.stdout.write(`[queue] claim pairs: ${JSON.stringify(summary)}\n`);
	if (process.env.SG_QUEUE_CLAIM_REPORT)
		writeFileSync(
			join(process.env.SG_QUEUE_CLAIM_REPORT, `claims-${summary.n8n}.json`),
			JSON.stringify({ summary, pairs }, null, 2),
		);
	// Both workers took runs, and the pairs ran at the same time.
	expect(splitPairs).toBeGreaterThan(0);
	expect(overlapping).toBeGreaterThan(0);
	expect(errors).toEqual([]);
	// n8n's store has no lock, so two runs can take one item when their claim steps meet within
	// a few milliseconds: rare (measured 0 of 100 on each version, docs/POSTED-LISTS-QUEUE.md);
	// a node that lets it happen in 31 of 100 pairs, as one draft did, fails here.
	// An offered item missing from the list afterwards (a stale write took its posted key back
	// after every re-check of its Add) or offered again is a later double post of the same
	// kind: counted with the collisions (measured 0–1 of 100 each, the docs have the runs).
	const doublePosts = counts.collision + counts.reoffered + offeredNotMarked;
	expect(doublePosts).toBeLessThanOrEqual(Math.ceil(0.05 * pairsWithItems));
	// A check by one run never becomes a posted mark: nothing is marked that no run offered,
	// and no run is left with nothing to offer while the window holds unposted items.
	expect({ markedNeverOffered, empty: counts.empty }).toEqual({ markedNeverOffered: 0, empty: 0 });
});
