// POST /members/v1/members/query (members.service.json, QueryMembers): the site's members by
// filter, sort and offset paging. The gallery's members are the site's members, so the people
// who upload, like and tag are the ones this answers with (their nickname is their gallery name).
import { applicationError } from './errors';
import { field, Validator } from './schema';
import type { Member } from './store';
import type { EndpointContext } from './endpoints';

/** "Retrieves a list of up to 100 members" (QueryMembers); a larger limit is cut to it. */
export const MEMBERS_MAX_PAGE = 100;
/** Paging.limit when none is given (Wix's default for this API). */
const MEMBERS_DEFAULT_PAGE = 50;
export const FIELDSETS = ['PUBLIC', 'FULL', 'EXTENDED'] as const;
/**
 * The schema's filterable fields that the emulator's members carry. A member's contact names are
 * its nickname's first word and the rest (a one-word nickname has no last name).
 */
const FILTER_FIELDS = [
	'id',
	'profile.nickname',
	'profile.slug',
	'contact.firstName',
	'contact.lastName',
] as const;
/** The schema's sortable field the emulator's members carry (others sort by creation). */
const SORT_FIELDS = ['profile.nickname', 'createdDate'] as const;
/**
 * Wix's field table for these fields (Query Members, "Supported filters"): text is matched whole
 * or from its start, never inside it (there is no $contains). Logical operators come from Wix's
 * API Query Language, which the schema's `filter` refers to.
 */
const OPERATORS = ['$eq', '$ne', '$in', '$hasSome', '$startsWith', '$exists'] as const;
const LOGICAL = ['$and', '$or', '$not'] as const;

type FilterField = (typeof FILTER_FIELDS)[number];
type Operator = (typeof OPERATORS)[number];
/** A parsed filter: whether a member matches it. */
type Test = (member: Member) => boolean;

export function queryMembers(ctx: EndpointContext, body: unknown): unknown {
	if (!ctx.options.membersPermission) {
		throw applicationError(
			403,
			'PERMISSION_DENIED',
			'Forbidden',
			'The caller lacks the "Read Members" permission',
			{ permission: 'SCOPE.DC-MEMBERS.READ-MEMBERS' },
		);
	}
	const v = new Validator();
	const query = v.object(field(body, 'query'), 'query') ?? {};
	const test = parseFilter(v, field(query, 'filter'), 'query.filter');
	const paging = v.object(field(query, 'paging'), 'query.paging') ?? {};
	const limit = v.int(field(paging, 'limit'), 'query.paging.limit', 0) ?? MEMBERS_DEFAULT_PAGE;
	const offset = v.int(field(paging, 'offset'), 'query.paging.offset', 0) ?? 0;
	const sorting = parseSorting(v, field(query, 'sorting'));
	const fieldsets = v.strings(field(body, 'fieldsets'), 'fieldsets') ?? ['PUBLIC'];
	for (const [i, set] of fieldsets.entries()) {
		if (!(FIELDSETS as readonly string[]).includes(set))
			v.fail(`fieldsets[${i}]`, `must be one of ${FIELDSETS.join(', ')}`, 'VALIDATION');
	}
	v.done();

	const matching = ctx.store.members.filter(test);
	if (sorting) {
		const sign = sorting.order === 'DESC' ? -1 : 1;
		const key = (m: Member) => (sorting.field === 'profile.nickname' ? m.name : '');
		matching.sort((a, b) => sign * key(a).localeCompare(key(b)));
	}
	const page = matching.slice(offset, offset + Math.min(limit, MEMBERS_MAX_PAGE));
	return {
		members: page.map((m) => memberBody(m, fieldsets.includes('FULL'))),
		metadata: { count: page.length, offset, total: matching.length, tooManyToCount: false },
	};
}

/** A filter object: every key must hold (AND); `$and`, `$or` and `$not` nest filters. */
function parseFilter(v: Validator, raw: unknown, path: string): Test {
	const filter = v.object(raw, path);
	if (!filter) return () => true;
	const tests: Test[] = [];
	for (const [key, spec] of Object.entries(filter)) {
		const at = `${path}.${key}`;
		if (key === '$not') {
			const inner = parseFilter(v, spec, at);
			tests.push((m) => !inner(m));
		} else if ((LOGICAL as readonly string[]).includes(key)) {
			if (!Array.isArray(spec)) {
				v.fail(at, 'must be an array', 'FORMAT');
				continue;
			}
			const parts = spec.map((part, i) => parseFilter(v, part, `${at}[${i}]`));
			tests.push(key === '$and' ? (m) => parts.every((t) => t(m)) : (m) => parts.some((t) => t(m)));
		} else if (!(FILTER_FIELDS as readonly string[]).includes(key)) {
			v.fail(at, `filtering on this field is not supported`, 'VALIDATION');
		} else {
			tests.push(...parseField(v, key as FilterField, spec, at));
		}
	}
	return (m) => tests.every((t) => t(m));
}

/** One field's conditions: a bare value is `$eq`. */
function parseField(v: Validator, name: FilterField, spec: unknown, path: string): Test[] {
	if (spec === null || typeof spec !== 'object' || Array.isArray(spec))
		return [(m) => matches(valueOf(m, name), '$eq', spec)];
	const tests: Test[] = [];
	for (const [operator, value] of Object.entries(spec)) {
		const at = `${path}.${operator}`;
		const known = (OPERATORS as readonly string[]).includes(operator);
		const wrong = known ? typeError(operator as Operator, value) : undefined;
		if (!known) {
			v.fail(at, `unsupported operator`, 'VALIDATION');
		} else if (wrong) {
			v.fail(at, wrong, 'FORMAT');
		} else {
			tests.push((m) => matches(valueOf(m, name), operator as Operator, value));
		}
	}
	return tests;
}

/** What an operator's value must be, when it is not. */
function typeError(operator: Operator, value: unknown): string | undefined {
	if (operator === '$exists') return typeof value === 'boolean' ? undefined : 'must be a boolean';
	if (operator === '$in' || operator === '$hasSome')
		return Array.isArray(value) ? undefined : 'must be an array';
	return typeof value === 'string' ? undefined : 'must be a string';
}

function parseSorting(
	v: Validator,
	raw: unknown,
): { field: (typeof SORT_FIELDS)[number]; order: 'ASC' | 'DESC' } | undefined {
	if (raw === undefined) return undefined;
	if (!Array.isArray(raw)) {
		v.fail('query.sorting', 'must be an array', 'FORMAT');
		return undefined;
	}
	const first = raw[0];
	if (first === undefined) return undefined;
	const name = field(first, 'fieldName');
	const order = field(first, 'order') ?? 'ASC';
	if (!(SORT_FIELDS as readonly unknown[]).includes(name))
		v.fail('query.sorting[0].fieldName', 'sorting on this field is not supported', 'VALIDATION');
	if (order !== 'ASC' && order !== 'DESC')
		v.fail('query.sorting[0].order', 'must be ASC or DESC', 'VALIDATION');
	return { field: name as (typeof SORT_FIELDS)[number], order: order as 'ASC' | 'DESC' };
}

function valueOf(member: Member, name: FilterField): string | undefined {
	if (name === 'id') return member.id;
	if (name === 'profile.slug') return slugOf(member);
	if (name === 'profile.nickname') return member.name;
	const [first, ...rest] = member.name.trim().split(/\s+/);
	return name === 'contact.firstName' ? first || undefined : rest.join(' ') || undefined;
}

/** Text matches are case-insensitive, as Wix's query language's are; accents count. */
function matches(actual: string | undefined, operator: Operator, value: unknown): boolean {
	if (operator === '$exists') return (actual !== undefined) === value;
	const text = actual?.toLowerCase();
	const equal = (x: unknown) => text !== undefined && text === String(x).toLowerCase();
	if (operator === '$eq') return equal(value);
	if (operator === '$ne') return !equal(value);
	if (operator === '$in' || operator === '$hasSome') return (value as unknown[]).some(equal);
	return text !== undefined && text.startsWith(String(value).toLowerCase());
}

function slugOf(member: Member): string {
	return member.name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

/** PUBLIC: id and profile, statuses UNKNOWN (the schema's summary); FULL adds the statuses. */
function memberBody(member: Member, full: boolean): unknown {
	const isPublic = member.identityProfileStatus !== 'PRIVATE';
	return {
		id: member.id,
		profile: {
			nickname: member.name,
			slug: slugOf(member),
			...(member.imageUrl ? { photo: { url: member.imageUrl, width: 256, height: 256 } } : {}),
		},
		status: full ? 'APPROVED' : 'UNKNOWN',
		privacyStatus: full ? (isPublic ? 'PUBLIC' : 'PRIVATE') : 'UNKNOWN',
		activityStatus: full ? 'ACTIVE' : 'UNKNOWN',
	};
}
