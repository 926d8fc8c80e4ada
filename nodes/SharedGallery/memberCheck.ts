import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
} from 'n8n-workflow';

import { MEMBERS_PAGE_SIZE, MEMBERS_QUERY_PATH } from './endpoints';
import { fromPickers } from './ids';
import { apiRequest, asNodeError, type Context } from './transport';
import { filterLabel } from './validate';

/** The filters that hold members. */
export const MEMBER_FILTERS: readonly string[] = ['createdBy', 'likedBy', 'taggedBy'];

/** What the user can do about an ID no member has; also said where an ID is malformed. */
export const FROM_LIST_HINT =
	'A member ID looks like 7e60dbb7-736e-4cb4-ac12-07301289fc42, not a name. To find a member by name, choose From List.';

interface Typed {
	key: string;
	ids: string[];
}

/**
 * The member IDs typed By ID, or given by an expression, in version 2's pickers, by filter.
 * From List values came from the Members API; version 1's text filters are left alone.
 * `filters` is the resolved collection; the saved parameters tell which value was an expression.
 */
export function typedMembers(node: INode, filters: IDataObject): Typed[] {
	const saved = (node.parameters?.filters ?? {}) as IDataObject;
	const typed: Typed[] = [];
	for (const key of MEMBER_FILTERS) {
		const entries = (filters[key] as IDataObject | undefined)?.members;
		if (!Array.isArray(entries)) continue;
		const savedEntries = (saved[key] as IDataObject | undefined)?.members as
			IDataObject[] | undefined;
		const picked = (entries as IDataObject[]).filter((entry, i) => {
			const value = entry?.member as IDataObject | undefined;
			const savedValue = (savedEntries?.[i]?.member as IDataObject | undefined)?.value;
			const expression = typeof savedValue === 'string' && savedValue.startsWith('=');
			return value?.mode !== 'list' || expression;
		});
		const ids = fromPickers({ members: picked }) as unknown[];
		const unique = [...new Set(ids.map((id) => String(id).trim()).filter(Boolean))];
		if (unique.length) typed.push({ key, ids: unique });
	}
	return typed;
}

/**
 * Checks the members typed in every item's filters with one Members query (`id` `$in`, 100 a
 * page), before any items query: a name typed By ID ("Dana") would otherwise match no item and
 * pass silently. Gives, per item, the error naming the IDs no site member has. Without the
 * Members permission (403) nothing can be checked: a warning says so, and the run goes on.
 */
export async function unknownMembers(
	this: Context,
	perItem: Array<IDataObject | undefined>,
): Promise<Array<NodeOperationError | undefined>> {
	const node = this.getNode();
	const typed = perItem.map((filters) => (filters ? typedMembers(node, filters) : []));
	const all = [...new Set(typed.flat().flatMap(({ ids }) => ids))];
	if (!all.length) return typed.map(() => undefined);
	let found: Set<string>;
	try {
		found = await siteMembers.call(this, all);
	} catch (error) {
		if (!(error instanceof NodeApiError && error.httpCode === '403'))
			throw asNodeError(node, error, {});
		const labels = [...new Set(typed.flat().map(({ key }) => filterLabel(key)))].join(', ');
		warn(
			this,
			`Members typed By ID in ${labels} were not checked: this credential lacks the Members permission. An ID that is no member's (a name, say) matches no items.`,
		);
		return typed.map(() => undefined);
	}
	return typed.map((filters, itemIndex) => {
		const missing = filters
			.map(({ key, ids }) => ({ key, ids: ids.filter((id) => !found.has(id)) }))
			.filter(({ ids }) => ids.length);
		if (!missing.length) return undefined;
		const message = missing
			.map(({ key, ids }) => {
				const quoted = ids.map((id) => `"${id}"`).join(', ');
				return `${filterLabel(key)}: no site member has the ID${ids.length > 1 ? 's' : ''} ${quoted}`;
			})
			.join('; ');
		return new NodeOperationError(node, message, { itemIndex, description: FROM_LIST_HINT });
	});
}

/**
 * Query Items: each item naming an unknown member gets its error in place of its plan (Continue
 * On Fail), or the node stops with the first one. A failed check is every such item's error.
 */
export async function failUnknownMembers<T>(
	this: IExecuteFunctions,
	plans: Array<T | Error>,
): Promise<void> {
	const filters = plans.map((plan, itemIndex) =>
		plan instanceof Error
			? undefined
			: (this.getNodeParameter('filters', itemIndex, {}) as IDataObject),
	);
	let errors: Array<Error | undefined>;
	try {
		errors = await unknownMembers.call(this, filters);
	} catch (error) {
		if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, {});
		const node = this.getNode();
		errors = filters.map((f) => (f && typedMembers(node, f).length ? (error as Error) : undefined));
	}
	for (const [itemIndex, error] of errors.entries()) {
		if (!error) continue;
		if (!this.continueOnFail()) throw error;
		plans[itemIndex] = error;
	}
}

/** The Trigger: its filters' unknown members are an error. */
export async function assertMembersExist(this: Context, filters: IDataObject): Promise<void> {
	const [error] = await unknownMembers.call(this, [filters]);
	if (error) throw error;
}

/** Which of these IDs are site members: one query, paged by offset when over 100. */
async function siteMembers(this: Context, ids: string[]): Promise<Set<string>> {
	const found = new Set<string>();
	for (let offset = 0; offset < ids.length; offset += MEMBERS_PAGE_SIZE) {
		const page = await apiRequest.call(this, 'POST', MEMBERS_QUERY_PATH, {
			query: { filter: { id: { $in: ids } }, paging: { limit: MEMBERS_PAGE_SIZE, offset } },
			fieldsets: ['PUBLIC'],
		});
		const members = Array.isArray(page.members) ? (page.members as IDataObject[]) : [];
		for (const member of members) found.add(String(member.id));
		if (members.length < MEMBERS_PAGE_SIZE) break;
	}
	return found;
}

/** A warning on the node's output where n8n takes one (Query Items); the Trigger's goes to the log. */
function warn(context: Context, message: string): void {
	const hints = (context as Partial<IExecuteFunctions>).addExecutionHints;
	if (typeof hints === 'function')
		hints.call(context, { message, type: 'warning', location: 'outputPane' });
	else context.logger.warn(message);
}
