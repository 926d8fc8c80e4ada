import { sha256 } from '../../../helpers/sha256';
import { MB, type Call } from './common';
import { formatOf, mp4DurationSeconds } from './mediaFacts';
import type { FormPart } from '../multipart';
import type { XState } from './x';

/**
 * X's chunked upload (INIT, APPEND, FINALIZE, STATUS), as the stand-in in ./x.ts answers it:
 * chunks strictly in order, the bytes INIT announced, then processing that reads the video's
 * duration from the file itself and fails it outside X's limits.
 */

export interface XVideoUpload {
	id: string;
	totalBytes: number;
	mediaType: string;
	mediaCategory?: string;
	/** The APPENDed chunks, in the order accepted (segment_index 0, 1, ...). */
	segments: Buffer[];
	state: 'uploading' | 'pending' | 'in_progress' | 'succeeded' | 'failed';
	statusPolls: number;
	/** After FINALIZE: the whole file, its hash, and its duration as read from `mvhd`. */
	bytes?: Buffer;
	sha256?: string;
	durationSeconds?: number | null;
	/** Why processing failed, as STATUS says it. */
	error?: string;
}

export const X_LIMITS = {
	imageBytes: 5 * MB,
	gifBytes: 15 * MB,
	videoBytes: 512 * MB,
	minSeconds: 0.5,
	maxSeconds: 140,
	/** STATUS answers in_progress this many times before the outcome. */
	statusPollsInProgress: 2,
};

type Answer = (call: Call, status: number, body: unknown) => true;
type Refuse = (call: Call, status: number, message: string, command?: string) => true;

export function chunkedUpload(state: XState, refuse: Refuse, ok: Answer) {
	const video = (id: string | undefined) => state.xVideos.find((v) => v.id === id);
	/** The outcome of processing a finalized video: its duration from the file itself. */
	const judge = (v: XVideoUpload): string | undefined => {
		if (v.totalBytes > X_LIMITS.videoBytes) return `${v.totalBytes} bytes is over 512 MB`;
		const s = v.durationSeconds;
		if (s === null || s === undefined) return 'the duration could not be read (no moov/mvhd)';
		if (s < X_LIMITS.minSeconds || s > X_LIMITS.maxSeconds)
			return `video duration ${s} s is outside 0.5–140 s`;
		return undefined;
	};

	const chunked = (call: Call, params: Record<string, string>, parts: FormPart[]): true => {
		const command = params.command;
		if (command === 'INIT') {
			const totalBytes = Number(params.total_bytes);
			if (!Number.isInteger(totalBytes) || totalBytes <= 0)
				return refuse(call, 400, 'total_bytes must be a positive integer', command);
			if (!params.media_type) return refuse(call, 400, 'media_type is required', command);
			if (params.media_type.startsWith('video/') && totalBytes > X_LIMITS.videoBytes)
				return refuse(call, 400, `total_bytes ${totalBytes} is over 512 MB for a video`, command);
			const id = call.nextId();
			state.xVideos.push({
				id,
				totalBytes,
				mediaType: params.media_type,
				mediaCategory: params.media_category,
				segments: [],
				state: 'uploading',
				statusPolls: 0,
			});
			return ok(call, 200, { data: { id, media_key: `7_${id}`, expires_after_secs: 86400 } });
		}
		const v = video(params.media_id);
		if (!v)
			return refuse(call, 400, `media_id ${params.media_id} is not an upload in progress`, command);
		if (command === 'APPEND') {
			if (v.state !== 'uploading') return refuse(call, 400, 'the upload is finalized', command);
			const segment = Number(params.segment_index);
			if (segment !== v.segments.length)
				return refuse(
					call,
					400,
					`segment_index ${params.segment_index} is out of order: segment ${v.segments.length} comes next`,
					command,
				);
			const chunk = parts.find((p) => p.name === 'media' && p.fileName !== undefined);
			if (!chunk) return refuse(call, 400, 'media: a file part named "media" is required', command);
			const received = v.segments.reduce((n, s) => n + s.length, 0) + chunk.data.length;
			if (received > v.totalBytes)
				return refuse(
					call,
					400,
					`${received} bytes appended, over INIT's total_bytes ${v.totalBytes}`,
					command,
				);
			v.segments.push(chunk.data);
			return ok(call, 200, { data: { expires_at: Math.floor(Date.now() / 1000) + 86400 } });
		}
		if (command === 'FINALIZE') {
			if (v.state !== 'uploading')
				return refuse(call, 400, 'the upload is finalized already', command);
			const bytes = Buffer.concat(v.segments);
			if (bytes.length !== v.totalBytes)
				return refuse(
					call,
					400,
					`File size mismatch: INIT said ${v.totalBytes} bytes, ${bytes.length} were appended`,
					command,
				);
			Object.assign(v, {
				bytes,
				sha256: sha256(bytes),
				durationSeconds: ['mp4', 'mov'].includes(formatOf(bytes) ?? '')
					? mp4DurationSeconds(bytes)
					: null,
				state: 'pending',
			});
			v.error = judge(v);
			return ok(call, 200, {
				data: {
					id: v.id,
					media_key: `7_${v.id}`,
					size: bytes.length,
					expires_after_secs: 86400,
					processing_info: { state: 'pending', check_after_secs: 1 },
				},
			});
		}
		return refuse(call, 400, `command ${command} is not INIT, APPEND or FINALIZE`, command);
	};

	const status = (call: Call): true => {
		const v = video(call.query.media_id);
		if (!v || v.state === 'uploading')
			return refuse(
				call,
				400,
				`media_id ${call.query.media_id} is not a finalized upload`,
				'STATUS',
			);
		v.statusPolls++;
		if (v.statusPolls <= X_LIMITS.statusPollsInProgress) v.state = 'in_progress';
		else v.state = v.error ? 'failed' : 'succeeded';
		const processing_info =
			v.state === 'in_progress'
				? { state: v.state, check_after_secs: 1, progress_percent: 40 * v.statusPolls }
				: v.state === 'failed'
					? {
							state: v.state,
							progress_percent: 100,
							error: { code: 1, name: 'InvalidMedia', message: v.error },
						}
					: { state: v.state, progress_percent: 100 };
		return ok(call, 200, { data: { id: v.id, media_key: `7_${v.id}`, processing_info } });
	};

	return { chunked, status };
}
