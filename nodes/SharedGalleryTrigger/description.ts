import type { INodeProperties } from 'n8n-workflow';

import { albumIdsFilter, createdByFilter, simplifyOption } from '../SharedGallery/fields';

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
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				...albumIdsFilter,
				description:
					'Only media uploaded into one of these albums. ' +
					albumIdsFilter.description!.split('. ').slice(1).join('. '),
				displayOptions: { show: { '/event': ['newMedia'] } },
			},
			createdByFilter,
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
