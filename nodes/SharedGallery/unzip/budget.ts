import { formatSize, SafetyCapError } from '../caps';

/** The archive itself cannot be read: truncated, corrupt, or not a zip. */
export class StreamArchiveError extends Error {}

/** Safety caps shared by every archive of one node run (caps.ts's Budget, plus Max File Size: each file is held in memory). */
export class StreamBudget {
	files = 0;

	bytes = 0;

	constructor(
		readonly maxFiles: number,
		readonly maxTotalBytes: number,
		readonly maxFileBytes: number,
	) {}

	takeFile(name: string): void {
		if (this.files + 1 > this.maxFiles) {
			throw new SafetyCapError(
				'files',
				this.maxFiles,
				`more than ${this.maxFiles} files (at "${name}"); raise Max Files to allow more`,
			);
		}
		this.files++;
	}

	/** Before an entry's bytes are read: its declared size against both caps. */
	reserve(declaredBytes: number, name: string): void {
		this.checkFile(declaredBytes, name);
		if (this.bytes + declaredBytes > this.maxTotalBytes) {
			throw new SafetyCapError(
				'size',
				this.maxTotalBytes,
				`"${name}" would bring the total past ${formatSize(this.maxTotalBytes)}; raise Max Total Size to allow more`,
			);
		}
	}

	/** While reading: bytes so far of this entry, against both caps. */
	check(entryBytes: number, name: string): void {
		this.checkFile(entryBytes, name);
		if (this.bytes + entryBytes > this.maxTotalBytes) {
			throw new SafetyCapError(
				'size',
				this.maxTotalBytes,
				`the files passed ${formatSize(this.maxTotalBytes)} while reading "${name}"; raise Max Total Size to allow more`,
			);
		}
	}

	add(bytes: number): void {
		this.bytes += bytes;
	}

	private checkFile(bytes: number, name: string): void {
		if (bytes > this.maxFileBytes) {
			throw new SafetyCapError(
				'file',
				this.maxFileBytes,
				`"${name}" is larger than Max File Size (${formatSize(this.maxFileBytes)}); each file is held in memory while it is read, raise Max File Size to allow more`,
			);
		}
	}
}

/** What reading an archive counted: for tests and the bench. */
export const streamStats = { entries: 0, inflated: 0 };
