import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { QUERY_PATH } from '../SharedGallery/endpoints';
import { simplifyItem, normalizeItem, type GalleryItem } from '../SharedGallery/items';
import { searchAlbums, searchMembers } from '../SharedGallery/listSearch';
import { failUnknownMembers } from '../SharedGallery/memberCheck';
import { getAlbums } from '../SharedGallery/methods';
import { buildFilter, FIELDSETS, getItemsByIds, SORT_FIELDS } from '../SharedGallery/query';
import { givingBackOnFailure, keepUnposted, PostedList } from '../SharedGallery/posted';
import { apiPaginate, asNodeError } from '../SharedGallery/transport';
import { boolean, collection, enumList, oneOf, wholeNumber } from '../SharedGallery/validate';
import {
	LOCAL_FILTER_NAMES,
	readLocalFilters,
	runLocalQuery,
	type LocalFilters,
} from '../SharedGallery/window';
import { queryItemsProperties } from './description';

/** "by Like Count, descending": the sort in words, as the Sort By and Sort Order options name it. */
const SORT_NAMES = JSON.stringify(
	Object.fromEntries(SORT_FIELDS.map((field) => [field.value, field.name])),
);
const SUBTITLE = `={{"by " + (${SORT_NAMES}[$parameter["sortField"]] ?? $parameter["sortField"]) + ", " + ($parameter["sortOrder"] === "ASC" ? "ascending" : "descending")}}`;

interface QueryPlan {
	filter: IDataObject;
	sort: { field: string; order: 'ASC' | 'DESC' };
	/** Date window and posted list, applied here (the API has neither). */
	local?: LocalFilters;
	fieldset: string[];
	limit?: number;
	simplify: boolean;
}

export class SharedGalleryQueryItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shared Gallery Query Items',
		name: 'sharedGalleryQueryItems',
		icon: {
			light: 'file:../../icons/sharedGallery.svg',
			dark: 'file:../../icons/sharedGallery.dark.svg',
		},
		group: ['input'],
		// Version 2: members and albums picked by name (version 1: IDs typed as text).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: SUBTITLE,
		description:
			'Find photos, videos, GIFs and albums in a Wix Shared Gallery, filtered by uploader, likes, tags, album, ID, date or what was already posted, and sorted by likes, views, date and more',
		defaults: { name: 'Shared Gallery Query Items' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sharedGalleryApi', required: true }],
		properties: queryItemsProperties,
	};

	methods = {
		loadOptions: { getAlbums },
		listSearch: { searchAlbums, searchMembers },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const inputs = this.getInputData();
		const output: INodeExecutionData[] = [];
		// Every item's parameters are checked before the first request.
		const plans = inputs.map((_, itemIndex) => {
			try {
				return readPlan(this, itemIndex);
			} catch (error) {
				if (this.continueOnFail()) return error as Error;
				throw asNodeError(this.getNode(), error, { itemIndex });
			}
		});
		await failUnknownMembers.call(this, plans);

		for (let itemIndex = 0; itemIndex < inputs.length; itemIndex++) {
			const plan = plans[itemIndex];
			const pairedItem = { item: itemIndex };
			if (plan instanceof Error) {
				output.push({ json: { error: plan.message }, pairedItem });
				continue;
			}
			try {
				const { items, missing } = await runQuery.call(this, plan, itemIndex);
				for (const item of items) {
					output.push({ json: plan.simplify ? simplifyItem(item) : item, pairedItem });
				}
				if (missing.length) {
					const error = new NodeOperationError(
						this.getNode(),
						`Not found: ${missing.length} of the requested item IDs (${missing.join(', ')})`,
						{
							itemIndex,
							description: 'These IDs are not in the gallery, or the other filters exclude them.',
						},
					);
					if (!this.continueOnFail()) throw error;
					for (const itemId of missing) {
						output.push({ json: { error: `Item ${itemId} was not found`, itemId }, pairedItem });
					}
				}
			} catch (error) {
				if (this.continueOnFail()) {
					output.push({ json: { error: (error as Error).message }, pairedItem });
					continue;
				}
				throw asNodeError(this.getNode(), error, { itemIndex });
			}
		}
		return [output];
	}
}

function readPlan(context: IExecuteFunctions, itemIndex: number): QueryPlan {
	const node = context.getNode();
	const returnAll = boolean(
		node,
		context.getNodeParameter('returnAll', itemIndex, false),
		'Return All',
		itemIndex,
	);
	const limit = returnAll
		? undefined
		: wholeNumber(node, context.getNodeParameter('limit', itemIndex, 50), 'Limit', itemIndex);
	const filters = collection(
		node,
		context.getNodeParameter('filters', itemIndex, {}),
		'Filters',
		itemIndex,
	);
	const apiFilters = { ...filters };
	for (const name of LOCAL_FILTER_NAMES) delete apiFilters[name];
	const filter = buildFilter(node, apiFilters, itemIndex);
	const sortFields = SORT_FIELDS.map((field) => field.value);
	const sortField = oneOf(
		node,
		context.getNodeParameter('sortField', itemIndex, 'CREATED_DATE'),
		'Sort By',
		sortFields,
		itemIndex,
	);
	const sortOrder = oneOf(
		node,
		context.getNodeParameter('sortOrder', itemIndex, 'DESC'),
		'Sort Order',
		['ASC', 'DESC'],
		itemIndex,
	);
	const options = collection(
		node,
		context.getNodeParameter('options', itemIndex, {}),
		'Options',
		itemIndex,
	);
	const chosen =
		options.fieldset === undefined
			? []
			: enumList(node, options.fieldset, 'Options → Fieldset', FIELDSETS, itemIndex);
	// Profiles always: every item carries creditName, the uploader's name if public.
	const fieldset = FIELDSETS.filter((name) => name === 'Profiles' || chosen.includes(name));
	const simplify = boolean(node, options.simplify ?? false, 'Simplify', itemIndex);
	const local = readLocalFilters(node, filters, options, itemIndex, context.getTimezone());
	const sort = { field: sortField, order: sortOrder };
	return { filter, sort, local, fieldset, limit, simplify };
}

async function runQuery(
	this: IExecuteFunctions,
	plan: QueryPlan,
	itemIndex: number,
): Promise<{ items: GalleryItem[]; missing: string[] }> {
	const requested = plan.filter.itemIds as string[] | undefined;
	if (requested) {
		// With item IDs the API ignores sort and paging: return exactly those, in the order asked.
		const others = { ...plan.filter };
		delete others.itemIds;
		const found = await getItemsByIds.call(this, requested, {
			itemIndex,
			fieldset: plan.fieldset,
			filter: others,
		});
		return {
			items: requested.filter((id) => found.has(id)).map((id) => found.get(id)!),
			missing: requested.filter((id) => !found.has(id)),
		};
	}
	if (plan.local) {
		const { postedList, claimMinutes, ...window } = plan.local;
		const list = postedList && new PostedList(this.helpers, this.getNode(), postedList, itemIndex);
		const claimMs = claimMinutes * 60_000;
		const run = async (held: string[]) =>
			await runLocalQuery.call(this, {
				...window,
				filter: plan.filter,
				fieldset: plan.fieldset,
				sort: plan.sort,
				limit: plan.limit,
				keep: list ? keepUnposted(list, claimMs, held) : undefined,
				itemIndex,
			});
		const items = list ? await givingBackOnFailure(list, claimMs, run) : await run([]);
		return { items, missing: [] };
	}
	const body: IDataObject = { filter: plan.filter, sort: plan.sort };
	if (plan.fieldset.length) body.fieldset = plan.fieldset;
	const raw = await apiPaginate.call(this, QUERY_PATH, body, { limit: plan.limit, itemIndex });
	return { items: raw.map(normalizeItem), missing: [] };
}
