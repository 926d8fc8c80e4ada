/**
 * Safety caps shared by every archive of one node run: Max Files, Max Total Size, and Max File
 * Size (n8n's database binary mode holds each file in memory).
 */
export class Budget {
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

	/** Before an entry's bytes are read: its declared size against the caps. */
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

	/** While reading: this entry's bytes so far (not yet added) against the caps. */
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
				`"${name}" is larger than Max File Size (${formatSize(this.maxFileBytes)}); raise Max File Size to allow more`,
			);
		}
	}
}

/**
 * A safety cap was reached: more files, or more bytes, than one node run may extract. Sizes
 * are given in the units a person thinks in (MB, GB), as n8n's Compression node does.
 */
export class SafetyCapError extends Error {
	override name = 'SafetyCapError';

	constructor(
		/** `file`: Max File Size, the cap on one file. */
		readonly cap: 'files' | 'size' | 'file',
		readonly limit: number,
		message: string,
	) {
		super(message);
	}
}

/** 5368709120 → "5 GB", 3000 → "2.9 KB": one decimal at most, binary units. */
export function formatSize(bytes: number): string {
	const units: Array<[string, number]> = [
		['GB', 1024 ** 3],
		['MB', 1024 ** 2],
		['KB', 1024],
	];
	for (const [unit, size] of units) {
		if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
	}
	return `${bytes} bytes`;
}
