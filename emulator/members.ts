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
/** The schema's filterable fields that the emulator's members carry. */
const FILTER_FIELDS = ['id', 'profile.nickname', 'profile.slug'] as const;
/** The schema's sortable field the emulator's members carry (others sort by creation). */
const SORT_FIELDS = ['profile.nickname', 'createdDate'] as const;
const OPERATORS = ['$eq', '$ne', '$in', '$startsWith'] as const;

type FilterField = (typeof FILTER_FIELDS)[number];
type Condition = { field: FilterField; operator: (typeof OPERATORS)[number]; value: unknown };

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
	const conditions = parseFilter(v, field(query, 'filter'));
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

	const matching = ctx.store.members.filter((m) => conditions.every((c) => matches(m, c)));
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

function parseFilter(v: Validator, raw: unknown): Condition[] {
	const filter = v.object(raw, 'query.filter');
	if (!filter) return [];
	const conditions: Condition[] = [];
	for (const [key, spec] of Object.entries(filter)) {
		const path = `query.filter.${key}`;
		if (!(FILTER_FIELDS as readonly string[]).includes(key)) {
			v.fail(path, `filtering on this field is not supported`, 'VALIDATION');
			continue;
		}
		const name = key as FilterField;
		if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
			conditions.push({ field: name, operator: '$eq', value: spec });
			continue;
		}
		for (const [operator, value] of Object.entries(spec)) {
			if (!(OPERATORS as readonly string[]).includes(operator)) {
				v.fail(`${path}.${operator}`, `unsupported operator`, 'VALIDATION');
			} else if (operator === '$in' ? !Array.isArray(value) : typeof value !== 'string') {
				v.fail(
					`${path}.${operator}`,
					operator === '$in' ? 'must be an array' : 'must be a string',
					'FORMAT',
				);
			} else {
				conditions.push({ field: name, operator: operator as Condition['operator'], value });
			}
		}
	}
	return conditions;
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

function valueOf(member: Member, name: FilterField): string {
	if (name === 'id') return member.id;
	if (name === 'profile.slug') return slugOf(member);
	return member.name;
}

/** Text matches are case-insensitive, as Wix's query language's are. */
function matches(member: Member, { field: name, operator, value }: Condition): boolean {
	const actual = valueOf(member, name).toLowerCase();
	const wanted = (x: unknown) => String(x).toLowerCase();
	if (operator === '$eq') return actual === wanted(value);
	if (operator === '$ne') return actual !== wanted(value);
	if (operator === '$in') return (value as unknown[]).some((x) => actual === wanted(x));
	return actual.startsWith(wanted(value));
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
