import { sha256 } from '../../../helpers/sha256';
import { MB, fetchOrFail, graphError, graphParams, send, type Call, type Route } from './common';
import { formatOf, imageSize, mp4DurationSeconds } from './mediaFacts';

/**
 * Instagram's content publishing (Graph API): containers made from a public URL that the
 * platform fetches itself, their status, carousels and publishing. It refuses what Instagram
 * refuses (limits as fit/limits.ts has them): a feed photo that is not a JPEG, over 8 MB, or
 * of an aspect outside 4:5–1.91:1; a Reel that is not MP4/MOV or outside 3 s–15 min.
 */

export interface FetchedMedia {
	/** image_url / video_url given to the container endpoint. */
	url: string;
	kind: 'image_url' | 'video_url';
	status: number;
	contentType?: string;
	bytes: Buffer;
	sha256: string;
	query: Record<string, string>;
	id: string;
	/** REELS, or undefined for a photo. */
	mediaType?: string;
	isCarouselItem: boolean;
}

/** Instagram's container status, as `GET /{container-id}?fields=status_code` answers it. */
export type IgStatus = 'IN_PROGRESS' | 'FINISHED' | 'PUBLISHED';

export interface InstagramState {
	igContainers: FetchedMedia[];
	igPublished: Array<{ creationId: string; query: Record<string, string>; id: string }>;
	/** Carousel containers: `media_type=CAROUSEL` with `children`. */
	igCarousels: Array<{ id: string; children: string[]; query: Record<string, string> }>;
	/** Every status answered, in order. */
	igStatusChecks: Array<{ id: string; statusCode: IgStatus }>;
	/** Containers refused, with the reason (the fetched URL and Instagram's message). */
	igRefusals: Array<{ url: string; message: string }>;
}

export const IG_LIMITS = {
	feedBytes: 8 * MB,
	minAspect: 4 / 5,
	maxAspect: 1.91,
	minSeconds: 3,
	maxSeconds: 15 * 60,
};

/** Why Instagram would refuse this media for this container, or undefined. */
export function igRefusal(
	kind: 'image_url' | 'video_url',
	bytes: Buffer,
	contentType?: string,
): string | undefined {
	const format = formatOf(bytes);
	if (kind === 'image_url') {
		if (format !== 'jpeg' || !/^image\/jpeg\b/i.test(contentType ?? ''))
			return `The image format is not supported (${contentType}): Instagram takes JPEG images only`;
		if (bytes.length > IG_LIMITS.feedBytes) return `The image is ${bytes.length} bytes, over 8 MB`;
		const size = imageSize(bytes);
		if (!size) return 'The image could not be read';
		const aspect = size.width / size.height;
		if (aspect < IG_LIMITS.minAspect - 1e-9 || aspect > IG_LIMITS.maxAspect + 1e-9)
			return `The aspect ratio is not supported: ${size.width}x${size.height} is outside 4:5 to 1.91:1`;
		return undefined;
	}
	if (format !== 'mp4' && format !== 'mov')
		return 'The video format is not supported: Reels take MP4 or MOV';
	const seconds = mp4DurationSeconds(bytes);
	if (seconds === null) return 'The video could not be read: no duration';
	if (seconds < IG_LIMITS.minSeconds || seconds > IG_LIMITS.maxSeconds)
		return `The video is ${seconds} s long: Reels take 3 seconds to 15 minutes`;
	return undefined;
}

export function instagramStandIn(): { state: InstagramState; route: Route; reset(): void } {
	const state: InstagramState = {
		igContainers: [],
		igPublished: [],
		igCarousels: [],
		igStatusChecks: [],
		igRefusals: [],
	};
	/**
	 * Instagram processes carousel items and videos after the container is made: such a
	 * container answers IN_PROGRESS to its first status check and FINISHED from then on, so a
	 * workflow must poll before it publishes. A single photo is FINISHED at once.
	 */
	const igStatus = new Map<
		string,
		{ status: IgStatus; checksLeft: number; carouselItem: boolean }
	>();
	const statusOf = (id: string): IgStatus | undefined => {
		const c = igStatus.get(id);
		if (!c) return undefined;
		if (c.status === 'IN_PROGRESS' && c.checksLeft-- <= 0) c.status = 'FINISHED';
		state.igStatusChecks.push({ id, statusCode: c.status });
		return c.status;
	};
	const ok = (call: Call, body: unknown): true => {
		call.record(200);
		send(call.res, 200, body);
		return true;
	};

	/** GET /{id}?fields=status_code, or several: GET /?ids=a,b */
	const status = (call: Call, one: string): true => {
		if (!call.query.access_token)
			return graphError(call, 400, 'An active access token must be used.', 2500);
		const ids = one ? [one] : (call.query.ids ?? '').split(',').filter(Boolean);
		const unknown = ids.filter((id) => !igStatus.has(id));
		if (!ids.length || unknown.length)
			return graphError(call, 400, `Object with ID '${unknown[0] ?? ''}' does not exist`);
		const answers = ids.map((id) => ({ id, status_code: statusOf(id) }));
		return ok(call, one ? answers[0] : Object.fromEntries(answers.map((a) => [a.id, a])));
	};

	const carousel = (call: Call, params: Record<string, string>): true => {
		const children = (params.children ?? '').split(',').filter(Boolean);
		const notReady = children.filter(
			(id) => igStatus.get(id)?.status !== 'FINISHED' || !igStatus.get(id)?.carouselItem,
		);
		if (children.length < 2 || children.length > 10 || notReady.length)
			return graphError(
				call,
				400,
				notReady.length
					? `The carousel items ${notReady.join(', ')} are not finished carousel items`
					: 'A carousel takes 2 to 10 children',
				9007,
			);
		const id = call.nextId('17');
		state.igCarousels.push({ id, children, query: params });
		igStatus.set(id, { status: 'FINISHED', checksLeft: 0, carouselItem: false });
		return ok(call, { id });
	};

	const container = async (call: Call, params: Record<string, string>): Promise<true> => {
		const kind = params.image_url ? 'image_url' : params.video_url ? 'video_url' : undefined;
		if (!kind) return graphError(call, 400, 'The parameter image_url is required');
		const fetched = await fetchOrFail(params[kind]);
		if (fetched.status !== 200)
			return graphError(
				call,
				400,
				'Media download has failed.: The media could not be fetched from the URI provided',
				9004,
				2207052,
			);
		const refusal = igRefusal(kind, fetched.bytes, fetched.contentType);
		if (refusal) {
			state.igRefusals.push({ url: params[kind], message: refusal });
			return graphError(call, 400, refusal, 9004, kind === 'image_url' ? 2207083 : 2207026);
		}
		const id = call.nextId('17');
		const isCarouselItem = params.is_carousel_item === 'true';
		state.igContainers.push({
			url: params[kind],
			kind,
			status: fetched.status,
			contentType: fetched.contentType,
			bytes: fetched.bytes,
			sha256: sha256(fetched.bytes),
			query: params,
			id,
			mediaType: params.media_type,
			isCarouselItem,
		});
		const processed = kind === 'image_url' && !isCarouselItem;
		igStatus.set(id, {
			status: processed ? 'FINISHED' : 'IN_PROGRESS',
			checksLeft: processed ? 0 : 1,
			carouselItem: isCarouselItem,
		});
		return ok(call, { id });
	};

	const publish = (call: Call, params: Record<string, string>): true => {
		const c = igStatus.get(params.creation_id);
		if (!c)
			return graphError(
				call,
				400,
				`Unsupported post request. Object with ID '${params.creation_id}' does not exist`,
			);
		if (c.status !== 'FINISHED' || c.carouselItem)
			return graphError(
				call,
				400,
				c.carouselItem
					? 'A carousel item is published through its carousel container'
					: 'Media ID is not available: the media is not ready for publishing, please wait for a moment',
				9007,
				2207027,
			);
		c.status = 'PUBLISHED';
		const id = call.nextId('18');
		state.igPublished.push({ creationId: params.creation_id, query: params, id });
		return ok(call, { id });
	};

	const route: Route = async (call) => {
		const statusPath = /^\/(?:v\d+\.\d+\/?)?([^/]*)$/.exec(call.path);
		if (
			call.method === 'GET' &&
			statusPath &&
			/(^|,)status_code(,|$)/.test(call.query.fields ?? '')
		)
			return status(call, statusPath[1]);
		const edge = /^\/(?:v\d+\.\d+\/)?[^/]+\/(media|media_publish)$/.exec(call.path)?.[1];
		if (call.method !== 'POST' || !edge) return false;
		const params = graphParams(call)?.params;
		if (!params) return true;
		if (edge === 'media_publish') return publish(call, params);
		return params.media_type === 'CAROUSEL'
			? carousel(call, params)
			: await container(call, params);
	};

	return { state, route, reset: () => igStatus.clear() };
}
