import { close as closeFd, createReadStream, fstat, open as openFd, promises as fs } from 'fs';
import { Readable, Transform } from 'stream';
import { promisify } from 'util';
import * as yauzl from 'yauzl';
import { crc32 } from 'zlib';

import { ArchiveError } from './archiveError';
import { BoundedFileReader, READ_CHUNK } from './boundedFile';
import { SafetyCapError, type Budget } from './caps';

export { Budget, formatSize, SafetyCapError } from './caps';

/**
 * Reading downloaded archives, one entry at a time, from a file on disk: memory stays flat
 * however large the archive (see README, "Benchmarks"). Names are reduced to safe base names,
 * and the caps are enforced while reading, before and during each entry's bytes.
 */

export { ArchiveError };

export interface ArchiveEntry {
	/** Safe base name: no directory, no `..`, no drive letter. */
	name: string;
	/** The name as stored in the archive (decoded). */
	storedName: string;
	declaredSize: number;
	/** Why this one entry cannot be extracted (encrypted, unknown method); the rest can. */
	problem?: string;
	/** Opens the entry's bytes as a stream metered by the budget. */
	open(): Promise<Readable>;
}

/** Entries that are never media: folders and macOS resource forks. */
export function isJunk(storedName: string): boolean {
	const normalized = storedName.replace(/\\/g, '/');
	if (normalized.endsWith('/')) return true;
	if (normalized.split('/').includes('__MACOSX')) return true;
	return safeBaseName(normalized) === '.DS_Store';
}

/** `../x`, `/etc/x`, `..\x`, `C:\x` → `x`. Empty when nothing usable is left. */
export function safeBaseName(storedName: string): string {
	const last =
		storedName
			.split(/[\\/]+/)
			.filter((part) => part !== '')
			.pop() ?? '';
	const name = last
		.replace(/^[A-Za-z]:/, '')
		// eslint-disable-next-line no-control-regex
		.replace(/[\u0000-\u001f\u007f]/g, '')
		.trim();
	return name === '.' || name === '..' ? '' : name.normalize('NFC');
}

/** Reads a zip file's entries lazily; junk entries are skipped, caps checked per entry. */
export async function* readArchive(filePath: string, budget: Budget): AsyncGenerator<ArchiveEntry> {
	const zip = await openZip(filePath);
	const failures: Error[] = [];
	zip.on('error', (error: Error) => failures.push(error));
	try {
		for (;;) {
			const entry = await nextEntry(zip);
			if (!entry) break;
			const storedName = yauzl.getFileNameLowLevel(
				entry.generalPurposeBitFlag,
				entry.fileNameRaw,
				entry.extraFields,
				false,
			);
			if (isJunk(storedName)) continue;
			const name = safeBaseName(storedName);
			if (!name) throw new ArchiveError(`entry "${storedName}" has no usable file name`);
			budget.takeFile(name);
			yield {
				name,
				storedName,
				declaredSize: entry.uncompressedSize,
				problem: problemOf(entry),
				open: async () => await openEntry(zip, entry, name, budget),
			};
		}
		if (failures.length)
			throw new ArchiveError(`the archive cannot be read (${reason(failures[0])})`);
	} finally {
		zip.close();
	}
}

/** A file that is not an archive (`archived: false`), metered like an entry. */
export async function openPlainFile(
	filePath: string,
	name: string,
	budget: Budget,
): Promise<Readable> {
	const { size } = await fs.stat(filePath);
	budget.takeFile(name);
	budget.reserve(size, name);
	return pipe(createReadStream(filePath, { highWaterMark: READ_CHUNK }), meter(budget, name));
}

async function openZip(filePath: string): Promise<yauzl.ZipFile> {
	const fd = await promisify(openFd)(filePath, 'r');
	const { size } = await promisify(fstat)(fd);
	const options = {
		lazyEntries: true,
		autoClose: false,
		decodeStrings: false,
		validateEntrySizes: true,
	};
	return await unreadable(
		yauzl.fromRandomAccessReaderPromise(new BoundedFileReader(fd, size), size, options),
		'the archive cannot be read',
	).catch((error: unknown) => {
		closeFd(fd, () => {});
		return Promise.reject(error);
	});
}

function problemOf(entry: yauzl.Entry): string | undefined {
	if (entry.isEncrypted()) return 'the file is encrypted';
	if (!entry.canDecodeFileData())
		return `compression method ${entry.compressionMethod} is not supported`;
	return undefined;
}

/** Listing needs only the central directory; the local header is checked when the bytes are read. */
async function openEntry(
	zip: yauzl.ZipFile,
	entry: yauzl.Entry,
	name: string,
	budget: Budget,
): Promise<Readable> {
	await checkLocalHeader(zip, entry, name);
	budget.reserve(entry.uncompressedSize, name);
	const stream = await unreadable(
		zip.openReadStreamPromise(entry),
		`entry "${name}" cannot be read`,
	);
	return pipe(pipe(stream, crcCheck(entry.crc32, name)), meter(budget, name));
}

/** yauzl checks sizes but not CRC-32: corrupt bytes must fail the entry, not reach the user. */
function crcCheck(expected: number, name: string): Transform {
	let crc = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			crc = crc32(chunk, crc);
			callback(null, chunk);
		},
		flush(callback) {
			callback(
				crc >>> 0 === expected >>> 0
					? null
					: new ArchiveError(`"${name}" is corrupt (CRC-32 mismatch)`),
			);
		},
	});
}

/** The local header must name the same file as the central directory. */
async function checkLocalHeader(
	zip: yauzl.ZipFile,
	entry: yauzl.Entry,
	storedName: string,
): Promise<void> {
	const local = await unreadable(
		zip.readLocalFileHeaderPromise(entry),
		`entry "${storedName}" cannot be read`,
	);
	if (!Buffer.from(local.fileName).equals(entry.fileNameRaw)) {
		throw new ArchiveError(
			`the central directory and the local header disagree on "${storedName}"`,
		);
	}
	if (local.compressionMethod !== entry.compressionMethod) {
		throw new ArchiveError(
			`the central directory and the local header disagree on how "${storedName}" is stored`,
		);
	}
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
	return new Promise((resolve, reject) => {
		const cleanup = () => {
			zip.off('entry', onEntry);
			zip.off('end', onEnd);
			zip.off('error', onError);
		};
		const onEntry = (entry: yauzl.Entry) => {
			cleanup();
			resolve(entry);
		};
		const onEnd = () => {
			cleanup();
			resolve(null);
		};
		const onError = (error: Error) => {
			cleanup();
			reject(new ArchiveError(`the archive cannot be read (${reason(error)})`));
		};
		zip.on('entry', onEntry);
		zip.on('end', onEnd);
		zip.on('error', onError);
		try {
			zip.readEntry();
		} catch (error) {
			// yauzl can throw while parsing a hostile record: that is a broken archive too.
			onError(error instanceof Error ? error : new Error(String(error)));
		}
	});
}

/** source → step, with errors from either end surfacing on the returned stream. */
function pipe(source: Readable, step: Transform): Readable {
	source.on('error', (error) =>
		step.destroy(
			error instanceof SafetyCapError || error instanceof ArchiveError
				? error
				: new ArchiveError(reason(error)),
		),
	);
	step.on('error', () => source.destroy());
	return source.pipe(step);
}

/** A failed read of the zip's structure becomes an ArchiveError saying what could not be read. */
async function unreadable<T>(promise: Promise<T>, what: string): Promise<T> {
	return await promise.catch((error: unknown) =>
		Promise.reject(new ArchiveError(`${what} (${reason(error)})`)),
	);
}

function reason(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** Counts bytes as they stream, failing the stream the moment the total passes the cap. */
export function meter(budget: Budget, name: string): Transform {
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			try {
				budget.add(chunk.length);
				budget.check(0, name);
				callback(null, chunk);
			} catch (error) {
				callback(error as Error);
			}
		},
	});
}
