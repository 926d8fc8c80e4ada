import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPairedItemData,
	type NodeApiError,
} from 'n8n-workflow';

import { safeBaseName } from '../SharedGallery/names';
import { parseIds } from '../SharedGallery/ids';
import { fileExtensionOf, type GalleryItem } from '../SharedGallery/items';
import { extensionOf } from '../SharedGallery/media';
import { getAlbumMedia, getItemsByIds } from '../SharedGallery/query';
import { asNodeError, localError, type Pace } from '../SharedGallery/transport';

/** One gallery media item to deliver, and the input items that asked for it. */
export interface Target {
	itemId: string;
	item: GalleryItem;
	/** Set when the media was asked for through its album. */
	albumId?: string;
	requesters: number[];
}

/** Requested IDs → the input items that asked for each, in first-asked order. */
export type Requests = Map<string, number[]>;

/**
 * Output and failures of one run. Under continue-on-fail every failed ID becomes an error
 * item naming it; otherwise the first failure stops the run. Nothing is silently dropped.
 */
export class Results {
	readonly items: INodeExecutionData[] = [];

	constructor(private readonly context: IExecuteFunctions) {}

	add(json: IDataObject, requesters: number[], extra: Partial<INodeExecutionData> = {}): void {
		this.items.push({ json, pairedItem: paired(requesters), ...extra });
	}

	/** The output in input-item order (stable), however the downloads were batched. */
	inInputOrder(): INodeExecutionData[] {
		const first = (item: INodeExecutionData) =>
			(item.pairedItem as IPairedItemData[])[0]?.item ?? 0;
		return this.items
			.map((item, index) => ({ item, index }))
			.sort((a, b) => first(a.item) - first(b.item) || a.index - b.index)
			.map(({ item }) => item);
	}

	fail(
		error: NodeApiError | NodeOperationError,
		failed: Array<{ itemId: string; requesters: number[] }>,
	): void {
		if (!this.context.continueOnFail()) throw error;
		for (const { itemId, requesters } of failed) {
			this.add(
				{
					error: error.message,
					itemId,
					...(error.description ? { description: error.description } : {}),
				},
				requesters,
			);
		}
	}
}

/** Where a download's output goes: the run's Results, or an archive's StagedResults. */
export type Outcomes = Pick<Results, 'add' | 'fail'>;

/**
 * One archive's output while archives are read side by side: held until the archives before it
 * are in, then added in order. A failure is raised (or becomes error items) at that point too.
 */
export class StagedResults implements Outcomes {
	private readonly steps: Array<(results: Results) => void> = [];

	add(json: IDataObject, requesters: number[], extra: Partial<INodeExecutionData> = {}): void {
		this.steps.push((results) => results.add(json, requesters, extra));
	}

	fail(
		error: NodeApiError | NodeOperationError,
		failed: Array<{ itemId: string; requesters: number[] }>,
	): void {
		this.steps.push((results) => results.fail(error, failed));
	}

	commitTo(results: Results): void {
		for (const step of this.steps) step(results);
	}
}

export function paired(requesters: number[]): IPairedItemData[] {
	return requesters.map((item) => ({ item }));
}

/**
 * Reads `itemIds` of every input item, before any request. With `perInput`, each input
 * item is its own group; otherwise all IDs form one group.
 */
export function collectRequests(
	context: IExecuteFunctions,
	results: Results,
	perInput: boolean,
): Requests[] {
	const groups: Requests[] = [];
	const all: Requests = new Map();
	context.getInputData().forEach((_, itemIndex) => {
		let ids: string[];
		try {
			ids = parseIds(
				context.getNode(),
				context.getNodeParameter('itemIds', itemIndex),
				'Item IDs',
				itemIndex,
				{
					required: true,
				},
			);
		} catch (error) {
			if (!context.continueOnFail()) throw asNodeError(context.getNode(), error, { itemIndex });
			results.add({ error: (error as Error).message }, [itemIndex]);
			return;
		}
		const group = perInput ? new Map<string, number[]>() : all;
		for (const id of ids) group.set(id, [...(group.get(id) ?? []), itemIndex]);
		if (perInput && group.size) groups.push(group);
	});
	if (!perInput && all.size) groups.push(all);
	return groups;
}

/** IDs → media targets: metadata fetched, albums expanded to their media, missing IDs failed. */
export async function resolveTargets(
	this: IExecuteFunctions,
	requests: Requests,
	results: Results,
	{ timeoutMs, pace, parallel }: { timeoutMs?: number; pace?: Pace; parallel?: number } = {},
): Promise<Target[]> {
	const ids = [...requests.keys()];
	const itemIndex = requests.get(ids[0])?.[0] ?? 0;
	const failAll = (error: NodeApiError | NodeOperationError, which: string[]) =>
		results.fail(
			error,
			which.map((itemId) => ({ itemId, requesters: requests.get(itemId) ?? [] })),
		);

	let found: Map<string, GalleryItem>;
	try {
		found = await getItemsByIds.call(this, ids, {
			itemIndex,
			timeoutMs,
			pace,
			parallel,
			fieldset: ['Profiles'],
		});
	} catch (error) {
		failAll(asNodeError(this.getNode(), error, { itemIndex, itemIds: ids }), ids);
		return [];
	}

	const targets = new Map<string, Target>();
	const add = (target: Target) => {
		const existing = targets.get(target.itemId);
		if (!existing) targets.set(target.itemId, target);
		else
			existing.requesters = [...new Set([...existing.requesters, ...target.requesters])].sort(
				(a, b) => a - b,
			);
	};
	for (const id of ids) {
		const requesters = requests.get(id)!;
		const item = found.get(id);
		if (!item) {
			// The API answered, without this item: no HTTP status failed, so none is given.
			const description =
				"Check that the ID exists in this site's Shared Gallery, and that the credential is for that site.";
			failAll(
				localError(this.getNode(), `Item ${id} was not found in the gallery`, description, {
					itemIndex: requesters[0],
				}),
				[id],
			);
			continue;
		}
		if (item.mediaType !== 'album') {
			add({ itemId: id, item, requesters });
			continue;
		}
		let media: GalleryItem[];
		try {
			media = await getAlbumMedia.call(this, id, {
				itemIndex: requesters[0],
				timeoutMs,
				pace,
				fieldset: ['Profiles'],
			});
		} catch (error) {
			failAll(asNodeError(this.getNode(), error, { itemIndex: requesters[0], itemIds: [id] }), [
				id,
			]);
			continue;
		}
		if (media.length === 0) {
			failAll(
				new NodeOperationError(this.getNode(), `Album ${id} ("${item.name}") has no media`, {
					itemIndex: requesters[0],
				}),
				[id],
			);
		}
		for (const child of media) add({ itemId: child.id, item: child, albumId: id, requesters });
	}
	return [...targets.values()];
}

/** The name a target's file gets: the item's upload name, made safe, with its extension. */
export function fileNameOf(target: Target): string {
	const extension = fileExtensionOf(target.item);
	let name = safeBaseName(target.item.name) || target.itemId;
	if (extension && extensionOf(name) !== extension) name = `${name}.${extension}`;
	return name;
}

export function nameKey(name: string): string {
	return name.normalize('NFC').toLowerCase();
}

/**
 * Targets in batches of `size`, except those whose file names collide (two members'
 * IMG_0001.jpg): the server may rename those inside an archive, so each is fetched alone. Never guess.
 */
export function batchesByName(targets: Target[], size: number): Target[][] {
	const byName = new Map<string, Target[]>();
	for (const target of targets) {
		const key = nameKey(fileNameOf(target));
		byName.set(key, [...(byName.get(key) ?? []), target]);
	}
	const shared = targets.filter((t) => byName.get(nameKey(fileNameOf(t)))!.length > 1);
	const distinct = targets.filter((t) => !shared.includes(t));
	const batches: Target[][] = [];
	for (let start = 0; start < distinct.length; start += size) {
		batches.push(distinct.slice(start, start + size));
	}
	for (const target of shared) batches.push([target]);
	return batches;
}
