import {
	NodeApiError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchItems,
	type INodeListSearchResult,
	type JsonObject,
} from 'n8n-workflow';

import { MEMBERS_PAGE_SIZE, MEMBERS_QUERY_PATH, QUERY_PATH } from './endpoints';
import { normalizeItem } from './items';
import { apiRequest, asNodeError, nextCursorOf } from './transport';

/** What the member picker says when the credential may not read members. */
export const MEMBERS_FORBIDDEN =
	'This credential lacks the Members permission, so members cannot be listed by name';
const MEMBERS_FORBIDDEN_HINT =
	'Give the API key (or the app) the "Read Members" permission in Wix, or choose "By ID" and type the member IDs.';

/** An album search reads at most this many server pages per call before it answers. */
const ALBUM_PAGES_PER_CALL = 10;
/** An album search answers once it has this many matches (the next page follows on scroll). */
const ALBUM_MATCHES_PER_CALL = 50;

/**
 * The member picker: the site's members by nickname, 100 a page by offset. Wix's Members API
 * matches text only from the start of a field (`$startsWith`; it has no "contains"), so each word
 * typed is looked for at the start of the nickname, the first name, the last name or the slug.
 */
export async function searchMembers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const offset = Number(paginationToken) || 0;
	const ask = async (nameFilter?: IDataObject) => {
		const query: IDataObject = {
			paging: { limit: MEMBERS_PAGE_SIZE, offset },
			sorting: [{ fieldName: 'profile.nickname', order: 'ASC' }],
		};
		if (nameFilter) query.filter = nameFilter;
		return await apiRequest.call(this, 'POST', MEMBERS_QUERY_PATH, {
			query,
			fieldsets: ['PUBLIC'],
		});
	};
	const text = filter?.trim();
	let page: IDataObject;
	try {
		page = await ask(text ? memberNameFilter(text) : undefined).catch(async (error) => {
			// Should the Members API refuse the word search, nicknames are still found by their start.
			if (!text || !(error instanceof NodeApiError && error.httpCode === '400')) throw error;
			return await ask({ 'profile.nickname': { $startsWith: text } });
		});
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '403') {
			throw new NodeApiError(
				this.getNode(),
				{ message: MEMBERS_FORBIDDEN, httpCode: '403' } as JsonObject,
				{ message: MEMBERS_FORBIDDEN, description: MEMBERS_FORBIDDEN_HINT, httpCode: '403' },
			);
		}
		throw asNodeError(this.getNode(), error, {});
	}
	const members = Array.isArray(page.members) ? (page.members as IDataObject[]) : [];
	const results: INodeListSearchItems[] = members.map((member) => {
		const profile = (member.profile ?? {}) as IDataObject;
		const name = typeof profile.nickname === 'string' && profile.nickname ? profile.nickname : '';
		return { name: name || String(member.id), value: String(member.id) };
	});
	const metadata = (page.metadata ?? {}) as IDataObject;
	const next = offset + members.length;
	const more =
		typeof metadata.total === 'number' && !metadata.tooManyToCount
			? next < metadata.total
			: members.length === MEMBERS_PAGE_SIZE;
	return { results, paginationToken: more && members.length ? String(next) : undefined };
}

/**
 * The Members API filter for a name typed in the picker: every word starts the nickname, the
 * first name, the last name or the slug (accents dropped, as slugs have them), or the whole text
 * starts the nickname ("dana whit" finds "Dana Whitfield" even without contact names).
 */
export function memberNameFilter(text: string): IDataObject {
	const starts = (word: string): IDataObject => ({
		$or: [
			{ 'profile.nickname': { $startsWith: word } },
			{ 'contact.firstName': { $startsWith: word } },
			{ 'contact.lastName': { $startsWith: word } },
			{ 'profile.slug': { $startsWith: slugWord(word) } },
		],
	});
	const words = text.split(/\s+/).filter(Boolean);
	if (words.length === 1) return starts(words[0]);
	const whole = { 'profile.nickname': { $startsWith: words.join(' ') } };
	return { $or: [whole, { $and: words.map(starts) }] };
}

/** "Zoë" → "zoe": slugs are lower case, without accents. */
function slugWord(word: string): string {
	return word
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase();
}

/**
 * The album picker: the site's albums by name, a server page at a time. The gallery API has no
 * name filter, so the text typed is matched here (any part of the name, any case); a search reads
 * further pages until it has enough matches, and the cursor it stopped at is the next token.
 */
export async function searchAlbums(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const text = filter?.trim().toLowerCase();
	const results: INodeListSearchItems[] = [];
	let cursor = typeof paginationToken === 'string' && paginationToken ? paginationToken : undefined;
	for (let pages = 0; pages < ALBUM_PAGES_PER_CALL; pages++) {
		const paging: IDataObject = { limit: 100 };
		if (cursor) paging.cursor = cursor;
		const page = await apiRequest.call(this, 'POST', QUERY_PATH, {
			filter: { itemTypes: ['ALBUM'] },
			sort: { field: 'NAME', order: 'ASC' },
			paging,
		});
		const items = Array.isArray(page.items) ? (page.items as IDataObject[]) : [];
		for (const album of items.map(normalizeItem)) {
			if (text && !album.name.toLowerCase().includes(text)) continue;
			results.push({ name: album.name || album.id, value: album.id });
		}
		const next = nextCursorOf(page);
		cursor = next && next !== cursor && items.length ? next : undefined;
		if (!cursor || !text || results.length >= ALBUM_MATCHES_PER_CALL) break;
	}
	return { results, paginationToken: cursor };
}
