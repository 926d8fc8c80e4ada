import {
	MB,
	fileFromParts,
	paramsOf,
	send,
	type Call,
	type ReceivedFile,
	type Route,
} from './common';
import { formatOf } from './mediaFacts';
import { X_LIMITS, chunkedUpload, type XVideoUpload } from './xChunked';

export { X_LIMITS, type XVideoUpload } from './xChunked';

/**
 * X's media upload and posts, enforcing what X enforces (limits as fit/limits.ts has them).
 *
 * Chunked upload in the form docs.x.com documents in its quickstart "Chunked media upload"
 * (read 2026-12-04): `POST /2/media/upload` with `command=INIT | APPEND | FINALIZE` as
 * multipart fields, then `GET /2/media/upload?command=STATUS&media_id=`. (X's newer
 * `/2/media/upload/initialize`, `/{id}/append`, `/{id}/finalize` appear in its samples only.)
 */

export interface XState {
	/** One-request uploads (images, GIFs). */
	xUploads: ReceivedFile[];
	xVideos: XVideoUpload[];
	/** Every request X refused, with its reason: what the tests read to see a refusal. */
	xRefusals: Array<{ path: string; command?: string; status: number; message: string }>;
	tweets: Array<{ body: any; authorization?: string; host?: string; id: string }>;
}

export function xStandIn(): { state: XState; route: Route; failNextTweets(n: number): void } {
	const state: XState = { xUploads: [], xVideos: [], xRefusals: [], tweets: [] };
	let tweetsToFail = 0;

	const refuse = (call: Call, status: number, message: string, command?: string): true => {
		state.xRefusals.push({ path: call.path, command, status, message });
		call.record(status);
		send(call.res, status, {
			errors: [{ message }],
			title: status === 401 ? 'Unauthorized' : 'Invalid Request',
			detail: message,
			type: 'https://api.x.com/2/problems/invalid-request',
		});
		return true;
	};
	const ok = (call: Call, status: number, body: unknown): true => {
		call.record(status);
		send(call.res, status, body);
		return true;
	};
	const video = (id: string | undefined) => state.xVideos.find((v) => v.id === id);

	const { chunked, status } = chunkedUpload(state, refuse, ok);

	/** One request, one file: images and GIFs. */
	const simple = (
		call: Call,
		params: Record<string, string>,
		parts: ReturnType<typeof paramsOf>['parts'],
	): true => {
		const id = call.nextId();
		const file = fileFromParts(parts, 'media', call, call.query, id);
		if (!file) return refuse(call, 400, 'media: a file part named "media" is required');
		const format = formatOf(file.bytes);
		if (format === 'mp4' || format === 'mov')
			return refuse(call, 400, 'a video goes through the chunked upload (INIT, APPEND, FINALIZE)');
		const limit = format === 'gif' ? X_LIMITS.gifBytes : X_LIMITS.imageBytes;
		if (file.bytes.length > limit)
			return refuse(
				call,
				400,
				`media size ${file.bytes.length} bytes is over the ${limit / MB} MB X takes for ${format === 'gif' ? 'GIFs' : 'images'}`,
			);
		state.xUploads.push(file);
		if (call.path === '/1.1/media/upload.json')
			return ok(call, 200, {
				media_id: Number(id),
				media_id_string: id,
				size: file.bytes.length,
				expires_after_secs: 86400,
			});
		return ok(call, 200, {
			data: {
				id,
				media_key: `3_${id}`,
				size: file.bytes.length,
				expires_after_secs: 86400,
				image: { image_type: file.mimeType },
			},
		});
	};

	const tweet = (call: Call): true => {
		if (!/^Bearer\s+\S+/i.test(call.req.headers.authorization ?? ''))
			return refuse(call, 401, 'Unauthorized');
		if (tweetsToFail > 0) {
			tweetsToFail--;
			return ok(call, 503, {
				title: 'Service Unavailable',
				type: 'about:blank',
				status: 503,
				detail: 'stand-in: this post fails, as asked',
			});
		}
		let json: any;
		try {
			json = JSON.parse(call.body.toString('utf8'));
		} catch {
			return refuse(call, 400, 'body is not JSON');
		}
		const images = new Set(state.xUploads.map((f) => f.id));
		const ids: string[] = (json?.media?.media_ids ?? []).map(String);
		const unknown = ids.filter((m) => !images.has(m) && !video(m));
		if (unknown.length)
			return refuse(call, 400, `Your media IDs are invalid: ${unknown.join(',')}`);
		const unready = ids.filter((m) => video(m) && video(m)!.state !== 'succeeded');
		if (unready.length)
			return refuse(
				call,
				400,
				`Your media IDs are invalid: ${unready.map((m) => `${m} (processing ${video(m)!.state})`).join(', ')}`,
			);
		const id = call.nextId();
		state.tweets.push({
			body: json,
			authorization: call.req.headers.authorization,
			host: call.req.headers.host,
			id,
		});
		return ok(call, 201, { data: { id, text: json.text, edit_history_tweet_ids: [id] } });
	};

	const route: Route = async (call) => {
		const upload = call.path === '/2/media/upload' || call.path === '/1.1/media/upload.json';
		if (call.method === 'GET' && upload && call.query.command === 'STATUS') {
			if (!call.req.headers.authorization) return refuse(call, 401, 'Unauthorized', 'STATUS');
			return status(call);
		}
		if (call.method === 'POST' && upload) {
			if (!call.req.headers.authorization) return refuse(call, 401, 'Unauthorized');
			let parsed: ReturnType<typeof paramsOf>;
			try {
				parsed = paramsOf(call);
			} catch (e) {
				return refuse(call, 400, `stand-in: ${(e as Error).message}`);
			}
			return parsed.params.command
				? chunked(call, parsed.params, parsed.parts)
				: simple(call, parsed.params, parsed.parts);
		}
		if (call.method === 'POST' && call.path === '/2/tweets') return tweet(call);
		return false;
	};

	return {
		state,
		route,
		failNextTweets(n: number) {
			tweetsToFail = n;
		},
	};
}
