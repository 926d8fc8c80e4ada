import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { normalizeItem, simplifyItem, type GalleryItem } from '../SharedGallery/items';
import { getAlbums } from '../SharedGallery/methods';
import { buildFilter, QUERY_PATH } from '../SharedGallery/query';
import { apiRequest } from '../SharedGallery/transport';
import { triggerProperties } from './description';
import { advance, isNew, type PollState } from './state';

const PAGE_SIZE = 100;
/** A poll walks at most this many items back in time before it gives up looking. */
const MAX_WALK = 10_000;

export class SharedGalleryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shared Gallery Trigger',
		name: 'sharedGalleryTrigger',
		icon: { light: 'file:../../icons/sharedGallery.svg', dark: 'file:../../icons/sharedGallery.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"] === "newAlbum" ? "New album" : "New media"}}',
		description: 'Starts the workflow when members upload new media, or an album is created, in a Wix Shared Gallery',
		defaults: { name: 'Shared Gallery Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sharedGalleryApi', required: true }],
		properties: triggerProperties,
	};

	methods = { loadOptions: { getAlbums } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event', 'newMedia') as string;
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const maxItems = Number(options.maxItemsPerPoll ?? 100);
		if (!Number.isInteger(maxItems) || maxItems < 1) {
			throw new NodeOperationError(this.getNode(), 'Max Items per Poll must be a whole number of at least 1');
		}
		const filter = {
			...buildFilter(this.getNode(), filters, 0),
			itemTypes: [event === 'newAlbum' ? 'ALBUM' : 'VISUAL_MEDIA'],
		};
		const shape = (item: GalleryItem) => ({ json: options.simplify ? simplifyItem(item) : item });
		const state = this.getWorkflowStaticData('node') as PollState;

		if (this.getMode() === 'manual') {
			// "Fetch test event": the newest matching item, so fields can be mapped.
			const [newest] = await page.call(this, filter, undefined, 1);
			return newest.length ? [[shape(newest[0])]] : null;
		}
		if (state.highWaterMark === undefined) {
			// First activation: remember where the gallery is now; emit nothing.
			const [newest] = await page.call(this, filter, undefined, PAGE_SIZE);
			Object.assign(state, advance({}, newest.slice().reverse(), true));
			return null;
		}

		const fresh: GalleryItem[] = [];
		let cursor: string | undefined;
		const seenCursors = new Set<string>();
		walk: for (let walked = 0; walked < MAX_WALK; ) {
			const [items, next] = await page.call(this, filter, cursor, PAGE_SIZE);
			for (const item of items) {
				walked++;
				const verdict = isNew(state, item);
				if (verdict === 'older') break walk;
				if (verdict === 'new') fresh.push(item);
			}
			if (!next || seenCursors.has(next) || items.length === 0) break;
			seenCursors.add(next);
			cursor = next;
		}
		if (!fresh.length) return null;
		// Oldest first; what is over the cap follows on the next poll.
		const emitted = fresh.reverse().slice(0, maxItems);
		Object.assign(state, advance(state, emitted));
		return [emitted.map(shape)];
	}
}

/** One page, newest first. */
async function page(
	this: IPollFunctions,
	filter: IDataObject,
	cursor: string | undefined,
	limit: number,
): Promise<[GalleryItem[], string | undefined]> {
	const paging: IDataObject = { limit };
	if (cursor) paging.cursor = cursor;
	const body = { filter, sort: { field: 'CREATED_DATE', order: 'DESC' }, paging, fieldset: ['Profiles'] };
	const answer = await apiRequest.call(this, 'POST', QUERY_PATH, body);
	const items = ((answer.items as IDataObject[] | undefined) ?? []).map(normalizeItem);
	const metadata = (answer.metadata ?? {}) as IDataObject;
	const next = (metadata.cursor ?? metadata.nextCursor) as string | undefined;
	return [items, next || undefined];
}
