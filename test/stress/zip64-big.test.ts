// Slow: streams a sparse > 4 GiB file through the emulator's zip writer (about 30 s).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { zipParts } from '../../emulator/zip';

const text = (s: string) => Buffer.from(s, 'utf8');

describe('the emulator zip writer on a > 4 GiB file', () => {
	let dir: string;
	beforeAll(() => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sg-zip64-'));
	});
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	test('a > 4 GiB file switches the entry to ZIP64 by itself', async () => {
		const file = path.join(dir, 'huge.bin');
		const size = 4 * 1024 ** 3 + 4096;
		fs.closeSync(fs.openSync(file, 'w'));
		fs.truncateSync(file, size); // sparse
		let total = 0;
		let tail = Buffer.alloc(0);
		for await (const p of zipParts([
			{ name: 'huge.bin', path: file },
			{ name: 'after.txt', data: text('after') },
		])) {
			total += p.bytes.length;
			if (p.kind === 'central' || p.kind === 'end' || p.kind === 'descriptor')
				tail = Buffer.concat([tail, p.bytes]);
		}
		expect(total).toBeGreaterThan(size);
		const zip64Eocd = tail.indexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]));
		expect(zip64Eocd).toBeGreaterThan(0);
		expect(Number(tail.readBigUInt64LE(zip64Eocd + 32))).toBe(2);
	}, 600_000);
});
