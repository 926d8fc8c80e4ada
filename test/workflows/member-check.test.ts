// Members typed By ID (version 2's pickers) are checked with one Members query before any items
// query: a name typed there ("Dana") is an error naming the filter, not a silent empty match.
import { PollContext } from 'n8n-core';
import { Workflow, type IDataObject, type INode } from 'n8n-workflow';

import { SEED, type Emulator } from '../../emulator';
import { CREDENTIAL_REF, TYPES } from '../../engine';
import { FROM_LIST_HINT } from '../../nodes/SharedGallery/memberCheck';
import { SharedGalleryTrigger } from '../../nodes/SharedGalleryTrigger/SharedGalleryTrigger.node.js';
import { calls, resetEmulator, setUp } from '../helpers/gallery';
import {
	chain,
	emitNode,
	makeEngine,
	QUERY,
	queryNode,
	stopEngineTimers,
	type TestEngine,
} from '../reliability/helpers';

const { dana, zoe, malik } = SEED.members;
const rl = (value: string, mode = 'id') => ({ __rl: true, mode, value });
const members = (...values: object[]) => ({ members: values.map((member) => ({ member })) });
const membersAsked = (emulator: Emulator) =>
	calls(emulator, '/members/v1/members/query').map(
		(c) => (c.body as { query: { filter: unknown } }).query.filter,
	);
const hintsOf = (run: Awaited<ReturnType<TestEngine['run']>>) =>
	run.run.data.resultData.runData[QUERY]?.[0]?.hints ?? [];

let emulator: Emulator;
let gallery: TestEngine;
beforeAll(async () => {
	({ emulator } = await setUp());
	gallery = makeEngine(emulator, 'apiKey');
});
beforeEach(() => resetEmulator(emulator));
afterAll(async () => {
	await emulator.close();
	stopEngineTimers();
});

const query = (filters: IDataObject, settings = {}, input: IDataObject[] = [{}]) =>
	chain(emitNode(input), queryNode({ filters, limit: 100 }, { typeVersion: 2, ...settings }));

describe('Query Items version 2', () => {
	test('a name typed By ID is an error naming the filter by its label, before any items query', async () => {
		const run = await gallery.run(query({ createdBy: members(rl('Dana')) }));
		const error = run.error(QUERY);
		expect(error?.message).toBe('Filters → Created By: no site member has the ID "Dana"');
		expect(error?.description).toBe(FROM_LIST_HINT);
		expect(error?.description).toMatch(/From List/);
		expect(membersAsked(emulator)).toEqual([{ id: { $in: ['Dana'] } }]);
		expect(calls(emulator, '/items/query')).toHaveLength(0);
	});

	test('one Members query for every typed ID of every filter; From List values are not asked about', async () => {
		const run = await gallery.run(
			query({
				createdBy: members(rl(`${dana}, Dana`), rl(zoe, 'list')),
				likedBy: members(rl('={{ ["Zoe", "' + malik + '"] }}')),
				taggedBy: members(rl(malik, 'list')),
			}),
		);
		expect(run.error(QUERY)?.message).toBe(
			'Filters → Created By: no site member has the ID "Dana"; Filters → Liked By: no site member has the ID "Zoe"',
		);
		expect(membersAsked(emulator)).toEqual([{ id: { $in: [dana, 'Dana', 'Zoe', malik] } }]);
		expect(calls(emulator, '/items/query')).toHaveLength(0);
	});

	test('real member IDs typed By ID run as before; picked From List, no Members query at all', async () => {
		const typed = await gallery.run(query({ createdBy: members(rl(`${dana},${zoe}`)) }));
		expect(typed.error(QUERY)).toBeUndefined();
		expect(typed.output(QUERY).length).toBeGreaterThan(0);
		expect(membersAsked(emulator)).toHaveLength(1);
		resetEmulator(emulator);
		const picked = await gallery.run(query({ createdBy: members(rl(dana, 'list')) }));
		expect(picked.output(QUERY).length).toBeGreaterThan(0);
		expect(membersAsked(emulator)).toHaveLength(0);
	});

	test('a malformed ID typed By ID points to From List too', async () => {
		const run = await gallery.run(query({ taggedBy: members(rl('Zoë Okafor')) }));
		expect(run.error(QUERY)?.message).toBe('Filters → Tagged: "Zoë Okafor" is not a valid ID');
		expect(run.error(QUERY)?.description).toBe(FROM_LIST_HINT);
		expect(emulator.requestLog).toHaveLength(0);
	});

	test('Continue On Fail: the item naming an unknown member is an error item; the others run', async () => {
		const run = await gallery.run(
			query({ createdBy: members(rl('={{ $json.who }}')) }, { onError: 'continueRegularOutput' }, [
				{ who: dana },
				{ who: 'Dana' },
				{ who: zoe },
			]),
		);
		expect(run.error(QUERY)).toBeUndefined();
		const out = run.output(QUERY);
		const errors = out.filter((item) => item.json.error);
		expect(errors).toEqual([
			{
				json: { error: 'Filters → Created By: no site member has the ID "Dana"' },
				pairedItem: { item: 1 },
			},
		]);
		const paired = new Set(
			out.filter((i) => !i.json.error).map((i) => (i.pairedItem as { item: number }).item),
		);
		expect(paired).toEqual(new Set([0, 2]));
		expect(membersAsked(emulator)).toEqual([{ id: { $in: [dana, 'Dana', zoe] } }]);
		expect(calls(emulator, '/items/query')).toHaveLength(2);
	});

	test('without the Members permission (403): a warning on the output, and the query runs', async () => {
		emulator.options.membersPermission = false;
		const run = await gallery.run(query({ createdBy: members(rl('Dana')) }));
		expect(run.error(QUERY)).toBeUndefined();
		expect(run.output(QUERY)).toEqual([]);
		expect(hintsOf(run)).toEqual([
			{
				message: expect.stringMatching(
					/^Members typed By ID in Filters → Created By were not checked: this credential lacks the Members permission/,
				),
				type: 'warning',
				location: 'outputPane',
			},
		]);
		expect(calls(emulator, '/items/query')).toHaveLength(1);
	});

	test('another Members failure stops the node, or with Continue On Fail is the typed items’ error', async () => {
		emulator.faults.add({ endpoint: 'members', status: 500, times: Infinity });
		const failed = await gallery.run(query({ createdBy: members(rl(dana)) }));
		expect(failed.error(QUERY)?.httpCode).toBe('500');
		expect(calls(emulator, '/items/query')).toHaveLength(0);
		const tolerant = await gallery.run(
			query({ createdBy: members(rl('={{ $json.who }}')) }, { onError: 'continueRegularOutput' }, [
				{ who: dana },
			]),
		);
		expect(tolerant.output(QUERY)[0].json.error).toMatch(/500/);
	});
});

describe('Trigger version 2', () => {
	const trigger = new SharedGalleryTrigger();
	const logged: string[] = [];
	const poll = async (filters: IDataObject, mode: 'manual' | 'trigger', staticData = {}) => {
		const node: INode = {
			id: 't',
			name: 'Trigger',
			type: TYPES.trigger,
			typeVersion: 2,
			position: [0, 0],
			parameters: { filters } as never,
			credentials: { sharedGalleryApi: CREDENTIAL_REF },
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: {
				getByName: () => trigger,
				getByNameAndVersion: () => trigger,
				getKnownTypes: () => ({}),
			},
			staticData,
		});
		const additionalData = { credentialsHelper: gallery.engine.credentials } as never;
		const context = new PollContext(workflow, node, additionalData, mode, 'activate');
		// Poll functions have no execution hints: the Trigger's warning goes to n8n's log.
		Object.defineProperty(context, 'logger', { value: { warn: (m: string) => logged.push(m) } });
		return await trigger.poll.call(context);
	};

	test('Created By typed By ID: an unknown member fails "Fetch test event" and activation', async () => {
		for (const mode of ['manual', 'trigger'] as const) {
			await expect(poll({ createdBy: members(rl('Dana')) }, mode)).rejects.toMatchObject({
				message: 'Filters → Created By: no site member has the ID "Dana"',
				description: FROM_LIST_HINT,
			});
		}
		expect(calls(emulator, '/items/query')).toHaveLength(0);
		await expect(poll({ createdBy: members(rl(dana)) }, 'manual')).resolves.not.toBeNull();
	});

	test('later polls trust the check made at activation; without the permission it only logs', async () => {
		const activated = {
			'node:Trigger': { highWaterMark: Date.parse('2030-01-01'), idsAtMark: [] },
		};
		await expect(
			poll({ createdBy: members(rl('Dana')) }, 'trigger', activated),
		).resolves.toBeNull();
		expect(membersAsked(emulator)).toHaveLength(0);
		emulator.options.membersPermission = false;
		await expect(poll({ createdBy: members(rl('Dana')) }, 'trigger')).resolves.toBeNull();
		expect(membersAsked(emulator)).toHaveLength(1);
		expect(logged).toEqual([
			expect.stringMatching(/^Members typed By ID in Filters → Created By were not checked/),
		]);
	});
});
