import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { simplifyItem, normalizeItem, type GalleryItem } from '../SharedGallery/items';
import { sharedGalleryApiTest } from '../SharedGallery/credentialTest';
import { getAlbums } from '../SharedGallery/methods';
import { buildFilter, enumList, FIELDSETS, getItemsByIds, QUERY_PATH, SORT_FIELDS } from '../SharedGallery/query';
import { apiPaginate, asNodeError } from '../SharedGallery/transport';
import { queryItemsProperties } from './description';

interface QueryPlan {
	filter: IDataObject;
	sort: IDataObject;
	fieldset: string[];
	limit?: number;
	simplify: boolean;
}

export class SharedGalleryQueryItems implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shared Gallery Query Items',
		name: 'sharedGalleryQueryItems',
		icon: { light: 'file:../../icons/sharedGallery.svg', dark: 'file:../../icons/sharedGallery.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{"by " + $parameter["sortField"] + " " + $parameter["sortOrder"]}}',
		description:
			'Find photos, videos, GIFs and albums in a Wix Shared Gallery, filtered by uploader, likes, tags, album or ID, and sorted by likes, views, date and more',
		defaults: { name: 'Shared Gallery Query Items' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'sharedGalleryApi', required: true, testedBy: 'sharedGalleryApiTest' }],
		properties: queryItemsProperties,
	};

	methods = { loadOptions: { getAlbums }, credentialTest: { sharedGalleryApiTest } };

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
						{ itemIndex, description: 'These IDs are not in the gallery, or the other filters exclude them.' },
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
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false);
	if (typeof returnAll !== 'boolean') {
		throw new NodeOperationError(node, 'Return All must be true or false', { itemIndex });
	}
	let limit: number | undefined;
	if (!returnAll) {
		const raw = context.getNodeParameter('limit', itemIndex, 50) as unknown;
		limit = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : (raw as number);
		if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
			throw new NodeOperationError(node, `Limit must be a whole number of at least 1, got ${JSON.stringify(raw)}`, {
				itemIndex,
			});
		}
	}
	const filters = context.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) {
		throw new NodeOperationError(node, 'Filters must be a collection', { itemIndex });
	}
	const filter = buildFilter(node, filters, itemIndex);
	const [sortField] = enumList(
		node,
		[context.getNodeParameter('sortField', itemIndex, 'CREATED_DATE')],
		'Sort By',
		SORT_FIELDS.map((field) => field.value),
		itemIndex,
	);
	const [sortOrder] = enumList(node, [context.getNodeParameter('sortOrder', itemIndex, 'DESC')], 'Sort Order', ['ASC', 'DESC'], itemIndex);
	const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const fieldset = options.fieldset === undefined ? [] : enumList(node, options.fieldset, 'Options → Fieldset', FIELDSETS, itemIndex);
	const simplify = options.simplify ?? false;
	if (typeof simplify !== 'boolean') {
		throw new NodeOperationError(node, 'Simplify must be true or false', { itemIndex });
	}
	return { filter, sort: { field: sortField, order: sortOrder }, fieldset, limit, simplify };
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
		const found = await getItemsByIds.call(this, requested, { itemIndex, fieldset: plan.fieldset, filter: others });
		return {
			items: requested.filter((id) => found.has(id)).map((id) => found.get(id)!),
			missing: requested.filter((id) => !found.has(id)),
		};
	}
	const body: IDataObject = { filter: plan.filter, sort: plan.sort };
	if (plan.fieldset.length) body.fieldset = plan.fieldset;
	const raw = await apiPaginate.call(this, QUERY_PATH, body, { limit: plan.limit, itemIndex });
	return { items: raw.map(normalizeItem), missing: [] };
}
