import { PollContext } from 'n8n-core';
import {
	NodeOperationError,
	Workflow,
	type IDataObject,
	type INode,
	type INodeParameters,
} from 'n8n-workflow';

import { SEED, type Emulator } from '../../emulator';
import { SharedGalleryTrigger } from '../../nodes/SharedGalleryTrigger/SharedGalleryTrigger.node.js';
import { CREDENTIAL_REF, stopEngineTimers, TYPES } from '../../engine';
import { setUp } from '../helpers/gallery';

const trigger = new SharedGalleryTrigger();

describe('Shared Gallery Trigger', () => {
	let emulator: Emulator;
	let helper: Awaited<ReturnType<typeof setUp>>['engine']['credentials'];
	beforeEach(async () => {
		let engine;
		({ emulator, engine } = await setUp({ maxPageSize: 10 }));
		helper = engine.credentials;
	});
	afterEach(async () => await emulator.close());
	afterAll(() => stopEngineTimers());

	/** One poll with the real PollContext; static data persists on the workflow between polls. */
	function poller(parameters: IDataObject = {}, typeVersion = 1) {
		const node: INode = {
			id: 't',
			name: 'Trigger',
			type: TYPES.trigger,
			typeVersion,
			position: [0, 0],
			parameters: parameters as INodeParameters,
			credentials: { sharedGalleryApi: CREDENTIAL_REF },
		};
		const nodeTypes = {
			getByName: () => trigger,
			getByNameAndVersion: () => trigger,
			getKnownTypes: () => ({}),
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: {},
		});
		const additionalData = {
			credentialsHelper: helper,
			restApiUrl: '',
			instanceBaseUrl: '',
		} as never;
		return async (mode: 'trigger' | 'manual' = 'trigger') => {
			const context = new PollContext(
				workflow,
				workflow.getNode('Trigger')!,
				additionalData,
				mode,
				'activate',
			);
			const out = await trigger.poll.call(context);
			return (out?.[0] ?? []).map((item) => item.json);
		};
	}
	let minute = 0;
	const upload = (name: string, createdDate?: string, by = SEED.members.dana) =>
		emulator.store.addMedia({
			name,
			createdById: by,
			createdDate: createdDate ?? new Date(Date.UTC(2030, 0, 1, 0, minute++)).toISOString(),
		}).id;

	test('first poll emits nothing; new uploads are emitted once, oldest first', async () => {
		const poll = poller();
		expect(await poll()).toEqual([]);
		const a = upload('a.jpg');
		const b = upload('b.jpg');
		expect((await poll()).map((i) => i.id)).toEqual([a, b]);
		expect(await poll()).toEqual([]);
		const c = upload('c.jpg');
		expect((await poll()).map((i) => i.id)).toEqual([c]);
	});

	test('two uploads in the same millisecond are neither lost nor repeated', async () => {
		const poll = poller({ options: { maxItemsPerPoll: 1 } });
		await poll();
		const same = '2031-05-05T10:00:00.000Z';
		const ids = [upload('x.jpg', same), upload('y.jpg', same)];
		const first = await poll();
		const second = await poll();
		expect([...first, ...second].map((i) => i.id).sort()).toEqual([...ids].sort());
		expect(await poll()).toEqual([]);
	});

	test('a burst of 3 pages is followed across pages; the cap leaves the rest for the next poll', async () => {
		const poll = poller({ options: { maxItemsPerPoll: 25 } });
		await poll();
		const ids = Array.from({ length: 30 }, (_, i) => upload(`burst-${i}.jpg`));
		const first = await poll();
		expect(first.map((i) => i.id)).toEqual(ids.slice(0, 25));
		expect((await poll()).map((i) => i.id)).toEqual(ids.slice(25));
		expect(await poll()).toEqual([]);
	});

	test('a failed poll leaves the state as it was, and the next poll loses nothing', async () => {
		const poll = poller();
		await poll();
		const a = upload('a.jpg');
		emulator.faults.add({ endpoint: 'query', status: 500 });
		await expect(poll()).rejects.toThrow(/500/);
		expect((await poll()).map((i) => i.id)).toEqual([a]);
	});

	test('manual mode returns the newest matching item as a sample', async () => {
		const newest = upload('newest.jpg', '2035-01-01T00:00:00.000Z');
		const sample = await poller()('manual');
		expect(sample.map((i) => i.id)).toEqual([newest]);
	});

	test('version 2: members and albums picked by name (list) or typed (By ID) filter the same way', async () => {
		const picked = (value: string, mode = 'list') => ({ __rl: true, mode, value });
		const poll = poller(
			{
				filters: {
					createdBy: { members: [{ member: picked(SEED.members.zoe) }] },
					albumIds: { albums: [{ album: picked(SEED.albums.night, 'id') }] },
				},
			},
			2,
		);
		await poll();
		upload('zoe-root.jpg', undefined, SEED.members.zoe);
		const inNight = emulator.store.addMedia({
			name: 'zoe-night.jpg',
			createdById: SEED.members.zoe,
			parentAlbumId: SEED.albums.night,
			createdDate: new Date(Date.UTC(2030, 0, 1, 0, minute++)).toISOString(),
		}).id;
		expect((await poll()).map((i) => i.id)).toEqual([inNight]);
		const sent = emulator.requestLog.at(-1)!.body as { filter: IDataObject };
		expect(sent.filter).toEqual({
			createdBy: [SEED.members.zoe],
			albumIds: [SEED.albums.night],
			itemTypes: ['VISUAL_MEDIA'],
		});
	});

	test('filters: createdBy, albums and the album event; simplify', async () => {
		const poll = poller({ filters: { createdBy: SEED.members.zoe }, options: { simplify: true } });
		await poll();
		upload('dana.jpg');
		const zoe = upload('zoe.jpg', undefined, SEED.members.zoe);
		const out = await poll();
		expect(out.map((i) => i.id)).toEqual([zoe]);
		expect(out[0]).toMatchObject({ createdById: SEED.members.zoe, mediaType: 'image' });

		const albums = poller({ event: 'newAlbum' });
		await albums();
		upload('not-an-album.jpg');
		const album = emulator.store.addAlbum({
			name: 'Fresh album',
			createdById: SEED.members.dana,
			createdDate: '2036-01-01T00:00:00.000Z',
		} as never).id;
		expect((await albums()).map((i) => i.id)).toEqual([album]);

		const inAlbum = poller({ filters: { albumIds: [SEED.albums.summer] } });
		await inAlbum();
		upload('root.jpg');
		const summer = emulator.store.addMedia({
			name: 's.jpg',
			createdById: SEED.members.dana,
			parentAlbumId: SEED.albums.summer,
			createdDate: '2037-01-01T00:00:00.000Z',
		}).id;
		expect((await inAlbum()).map((i) => i.id)).toEqual([summer]);
	});

	test.each([
		[
			'true (the old check read it as 1)',
			true,
			'Max Items per Poll must be a whole number of at least 1, got true',
		],
		['0', 0, 'Max Items per Poll must be a whole number of at least 1, got 0'],
		['2.5', 2.5, 'Max Items per Poll must be a whole number of at least 1, got 2.5'],
		['a list', [3], 'Max Items per Poll must be a whole number of at least 1, got [3]'],
	])(
		'Max Items per Poll %s is refused before any request',
		async (_name, maxItemsPerPoll, message) => {
			emulator.resetLogs();
			const failure = poller({ options: { maxItemsPerPoll } })();
			await expect(failure).rejects.toBeInstanceOf(NodeOperationError);
			await expect(failure).rejects.toThrow(message);
			expect(emulator.requestLog).toEqual([]);
		},
	);

	test('Simplify must be true or false', async () => {
		await expect(poller({ options: { simplify: 'yes' } })()).rejects.toThrow(
			'Simplify must be true or false',
		);
	});
	test('each item carries creditName: the name if public, null if private or unknown', async () => {
		const poll = poller();
		await poll();
		const ids = [
			upload('public.jpg'),
			upload('private.jpg', undefined, SEED.members.priya),
			upload('unknown.jpg', undefined, 'a0a0a0a0-0000-4000-8000-000000000000'),
		];
		const items = await poll();
		expect(items.map((i) => [i.id, i.creditName])).toEqual([
			[ids[0], 'Dana Whitfield'],
			[ids[1], null],
			[ids[2], null],
		]);
	});
});
