// The Members query endpoint (members.service.json, QueryMembers) and the large-site seed.
import { LARGE_SITE, SEED, startEmulator, type Emulator } from '../../emulator';
import { api } from './helpers';

const MEMBERS = '/members/v1/members/query';

describe('POST /members/v1/members/query', () => {
	let emu: Emulator;
	beforeAll(async () => (emu = await startEmulator()));
	afterAll(() => emu.close());

	test("the gallery's members are the site's members, by nickname", async () => {
		const res = await api(emu, MEMBERS, {
			query: { sorting: [{ fieldName: 'profile.nickname', order: 'ASC' }] },
		});
		expect(res.status).toBe(200);
		expect(res.body.members.map((m: any) => m.profile.nickname)).toEqual([
			'Dana Whitfield',
			'Kenji Sato',
			'Lena Fischer',
			'Malik Haddad',
			'Priya Raman',
			'Zoë Okafor',
		]);
		const ids = res.body.members.map((m: any) => m.id);
		expect(ids.sort()).toEqual(Object.values(SEED.members).sort());
		expect(res.body.metadata).toEqual({ count: 6, offset: 0, total: 6, tooManyToCount: false });
		// PUBLIC (the default fieldset): id and profile, statuses UNKNOWN.
		expect(res.body.members[0].status).toBe('UNKNOWN');
	});

	test('filters profile.nickname by value, $startsWith (any case) and $in; id by $in', async () => {
		const names = async (filter: unknown) =>
			(await api(emu, MEMBERS, { query: { filter } })).body.members.map(
				(m: any) => m.profile.nickname,
			);
		expect(await names({ 'profile.nickname': 'Dana Whitfield' })).toEqual(['Dana Whitfield']);
		expect(await names({ 'profile.nickname': { $startsWith: 'zo' } })).toEqual(['Zoë Okafor']);
		expect(await names({ 'profile.nickname': { $in: ['Kenji Sato', 'lena fischer'] } })).toEqual([
			'Kenji Sato',
			'Lena Fischer',
		]);
		expect(await names({ id: { $in: [SEED.members.malik] } })).toEqual(['Malik Haddad']);
	});

	test("contact names are the nickname's first word and the rest; $startsWith matches only a start", async () => {
		const names = async (filter: unknown) =>
			(await api(emu, MEMBERS, { query: { filter } })).body.members.map(
				(m: any) => m.profile.nickname,
			);
		expect(await names({ 'contact.lastName': { $startsWith: 'okaf' } })).toEqual(['Zoë Okafor']);
		expect(await names({ 'contact.firstName': { $startsWith: 'KEN' } })).toEqual(['Kenji Sato']);
		// No operator matches inside a word, and accents count: "zoe" is not the start of "Zoë".
		expect(await names({ 'profile.nickname': { $startsWith: 'okafor' } })).toEqual([]);
		expect(await names({ 'contact.firstName': { $startsWith: 'zoe' } })).toEqual([]);
		// The slug drops them.
		expect(await names({ 'profile.slug': { $startsWith: 'zoe' } })).toEqual(['Zoë Okafor']);
		expect(await names({ 'contact.lastName': { $exists: false } })).toEqual([]);
		expect(await names({ 'profile.nickname': { $hasSome: ['kenji sato'] } })).toEqual([
			'Kenji Sato',
		]);
	});

	test('$or, $and and $not nest filters (the API Query Language)', async () => {
		const names = async (filter: unknown) =>
			(
				await api(emu, MEMBERS, {
					query: { filter, sorting: [{ fieldName: 'profile.nickname', order: 'ASC' }] },
				})
			).body.members.map((m: any) => m.profile.nickname);
		const start = (word: string) => ({
			$or: [
				{ 'profile.nickname': { $startsWith: word } },
				{ 'contact.lastName': { $startsWith: word } },
			],
		});
		expect(await names({ $or: [start('whit'), start('sat')] })).toEqual([
			'Dana Whitfield',
			'Kenji Sato',
		]);
		expect(await names({ $and: [start('dana'), start('whit')] })).toEqual(['Dana Whitfield']);
		expect(await names({ $and: [start('dana'), start('sat')] })).toEqual([]);
		expect(await names({ $not: { 'profile.nickname': { $startsWith: 'd' } } })).toHaveLength(5);
		const bad = await api(emu, MEMBERS, {
			query: { filter: { $or: { 'profile.nickname': 'x' }, $and: [{ 'contact.phone': 'x' }] } },
		});
		expect(bad.status).toBe(400);
		expect(bad.body.details.validationError.fieldViolations.map((v: any) => v.field)).toEqual([
			'query.filter.$or',
			'query.filter.$and[0].contact.phone',
		]);
	});

	test('offset paging, at most 100 a page', async () => {
		const res = await api(emu, MEMBERS, { query: { paging: { limit: 2, offset: 4 } } });
		expect(res.body.members).toHaveLength(2);
		expect(res.body.metadata).toMatchObject({ count: 2, offset: 4, total: 6 });
	});

	test('a filter or operator outside the schema is a 400 naming the field', async () => {
		const res = await api(emu, MEMBERS, {
			query: {
				filter: {
					'profile.title': 'x',
					'profile.nickname': { $regex: 'a', $contains: 'a' },
					id: { $in: 'a', $exists: 'yes' },
				},
			},
		});
		expect(res.status).toBe(400);
		const fields = res.body.details.validationError.fieldViolations.map((v: any) => v.field);
		expect(fields).toEqual([
			'query.filter.profile.title',
			'query.filter.profile.nickname.$regex',
			'query.filter.profile.nickname.$contains',
			'query.filter.id.$in',
			'query.filter.id.$exists',
		]);
	});

	test('needs the credential; without the Members permission it answers 403', async () => {
		expect((await api(emu, MEMBERS, {}, 'none')).status).toBe(401);
		emu.options.membersPermission = false;
		try {
			const res = await api(emu, MEMBERS, {});
			expect(res.status).toBe(403);
			expect(res.body.details.applicationError.code).toBe('PERMISSION_DENIED');
		} finally {
			emu.options.membersPermission = true;
		}
	});
});

describe('the large site (largeSite: true)', () => {
	let emu: Emulator;
	beforeAll(async () => (emu = await startEmulator({ largeSite: true })));
	afterAll(() => emu.close());

	test('10,000 members, paged 100 at a time, each once; the seed members among them', async () => {
		const seen = new Set<string>();
		for (let offset = 0; ; offset += 100) {
			const res = await api(emu, MEMBERS, {
				query: { paging: { limit: 500, offset } },
			});
			expect(res.body.members.length).toBeLessThanOrEqual(100);
			if (res.body.members.length === 0) break;
			for (const m of res.body.members) seen.add(m.id);
		}
		expect(seen.size).toBe(LARGE_SITE.members);
		for (const id of Object.values(SEED.members)) expect(seen.has(id)).toBe(true);
	});

	test('500 albums', () => {
		expect(emu.store.items.filter((i) => i.type === 'ALBUM')).toHaveLength(LARGE_SITE.albums);
	});
});
