import type { INodeProperties } from 'n8n-workflow';

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Trigger On',
		name: 'event',
		type: 'options',
		options: [
			{ name: 'New Media', value: 'newMedia', description: 'A member uploaded a photo, video or GIF' },
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
				displayName: 'Album Names or IDs',
				name: 'albumIds',
				type: 'multiOptions',
				typeOptions: { loadOptionsMethod: 'getAlbums' },
				default: [],
				description:
					'Only media uploaded into one of these albums. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
				displayOptions: { show: { '/event': ['newMedia'] } },
			},
			{
				displayName: 'Created By (Member IDs)',
				name: 'createdBy',
				type: 'string',
				default: '',
				description: 'Only items uploaded or created by one of these members, comma-separated',
			},
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
				description: 'Emit at most this many items per poll, oldest first; the rest follow on the next poll',
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: false,
				description: 'Whether to return the same flat shape as Query Items\' Simplify option',
			},
		],
	},
];
