/**
 * Every workflow in examples/ runs in real n8n (2.8.4, the CLI), with this package installed
 * from its npm tarball as a community package. The suite changes only credential references
 * (to credentials it imports) and target URLs/folders (to local stand-ins); nodes, parameters
 * and connections are the example's own.
 *
 * The X node and the Facebook Graph API node have their hosts built in, so they are not
 * re-pointed: n8n runs with HTTPS_PROXY set to an intercepting proxy (and a throw-away CA in
 * NODE_EXTRA_CA_CERTS) that hands api.twitter.com / graph.facebook.com to the same stand-in.
 */
import { mkdirSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { SEED } from '../../emulator';
import { sha256 } from '../helpers/sha256';
import {
	CRED,
	FB_TOKEN,
	X_OAUTH1,
	X_OAUTH2_TOKEN,
	executionError,
	SOCIAL_CREDS,
	startSuite,
	type SuiteContext,
} from './helpers/context';
import { nodeItems, type ExecResult } from './helpers/n8n';
import { loadExample, node, swapCredentials, swapTarget, type Workflow } from './helpers/workflows';
import { fitExampleTests } from './fit.examples';
import { mediaFactsTests } from './mediaFacts.checks';
import { weeklyExampleTests } from './weekly.examples';

const GALLERY = { sharedGalleryApi: CRED.gallery };

let ctx: SuiteContext;
const timings: Record<string, number> = {};

function expectSuccess(res: ExecResult): void {
	if (res.code !== 0 || res.json?.status !== 'success') {
		const err = executionError(res.json);
		throw new Error(
			`execution failed (rc=${res.code}, status=${res.json?.status}): ${err ? `${err.node}: ${err.message} ${err.description ?? ''}` : ''}\n` +
				`stdout tail:\n${res.stdout.slice(-4000)}\nstderr tail:\n${res.stderr.slice(-4000)}`,
		);
	}
}

/** The emulator's own answer to "top N visual media of these members by likes", for comparison. */
function expectedTop(memberIds: string[], n: number): Array<{ id: string; likes: number }> {
	const store = ctx.emu.store;
	return store.items
		.filter((i) => i.type === 'VISUAL_MEDIA' && memberIds.includes(i.createdById))
		.map((i) => ({ id: i.id, likes: store.likeCount(i) }))
		.sort((a, b) => b.likes - a.likes)
		.slice(0, n);
}

/** Created By's member IDs, as Query Items version 2 saves them (resource locators). */
function membersOf(wf: Workflow): string[] {
	const createdBy = node(wf, 'Shared Gallery Query Items').parameters.filters.createdBy;
	return (createdBy.members as Array<{ member: { value: string } }>).map((m) => m.member.value);
}

beforeAll(async () => {
	const t = Date.now();
	ctx = await startSuite();
	Object.assign(timings, ctx.timings, { setupMs: Date.now() - t });
});

afterAll(async () => {
	process.stdout.write(`[e2e] examples timings (ms): ${JSON.stringify(timings)}\n`);
	await ctx?.close();
});

beforeEach(() => {
	ctx.social.reset();
	ctx.proxy.intercepted.length = 0;
	ctx.proxy.refused.length = 0;
});

async function runWorkflow(label: string, wf: Workflow): Promise<ExecResult> {
	const t = Date.now();
	const res = await ctx.n8n.importAndExecute(wf);
	timings[label] = Date.now() - t;
	return res;
}

test('examples/ holds the twelve documented workflows, importable and without secrets', () => {
	const files = readdirSync(join(__dirname, '..', '..', 'examples'))
		.filter((f) => f.endsWith('.json'))
		.sort();
	expect(files).toEqual([
		'facebook-page-photo.json',
		'facebook-page-video.json',
		'fit-images-for-x.json',
		'instagram-carousel.json',
		'instagram-display-urls.json',
		'instagram-reel.json',
		'most-liked-media-to-disk.json',
		'post-media-to-x.json',
		'post-video-to-x.json',
		'weekly-most-liked-photo-facebook.json',
		'weekly-most-liked-photo-instagram.json',
		'weekly-most-liked-photo-x.json',
	]);
	for (const f of files) {
		const wf = loadExample(f);
		expect(wf.id.length).toBeLessThanOrEqual(21);
		expect(wf.nodes.some((n) => n.type === 'n8n-nodes-base.stickyNote')).toBe(true);
		for (const n of wf.nodes) {
			for (const ref of Object.values(n.credentials ?? {})) expect(ref.id).toBe('REPLACE_ME');
			// Shared Gallery nodes that call the API (Posted List does not) name the placeholder.
			if (n.type.startsWith('n8n-nodes-shared-gallery.') && !n.type.endsWith('PostedList'))
				expect(n.credentials?.sharedGalleryApi?.name).toBe('Shared Gallery account');
		}
		const text = readFileSync(join(__dirname, '..', '..', 'examples', f), 'utf8');
		expect(text).not.toContain(ctx.emu.credentials.apiKey);
		expect(text).not.toMatch(/"(apiKey|accessToken|clientSecret|instanceToken)"\s*:/);
	}
});

test('most-liked-media-to-disk: 5 files land on disk with the original bytes', async () => {
	const example = loadExample('most-liked-media-to-disk.json');
	const outDir = join(ctx.n8n.filesDir, 'most-liked');
	mkdirSync(outDir, { recursive: true });
	const wf = swapTarget(
		swapCredentials(example, GALLERY),
		'/home/node/.n8n-files/shared-gallery/',
		`${outDir}/`,
	);
	const res = await runWorkflow('mostLikedToDiskMs', wf);
	expectSuccess(res);

	// Query Items: the emulator's top 5 by likes for the two members, most liked first.
	const members = membersOf(example);
	expect(members).toEqual([SEED.members.dana, SEED.members.zoe]);
	const queried = nodeItems(res.json, 'Shared Gallery Query Items').map((i) => i.json);
	expect(queried).toHaveLength(5);
	for (const q of queried) expect(members).toContain(q.createdBy?.id);
	const likes = queried.map((q) => Number(q.likeCount));
	expect([...likes].sort((a, b) => b - a)).toEqual(likes);
	expect(likes).toEqual(expectedTop(members, 5).map((e) => e.likes));
	expect(queried.map((q) => q.id)).toEqual(SEED.headline.expectedIds);

	// Get Download: one file per item.
	const downloads = nodeItems(res.json, 'Shared Gallery Get Download');
	expect(downloads).toHaveLength(5);
	expect(downloads.map((d) => d.json.itemId).sort()).toEqual(queried.map((q) => q.id).sort());

	// Disk: exactly five files, each the emulator's original bytes.
	const onDisk = readdirSync(outDir).sort();
	expect(onDisk).toHaveLength(5);
	for (const d of downloads) {
		const { itemId, fileName, mimeType, fileSize } = d.json;
		const file = join(outDir, `${itemId}-${fileName}`);
		expect(onDisk).toContain(`${itemId}-${fileName}`);
		const bytes = readFileSync(file);
		expect(sha256(bytes)).toBe(ctx.emu.store.fileSha256(itemId));
		expect(bytes.equals(ctx.emu.store.fileBytes(itemId))).toBe(true);
		if (fileSize !== undefined) expect(Number(fileSize)).toBe(bytes.length);
		expect(mimeType).toBe(ctx.emu.store.mimeType(itemId));
	}
	// The seed has two of the five sharing a file name: the item-ID prefix kept both.
	const names = downloads.map((d) => d.json.fileName);
	expect(new Set(names).size).toBeLessThan(names.length);
});

test('post-media-to-x: X receives every image as multipart "media" with identical bytes, name and type, then posts it', async () => {
	const example = loadExample('post-media-to-x.json');
	const wf = swapTarget(
		swapCredentials(example, SOCIAL_CREDS),
		'https://api.x.com',
		ctx.social.url,
		['Upload media to X'],
	);
	const res = await runWorkflow('postToXMs', wf);
	expectSuccess(res);

	const downloads = nodeItems(res.json, 'Shared Gallery Get Download').map((d) => d.json);
	expect(downloads.length).toBeGreaterThan(0);
	const images = downloads.filter((d) => String(d.mimeType).startsWith('image/'));
	expect(images.length).toBeGreaterThan(0);
	expect(nodeItems(res.json, 'Images that fit X')).toHaveLength(images.length);

	// The stand-in got every image, parsed from multipart/form-data, as the original file.
	// (The HTTP Request node sends items concurrently: match by item, not by arrival order.)
	const uploads = ctx.social.xUploads;
	expect(uploads).toHaveLength(images.length);
	const uploadByItem = new Map<string, (typeof uploads)[number]>();
	for (const img of images) {
		const expectedSha = ctx.emu.store.fileSha256(img.itemId);
		const up = uploads.find((u) => u.sha256 === expectedSha);
		expect(up).toBeDefined();
		uploadByItem.set(img.itemId, up!);
		expect(up!.field).toBe('media');
		expect(up!.fileName).toBe(img.fileName);
		expect(up!.mimeType).toBe(img.mimeType);
		expect(up!.mimeType).toBe(ctx.emu.store.mimeType(img.itemId));
		expect(up!.bytes.equals(ctx.emu.store.fileBytes(img.itemId))).toBe(true);
		expect(up!.fields.media_category).toBe(
			img.mimeType === 'image/gif' ? 'tweet_gif' : 'tweet_image',
		);
		// Signed with the X OAuth 1.0a credential.
		expect(up!.authorization).toMatch(/^OAuth /);
		expect(up!.authorization).toContain(`oauth_consumer_key="${X_OAUTH1.consumerKey}"`);
		expect(up!.authorization).toContain(`oauth_token="${X_OAUTH1.token}"`);
	}
	expect(new Set([...uploadByItem.values()].map((u) => u.id)).size).toBe(images.length);

	// The X node (unmodified, through the proxy) posted one post per upload, with its media id
	// and the text naming that image's file.
	const tweets = ctx.social.tweets;
	expect(tweets).toHaveLength(uploads.length);
	for (const img of images) {
		const mediaId = uploadByItem.get(img.itemId)!.id;
		const t = tweets.find((x) => x.body.media?.media_ids?.[0] === mediaId);
		expect(t).toBeDefined();
		expect(t!.body.media.media_ids).toEqual([mediaId]);
		expect(t!.host).toMatch(/^api\.(twitter|x)\.com$/);
		expect(t!.authorization).toBe(`Bearer ${X_OAUTH2_TOKEN}`);
		expect(t!.body.text).toBe(`From our members' gallery: ${img.fileName}`);
	}
	// The real X node posted through the proxy: to api.twitter.com up to n8n 2.8, api.x.com in 2.41.
	expect(
		ctx.proxy.intercepted.filter((h) => h === 'api.twitter.com:443' || h === 'api.x.com:443')
			.length,
	).toBeGreaterThan(0);
	expect(
		nodeItems(res.json, 'Post on X')
			.map((p) => p.json.id)
			.sort(),
	).toEqual(tweets.map((t) => t.id).sort());
	expect(ctx.proxy.refused).toEqual([]);
});

test('instagram-display-urls: the platform fetches each display URL and gets the original bytes', async () => {
	const example = loadExample('instagram-display-urls.json');
	const wf = swapTarget(
		swapCredentials(example, SOCIAL_CREDS),
		'https://graph.facebook.com',
		ctx.social.url,
	);
	const res = await runWorkflow('instagramMs', wf);
	expectSuccess(res);

	const queried = nodeItems(res.json, 'Shared Gallery Query Items').map((i) => i.json);
	const urls = nodeItems(res.json, 'Shared Gallery Get Download').map((d) => d.json);
	expect(urls).toHaveLength(queried.length);
	// Only what Instagram takes goes on (a 3:4 photo would be refused): the stand-in refused nothing.
	const fits = (u: any) => (u.mediaType === 'video' ? u.fit.instagramReel : u.fit.instagramFeed).ok;
	const fitting = urls.filter(fits);
	expect(nodeItems(res.json, 'Fits Instagram').map((i) => i.json.itemId)).toEqual(
		fitting.map((u) => u.itemId),
	);
	const containers = ctx.social.igContainers;
	expect(containers).toHaveLength(fitting.length);
	expect(ctx.social.igRefusals).toEqual([]);
	for (const [i, u] of urls.entries()) {
		expect(u.itemId).toBe(queried[i].id);
		expect(typeof u.url).toBe('string');
		expect(Date.parse(u.expiresAt)).toBeGreaterThan(Date.now());
		if (!fits(u)) continue;
		const c = containers.find((x) => x.url === u.url);
		expect(c).toBeDefined();
		expect(c!.kind).toBe(u.mediaType === 'video' ? 'video_url' : 'image_url');
		expect(c!.sha256).toBe(ctx.emu.store.fileSha256(u.itemId));
		expect(c!.bytes.equals(ctx.emu.store.fileBytes(u.itemId))).toBe(true);
		expect(c!.query.access_token).toBe(FB_TOKEN);
		expect(c!.query.caption).toBe(queried[i].name);
	}
	// The display URLs live on the file host and were served to a fetch without any credential,
	// as Instagram's fetcher makes it.
	for (const c of containers) {
		const u = new URL(c.url);
		expect(u.origin).toBe(ctx.emu.fileBaseUrl);
		const served = ctx.emu.fileLog.filter(
			(f) => f.url === u.pathname + u.search && f.status === 200,
		);
		expect(served.length).toBeGreaterThanOrEqual(1);
		for (const f of served) expect(f.headers.authorization).toBeUndefined();
	}
	const published = ctx.social.igPublished;
	expect(published.map((p) => p.creationId).sort()).toEqual(containers.map((c) => c.id).sort());
	expect(
		nodeItems(res.json, 'Publish on Instagram')
			.map((p) => p.json.id)
			.sort(),
	).toEqual(published.map((p) => p.id).sort());
});

test('facebook-page-photo: the Facebook Graph API node uploads each photo as the "source" file', async () => {
	const example = loadExample('facebook-page-photo.json');
	// Only the credential changes: the Graph node's built-in host is reached through the proxy.
	const wf = swapCredentials(example, SOCIAL_CREDS);
	const res = await runWorkflow('facebookMs', wf);
	expectSuccess(res);

	const downloads = nodeItems(res.json, 'Shared Gallery Get Download').map((d) => d.json);
	expect(downloads.length).toBeGreaterThan(0);
	const photos = downloads.filter((d) => String(d.mimeType).startsWith('image/'));
	expect(nodeItems(res.json, 'Photos only')).toHaveLength(photos.length);
	const received = ctx.social.fbPhotos;
	expect(received).toHaveLength(photos.length);
	for (const p of photos) {
		const r = received.find((x) => x.sha256 === ctx.emu.store.fileSha256(p.itemId));
		expect(r).toBeDefined();
		expect(r!.host).toBe('graph.facebook.com');
		expect(r!.field).toBe('source');
		expect(r!.fileName).toBe(p.fileName);
		expect(r!.mimeType).toBe(p.mimeType);
		expect(r!.bytes.equals(ctx.emu.store.fileBytes(p.itemId))).toBe(true);
		expect(r!.query.access_token).toBe(FB_TOKEN);
		expect(r!.query.message).toBe(ctx.emu.store.getItem(p.itemId)!.name);
	}
	expect(ctx.proxy.intercepted).toContain('graph.facebook.com:443');
	expect(ctx.proxy.refused).toEqual([]);
	expect(
		nodeItems(res.json, 'Post photo to Facebook Page')
			.map((x) => x.json.id)
			.sort(),
	).toEqual(received.map((r) => r.id).sort());
});

/** Whether a node ran at all in the execution. */
function ran(res: ExecResult, nodeName: string): boolean {
	const runData = res.json?.data?.resultData?.runData ?? res.json?.resultData?.runData ?? {};
	return nodeName in runData;
}

/** The emulator's first Query Items request: what the node's filters became. */
function firstQueryFilter(): Record<string, unknown> {
	const call = ctx.emu.requestLog.find((r) => r.path === '/shared-gallery/v1/items/query');
	return (call?.body as { filter: Record<string, unknown> }).filter;
}

test('instagram-carousel: members picked by name; one carousel item per JPEG that fits the feed (up to 10), polled until FINISHED, then one carousel published', async () => {
	const example = loadExample('instagram-carousel.json');
	const wf = swapTarget(
		swapCredentials(example, SOCIAL_CREDS),
		'https://graph.facebook.com',
		ctx.social.url,
	);
	ctx.emu.resetLogs();
	const res = await runWorkflow('instagramCarouselMs', wf);
	expectSuccess(res);

	// Created By holds two members picked from the list: the seed's two members.
	expect(firstQueryFilter()).toEqual({
		createdBy: [SEED.members.dana, SEED.members.zoe],
		itemTypes: ['VISUAL_MEDIA'],
	});
	// The 10 most-liked JPEG photos of the two, most liked first (Instagram takes JPEG only).
	const store = ctx.emu.store;
	const expected = store.items
		.filter(
			(i) =>
				i.type === 'VISUAL_MEDIA' &&
				[SEED.members.dana, SEED.members.zoe].includes(i.createdById) &&
				store.mimeType(i.id) === 'image/jpeg' &&
				// Instagram's feed: 4:5 to 1.91:1 (the seed's photos are all under 8 MB).
				i.media!.width / i.media!.height >= 0.8 &&
				i.media!.width / i.media!.height <= 1.91,
		)
		.sort((a, b) => store.likeCount(b) - store.likeCount(a))
		.slice(0, 10)
		.map((i) => i.id);
	expect(expected.length).toBeGreaterThanOrEqual(2);
	const urls = nodeItems(res.json, 'At most 10').map((d) => d.json);
	expect(urls.map((u) => u.itemId)).toEqual(expected);

	// One carousel item container per photo, each fetched by the platform as the original JPEG.
	const items = ctx.social.igContainers;
	expect(items).toHaveLength(expected.length);
	for (const [i, u] of urls.entries()) {
		const c = items.find((x) => x.url === u.url)!;
		expect(c).toBeDefined();
		expect(c.isCarouselItem).toBe(true);
		expect(c.contentType).toBe('image/jpeg');
		expect(c.bytes.equals(store.fileBytes(expected[i]))).toBe(true);
		expect(c.query.access_token).toBe(FB_TOKEN);
	}
	// Every container was checked until FINISHED: a first round found them IN_PROGRESS.
	const checks = ctx.social.igStatusChecks;
	for (const c of items) {
		const seen = checks.filter((x) => x.id === c.id).map((x) => x.statusCode);
		expect(seen[0]).toBe('IN_PROGRESS');
		expect(seen.at(-1)).toBe('FINISHED');
	}
	// One carousel of those containers, in order, and it alone published.
	expect(ctx.social.igCarousels).toHaveLength(1);
	const [carousel] = ctx.social.igCarousels;
	expect(carousel.children).toEqual(urls.map((u) => items.find((x) => x.url === u.url)!.id));
	expect(ctx.social.igPublished.map((p) => p.creationId)).toEqual([carousel.id]);
	expect(nodeItems(res.json, 'Publish carousel')).toHaveLength(1);
	expect(ran(res, 'Stop: the URLs would expire')).toBe(false);
	// It finished well inside the URLs' 15 minutes.
	expect(Date.parse(urls[0].expiresAt)).toBeGreaterThan(Date.now());
});

test('instagram-reel: a member picked by name; the most-liked video becomes a Reel, polled until FINISHED, then published', async () => {
	const example = loadExample('instagram-reel.json');
	const wf = swapTarget(
		swapCredentials(example, SOCIAL_CREDS),
		'https://graph.facebook.com',
		ctx.social.url,
	);
	ctx.emu.resetLogs();
	const res = await runWorkflow('instagramReelMs', wf);
	expectSuccess(res);

	expect(firstQueryFilter()).toEqual({
		createdBy: [SEED.members.dana],
		itemTypes: ['VISUAL_MEDIA'],
	});
	const store = ctx.emu.store;
	const video = store.items
		.filter(
			(i) =>
				i.type === 'VISUAL_MEDIA' &&
				i.createdById === SEED.members.dana &&
				i.media?.kind === 'video',
		)
		.sort((a, b) => store.likeCount(b) - store.likeCount(a))[0];
	const urls = nodeItems(res.json, 'Shared Gallery Get Download').map((d) => d.json);
	expect(urls.map((u) => u.itemId)).toEqual([video.id]);

	const [reel, ...others] = ctx.social.igContainers;
	expect(others).toEqual([]);
	expect(reel).toMatchObject({ kind: 'video_url', mediaType: 'REELS', url: urls[0].url });
	expect(reel.bytes.equals(store.fileBytes(video.id))).toBe(true);
	expect(reel.query.caption).toBe(video.name);
	expect(ctx.social.igStatusChecks.map((c) => c.statusCode)).toEqual(['IN_PROGRESS', 'FINISHED']);
	expect(ctx.social.igPublished.map((p) => p.creationId)).toEqual([reel.id]);
	expect(ran(res, 'Stop: the URLs would expire')).toBe(false);
});

weeklyExampleTests(() => ctx, timings, expectSuccess);
fitExampleTests(() => ctx, timings, expectSuccess);
mediaFactsTests(() => ctx, timings, expectSuccess);
