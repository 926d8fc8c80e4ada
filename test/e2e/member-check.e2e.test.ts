/**
 * Members typed By ID in real n8n (issue 26): a name typed instead of an ID stops the run with
 * an error naming the filter's label; without the Members permission, a warning on the output.
 */
import { chain, TYPES } from '../../engine/workflowJson';
import { FROM_LIST_HINT } from '../../nodes/SharedGallery/memberCheck';
import { CRED, executionError, startSuite, type SuiteContext } from './helpers/context';
import { nodeRun } from './helpers/n8n';
import type { Workflow } from './helpers/workflows';

const QUERY = 'Shared Gallery Query Items';
let ctx: SuiteContext;

beforeAll(async () => {
	ctx = await startSuite();
});

afterAll(async () => {
	await ctx?.close();
});

/** Manual Trigger → Query Items v2, Created By one member typed By ID. */
function typedById(id: string, workflowId: string): Workflow {
	return {
		id: workflowId,
		name: `e2e: Created By "${id}" typed By ID`,
		settings: { executionOrder: 'v1' },
		...chain({
			name: QUERY,
			type: TYPES.query,
			typeVersion: 2,
			parameters: {
				limit: 5,
				filters: { createdBy: { members: [{ member: { __rl: true, mode: 'id', value: id } }] } },
			},
			credentials: { sharedGalleryApi: { ...CRED.gallery } },
		}),
	} as Workflow;
}

test('a name typed By ID: the run fails naming "Created By", pointing to From List', async () => {
	const res = await ctx.n8n.importAndExecute(typedById('Dana', 'sgE2eMemberTyped'));
	expect(res.code).toBe(1);
	const error = executionError(res.json);
	expect(error).toMatchObject({
		node: QUERY,
		message: 'Filters → Created By: no site member has the ID "Dana"',
		description: FROM_LIST_HINT,
	});
	expect(ctx.emu.requestLog.filter((r) => r.path.endsWith('/items/query'))).toHaveLength(0);
});

test('without the Members permission: the query runs, with a warning on its output', async () => {
	ctx.emu.options.membersPermission = false;
	try {
		const res = await ctx.n8n.importAndExecute(typedById('Dana', 'sgE2eMemberUnchecked'));
		expect(res.code).toBe(0);
		expect(nodeRun(res.json, QUERY).hints).toEqual([
			expect.objectContaining({
				type: 'warning',
				message: expect.stringMatching(
					/^Members typed By ID in Filters → Created By were not checked/,
				),
			}),
		]);
	} finally {
		ctx.emu.options.membersPermission = true;
	}
});
