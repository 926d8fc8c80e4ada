import { sha256 } from '../../../helpers/sha256';
import { fetchOrFail, fileFromParts, graphError, graphParams, send } from './common';
import type { Call, ReceivedFile, Route } from './common';
import type { FormPart } from '../multipart';
import { formatOf, mp4DurationSeconds } from './mediaFacts';

/**
 * A Facebook Page's photos (the file in multipart field `source`) and videos from a URL
 * (`POST /{page-id}/videos` with `file_url`). Facebook fetches `file_url` itself, without
 * credentials, and refuses a URL it cannot fetch (an expired display URL answers 410), a
 * video over 1 GB or over 20 minutes (the non-resumable upload's limits), or one it cannot read.
 */

export interface FacebookVideo {
	url: string;
	bytes: Buffer;
	sha256: string;
	durationSeconds: number;
	params: Record<string, string>;
	host?: string;
	id: string;
}

export interface FacebookState {
	fbPhotos: ReceivedFile[];
	fbVideos: FacebookVideo[];
	/** Videos refused: the URL, what the fetch got, Facebook's message. */
	fbRefusals: Array<{ url: string; fetchStatus: number; message: string }>;
}

export const FB_LIMITS = { videoBytes: 1_000_000_000, maxSeconds: 20 * 60 };

export function facebookStandIn(): {
	state: FacebookState;
	route: Route;
	/** Runs just before Facebook fetches a `file_url`: a test makes time pass here. */
	setBeforeFetch(hook: ((url: string) => void) | undefined): void;
} {
	const state: FacebookState = { fbPhotos: [], fbVideos: [], fbRefusals: [] };
	let beforeFetch: ((url: string) => void) | undefined;

	const video = async (call: Call, params: Record<string, string>): Promise<true> => {
		const url = params.file_url;
		if (!url) return graphError(call, 400, '(#100) file_url or a source file is required');
		beforeFetch?.(url);
		const fetched = await fetchOrFail(url);
		const refuse = (message: string, code: number): true => {
			state.fbRefusals.push({ url, fetchStatus: fetched.status, message });
			return graphError(call, 400, message, code);
		};
		if (fetched.status !== 200) return refuse('(#389) Unable to fetch video file from URL.', 389);
		if (fetched.bytes.length > FB_LIMITS.videoBytes)
			return refuse(
				'(#6000) There was a problem uploading your video file: it is over 1 GB.',
				6000,
			);
		const seconds = ['mp4', 'mov'].includes(formatOf(fetched.bytes) ?? '')
			? mp4DurationSeconds(fetched.bytes)
			: null;
		if (seconds === null)
			return refuse(
				"(#352) Sorry, the video file you selected is in a format that we don't support.",
				352,
			);
		if (seconds > FB_LIMITS.maxSeconds)
			return refuse(
				`(#6000) There was a problem uploading your video file: it is ${seconds} s long, over 20 minutes.`,
				6000,
			);
		const id = call.nextId('');
		state.fbVideos.push({
			url,
			bytes: fetched.bytes,
			sha256: sha256(fetched.bytes),
			durationSeconds: seconds,
			params,
			host: call.req.headers.host,
			id,
		});
		call.record(200);
		send(call.res, 200, { id });
		return true;
	};

	const photo = (
		call: Call,
		pageId: string,
		params: Record<string, string>,
		parts: FormPart[],
	): true => {
		const id = call.nextId('');
		const file = fileFromParts(parts, 'source', call, params, id);
		if (!file) return graphError(call, 400, '(#324) Requires upload file', 324);
		state.fbPhotos.push(file);
		call.record(200);
		send(call.res, 200, { id, post_id: `${pageId}_${id}` });
		return true;
	};

	const route: Route = async (call) => {
		const m = /^\/(?:v\d+\.\d+\/)?([^/]+)\/(photos|videos)$/.exec(call.path);
		if (call.method !== 'POST' || !m) return false;
		const parsed = graphParams(call);
		if (!parsed) return true;
		const { params, parts } = parsed;
		return m[2] === 'videos' ? await video(call, params) : photo(call, m[1], params, parts);
	};

	return {
		state,
		route,
		setBeforeFetch(hook) {
			beforeFetch = hook;
		},
	};
}
