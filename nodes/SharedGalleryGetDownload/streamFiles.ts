import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mediaSizeOf, postFields, simplifyItem } from '../SharedGallery/items';
import { extensionOf, MediaProbe, mimeTypeFor } from '../SharedGallery/media';
import { readArchiveStream, wholeBody, type Budget } from '../SharedGallery/unzip';
import { FileBody } from './fileBody';
import { entryError, oneFileError, storageError } from './failures';
import { mediaJson } from './mediaOutput';
import type { DownloadSettings } from './settings';
import type { Body } from './streamBody';
import { fileNameOf, nameKey, type Outcomes, type Target } from './targets';

/** What reading one body needs: the run's context, output, caps and settings. */
export interface StreamState {
	context: IExecuteFunctions;
	results: Outcomes;
	budget: Budget;
	settings: DownloadSettings;
}

/** A file read and stored in n8n's binary data, not yet part of the output. */
interface Prepared {
	json: IDataObject;
	binary: INodeExecutionData['binary'];
	size: number;
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
	for await (const entry of readArchiveStream(body, state.budget)) {
		const key = nameKey(entry.name);
		const count = (seen.get(key) ?? 0) + 1;
		seen.set(key, count);
		const target = pending.get(key);
		if (!target || count > 1) continue;
		if (entry.problem) {
			problems.set(key, entry.problem);
			continue;
		}
		// Stored as it is read, awaited before the next entry. A storage refusal fails this file
		// alone; an error of the archive is thrown by its next step.
		const stored = await storeFile(state, target, entry.bytes());
		if ('refused' in stored) refused.set(key, stored.refused);
		else prepared.set(key, stored);
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
	const stored = await storeFile(state, target, wholeBody(body, name, state.budget));
	if ('refused' in stored) {
		// The store may have stopped reading before the end: the rest is not wanted.
		body.destroy?.();
		state.results.fail(
			storageError(state.context, target, stored.refused.error, stored.refused.size),
			[target],
		);
		return [];
	}
	state.budget.add(stored.size);
	state.results.add(stored.json, target.requesters, { binary: stored.binary });
	return [];
}

/**
 * One file, stored in n8n's binary data as its bytes arrive → its output item's JSON. The
 * store's own refusal (disk full, too large for the database) is returned: it fails this file
 * alone. The source's error (a break, a corrupt entry, a cap) is thrown.
 */
async function storeFile(
	state: StreamState,
	target: Target,
	bytes: AsyncIterable<Buffer>,
): Promise<Prepared | { refused: { error: unknown; size: number } }> {
	const fileName = fileNameOf(target);
	const fileExtension = extensionOf(fileName);
	const mimeType = mimeTypeFor(fileExtension);
	const probe = new MediaProbe();
	const body = new FileBody(bytes, probe);
	let binary;
	try {
		binary = await state.context.helpers.prepareBinaryData(
			body.asBinarySource(),
			fileName,
			mimeType,
		);
	} catch (error) {
		if (body.sourceError) throw body.sourceError.error;
		// The store may stop partway: the file's size is the API's, when it gives one.
		return { refused: { error, size: Math.max(body.bytes, mediaSizeOf(target.item) ?? 0) } };
	}
	// Read from the file's own header as it passed; the fit goes last, after the metadata.
	const { fit, ...facts } = mediaJson(probe.finish(), body.bytes, state.settings.checkFitFor);
	const json: IDataObject = {
		itemId: target.itemId,
		fileName,
		mimeType,
		fileExtension,
		fileSize: body.bytes,
		...facts,
	};
	if (target.albumId) json.albumId = target.albumId;
	if (state.settings.includeItemMetadata) {
		const metadata = simplifyItem(target.item);
		for (const key of ['id', 'mimeType', 'fileExtension', 'size']) delete metadata[key];
		Object.assign(json, metadata, postFields(target.item));
	}
	if (fit) json.fit = fit;
	return { json, binary: { [state.settings.binaryPropertyName]: binary }, size: body.bytes };
}
