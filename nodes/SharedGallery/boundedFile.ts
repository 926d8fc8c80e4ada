import { close as closeFd, read as readFd } from 'fs';
import { Readable } from 'stream';
import * as yauzl from 'yauzl';

import { ArchiveError } from './archiveError';

/** Bytes per read from disk: large reads keep the copy of big stored videos cheap. */
export const READ_CHUNK = 1024 * 1024;

/**
 * yauzl's file access, refusing any range outside the file: a hostile offset (a ZIP64 record
 * pointing past 2^53, say) fails the read instead of throwing inside an fs callback.
 */
export class BoundedFileReader extends yauzl.RandomAccessReader {
	constructor(
		private readonly fd: number,
		private readonly size: number,
	) {
		super();
	}

	private outside(start: number, end: number): ArchiveError | undefined {
		const fits =
			Number.isSafeInteger(start) &&
			Number.isSafeInteger(end) &&
			start >= 0 &&
			start <= end &&
			end <= this.size;
		return fits
			? undefined
			: new ArchiveError(
					`an offset points outside the file (bytes ${start} to ${end} of ${this.size})`,
				);
	}

	/** Positional reads on the shared fd: destroying the stream must not close the file. */
	_readStreamForRange(start: number, end: number): Readable {
		const error = this.outside(start, end);
		const fd = this.fd;
		let position = start;
		return new Readable({
			highWaterMark: READ_CHUNK,
			read() {
				if (error) return void this.destroy(error);
				const length = Math.min(READ_CHUNK, end - position);
				if (length <= 0) return void this.push(null);
				readFd(
					fd,
					Buffer.allocUnsafe(length),
					0,
					length,
					position,
					(readError, bytesRead, buffer) => {
						if (readError) return void this.destroy(readError);
						if (bytesRead === 0)
							return void this.destroy(new ArchiveError('the archive ends early'));
						position += bytesRead;
						this.push(buffer.subarray(0, bytesRead));
					},
				);
			},
		});
	}

	read(
		buffer: Buffer,
		offset: number,
		length: number,
		position: number,
		callback: (error: Error | null) => void,
	): void {
		const error = this.outside(position, position + length);
		if (error) return process.nextTick(callback, error);
		readFd(this.fd, buffer, offset, length, position, (readError, bytesRead) => {
			callback(
				readError ?? (bytesRead < length ? new ArchiveError('the archive ends early') : null),
			);
		});
	}

	close(callback: (error: Error | null) => void): void {
		closeFd(this.fd, (error) => callback(error ?? null));
	}
}
