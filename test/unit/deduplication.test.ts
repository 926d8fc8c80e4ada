// The engine's deduplication store keeps n8n's semantics (packages/cli/src/deduplication):
// hashed values, maxEntries pruning, the mode check, and an unlocked read-change-write.
import { createHash } from 'crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { FileDeduplicator } from '../../engine';
import type { GalleryItem } from '../../nodes/SharedGallery/items';
import {
	claimBuckets,
	keepUnposted,
	PostedList,
	type DedupHelpers,
} from '../../nodes/SharedGallery/posted';

const workflow = { id: 'w1', active: false };
const entries = { mode: 'entries' } as const;

describe('FileDeduplicator', () => {
	let folder: string;
	beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'sg-dedup-'))));
	afterEach(() => rmSync(folder, { recursive: true, force: true }));

	test('check-and-record: new once, then processed; kept as MD5 hashes; read back by a new instance', async () => {
		const file = join(folder, 'store.json');
		const store = new FileDeduplicator(file);
		expect(
			await store.checkProcessedAndRecord(['a', 'b'], 'workflow', { workflow }, entries),
		).toEqual({ new: ['a', 'b'], processed: [] });
		const again = new FileDeduplicator(file);
		expect(
			await again.checkProcessedAndRecord(['b', 'c'], 'workflow', { workflow }, entries),
		).toEqual({ new: ['c'], processed: ['b'] });
		const md5 = createHash('md5').update('a').digest('base64');
		expect(readFileSync(file, 'utf8')).toContain(md5);
		expect(await again.getProcessedDataCount('workflow', { workflow }, entries)).toBe(3);
		await again.removeProcessed(['a'], 'workflow', { workflow }, entries);
		expect(await again.getProcessedDataCount('workflow', { workflow }, entries)).toBe(2);
		await again.clearAllProcessedItems('workflow', { workflow });
		expect(await again.getProcessedDataCount('workflow', { workflow }, entries)).toBe(0);
	});

	test('maxEntries prunes the oldest; without it nothing is pruned', async () => {
		const store = new FileDeduplicator();
		await store.checkProcessedAndRecord(['a', 'b', 'c'], 'workflow', { workflow }, entries);
		await store.checkProcessedAndRecord(
			['d'],
			'workflow',
			{ workflow },
			{ ...entries, maxEntries: 2 },
		);
		expect(
			await store.checkProcessedAndRecord(['a', 'c', 'd'], 'workflow', { workflow }, entries),
		).toEqual({ new: ['a'], processed: ['c', 'd'] });
	});

	test('rows: one per workflow, and per node with scope "node"', async () => {
		const store = new FileDeduplicator();
		const node = { id: 'n1' } as never;
		await store.checkProcessedAndRecord(['a'], 'workflow', { workflow }, entries);
		const other = { workflow: { id: 'w2', active: false } };
		expect((await store.checkProcessedAndRecord(['a'], 'workflow', other, entries)).new).toEqual([
			'a',
		]);
		expect(
			(await store.checkProcessedAndRecord(['a'], 'node', { workflow, node }, entries)).new,
		).toEqual(['a']);
	});

	test('no lock: two calls at once both find a value new (as in n8n)', async () => {
		const store = new FileDeduplicator(join(folder, 'store.json'));
		const [one, two] = await Promise.all([
			store.checkProcessedAndRecord(['k'], 'workflow', { workflow }, entries),
			store.checkProcessedAndRecord(['k'], 'workflow', { workflow }, entries),
		]);
		expect([one.new, two.new]).toEqual([['k'], ['k']]);
	});
});

describe('PostedList', () => {
	const helpersOf = (store: FileDeduplicator): DedupHelpers => ({
		checkProcessedAndRecord: async (items, scope, options) =>
			await store.checkProcessedAndRecord(items, scope, { workflow }, options),
		removeProcessed: async (items, scope, options) =>
			await store.removeProcessed(items, scope, { workflow }, options),
		clearAllProcessedItems: async (scope) =>
			await store.clearAllProcessedItems(scope, { workflow }),
	});
	const node = { name: 'Posted', parameters: {} } as never;
	/** A store kept in a file: a test can read the row and write a stale copy back. */
	const inFile = async (run: (file: string, helpers: DedupHelpers) => Promise<void>) => {
		const folder = mkdtempSync(join(tmpdir(), 'sg-row-'));
		try {
			const file = join(folder, 'store.json');
			await run(file, helpersOf(new FileDeduplicator(file)));
		} finally {
			rmSync(folder, { recursive: true, force: true });
		}
	};

	test('a posted check records nothing', async () => {
		const store = new FileDeduplicator();
		const list = new PostedList(helpersOf(store), node, 'x');
		await list.add(['a'], 0, 0);
		expect(await list.posted(['a', 'b'])).toEqual(new Set(['a']));
		expect(await store.getProcessedDataCount('workflow', { workflow }, entries)).toBe(1);
	});

	test("add outlasts another execution's check that takes the key back just after", async () => {
		const store = new FileDeduplicator();
		const helpers = helpersOf(store);
		let calls = 0;
		const racing: DedupHelpers = {
			...helpers,
			// Another run's posted check read the row before this add: its undo lands 50 ms later.
			checkProcessedAndRecord: async (items, scope, options) => {
				const result = await helpers.checkProcessedAndRecord(items, scope, options);
				if (calls++ === 1) {
					setTimeout(() => void helpers.removeProcessed(items, scope, options), 50);
				}
				return result;
			},
		};
		await new PostedList(racing, node, 'x').add(['a'], 0, 0);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await new PostedList(helpers, node, 'x').posted(['a'])).toEqual(new Set(['a']));
	});

	test("add outlasts other runs' stale writes that take the key back after each of its first re-checks", async () => {
		const store = new FileDeduplicator();
		const helpers = helpersOf(store);
		let calls = 0;
		const checks: number[] = [];
		const racing: DedupHelpers = {
			...helpers,
			// The re-check at once and the one 250 ms later are each undone 50 ms after they land.
			checkProcessedAndRecord: async (items, scope, options) => {
				const result = await helpers.checkProcessedAndRecord(items, scope, options);
				checks.push(result.new.length);
				if (calls === 1 || calls === 2) {
					setTimeout(() => void helpers.removeProcessed(items, scope, options), 50);
				}
				calls++;
				return result;
			},
		};
		await new PostedList(racing, node, 'x').add(['a'], 0, 0);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(await new PostedList(helpers, node, 'x').posted(['a'])).toEqual(new Set(['a']));
		// new, present, lost (recorded again), lost (recorded again), present: then it stops.
		expect(checks).toEqual([1, 0, 1, 1, 0]);
	});

	test('claims take the current and previous bucket; a lost claim records nothing', async () => {
		const store = new FileDeduplicator();
		const list = new PostedList(helpersOf(store), node, 'x');
		expect(claimBuckets(125, 60)).toEqual([2, 1]);
		// A claim keeps two keys: the current bucket's claim and confirmation.
		expect(await list.claim(['a', 'b'], 60, 125)).toEqual(['a', 'b']);
		expect(await store.getProcessedDataCount('workflow', { workflow }, entries)).toBe(4);
		expect(await list.claim(['a', 'b', 'c'], 60, 170)).toEqual(['c']);
		expect(await store.getProcessedDataCount('workflow', { workflow }, entries)).toBe(6);
		// Claimed in bucket 2: held through bucket 3, free from bucket 4.
		expect(await list.claim(['a'], 60, 239)).toEqual([]);
		expect(await list.claim(['a'], 60, 240)).toEqual(['a']);
	});

	test('two runs that both win the first step at once: the confirmation settles it', async () => {
		// In memory: each call reads the row before the other writes it, with no disk timing.
		const store = new FileDeduplicator();
		const list = new PostedList(helpersOf(store), node, 'x');
		// Their second steps come 0 and 300 ms after the first.
		jest.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.999);
		try {
			const results = await Promise.all([list.claim(['a'], 60, 125), list.claim(['a'], 60, 125)]);
			expect(results).toEqual([['a'], []]);
		} finally {
			jest.restoreAllMocks();
		}
	});

	test('take: posted IDs are skipped, their claims released; expired claims of touched IDs dropped', async () => {
		const store = new FileDeduplicator();
		const list = new PostedList(helpersOf(store), node, 'x');
		await list.add(['a'], 0, 0);
		// Claimed in bucket 2: it blocks no check from bucket 4 on.
		await list.claim(['b'], 60, 125);
		expect(await list.take(['a', 'b', 'c'], 60, 250)).toEqual(['b', 'c']);
		// Left: a's posted key, b's and c's claim and confirmation of bucket 4 (b's bucket-2 keys dropped).
		expect(await store.getProcessedDataCount('workflow', { workflow }, entries)).toBe(5);
		expect(await list.claim(['a', 'b', 'c'], 60, 250)).toEqual(['a']);
	});

	test("another run's stale write during the check marks at most the items this run holds", async () => {
		await inFile(async (file, helpers) => {
			let snapshot: string | undefined;
			const stale: DedupHelpers = {
				...helpers,
				// Another run reads the row while the check's keys are in, and writes it back after.
				checkProcessedAndRecord: async (items, scope, options) => {
					const result = await helpers.checkProcessedAndRecord(items, scope, options);
					if (String(items[0]).includes(':posted:') && !snapshot)
						snapshot = readFileSync(file, 'utf8');
					return result;
				},
				removeProcessed: async (items, scope, options) => {
					await helpers.removeProcessed(items, scope, options);
					if (snapshot) writeFileSync(file, snapshot);
				},
			};
			const candidates = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }) as GalleryItem);
			const kept = await keepUnposted(new PostedList(stale, node, 'x'), 60_000)(candidates, 1);
			expect(kept.map((item) => item.id)).toEqual(['a']);
			const marked = await new PostedList(helpers, node, 'x').posted(['a', 'b', 'c', 'd', 'e']);
			expect([...marked].filter((id) => id !== 'a')).toEqual([]);
		});
	});

	test("a lost claim: the run writes keys only for the items it outputs, the lost and the posted ones, under another run's stale writes", async () => {
		await inFile(async (file, helpers) => {
			const plain = new PostedList(helpers, node, 'x');
			// Another run holds a; c is posted.
			await plain.claim(['a'], 60_000, Date.now());
			await plain.add(['c'], 0, 0);
			const touched = new Set<string>();
			let calls = 0;
			let snapshot = '';
			const stale: DedupHelpers = {
				...helpers,
				// Another run reads the row after each of this run's writes and writes it back after each undo.
				checkProcessedAndRecord: async (items, scope, options) => {
					calls++;
					for (const key of items) touched.add(String(key).split(':').pop()!);
					const result = await helpers.checkProcessedAndRecord(items, scope, options);
					snapshot = readFileSync(file, 'utf8');
					return result;
				},
				removeProcessed: async (items, scope, options) => {
					calls++;
					await helpers.removeProcessed(items, scope, options);
					writeFileSync(file, snapshot);
				},
			};
			const candidates = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id }) as GalleryItem);
			const kept = await keepUnposted(new PostedList(stale, node, 'x'), 60_000)(candidates, 2);
			expect(kept.map((item) => item.id)).toEqual(['b', 'd']);
			// Batches [a, b], [c], [d]: never a doubled batch, never a claim given back.
			expect([...touched].sort()).toEqual(['a', 'b', 'c', 'd']);
			// Each batch: claim, confirmation, posted check, one write taking back.
			expect(calls).toBe(4 + 4 + 4);
			expect(await plain.posted(['a', 'e', 'f'])).toEqual(new Set());
			expect(await plain.claim(['e', 'f'], 60_000, Date.now())).toEqual(['e', 'f']);
		});
	});

	test('add keeps the posted key and drops the claims that hold', async () => {
		const store = new FileDeduplicator();
		const list = new PostedList(helpersOf(store), node, 'x');
		await list.claim(['a', 'b'], 60, 125);
		expect(await list.add(['a'], 60, 190)).toEqual(new Set(['a']));
		// a's posted key, b's claim and confirmation.
		expect(await store.getProcessedDataCount('workflow', { workflow }, entries)).toBe(3);
		expect(await list.posted(['a', 'b'])).toEqual(new Set(['a']));
		expect(await list.claim(['b'], 60, 190)).toEqual([]);
	});

	test('a store failure names the list and the likely cause; an insert collision is retried once', async () => {
		const store = new FileDeduplicator();
		let failures = 1;
		const helpers = helpersOf(store);
		const flaky: DedupHelpers = {
			...helpers,
			checkProcessedAndRecord: async (...args) => {
				if (failures-- > 0) throw new Error('SQLITE_CONSTRAINT: UNIQUE constraint failed');
				return await helpers.checkProcessedAndRecord(...args);
			},
		};
		expect(await new PostedList(flaky, node, 'x').add(['a'], 0, 0)).toEqual(new Set(['a']));
		const broken: DedupHelpers = {
			...helpers,
			checkProcessedAndRecord: async () => {
				throw new Error('Deduplication data was originally saved with an incompatible setting');
			},
		};
		await expect(new PostedList(broken, node, 'x').posted(['a'])).rejects.toMatchObject({
			message: `Posted list "x": n8n's deduplication store failed: Deduplication data was originally saved with an incompatible setting`,
			description: expect.stringContaining('Remove Duplicates'),
		});
	});
});
