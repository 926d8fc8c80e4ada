import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { QUERY_PATH } from '../SharedGallery/endpoints';
import { normalizeItem, simplifyItem, type GalleryItem } from '../SharedGallery/items';
import { searchAlbums, searchMembers } from '../SharedGallery/listSearch';
import { assertMembersExist } from '../SharedGallery/memberCheck';
import { getAlbums } from '../SharedGallery/methods';
import { buildFilter } from '../SharedGallery/query';
import { apiPaginate } from '../SharedGallery/transport';
import { boolean, collection, oneOf, wholeNumber } from '../SharedGallery/validate';
import { triggerProperties } from './description';
import { advance, isNew, type PollState } from './state';

const PAGE_SIZE = 100;
/** A poll walks at most this many items back in time before it gives up looking. */
const MAX_WALK = 10_000;

export class SharedGalleryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shared Gallery Trigger',
		name: 'sharedGalleryTrigger',
		icon: {
			light: 'file:../../icons/sharedGallery.svg',
			dark: 'file:../../icons/sharedGallery.dark.svg',
		},
		group: ['trigger'],
		// Version 2: members and albums picked by name (version 1: IDs typed as text).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["event"] === "newAlbum" ? "New album" : "New media"}}',
		description:
			'Starts the workflow when members upload new media, or an album is created, in a Wix Shared Gallery',
		defaults: { name: 'Shared Gallery Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sharedGalleryApi', required: true }],
		properties: triggerProperties,
	};

	methods = {
		loadOptions: { getAlbums },
		listSearch: { searchAlbums, searchMembers },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const event = oneOf(node, this.getNodeParameter('event', 'newMedia'), 'Trigger On', [
			'newMedia',
			'newAlbum',
		]);
		const filters = collection(node, this.getNodeParameter('filters', {}), 'Filters');
		const options = collection(node, this.getNodeParameter('options', {}), 'Options');
		const maxItems = wholeNumber(node, options.maxItemsPerPoll ?? 100, 'Max Items per Poll');
		const simplify = boolean(node, options.simplify ?? false, 'Simplify');
		const filter = {
			...buildFilter(node, filters, 0),
			itemTypes: [event === 'newAlbum' ? 'ALBUM' : 'VISUAL_MEDIA'],
		};
		const shape = (item: GalleryItem) => ({ json: simplify ? simplifyItem(item) : item });
		const state = this.getWorkflowStaticData('node') as PollState;
		// Members typed By ID are checked when the trigger is tried and when it is activated.
		if (this.getMode() === 'manual' || state.highWaterMark === undefined)
			await assertMembersExist.call(this, filters);

		if (this.getMode() === 'manual') {
			// "Fetch test event": the newest matching item, so fields can be mapped.
			const newest = (await apiPaginate.call(this, QUERY_PATH, query(filter), { limit: 1 })).map(
				normalizeItem,
			);
			return newest.length ? [[shape(newest[0])]] : null;
		}
		if (state.highWaterMark === undefined) {
			// First activation: remember where the gallery is now; emit nothing.
			const newest = (
				await apiPaginate.call(this, QUERY_PATH, query(filter), { limit: PAGE_SIZE })
			).map(normalizeItem);
			Object.assign(state, advance({}, newest.reverse(), true));
			return null;
		}

		// Newest first, until what was already seen; a failed walk leaves the state untouched.
		const fresh = (
			await apiPaginate.call(this, QUERY_PATH, query(filter), {
				limit: MAX_WALK,
				pageSize: PAGE_SIZE,
				stop: (raw) => isNew(state, normalizeItem(raw)) === 'older',
			})
		)
			.map(normalizeItem)
			.filter((item) => isNew(state, item) === 'new');
		if (!fresh.length) return null;
		// Oldest first; what is over the cap follows on the next poll.
		const emitted = fresh.reverse().slice(0, maxItems);
		Object.assign(state, advance(state, emitted));
		return [emitted.map(shape)];
	}
}

/** The trigger's query: newest first, with the uploader's profile. */
function query(filter: IDataObject): IDataObject {
	return { filter, sort: { field: 'CREATED_DATE', order: 'DESC' }, fieldset: ['Profiles'] };
}
