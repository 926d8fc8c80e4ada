/**
 * n8n's binary data storage refusing a file.
 * n8n's own `database` mode (queue mode's default) reads a whole file and then throws n8n-core's
 * FileTooLargeError when it is over N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE. Here the real
 * BinaryDataService's `store` does exactly that for one chosen file, with n8n-core's real error
 * class; the queue-mode suite (test/queue) shows the same against Postgres.
 */
import { Container } from '@n8n/di';
import { BinaryDataService, binaryToBuffer, FileTooLargeError } from 'n8n-core';

import { SEED, type Emulator } from '../../emulator';
import { formatSize } from '../../nodes/SharedGallery/caps';
import type { Engine } from '../../engine';
import { download, fileHashes, tolerant, useGallery } from '../helpers/gallery';

const { media } = SEED;
// One archive (no two share a name), the refused file in the middle of it.
const IDS = [media.sunsetPier, media.cafeNight, media.beachVolley];
const VICTIM = media.cafeNight;

let emulator: Emulator;
let engine: Engine;
useGallery((e, g) => ((emulator = e), (engine = g)));

afterEach(() => jest.restoreAllMocks());

/** n8n's database manager: buffer the whole file, then refuse it when it is "too large". */
function refuse(fileName: string, error: (size: number) => Error) {
	const service = Container.get(BinaryDataService);
	const store = service.store.bind(service);
	return jest.spyOn(service, 'store').mockImplementation(async (location, data, binaryData) => {
		if (binaryData.fileName !== fileName) return await store(location, data, binaryData);
		const buffer = await binaryToBuffer(data);
		throw error(buffer.length);
	});
}

const tooLarge = (size: number) =>
	new FileTooLargeError({
		fileSizeMb: size / 2 ** 20,
		maxFileSizeMb: 512,
		fileId: 'f1e2d3c4',
		fileName: emulator.store.getItem(VICTIM)!.name,
	});

describe("Get Download: n8n's storage refuses one file", () => {
	test('over the database mode limit, under Continue On Fail: that file fails alone, naming the item, its size and the setting; the files before and after it arrive', async () => {
		refuse(emulator.store.getItem(VICTIM)!.name, tooLarge);
		const result = await engine.run(download({ itemIds: IDS.join(',') }, tolerant));
		const out = result.output('Download');
		const delivered = out.filter((i) => i.binary);
		expect(delivered.map((i) => i.json.itemId).sort()).toEqual(
			[media.sunsetPier, media.beachVolley].sort(),
		);
		for (const [itemId, hash] of await fileHashes(delivered))
			expect(hash).toBe(emulator.store.fileSha256(itemId));
		const failed = out.filter((i) => i.json.error);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.itemId).toBe(VICTIM);
		const message = String(failed[0].json.error);
		const size = emulator.store.fileBytes(VICTIM).length;
		expect(message).toContain(VICTIM);
		expect(message).toContain(emulator.store.getItem(VICTIM)!.name);
		expect(message).toContain(`${Number((size / 1024).toFixed(1))} KB`);
		expect(message).toContain('N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE');
		expect(message).toContain('512 MB');
		expect(message).not.toMatch(/API error|corrupt|truncated/i);
		expect(String(failed[0].json.description)).toMatch(/N8N_DEFAULT_BINARY_DATA_MODE/);
		// One archive: the refusal did not cost a second download.
		expect(emulator.fileLog.filter((f) => f.status === 200)).toHaveLength(1);
	});

	test('over the database mode limit, without Continue On Fail: the node fails with the same clear error', async () => {
		refuse(emulator.store.getItem(VICTIM)!.name, tooLarge);
		const result = await engine.run(download({ itemIds: IDS.join(',') }));
		const error = result.error('Download');
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toContain(VICTIM);
		expect(error?.message).toContain('N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE');
		expect(error?.message).not.toMatch(/API error|corrupt/i);
	});

	test("the store gives up before it reads a byte: the error gives the file's size, and the archive goes on", async () => {
		const service = Container.get(BinaryDataService);
		const store = service.store.bind(service);
		const victim = emulator.store.getItem(VICTIM)!.name;
		jest.spyOn(service, 'store').mockImplementation(async (location, data, binaryData) => {
			if (binaryData.fileName !== victim) return await store(location, data, binaryData);
			throw Object.assign(new Error('ENOSPC: no space left on device, open'), { code: 'ENOSPC' });
		});
		const result = await engine.run(download({ itemIds: IDS.join(',') }, tolerant));
		const out = result.output('Download');
		for (const [itemId, hash] of await fileHashes(out.filter((i) => i.binary)))
			expect(hash).toBe(emulator.store.fileSha256(itemId));
		expect(out.filter((i) => i.binary)).toHaveLength(2);
		const failed = out.filter((i) => i.json.error);
		expect(failed.map((i) => i.json.itemId)).toEqual([VICTIM]);
		const size = formatSize(emulator.store.fileBytes(VICTIM).length);
		expect(String(failed[0].json.error)).toContain(`("${victim}", ${size})`);
	});

	test('a full binary data disk: that file fails alone, saying so', async () => {
		refuse(emulator.store.getItem(VICTIM)!.name, () =>
			Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }),
		);
		const result = await engine.run(download({ itemIds: IDS.join(',') }, tolerant));
		const out = result.output('Download');
		expect(out.filter((i) => i.binary)).toHaveLength(2);
		const failed = out.filter((i) => i.json.error);
		expect(failed.map((i) => i.json.itemId)).toEqual([VICTIM]);
		expect(String(failed[0].json.error)).toMatch(
			new RegExp(`could not store item ${VICTIM} .*no space left on device`),
		);
	});
});
