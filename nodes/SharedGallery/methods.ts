import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { QUERY_PATH } from './endpoints';
import { normalizeItem } from './items';
import { apiPaginate } from './transport';

/** The album picker: the site's albums, by name. */
export async function getAlbums(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const raw = await apiPaginate.call(
		this,
		QUERY_PATH,
		{
			filter: { itemTypes: ['ALBUM'] },
			sort: { field: 'NAME', order: 'ASC' },
		},
		{},
	);
	return raw.map(normalizeItem).map((album) => {
		const count = (album.albumInfo as { childrenCount?: number } | undefined)?.childrenCount;
		return {
			name: album.name || album.id,
			value: album.id,
			description: count === undefined ? undefined : `${count} item${count === 1 ? '' : 's'}`,
		};
	});
}
