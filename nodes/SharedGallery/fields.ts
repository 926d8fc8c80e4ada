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

/** Claim Minutes: Query Items claims for this long; Posted List's Remove releases those claims. */
export function claimMinutesOption(description: string): INodeProperties {
	return {
		displayName: 'Claim Minutes',
		name: 'claimMinutes',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		description,
	};
}

/**
 * Version 2 filters pick members and albums by name. A resource locator holds one value, so
 * each filter is a list of them ("Add Member"): From List (searched on the server) or By ID,
 * where an ID, several IDs separated by commas, or an expression giving an array also fit.
 */
function locatorList(
	entry: {
		name: string;
		displayName: string;
		searchListMethod: string;
		placeholder: string;
		/**
		 * Under the field in each mode, and the empty From List field's placeholder (seen above
		 * the open list, whose "No results" n8n fixes).
		 */
		hints?: { list: string; id: string; listPlaceholder: string };
	},
	filter: { name: string; displayName: string; description: string },
): INodeProperties {
	return {
		displayName: filter.displayName,
		name: filter.name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${entry.displayName}`,
		default: {},
		description: filter.description,
		options: [
			{
				displayName: entry.displayName,
				name: `${entry.name}s`,
				values: [
					{
						displayName: entry.displayName,
						name: entry.name,
						type: 'resourceLocator',
						default: { mode: 'list', value: '' },
						modes: [
							{
								displayName: 'From List',
								name: 'list',
								type: 'list',
								typeOptions: { searchListMethod: entry.searchListMethod, searchable: true },
								...(entry.hints
									? { hint: entry.hints.list, placeholder: entry.hints.listPlaceholder }
									: {}),
							},
							{
								displayName: 'By ID',
								name: 'id',
								type: 'string',
								placeholder: entry.placeholder,
								...(entry.hints ? { hint: entry.hints.id } : {}),
							},
						],
					},
				],
			},
		],
	};
}

const member = {
	name: 'member',
	displayName: 'Member',
	searchListMethod: 'searchMembers',
	placeholder: 'e.g. 7e60dbb7-736e-4cb4-ac12-07301289fc42',
	// Wix's Members API matches the start of a field only (no "contains"): say so before "No results".
	hints: {
		list: 'Wix searches the start of a first name, last name or nickname: "oka" finds Okafor, "kafor" does not',
		id: 'A member ID, not a name. To find a member by name, choose From List',
		listPlaceholder: 'Choose, or search by the start of a name...',
	},
};

export const createdByMembers = locatorList(member, {
	name: 'createdBy',
	displayName: 'Created By',
	description: 'Only items uploaded or created by one of these members',
});

export const likedByMembers = locatorList(member, {
	name: 'likedBy',
	displayName: 'Liked By',
	description: 'Only items liked by one of these members',
});

export const taggedMembers = locatorList(member, {
	name: 'taggedBy',
	displayName: 'Tagged',
	description: 'Only items in which one of these members is tagged',
});

export const albumsFilter = locatorList(
	{
		name: 'album',
		displayName: 'Album',
		searchListMethod: 'searchAlbums',
		placeholder: 'e.g. cb38d144-c9f8-499b-b5ac-b37541a2791b',
	},
	{ name: 'albumIds', displayName: 'Albums', description: 'Only items inside one of these albums' },
);

/** Shown for node version 1 only (its saved parameters keep their shapes). */
export const VERSION_1 = { show: { '@version': [1] } };
/** Shown from node version 2 on. */
export const VERSION_2 = { show: { '@version': [{ _cnd: { gte: 2 } }] } };
