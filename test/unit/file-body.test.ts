/**
 * FileBody against n8n-core's real binary data code: the file system store (fs.writeFile of an
 * async iterable) and binaryToBuffer (how the database, S3 and in-memory modes read a stream).
 */
import { randomBytes } from 'crypto';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { binaryToBuffer } from 'n8n-core';
import { FileSystemManager } from 'n8n-core/dist/binary-data/file-system.manager';
import { tmpdir } from 'os';
import { join } from 'path';

import { FileBody, PASS_PIECE, STORE_PIECE } from '../../nodes/SharedGalleryGetDownload/fileBody';

/** Five pieces for the store and a short last one. */
const data = randomBytes(5 * STORE_PIECE + 1234);

/** `data` in pieces of 4,096 bytes; counts what was pulled; throws after `failAfter` bytes. */
function source(failAfter?: number) {
	const state = { pulled: 0 };
	const pieces = (async function* () {
		for (let at = 0; at < data.length; at += 4096) {
			if (failAfter !== undefined && at >= failAfter) throw new Error('connection reset');
			state.pulled += Math.min(4096, data.length - at);
			yield data.subarray(at, at + 4096);
		}
	})();
	return { pieces, state };
}

let dir: string;
let store: FileSystemManager;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'sg-file-body-'));
	store = new FileSystemManager(dir, { error: () => undefined } as never);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const location = { type: 'execution', workflowId: 'w1', executionId: 'e1' } as const;

describe('FileBody', () => {
	test("the file system store writes it as it arrives: the same bytes, n8n's size, FileBody's count", async () => {
		const body = new FileBody(source().pieces);
		const { fileId, fileSize } = await store.store(location, body.asBinarySource(), {
			fileName: 'a.mp4',
			mimeType: 'video/mp4',
		});
		expect(Buffer.compare(readFileSync(store.getPath(fileId)), data)).toBe(0);
		expect(fileSize).toBe(data.length);
		expect(body.bytes).toBe(data.length);
		expect(body.sourceError).toBeUndefined();
	});

	test("binaryToBuffer (database, S3, in-memory modes) gathers its 'data' events to the same bytes", async () => {
		const body = new FileBody(source().pieces);
		const buffer = await binaryToBuffer(body.asBinarySource());
		expect(Buffer.compare(buffer, data)).toBe(0);
		expect(body.bytes).toBe(data.length);
	});

	test('the store gets pieces of STORE_PIECE bytes, gathered from the small ones as they come', async () => {
		const sizes: number[] = [];
		for await (const piece of new FileBody(source().pieces)) sizes.push(piece.length);
		expect(sizes).toEqual([...Array(5).fill(STORE_PIECE), 1234]);
		// A piece that is large enough already goes on as it is, not copied.
		const large = data.subarray(0, STORE_PIECE + 1);
		const pieces: Buffer[] = [];
		for await (const piece of new FileBody(
			(async function* () {
				yield large;
			})(),
		))
			pieces.push(piece);
		expect(pieces).toHaveLength(1);
		expect(pieces[0]).toBe(large);
	});

	test('pieces of PASS_PIECE or more go on uncopied, the small ones before them gathered apart', async () => {
		const small = [data.subarray(0, 1000), data.subarray(1000, 3000)];
		const big = data.subarray(3000, 3000 + PASS_PIECE);
		const tail = data.subarray(3000 + PASS_PIECE, 4000 + PASS_PIECE);
		const out: Buffer[] = [];
		for await (const piece of new FileBody(
			(async function* () {
				yield* small;
				yield big;
				yield tail;
			})(),
		))
			out.push(piece);
		expect(out.map((piece) => piece.length)).toEqual([3000, PASS_PIECE, 1000]);
		expect(out[1]).toBe(big);
		expect(Buffer.compare(Buffer.concat(out), data.subarray(0, 4000 + PASS_PIECE))).toBe(0);
	});

	test("the source's error reaches both stores as it is, and is told apart from the store's own", async () => {
		const onDisk = new FileBody(source(100_000).pieces);
		await expect(
			store.store(location, onDisk.asBinarySource(), { fileName: 'a.mp4', mimeType: 'video/mp4' }),
		).rejects.toThrow('connection reset');
		expect((onDisk.sourceError?.error as Error).message).toBe('connection reset');

		const inMemory = new FileBody(source(100_000).pieces);
		await expect(binaryToBuffer(inMemory.asBinarySource())).rejects.toThrow('connection reset');
		expect(inMemory.sourceError).toBeDefined();
	});

	test('destroy stops the flow: nothing more is pulled, and a close is emitted once', async () => {
		const { pieces, state } = source();
		const body = new FileBody(pieces);
		let closes = 0;
		let datas = 0;
		body.once('close', () => closes++);
		await new Promise<void>((resolve) => {
			body.on('data', () => {
				if (++datas === 3) {
					body.destroy();
					resolve();
				}
			});
		});
		await new Promise((resolve) => setImmediate(resolve));
		expect(datas).toBe(3);
		expect(state.pulled).toBe(3 * STORE_PIECE);
		body.destroy();
		expect(closes).toBe(1);
	});
});
