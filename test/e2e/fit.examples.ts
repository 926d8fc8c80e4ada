/**
 * The fit-before-posting examples (issue 24), run by examples.e2e.test.ts on its n8n user
 * folder against the emulator and the social stand-ins, which refuse what the platforms refuse:
 * - fit-images-for-x: an image over X's 5 MB goes through n8n's Edit Image (GraphicsMagick)
 *   and is then taken; one that fits goes as it is; a video is left out with its reason.
 * - post-video-to-x: the newest video that fits goes up in chunks, in order, is polled until
 *   processed and posted; a video too long for X is left out before anything is uploaded.
 * - facebook-page-video: Facebook fetches a fresh display URL; a stale one (the emulator's
 *   clock moved past the URL's 15 minutes before Facebook fetched) is refused, in words.
 */
import { imageSize, formatOf } from './helpers/social/mediaFacts';
import { FB_TOKEN, SOCIAL_CREDS, type SuiteContext } from './helpers/context';
import {
	addAlbum,
	albumOf,
	largePhoto,
	largeVideo,
	serveBytes,
	shortVideo,
	smallPhoto,
} from './helpers/fitMedia';
import { nodeItems, type ExecResult } from './helpers/n8n';
import { loadExample, swapCredentials, swapTarget, type Workflow } from './helpers/workflows';

const MB = 1_000_000;
const X_IMAGE_LIMIT = 5 * MB;
/** A Facebook fetch this long after Get Download finds the display URL expired (15 minutes). */
const STALE_MS = 16 * 60_000;

/** Every run of a node in an execution (a loop runs a node several times). */
function runsOf(res: ExecResult, name: string): any[] {
	return res.json?.data?.resultData?.runData?.[name] ?? [];
}

/** multipart/form-data POST to a stand-in route, as the examples' HTTP Request nodes send it. */
async function postForm(
	url: string,
	fields: Record<string, string>,
	file?: Buffer,
): Promise<{ status: number; body: any }> {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.append(k, v);
	if (file) form.append('media', new Blob([new Uint8Array(file)]), 'media');
	const res = await fetch(url, {
		method: 'POST',
		body: form,
		headers: { authorization: 'OAuth t' },
	});
	return { status: res.status, body: await res.json() };
}

export function fitExampleTests(
	suite: () => SuiteContext,
	timings: Record<string, number>,
	expectSuccess: (res: ExecResult) => void,
): void {
	describe('fit before posting', () => {
		let ctx: SuiteContext;
		beforeAll(() => {
			ctx = suite();
		});
		beforeEach(() => ctx.social.reset());

		async function run(label: string, wf: Workflow): Promise<ExecResult> {
			const t = Date.now();
			const res = await ctx.n8n.importAndExecute(wf);
			timings[label] = Date.now() - t;
			return res;
		}

		function example(file: string, from: string, nodes?: string[]): Workflow {
			return swapTarget(
				swapCredentials(loadExample(file), SOCIAL_CREDS),
				from,
				ctx.social.url,
				nodes,
			);
		}

		test('the stand-ins refuse what the platforms refuse (no n8n)', async () => {
			const social = ctx.social;
			const upload = `${social.url}/2/media/upload`;
			// X: a video over 512 MB announced, a segment out of order, bytes that do not add up to
			// INIT's, a video too long (its duration read from a `moov` after `mdat`).
			const over = { command: 'INIT', media_type: 'video/mp4', total_bytes: String(512 * MB + 1) };
			expect((await postForm(upload, over)).status).toBe(400);
			const long = shortVideo('long.mp4', 150, 640, 360, { moovLast: true }).content;
			expect(long.indexOf('moov')).toBeGreaterThan(long.indexOf('mdat'));
			const init = await postForm(upload, {
				command: 'INIT',
				media_type: 'video/mp4',
				total_bytes: String(long.length),
				media_category: 'tweet_video',
			});
			const id = init.body.data.id;
			const half = long.length >> 1;
			const append = (segment: number, bytes: Buffer) =>
				postForm(
					upload,
					{ command: 'APPEND', media_id: id, segment_index: String(segment) },
					bytes,
				);
			expect((await append(1, long.subarray(half))).status).toBe(400);
			expect((await append(0, long.subarray(0, half))).status).toBe(200);
			expect((await postForm(upload, { command: 'FINALIZE', media_id: id })).status).toBe(400);
			expect((await append(1, long.subarray(half))).status).toBe(200);
			const finalized = await postForm(upload, { command: 'FINALIZE', media_id: id });
			expect(finalized.body.data.processing_info.state).toBe('pending');
			const tweet = async () =>
				(
					await fetch(`${social.url}/2/tweets`, {
						method: 'POST',
						headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
						body: JSON.stringify({ text: 't', media: { media_ids: [id] } }),
					})
				).status;
			expect(await tweet()).toBe(400); // not processed yet
			const states: string[] = [];
			for (let i = 0; i < 3; i++) {
				const s = await fetch(`${upload}?command=STATUS&media_id=${id}`, {
					headers: { authorization: 'OAuth t' },
				});
				states.push((await s.json()).data.processing_info.state);
			}
			expect(states).toEqual(['in_progress', 'in_progress', 'failed']);
			expect(await tweet()).toBe(400); // processing failed: 150 s is over 140 s
			expect(social.xVideos[0].durationSeconds).toBe(150);
			expect(social.xRefusals.map((r) => r.message)).toEqual([
				`total_bytes ${512 * MB + 1} is over 512 MB for a video`,
				'segment_index 1 is out of order: segment 0 comes next',
				`File size mismatch: INIT said ${long.length} bytes, ${half} were appended`,
				expect.stringContaining('(processing pending)'),
				expect.stringContaining('(processing failed)'),
			]);
			// Instagram: a 3:4 feed photo and a 2 s Reel. Facebook: a 21-minute video.
			const cases: Array<[string, Buffer, string, Record<string, string>]> = [
				['/v23.0/1/media', largePhoto().content, 'image/jpeg', { image_url: '' }],
				[
					'/v23.0/1/media',
					shortVideo('s.mp4', 2).content,
					'video/mp4',
					{ video_url: '', media_type: 'REELS' },
				],
				['/v23.0/1/videos', shortVideo('l.mp4', 21 * 60).content, 'video/mp4', { file_url: '' }],
			];
			const answers: string[] = [];
			for (const [path, bytes, type, params] of cases) {
				const served = await serveBytes(bytes, type);
				const key = Object.keys(params)[0];
				const q = new URLSearchParams({ ...params, [key]: served.url, access_token: 't' });
				const res = await fetch(`${social.url}${path}?${q}`, { method: 'POST' });
				answers.push(`${res.status} ${(await res.json()).error.message}`);
				await served.close();
			}
			expect(answers).toEqual([
				expect.stringMatching(/^400 The aspect ratio is not supported: 1650x2200 /),
				'400 The video is 2 s long: Reels take 3 seconds to 15 minutes',
				'400 (#6000) There was a problem uploading your video file: it is 1260 s long, over 20 minutes.',
			]);
		});

		test('fit-images-for-x: an image over 5 MB is resized by Edit Image, then X takes it; one that fits goes as it is; a video is skipped with its reason', async () => {
			const wf = example('fit-images-for-x.json', 'https://api.x.com', ['Upload media to X']);
			const large = largePhoto();
			expect(large.content.length).toBeGreaterThan(X_IMAGE_LIMIT);
			const album = addAlbum(ctx.emu.store, albumOf(wf), [
				large,
				smallPhoto(),
				shortVideo('clip.mp4', 4),
			]);
			const [big, small, clip] = album.items;
			try {
				const res = await run('fitImagesForXMs', wf);
				expectSuccess(res);
				const files = nodeItems(res.json, 'Shared Gallery Get Download').map((i) => i.json);
				expect(files.map((f) => f.itemId)).toEqual([big.id, small.id, clip.id]);
				expect(files[0]).toMatchObject({ width: 1650, height: 2200 });
				expect(files[0].fit.x.ok).toBe(false);
				expect(files[0].fit.x.reasons.join(' ')).toMatch(/5 MB/);
				expect(files[1].fit.x).toEqual({ ok: true, reasons: [] });

				// Only the large photo went through Edit Image.
				expect(nodeItems(res.json, 'Resize for X').map((i) => i.json.itemId)).toEqual([big.id]);
				expect(nodeItems(res.json, 'Skipped').map((i) => i.json)).toEqual([
					{
						itemId: clip.id,
						fileName: 'clip.mp4',
						reason: expect.stringContaining('chunked upload'),
					},
				]);

				// X took both images: the small one as it is, the large one resized below 5 MB.
				const uploads = ctx.social.xUploads;
				expect(uploads).toHaveLength(2);
				const asIs = uploads.find((u) => u.sha256 === ctx.emu.store.fileSha256(small.id));
				expect(asIs).toBeDefined();
				const resized = uploads.find((u) => u !== asIs)!;
				expect(formatOf(resized.bytes)).toBe('jpeg');
				expect(resized.mimeType).toBe('image/jpeg');
				expect(resized.bytes.length).toBeLessThanOrEqual(X_IMAGE_LIMIT);
				expect(imageSize(resized.bytes)).toEqual({ width: 1536, height: 2048 });
				expect(ctx.social.xRefusals).toEqual([]);
				expect(ctx.social.tweets.map((t) => t.body.media.media_ids[0]).sort()).toEqual(
					uploads.map((u) => u.id).sort(),
				);

				// The original would have been refused.
				const original = await postForm(`${ctx.social.url}/2/media/upload`, {}, large.content);
				expect(original.status).toBe(400);
				expect(original.body.detail).toMatch(/over the 5 MB X takes for images/);
			} finally {
				album.remove();
			}
		});

		test('post-video-to-x: the newest video that fits goes up in chunks in order, processed, posted; one too long is skipped before any upload', async () => {
			const wf = example('post-video-to-x.json', 'https://api.x.com', [
				'INIT upload',
				'APPEND chunk',
				'FINALIZE upload',
				'Check STATUS',
			]);
			const fits = await largeVideo('launch.mp4', 9 * 1024 * 1024, 20);
			const album = addAlbum(ctx.emu.store, albumOf(wf), [
				shortVideo('too-long.mp4', 150),
				fits,
				shortVideo('older.mp4', 5),
			]);
			const [tooLong, video] = album.items;
			try {
				const res = await run('postVideoToXMs', wf);
				expectSuccess(res);
				const checked = nodeItems(res.json, 'Check fit for X').map((i) => i.json);
				expect(checked.map((c) => c.itemId)).toEqual(album.items.map((i) => i.id));
				expect(checked[0].fit.x.ok).toBe(false);
				expect(nodeItems(res.json, 'Skipped').map((i) => i.json)).toEqual([
					{ itemId: tooLong.id, name: 'too-long.mp4', reason: expect.stringMatching(/140/) },
				]);

				// One upload: three chunks in order (the stand-in takes no other), the whole file.
				const [upload, ...more] = ctx.social.xVideos;
				expect(more).toEqual([]);
				expect(ctx.social.xRefusals).toEqual([]);
				expect(upload.segments.map((s) => s.length)).toEqual([
					4 * 1024 * 1024,
					4 * 1024 * 1024,
					fits.content.length - 8 * 1024 * 1024,
				]);
				expect(upload.sha256).toBe(ctx.emu.store.fileSha256(video.id));
				expect(upload).toMatchObject({ mediaType: 'video/mp4', mediaCategory: 'tweet_video' });
				expect(upload.durationSeconds).toBe(20);
				// STATUS polled until processed: in_progress twice, then succeeded.
				expect(
					runsOf(res, 'Check STATUS').map((r) => r.data.main[0][0].json.data.processing_info.state),
				).toEqual(['in_progress', 'in_progress', 'succeeded']);
				expect(upload.state).toBe('succeeded');
				const [tweet, ...moreTweets] = ctx.social.tweets;
				expect(moreTweets).toEqual([]);
				expect(tweet.body.media.media_ids).toEqual([upload.id]);
				expect(tweet.body.text).toBe("New in our members' gallery: launch.mp4");
			} finally {
				album.remove();
			}
		});

		test('facebook-page-video: Facebook fetches a fresh display URL and posts it; a URL gone stale is refused in Facebook’s words; a video over 20 minutes is skipped', async () => {
			const wf = example('facebook-page-video.json', 'https://graph-video.facebook.com');
			const album = addAlbum(ctx.emu.store, albumOf(wf), [
				shortVideo('page-clip.mp4', 30, 1280, 720),
				shortVideo('concert.mp4', 21 * 60, 1280, 720),
			]);
			const [clip, concert] = album.items;
			try {
				const res = await run('facebookVideoMs', wf);
				expectSuccess(res);
				expect(nodeItems(res.json, 'Skipped').map((i) => i.json)).toEqual([
					{ itemId: concert.id, name: 'concert.mp4', reason: expect.stringMatching(/20 min/) },
				]);
				const [posted, ...more] = ctx.social.fbVideos;
				expect(more).toEqual([]);
				expect(posted.sha256).toBe(ctx.emu.store.fileSha256(clip.id));
				expect(posted.durationSeconds).toBe(30);
				expect(posted.params.access_token).toBe(FB_TOKEN);
				expect(posted.params.description).toBe('page-clip.mp4');
				expect(nodeItems(res.json, 'Post video to Page').map((i) => i.json.id)).toEqual([
					posted.id,
				]);

				// Again, with Facebook fetching after the display URL's 15 minutes.
				ctx.social.reset();
				const t = Date.now();
				let moved = false;
				ctx.social.beforeFacebookFetch(() => {
					ctx.emu.clock.advance(STALE_MS);
					moved = true;
				});
				const stale = await ctx.n8n.execute(wf.id).finally(() => {
					if (moved) ctx.emu.clock.advance(-STALE_MS);
				});
				timings.facebookVideoStaleMs = Date.now() - t;
				expectSuccess(stale);
				expect(ctx.social.fbVideos).toEqual([]);
				expect(ctx.social.fbRefusals).toEqual([
					{
						url: expect.any(String),
						fetchStatus: 410,
						message: '(#389) Unable to fetch video file from URL.',
					},
				]);
				expect(nodeItems(stale.json, 'Not posted').map((i) => i.json)).toEqual([
					{
						itemId: clip.id,
						name: 'page-clip.mp4',
						reason: expect.stringContaining('Unable to fetch video file from URL'),
					},
				]);
			} finally {
				album.remove();
			}
		});
	});
}
