import { randomBytes } from 'crypto';
import { closeSync, openSync, writeSync } from 'fs';

/** A file of `bytes` that does not compress and is not one block repeated (each MiB numbered). */
export function writeBigFile(path: string, bytes: number): void {
	const block = randomBytes(1024 * 1024);
	const fd = openSync(path, 'w');
	try {
		for (let written = 0, n = 0; written < bytes; n++) {
			block.writeUInt32BE(n, 0);
			const size = Math.min(block.length, bytes - written);
			writeSync(fd, block, 0, size);
			written += size;
		}
	} finally {
		closeSync(fd);
	}
}
