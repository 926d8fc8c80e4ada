import type { INodeProperties } from 'n8n-workflow';

import {
	albumIdsFilter,
	albumsFilter,
	createdByFilter,
	createdByMembers,
	simplifyOption,
	VERSION_1,
	VERSION_2,
} from '../SharedGallery/fields';

const newMediaOnly = { show: { '/event': ['newMedia'] } };

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'event',
		type: 'options',
		options: [
			{
				name: 'New Media',
				value: 'newMedia',
				description: 'A member uploaded a photo, video or GIF',
			},
			{ name: 'New Album', value: 'newAlbum', description: 'An album was created' },
		],
		default: 'newMedia',
	},
	// Version 1: member and album IDs as text (saved workflows keep them). Version 2: picked by name.
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: VERSION_1,
		options: [
			{
				...albumIdsFilter,
				description:
					'Only media uploaded into one of these albums. ' +
					albumIdsFilter.description!.split('. ').slice(1).join('. '),
				displayOptions: newMediaOnly,
			},
			createdByFilter,
		],
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: VERSION_2,
		options: [
			{
				...albumsFilter,
				description: 'Only media uploaded into one of these albums',
				displayOptions: newMediaOnly,
			},
			createdByMembers,
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Items per Poll',
				name: 'maxItemsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 100,
				description:
					'Emit at most this many items per poll, oldest first; the rest follow on the next poll',
			},
			simplifyOption,
		],
	},
];
