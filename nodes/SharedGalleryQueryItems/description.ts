import type { INodeProperties } from 'n8n-workflow';

import {
	albumIdsFilter,
	albumsFilter,
	claimMinutesOption,
	createdByFilter,
	createdByMembers,
	likedByMembers,
	simplifyOption,
	taggedMembers,
	VERSION_1,
	VERSION_2,
} from '../SharedGallery/fields';
import { SORT_FIELDS } from '../SharedGallery/query';

const idsHint = 'Comma- or newline-separated, or an expression that returns an array';

const itemIdsFilter: INodeProperties = {
	displayName: 'Item IDs',
	name: 'itemIds',
	type: 'string',
	default: '',
	description: `Only these items. The API then ignores sort and limit: all of them are returned, in this order, and IDs not found are reported. ${idsHint}.`,
};

const itemTypesFilter: INodeProperties = {
	displayName: 'Item Types',
	name: 'itemTypes',
	type: 'multiOptions',
	options: [
		{ name: 'Album', value: 'ALBUM' },
		{ name: 'Visual Media (Photos, Videos, GIFs)', value: 'VISUAL_MEDIA' },
	],
	default: [],
	description: 'Only items of these types',
};

/** Filters this node applies itself, a page at a time (the API has no date or posted filter). */
const localFilters: INodeProperties[] = [
	{
		displayName: 'Created After',
		name: 'createdAfter',
		type: 'dateTime',
		default: '',
		description:
			"Only items created at or after this time, e.g. {{ $now.minus(7, 'days') }}. Pages newest first and stops at the first older item, then sorts the window here; ties newest first, then by ID.",
	},
	{
		displayName: 'Created Before',
		name: 'createdBefore',
		type: 'dateTime',
		default: '',
		description:
			"Only items created before this time (not at it). A date picked here is in the workflow's time zone.",
	},
	{
		displayName: 'Not In Posted List',
		name: 'notInPostedList',
		type: 'string',
		default: '',
		placeholder: 'e.g. instagram',
		description:
			'Skip items on this posted list (see the Shared Gallery Posted List node) or claimed by another run, before Limit applies. Items output are claimed for Claim Minutes.',
	},
];

export const queryItemsProperties: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	// Version 1: member and album IDs as text (saved workflows keep them). Version 2: picked by name.
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: VERSION_1,
		description:
			'Every filter given must match (AND); within one filter, any of the values may match (OR)',
		options: [
			albumIdsFilter,
			...localFilters,
			createdByFilter,
			itemIdsFilter,
			itemTypesFilter,
			{
				displayName: 'Liked By (Member IDs)',
				name: 'likedBy',
				type: 'string',
				default: '',
				description: `Only items liked by one of these members. ${idsHint}.`,
			},
			{
				displayName: 'Tagged (Member IDs)',
				name: 'taggedBy',
				type: 'string',
				default: '',
				description: `Only items in which one of these members is tagged. ${idsHint}.`,
			},
		],
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: VERSION_2,
		description:
			'Every filter given must match (AND); within one filter, any of the values may match (OR)',
		options: [
			albumsFilter,
			...localFilters,
			createdByMembers,
			itemIdsFilter,
			itemTypesFilter,
			likedByMembers,
			taggedMembers,
		],
	},
	{
		displayName: 'Sort By',
		name: 'sortField',
		type: 'options',
		options: [...SORT_FIELDS],
		default: 'CREATED_DATE',
		description: 'The order of the results; ties keep a stable order',
	},
	{
		displayName: 'Sort Order',
		name: 'sortOrder',
		type: 'options',
		options: [
			{ name: 'Descending', value: 'DESC', description: 'Highest, newest or Z first' },
			{ name: 'Ascending', value: 'ASC', description: 'Lowest, oldest or A first' },
		],
		default: 'DESC',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			claimMinutesOption(
				'With Not In Posted List: how long the items output stay reserved for this run (0: not reserved). A claim holds between this and twice this time, or until Posted List adds or removes the item.',
			),
			{
				displayName: 'Fieldset',
				name: 'fieldset',
				type: 'multiOptions',
				options: [
					{
						name: 'Profiles',
						value: 'Profiles',
						description: "Adds the uploader's name and picture",
					},
					{
						name: 'Recent Tagged Members',
						value: 'RecentTaggedMembers',
						description: 'Adds up to 5 most recently tagged members',
					},
				],
				default: [],
				description:
					'Extra data to include in each item. Profiles is always asked for: it gives creditName.',
			},
			{
				displayName: 'Scan Cap',
				name: 'scanCap',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description:
					'With Created After, Created Before or Not In Posted List: the most items read before the node stops with an error',
			},
			simplifyOption,
		],
	},
];
