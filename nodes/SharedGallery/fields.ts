import type { INodeProperties } from 'n8n-workflow';

/** Filter fields shared by Query Items and the Trigger. */
export const albumIdsFilter: INodeProperties = {
	displayName: 'Album Names or IDs',
	name: 'albumIds',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getAlbums' },
	default: [],
	description:
		'Only items inside one of these albums. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const createdByFilter: INodeProperties = {
	displayName: 'Created By (Member IDs)',
	name: 'createdBy',
	type: 'string',
	default: '',
	placeholder: 'e.g. 7e60dbb7-736e-4cb4-ac12-07301289fc42',
	description:
		'Only items uploaded or created by one of these members. Comma- or newline-separated, or an expression that returns an array.',
};

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: false,
	description:
		'Whether to return a flat version of each item (ID, name, type, media type, MIME type, uploader, counts, size and preview URL) instead of the full API object',
};
