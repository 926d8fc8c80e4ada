import {
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { URL_LIFETIME_MS, VIEW_PATH } from '../SharedGallery/endpoints';
import { mediaSizeOf, postFields } from '../SharedGallery/items';
import { answerError, apiRequest, asNodeError } from '../SharedGallery/transport';
import type { FitPlatform } from '../SharedGallery/fit';
import { boolean } from '../SharedGallery/validate';
import { displayFacts, mediaJson, readCheckFitFor } from './mediaOutput';
import { collectRequests, resolveTargets, Results, type Target } from './targets';

/** Polls while media is processing: 1 s, 2 s, 4 s, … at most 10 s apart, about 1 minute in all. */
const PROCESSING_POLLS = 9;

/** One item per ID: a public URL (valid 15 minutes) that Instagram-style APIs can fetch. */
export async function getDisplayUrls(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const results = new Results(this);
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const incrementViewCount = boolean(
		this.getNode(),
		options.incrementViewCount ?? false,
		'Increment View Count',
	);
	const waitForProcessing = boolean(
		this.getNode(),
		options.waitForProcessing ?? false,
		'Wait for Processing',
	);
	const checkFitFor = readCheckFitFor(this.getNode(), options.checkFitFor);
	for (const requests of collectRequests(this, results, false)) {
		const targets = await resolveTargets.call(this, requests, results);
		for (let start = 0; start < targets.length; start += 100) {
			await viewBatch.call(this, targets.slice(start, start + 100), results, {
				incrementViewCount,
				waitForProcessing,
				checkFitFor,
			});
		}
	}
	return results.inInputOrder();
}

async function viewBatch(
	this: IExecuteFunctions,
	targets: Target[],
	results: Results,
	{
		incrementViewCount,
		waitForProcessing,
		checkFitFor,
	}: { incrementViewCount: boolean; waitForProcessing: boolean; checkFitFor: FitPlatform[] },
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
			((answer.urls as IDataObject[] | undefined) ?? []).map((entry) => [
				String(entry.itemId),
				entry,
			]),
		);
		const stillProcessing: Target[] = [];
		const lastPoll = !waitForProcessing || poll >= PROCESSING_POLLS;
		for (const target of pending) {
			const entry = byId.get(target.itemId);
			if (!entry) {
				const error = answerError(this.getNode(), `no display URL came back for ${target.itemId}`, {
					itemIndex: target.requesters[0],
					itemIds: [target.itemId],
				});
				results.fail(error, [target]);
			} else if (isProcessing(entry) && !lastPoll) {
				stillProcessing.push(target);
			} else {
				results.add(displayJson(target, entry, issuedAt, checkFitFor), target.requesters);
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
function displayJson(
	target: Target,
	entry: IDataObject,
	issuedAt: number,
	checkFitFor: FitPlatform[],
): IDataObject {
	const view = (entry.viewUrl ?? entry) as IDataObject;
	const metadata = (entry.metadata ?? entry) as IDataObject;
	const video = (metadata.videoInfo ?? (entry.video as IDataObject | undefined)) as
		IDataObject | undefined;
	const image = metadata.imageInfo as IDataObject | undefined;
	const dimensions =
		(video?.width ? video : (video?.bestQuality as IDataObject | undefined)) ??
		video ??
		image ??
		{};
	const notProcessedYet = isProcessing(entry);
	// The same fields and verdict as Download Files gives from the file's bytes (mediaOutput.ts).
	const { fit, ...facts } = mediaJson(
		displayFacts(target.item, dimensions, !!video),
		mediaSizeOf(target.item) ?? null,
		checkFitFor,
	);
	const json: IDataObject = {
		itemId: target.itemId,
		url: notProcessedYet ? null : view.url,
		expiresAt: notProcessedYet ? null : new Date(issuedAt + URL_LIFETIME_MS).toISOString(),
		mediaType: video ? 'video' : target.item.mediaType,
		mimeType: target.item.mimeType,
		...facts,
		duration: video ? (dimensions.duration ?? null) : null,
		notProcessedYet,
		name: target.item.name,
		...postFields(target.item),
	};
	if (target.albumId) json.albumId = target.albumId;
	if (fit) json.fit = fit;
	return json;
}
