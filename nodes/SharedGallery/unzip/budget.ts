import { Budget, formatSize, SafetyCapError } from '../caps';

/** The archive itself cannot be read: truncated, corrupt, or not a zip. */
export class StreamArchiveError extends Error {}

/** caps.ts's Budget plus Max File Size: the streaming path holds each file in memory. */
export class StreamBudget extends Budget {
	constructor(
		maxFiles: number,
		maxTotalBytes: number,
		readonly maxFileBytes: number,
	) {
		super(maxFiles, maxTotalBytes);
	}

	protected override checkFile(bytes: number, name: string): void {
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
