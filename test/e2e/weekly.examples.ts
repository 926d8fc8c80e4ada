/**
 * The weekly examples ("the most-liked photo of the past 7 days, never posted twice"), run by
 * examples.e2e.test.ts on its n8n user folder: one import of the package per n8n version.
 *
 * Each `n8n execute` is its own n8n process on that user folder, so every run after the first
 * is a restart of n8n: the posted list and the claims live in the folder's database (n8n's
 * deduplication store), not in a process.
 */
import type { StoredItem } from '../../emulator';
import {
	FB_TOKEN,
	SOCIAL_CREDS,
	X_OAUTH1,
	executionError,
	type SuiteContext,
} from './helpers/context';
import { nodeItems, nodeRun, type ExecResult } from './helpers/n8n';
import { addWeekOfPhotos, caption, expectedCredit, weekByLikes } from './helpers/weekly';
import { loadExample, node, swapCredentials, swapTarget, type Workflow } from './helpers/workflows';

const QUERY = 'Shared Gallery Query Items';
const DOWNLOAD = 'Shared Gallery Get Download';
const MARK = 'Mark as posted';
/** The claim the repeated X runs use: long enough to cover the next run, short enough to wait out. */
const CLAIM_MINUTES = 0.25;
const CLAIM_MS = CLAIM_MINUTES * 60_000;
/**
 * Claims are kept in time buckets of the claim's length: one taken at time t blocks the item
 * until the bucket after next begins, between one and two claim lengths later.
 */
const bucket = (ms: number) => Math.floor(ms / CLAIM_MS);

const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

/** When a node of an execution started, and when it ended (ms since the epoch). */
function nodeSpan(res: ExecResult, name: string): { start: number; end: number } {
	const run = nodeRun(res.json, name);
	return { start: Number(run.startTime), end: Number(run.startTime) + Number(run.executionTime) };
}

export function weeklyExampleTests(
	suite: () => SuiteContext,
	timings: Record<string, number>,
	expectSuccess: (res: ExecResult) => void,
): void {
	/** Imports the workflow (unless it is imported already) and executes it, timed. */
	async function run(label: string, wf: Workflow, { imported = false } = {}): Promise<ExecResult> {
		const t = Date.now();
		const res = imported
			? await suite().n8n.execute(wf.id)
			: await suite().n8n.importAndExecute(wf);
		timings[label] = Date.now() - t;
		return res;
	}

	describe('weekly most-liked photo: created in the past 7 days, never posted twice, credited', () => {
		let ctx: SuiteContext;
		let lastWeek: StoredItem;

		beforeAll(() => {
			ctx = suite();
			({ lastWeek } = addWeekOfPhotos(ctx.emu.store, 6));
		});

		const store = () => ctx.emu.store;

		/** Query Items gave exactly this item, with its uploader's credit. */
		function expectOffered(res: ExecResult, item: StoredItem): void {
			const offered = nodeItems(res.json, QUERY).map((i) => i.json);
			expect(offered.map((o) => o.id)).toEqual([item.id]);
			expect(offered[0].creditName).toBe(expectedCredit(store(), item));
			expect(offered.map((o) => o.id)).not.toContain(lastWeek.id);
		}

		/** Posted List `add` confirmed the item, which was not on the list before. */
		function expectMarked(res: ExecResult, item: StoredItem): void {
			const marked = nodeItems(res.json, MARK).map((i) => i.json);
			expect(marked.map((m) => m.addedIds)).toEqual([[item.id]]);
		}

		function weeklyX(claimMinutes?: number): Workflow {
			const wf = swapTarget(
				swapCredentials(loadExample('weekly-most-liked-photo-x.json'), SOCIAL_CREDS),
				'https://api.x.com',
				ctx.social.url,
				['Upload media to X'],
			);
			// Query Items claims; Posted List's Add drops the claim, so both take the same length.
			if (claimMinutes !== undefined)
				for (const name of [QUERY, MARK]) node(wf, name).parameters.options = { claimMinutes };
			return wf;
		}

		/** One successful weekly X run posted this item, credited, and marked it as posted. */
		function expectPostedOnX(res: ExecResult, item: StoredItem): void {
			expectSuccess(res);
			expectOffered(res, item);
			const [upload, ...moreUploads] = ctx.social.xUploads;
			expect(moreUploads).toEqual([]);
			expect(upload.sha256).toBe(store().fileSha256(item.id));
			expect(upload.authorization).toContain(`oauth_consumer_key="${X_OAUTH1.consumerKey}"`);
			const [tweet, ...moreTweets] = ctx.social.tweets;
			expect(moreTweets).toEqual([]);
			expect(tweet.body.media.media_ids).toEqual([upload.id]);
			expect(tweet.body.text).toBe(caption(expectedCredit(store(), item)));
			expectMarked(res, item);
		}

		/** A weekly X run whose post X refused: its item was offered, nothing was marked. */
		function expectFailedPost(res: ExecResult, item: StoredItem): void {
			expect(res.code).not.toBe(0);
			expect(executionError(res.json)?.node).toBe('Post on X');
			expectOffered(res, item);
			expect(ctx.social.tweets).toEqual([]);
			expect(
				ctx.social.requests.filter((r) => r.path === '/2/tweets').map((r) => r.status),
			).toEqual([503]);
			expect(() => nodeRun(res.json, MARK)).toThrow(/did not run/);
		}

		test('weekly-most-liked-photo-x: three runs post the three most-liked photos of the week in order; a failed post keeps its item claimed, offered again once the claim expires; every run a new n8n process', async () => {
			const [a, b, c] = weekByLikes(store());
			ctx.social.reset();

			// 1. The example as it ships (claims of 60 minutes): the week's most-liked photo.
			expectPostedOnX(await run('weeklyXRun1Ms', weeklyX()), a);

			// Same workflow (same list `x`), now with short claims.
			const short = weeklyX(CLAIM_MINUTES);
			await ctx.n8n.importWorkflow(short);

			// 2. X fails the post: B was offered and is left claimed, not posted.
			ctx.social.reset();
			ctx.social.failNextTweets(1);
			const failed = await run('weeklyXFailedMs', short, { imported: true });
			expectFailedPost(failed, b);

			// 3. Within B's claim the next run skips it and gets C (X fails this one too, so the
			//    three posts below stay in order of likes).
			ctx.social.reset();
			ctx.social.failNextTweets(1);
			const skipped = await run('weeklyXClaimedMs', short, { imported: true });
			const [claimedB, claimedC] = [nodeSpan(failed, QUERY), nodeSpan(skipped, QUERY)];
			if (bucket(claimedC.end) > bucket(claimedB.start) + 1)
				throw new Error(
					`[weekly] run 3 queried ${claimedC.start - claimedB.end} ms after run 2: B's claim may have ended`,
				);
			expectFailedPost(skipped, c);

			// 4. Once both claims have expired, B is offered again and posted; then C.
			await sleep(Math.max(0, (bucket(claimedC.end) + 2) * CLAIM_MS + 250 - Date.now()));
			ctx.social.reset();
			expectPostedOnX(await run('weeklyXAfterClaimMs', short, { imported: true }), b);
			ctx.social.reset();
			expectPostedOnX(await run('weeklyXRun3Ms', short, { imported: true }), c);
		});

		test('weekly-most-liked-photo-instagram: the platform fetches the week’s most-liked JPEG from its display URL, the caption credits the member, the item is marked', async () => {
			const [top] = weekByLikes(store(), { mime: /^image\/jpeg$/ });
			ctx.social.reset();
			const wf = swapTarget(
				swapCredentials(loadExample('weekly-most-liked-photo-instagram.json'), SOCIAL_CREDS),
				'https://graph.facebook.com',
				ctx.social.url,
			);
			const res = await run('weeklyInstagramMs', wf);
			expectSuccess(res);
			expectOffered(res, top);
			const [url] = nodeItems(res.json, DOWNLOAD).map((i) => i.json);
			expect(url.creditName).toBe(expectedCredit(store(), top));
			const [container, ...more] = ctx.social.igContainers;
			expect(more).toEqual([]);
			expect(container.url).toBe(url.url);
			expect(container.sha256).toBe(store().fileSha256(top.id));
			expect(container.query.caption).toBe(caption(expectedCredit(store(), top)));
			expect(container.query.access_token).toBe(FB_TOKEN);
			expect(ctx.social.igPublished.map((p) => p.creationId)).toEqual([container.id]);
			expectMarked(res, top);
		});

		test('weekly-most-liked-photo-facebook: the Page gets the week’s most-liked photo as its file, the message credits the member, the item is marked', async () => {
			const [top] = weekByLikes(store());
			ctx.social.reset();
			const res = await run(
				'weeklyFacebookMs',
				swapCredentials(loadExample('weekly-most-liked-photo-facebook.json'), SOCIAL_CREDS),
			);
			expectSuccess(res);
			expectOffered(res, top);
			const [photo, ...more] = ctx.social.fbPhotos;
			expect(more).toEqual([]);
			expect(photo.field).toBe('source');
			expect(photo.sha256).toBe(store().fileSha256(top.id));
			expect(photo.query.message).toBe(caption(expectedCredit(store(), top)));
			expectMarked(res, top);
		});
	});
}
