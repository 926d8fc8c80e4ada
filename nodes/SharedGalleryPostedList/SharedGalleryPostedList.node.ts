import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { parseIds } from '../SharedGallery/ids';
import { listName, PostedList } from '../SharedGallery/posted';
import { asNodeError } from '../SharedGallery/transport';
import { collection, number, oneOf } from '../SharedGallery/validate';
import { postedListProperties } from './description';

type Operation = 'add' | 'check' | 'clear' | 'remove';

interface Request {
	itemIndex: number;
	list: string;
	ids: string[];
	claimMs: number;
}

export class SharedGalleryPostedList implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Shared Gallery Posted List',
		name: 'sharedGalleryPostedList',
		icon: {
			light: 'file:../../icons/sharedGallery.svg',
			dark: 'file:../../icons/sharedGallery.dark.svg',
		},
		group: ['transform'],
		usableAsTool: true,
		version: 1,
		subtitle:
			'={{$parameter["operation"] + ($parameter["listName"] ? ": " + $parameter["listName"] : "")}}',
		description:
			"Remember which gallery items were posted, so Query Items' Not In Posted List never offers them again",
		defaults: { name: 'Shared Gallery Posted List' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: postedListProperties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const inputs = this.getInputData();
		const node = this.getNode();
		const operation = oneOf<Operation>(node, this.getNodeParameter('operation', 0), 'Operation', [
			'add',
			'check',
			'clear',
			'remove',
		]);
		const output = (itemIndex: number, json: IDataObject): INodeExecutionData => ({
			json: { ...inputs[itemIndex].json, ...json },
			...(inputs[itemIndex].binary ? { binary: inputs[itemIndex].binary } : {}),
			pairedItem: { item: itemIndex },
		});

		if (operation === 'clear') {
			try {
				await new PostedList(this.helpers, node, '').clearWorkflow();
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(node, error, { itemIndex: 0 });
				return [inputs.map((_, i) => output(i, errorFields(error)))];
			}
			return [inputs.map((_, i) => output(i, { cleared: true }))];
		}

		// Every item's parameters are checked before the store is touched.
		const results: Array<IDataObject | undefined> = inputs.map(() => undefined);
		const requests: Request[] = [];
		for (let itemIndex = 0; itemIndex < inputs.length; itemIndex++) {
			try {
				requests.push(readRequest(this, operation, itemIndex));
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(node, error, { itemIndex });
				results[itemIndex] = errorFields(error);
			}
		}

		// One store call per list and operation for all the items that name it.
		const byList = new Map<string, Request[]>();
		for (const request of requests) {
			const key = `${request.list}\u0000${request.claimMs}`;
			byList.set(key, [...(byList.get(key) ?? []), request]);
		}
		for (const group of byList.values()) {
			const { list: name, claimMs, itemIndex } = group[0];
			const list = new PostedList(this.helpers, node, name, itemIndex);
			const ids = [...new Set(group.flatMap((request) => request.ids))];
			try {
				const answer = await runOperation(list, operation, ids, claimMs);
				for (const request of group) results[request.itemIndex] = answer(request.ids);
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(node, error, { itemIndex });
				for (const request of group) results[request.itemIndex] = errorFields(error);
			}
		}
		return [results.map((json, itemIndex) => output(itemIndex, json ?? {}))];
	}
}

/** An error item's fields, as the other nodes give them: the message and, when it has one, what to do. */
function errorFields(error: unknown): IDataObject {
	const { message, description } = error as { message: string; description?: unknown };
	return { error: message, ...(typeof description === 'string' ? { description } : {}) };
}

function readRequest(context: IExecuteFunctions, operation: Operation, itemIndex: number): Request {
	const node = context.getNode();
	const list = listName(
		node,
		context.getNodeParameter('listName', itemIndex),
		'List Name',
		itemIndex,
	);
	const ids = parseIds(
		node,
		context.getNodeParameter('itemIds', itemIndex),
		'Item IDs',
		itemIndex,
		{
			required: true,
		},
	);
	let claimMs = 0;
	if (operation !== 'check') {
		const options = collection(
			node,
			context.getNodeParameter('options', itemIndex, {}),
			'Options',
			itemIndex,
		);
		claimMs = number(node, options.claimMinutes ?? 60, 'Claim Minutes', itemIndex) * 60_000;
	}
	return { itemIndex, list, ids, claimMs };
}

/** Runs the operation for all the IDs of one list; gives each input item's fields. */
async function runOperation(
	list: PostedList,
	operation: Exclude<Operation, 'clear'>,
	ids: string[],
	claimMs: number,
): Promise<(ids: string[]) => IDataObject> {
	if (operation === 'add') {
		const added = await list.add(ids, claimMs, Date.now());
		// An ID several items name was added once: by the first of them.
		const credited = new Set<string>();
		return (mine) => {
			const addedHere = mine.filter((id) => added.has(id) && !credited.has(id));
			for (const id of addedHere) credited.add(id);
			return {
				postedList: list.name,
				addedIds: addedHere,
				alreadyPostedIds: mine.filter((id) => !addedHere.includes(id)),
			};
		};
	}
	if (operation === 'remove') {
		await list.remove(ids, claimMs, Date.now());
		return (mine) => ({ postedList: list.name, removedIds: mine });
	}
	const posted = await list.posted(ids);
	return (mine) => ({
		postedList: list.name,
		posted: mine.every((id) => posted.has(id)),
		postedIds: mine.filter((id) => posted.has(id)),
		notPostedIds: mine.filter((id) => !posted.has(id)),
	});
}
