import { createHash } from 'crypto';

/** Hex SHA-256 of some bytes: how every suite compares a file with the emulator's original. */
export function sha256(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}
