import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { simplifyItem } from '../SharedGallery/items';
import { extensionOf, mimeTypeFor } from '../SharedGallery/media';
import {
	readArchiveStream,
	readWholeBody,
	type Scratch,
	type Budget,
} from '../SharedGallery/unzip';
import { entryError, oneFileError, storageError } from './failures';
import type { DownloadSettings } from './settings';
import type { Body } from './streamBody';
import { fileNameOf, nameKey, type Outcomes, type Target } from './targets';

/** What reading one body needs: the run's context, output, caps, reused memory and settings. */
export interface StreamState {
	context: IExecuteFunctions;
	results: Outcomes;
	budget: Budget;
	scratch: Scratch;
	settings: DownloadSettings;
}

/** A file read and stored in n8n's binary data, not yet part of the output. */
interface Prepared {
	json: IDataObject;
	binary: INodeExecutionData['binary'];
}

/**
 * One pass over the archive. Files become output only once the whole archive has been read
 * and its central directory agrees with every entry: until then a file could turn out to
 * share its name with a later entry, or the archive to contradict itself.
 */
export async function extractArchive(
	state: StreamState,
	body: Body,
	pending: Map<string, Target>,
): Promise<Target[]> {
	const seen = new Map<string, number>();
	const prepared = new Map<string, Prepared>();
	const problems = new Map<string, string>();
	const refused = new Map<string, { error: unknown; size: number }>();
	for await (const entry of readArchiveStream(body, state.budget, state.scratch)) {
		const key = nameKey(entry.name);
		const count = (seen.get(key) ?? 0) + 1;
		seen.set(key, count);
		const target = pending.get(key);
		if (!target || count > 1) continue;
		if (entry.problem) {
			problems.set(key, entry.problem);
			continue;
		}
		const data = await entry.read(sizeOf(target));
		// Stored (awaited) before the next entry reuses the memory. A storage refusal fails
		// this file alone.
		await prepareFile(state, target, data).then(
			(ready) => prepared.set(key, ready),
			(error: unknown) => refused.set(key, { error, size: data.length }),
		);
	}
	for (const [key, target] of pending) {
		if (seen.get(key)! > 1) continue;
		const problem = problems.get(key);
		const ready = prepared.get(key);
		const refusal = refused.get(key);
		if (problem) state.results.fail(entryError(state.context, target, problem), [target]);
		else if (refusal)
			state.results.fail(storageError(state.context, target, refusal.error, refusal.size), [
				target,
			]);
		else if (ready) state.results.add(ready.json, target.requesters, { binary: ready.binary });
		else continue;
		pending.delete(key);
	}
	return [...pending.values()];
}

/** `archived: false`: the body is the one file itself. */
export async function singleFile(
	state: StreamState,
	body: Body,
	targets: Target[],
	length: number | undefined,
): Promise<Target[]> {
	if (targets.length !== 1) {
		body.destroy?.();
		state.results.fail(oneFileError(state.context, targets), targets);
		return [];
	}
	const target = targets[0];
	const name = fileNameOf(target);
	state.budget.takeFile(name);
	if (length !== undefined) state.budget.reserve(length, name);
	const data = await readWholeBody(
		body,
		name,
		state.budget,
		state.scratch,
		length ?? sizeOf(target),
	);
	state.budget.add(data.length);
	let ready: Prepared;
	try {
		ready = await prepareFile(state, target, data);
	} catch (error) {
		state.results.fail(storageError(state.context, target, error, data.length), [target]);
		return [];
	}
	state.results.add(ready.json, target.requesters, { binary: ready.binary });
	return [];
}

/** The item's size as the API gave it: a hint to allocate a file's memory once. */
function sizeOf(target: Target): number | undefined {
	const size = Number((target.item.visualMediaInfo as IDataObject | undefined)?.size);
	return Number.isSafeInteger(size) && size > 0 ? size : undefined;
}

/** One file → its binary data and its output item's JSON. */
async function prepareFile(state: StreamState, target: Target, data: Buffer): Promise<Prepared> {
	const fileName = fileNameOf(target);
	const fileExtension = extensionOf(fileName);
	const mimeType = mimeTypeFor(fileExtension);
	const binary = await state.context.helpers.prepareBinaryData(data, fileName, mimeType);
	const json: IDataObject = {
		itemId: target.itemId,
		fileName,
		mimeType,
		fileExtension,
		fileSize: data.length,
	};
	if (target.albumId) json.albumId = target.albumId;
	if (state.settings.includeItemMetadata) {
		const metadata = simplifyItem(target.item);
		for (const key of ['id', 'mimeType', 'fileExtension', 'size']) delete metadata[key];
		Object.assign(json, metadata);
	}
	return { json, binary: { [state.settings.binaryPropertyName]: binary } };
}
