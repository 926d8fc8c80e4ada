import type { INodeProperties } from 'n8n-workflow';

import { claimMinutesOption } from '../SharedGallery/fields';

const ON_A_LIST = { show: { operation: ['add', 'check', 'remove'] } };

export const postedListProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Add',
				value: 'add',
				description: 'Confirm items as posted: Query Items skips them from now on',
				action: 'Add items to a posted list',
			},
			{
				name: 'Check',
				value: 'check',
				description: 'Mark each input item with whether its items are posted',
				action: 'Check items against a posted list',
			},
			{
				name: 'Clear All Lists of This Workflow',
				value: 'clear',
				description:
					"Empty every posted list of this workflow, and its claims. n8n's store can only clear a whole workflow.",
				action: 'Clear all posted lists of this workflow',
			},
			{
				name: 'Remove',
				value: 'remove',
				description: 'Make items available again, their claims included',
				action: 'Remove items from a posted list',
			},
		],
		default: 'add',
	},
	{
		displayName:
			'Clears every posted list of this workflow, and any Remove Duplicates history kept with scope "Workflow". Lists of other workflows stay.',
		name: 'clearNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['clear'] } },
	},
	{
		displayName: 'List Name',
		name: 'listName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. instagram',
		description:
			"The list, as Query Items' Not In Posted List names it. Lists belong to the workflow: the same name in another workflow is another list.",
		displayOptions: ON_A_LIST,
	},
	{
		displayName: 'Item IDs',
		name: 'itemIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7e60dbb7-736e-4cb4-ac12-07301289fc42',
		description:
			"The gallery item IDs: comma- or newline-separated, or an expression that returns an array. After a node that posts, the current item is that node's answer: take the IDs from the Query Items or Get Download node's item.",
		displayOptions: ON_A_LIST,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { operation: ['add', 'remove'] } },
		options: [
			claimMinutesOption(
				'The Claim Minutes of the Query Items node that claims on this list: Add and Remove drop its claims on the items too (0: none)',
			),
		],
	},
];
