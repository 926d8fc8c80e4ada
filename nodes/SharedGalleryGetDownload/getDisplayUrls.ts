import { NodeOperationError, sleep, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { apiError, apiRequest, asNodeError } from '../SharedGallery/transport';
import { collectRequests, resolveTargets, Results, type Target } from './targets';

export const VIEW_PATH = '/shared-gallery/v1/visual-media/view';
const URL_LIFETIME_MS = 15 * 60_000;
/** Polls while media is processing: 1 s, 2 s, 4 s, … at most 10 s apart, about 1 minute in all. */
const PROCESSING_POLLS = 9;

/** One item per ID: a public URL (valid 15 minutes) that Instagram-style APIs can fetch. */
export async function getDisplayUrls(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const results = new Results(this);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const incrementViewCount = options.incrementViewCount ?? false;
	const waitForProcessing = options.waitForProcessing ?? false;
	for (const [name, value] of [['Increment View Count', incrementViewCount], ['Wait for Processing', waitForProcessing]]) {
		if (typeof value !== 'boolean') {
			throw apiErrorFree(this, `${name} must be true or false`);
		}
	}
	for (const requests of collectRequests(this, results, false)) {
		const targets = await resolveTargets.call(this, requests, results);
		for (let start = 0; start < targets.length; start += 100) {
			await viewBatch.call(this, targets.slice(start, start + 100), results, {
				incrementViewCount: incrementViewCount as boolean,
				waitForProcessing: waitForProcessing as boolean,
			});
		}
	}
	return results.inInputOrder();
}

async function viewBatch(
	this: IExecuteFunctions,
	targets: Target[],
	results: Results,
	{ incrementViewCount, waitForProcessing }: { incrementViewCount: boolean; waitForProcessing: boolean },
): Promise<void> {
	let pending = targets;
	for (let poll = 0; pending.length; poll++) {
		const ids = pending.map((t) => t.itemId);
		const itemIndex = pending[0].requesters[0];
		const issuedAt = Date.now();
		let answer: IDataObject;
		try {
			// Views are counted once: polls for still-processing media don't add to them.
			const body = { itemIds: ids, incrementViewCount: incrementViewCount && poll === 0 };
			answer = await apiRequest.call(this, 'POST', VIEW_PATH, body, { itemIndex, itemIds: ids });
		} catch (error) {
			results.fail(asNodeError(this.getNode(), error, { itemIndex, itemIds: ids }), pending);
			return;
		}
		const byId = new Map(
			((answer.urls as IDataObject[] | undefined) ?? []).map((entry) => [String(entry.itemId), entry]),
		);
		const stillProcessing: Target[] = [];
		const lastPoll = !waitForProcessing || poll >= PROCESSING_POLLS;
		for (const target of pending) {
			const entry = byId.get(target.itemId);
			if (!entry) {
				const error = apiError(this.getNode(), 502, { message: `no display URL came back for ${target.itemId}` }, {
					itemIndex: target.requesters[0],
					itemIds: [target.itemId],
				});
				results.fail(error, [target]);
			} else if (isProcessing(entry) && !lastPoll) {
				stillProcessing.push(target);
			} else {
				results.add(displayJson(target, entry, issuedAt), target.requesters);
			}
		}
		pending = stillProcessing;
		if (pending.length) await sleep(Math.min(10_000, 1000 * 2 ** poll));
	}
}

function isProcessing(entry: IDataObject): boolean {
	const view = (entry.viewUrl ?? entry) as IDataObject;
	return view.notProcessedYet === true || typeof view.url !== 'string';
}

/** Accepts the wire shape (oneofs flattened) and the nested one (`viewUrl`, `metadata`). */
function displayJson(target: Target, entry: IDataObject, issuedAt: number): IDataObject {
	const view = (entry.viewUrl ?? entry) as IDataObject;
	const metadata = (entry.metadata ?? entry) as IDataObject;
	const video = (metadata.videoInfo ?? (entry.video as IDataObject | undefined)) as IDataObject | undefined;
	const image = metadata.imageInfo as IDataObject | undefined;
	const dimensions = (video?.width ? video : (video?.bestQuality as IDataObject | undefined)) ?? video ?? image ?? {};
	const notProcessedYet = isProcessing(entry);
	const json: IDataObject = {
		itemId: target.itemId,
		url: notProcessedYet ? null : view.url,
		expiresAt: notProcessedYet ? null : new Date(issuedAt + URL_LIFETIME_MS).toISOString(),
		mediaType: video ? 'video' : target.item.mediaType,
		mimeType: target.item.mimeType,
		width: dimensions.width ?? null,
		height: dimensions.height ?? null,
		duration: video ? (dimensions.duration ?? null) : null,
		notProcessedYet,
		name: target.item.name,
	};
	if (target.albumId) json.albumId = target.albumId;
	return json;
}

function apiErrorFree(context: IExecuteFunctions, message: string) {
	return new NodeOperationError(context.getNode(), message, { itemIndex: 0 });
}
