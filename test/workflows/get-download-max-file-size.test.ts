/**
 * Unzipping while the archive downloads: the Max File Size cap on one file, and archives whose
 * entries carry data descriptors.
 */
import { SEED, type Emulator } from '../../emulator';
import { buildZip } from '../../emulator/zip';
import { getDownloadProperties } from '../../nodes/SharedGalleryGetDownload/description';
import { chain, TYPES, type Engine } from '../../engine';
import { download, fileHashes, tolerant, useGallery } from '../helpers/gallery';

const { media } = SEED;

describe('Get Download: Max File Size and data descriptors', () => {
	let emulator: Emulator;
	let engine: Engine;
	useGallery((e, g) => ((emulator = e), (engine = g)));

	test('Max File Size: a larger file stops the run with a clear error naming the items', async () => {
		const ids = [media.sunsetPier, media.cafeNight];
		const smallest = Math.min(...ids.map((id) => emulator.store.fileBytes(id).length));
		const stopped = await engine.run(
			download({ itemIds: ids.join(','), options: { maxFileBytes: smallest - 1 } }),
		);
		expect(stopped.error('Download')?.name).toBe('NodeOperationError');
		expect(stopped.error('Download')?.message).toMatch(
			/Safety cap reached: .* is larger than Max File Size/,
		);
		for (const id of ids) expect(stopped.error('Download')?.message).toContain(id);

		const continued = await engine.run(
			download({ itemIds: ids.join(','), options: { maxFileBytes: smallest - 1 } }, tolerant),
		);
		const out = continued.output('Download');
		expect(out.map((f) => f.json.itemId).sort()).toEqual([...ids].sort());
		for (const item of out) expect(String(item.json.error)).toMatch(/Max File Size/);
	});

	test('files at the cap are delivered; the option is offered in both versions', async () => {
		const ids = [media.sunsetPier, media.cafeNight];
		const largest = Math.max(...ids.map((id) => emulator.store.fileBytes(id).length));
		const files = (
			await engine.run(download({ itemIds: ids.join(','), options: { maxFileBytes: largest } }))
		).output('Download');
		for (const [itemId, hash] of await fileHashes(files))
			expect(hash).toBe(emulator.store.fileSha256(itemId));
		const optionNames = (properties: typeof getDownloadProperties) =>
			JSON.stringify(
				properties.find((p) => p.name === 'options' && JSON.stringify(p).includes('maxFiles')),
			);
		expect(optionNames(getDownloadProperties)).toContain('maxFileBytes');
		expect(optionNames(getDownloadProperties)).toContain('maxFileSizeMb');
	});

	test('version 2: Max File Size in MB, the cap error in MB', async () => {
		const ids = [media.sunsetPier, media.cafeNight];
		const v2 = (options: object, extra: object = {}) =>
			chain({
				name: 'Download',
				type: TYPES.download,
				typeVersion: 2,
				parameters: { itemIds: ids.join(','), options } as never,
				...extra,
			});
		const files = (
			await engine.run(v2({ maxFileSizeMb: 1, maxTotalSizeMb: 10, timeoutSeconds: 30 }))
		).output('Download');
		for (const [itemId, hash] of await fileHashes(files))
			expect(hash).toBe(emulator.store.fileSha256(itemId));
		expect(files).toHaveLength(2);
		emulator.faults.add({
			endpoint: 'file',
			replaceBody: buildZip(
				ids.map((id) => ({
					name: emulator.store.getItem(id)!.name,
					data: Buffer.alloc(1024 ** 2 + 1),
				})),
			),
		});
		const stopped = await engine.run(v2({ maxFileSizeMb: 1 }));
		expect(stopped.error('Download')?.name).toBe('NodeOperationError');
		expect(stopped.error('Download')?.message).toMatch(/is larger than Max File Size \(1 MB\)/);
	});

	test('data descriptors on stored and deflated entries, served by the file host', async () => {
		const ids = [media.sunsetPier, media.cafeNight, media.garden];
		const bytes = ids.map((id) => emulator.store.fileBytes(id));
		const names = ids.map((id) => emulator.store.getItem(id)!.name);
		emulator.faults.add({
			endpoint: 'file',
			replaceBody: buildZip([
				{ name: names[0], data: bytes[0], dataDescriptor: true },
				{ name: names[1], data: bytes[1], dataDescriptor: true, method: 'deflate' },
				{ name: names[2], data: bytes[2], dataDescriptor: true, descriptorSignature: false },
			]),
		});
		const files = (await engine.run(download({ itemIds: ids.join(',') }))).output('Download');
		expect(files.map((f) => f.json.itemId).sort()).toEqual([...ids].sort());
		for (const [itemId, hash] of await fileHashes(files))
			expect(hash).toBe(emulator.store.fileSha256(itemId));
	});
});
