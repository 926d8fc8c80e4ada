import { StreamArchiveError } from './budget';
import type { Input } from './input';
import { decodeName, MAX32, parseExtra, readU64, SIG, type LocalRecord } from './records';

/** The central directory must describe exactly the entries read, in order. */
export async function checkCentralDirectory(input: Input, records: LocalRecord[]): Promise<void> {
	const centralStart = input.position;
	let index = 0;
	for (;;) {
		if (!(await input.fill(4)))
			throw new StreamArchiveError('the archive ends inside its central directory');
		if (input.peek(4).readUInt32LE(0) !== SIG.central) break;
		const fixed = await input.take(46, 'a central directory record');
		const nameRaw = await input.take(fixed.readUInt16LE(28), 'a central directory record');
		const extra = parseExtra(
			await input.take(fixed.readUInt16LE(30), 'a central directory record'),
		);
		await input.skip(fixed.readUInt16LE(32), 'a central directory record');
		const storedName = decodeName(fixed.readUInt16LE(8), nameRaw, extra);
		const local = records[index++];
		if (!local)
			throw new StreamArchiveError(
				`the central directory lists "${storedName}", which the archive does not hold`,
			);
		let uncompressedSize = fixed.readUInt32LE(24);
		let compressedSize = fixed.readUInt32LE(20);
		let offset = fixed.readUInt32LE(42);
		const zip64 = extra.get(0x0001);
		if (zip64) {
			let at = 0;
			const next = () => (zip64.length >= at + 8 ? readU64(zip64, (at += 8) - 8) : Number.NaN);
			if (uncompressedSize === MAX32) uncompressedSize = next();
			if (compressedSize === MAX32) compressedSize = next();
			if (offset === MAX32) offset = next();
		}
		if (!nameRaw.equals(local.nameRaw) || offset !== local.offset) {
			throw new StreamArchiveError(
				`the central directory and the local header disagree on "${storedName}"`,
			);
		}
		if (fixed.readUInt16LE(10) !== local.method) {
			throw new StreamArchiveError(
				`the central directory and the local header disagree on how "${storedName}" is stored`,
			);
		}
		if (
			fixed.readUInt32LE(16) !== local.crc >>> 0 ||
			compressedSize !== local.compressedSize ||
			uncompressedSize !== local.uncompressedSize
		) {
			throw new StreamArchiveError(
				`"${storedName}" is corrupt (the central directory disagrees on its size or CRC-32)`,
			);
		}
	}
	if (index !== records.length) {
		throw new StreamArchiveError(
			`the central directory lists ${index} entries where the archive holds ${records.length}`,
		);
	}
	await checkEndRecords(input, centralStart);
}

/** The end records must point back at the central directory just read. */
export async function checkEndRecords(input: Input, centralStart: number): Promise<void> {
	const misplaced = (what: string) =>
		new StreamArchiveError(`the archive is corrupt (its ${what} points elsewhere)`);
	let zip64At: number | undefined;
	if (input.peek(4).readUInt32LE(0) === SIG.end64) {
		zip64At = input.position;
		const record = await input.take(56, 'the ZIP64 end record');
		if (readU64(record, 48) !== centralStart) throw misplaced('ZIP64 end record');
		await input.skip(Math.max(0, readU64(record, 4) - 44), 'the ZIP64 end record');
		if (!(await input.fill(4)) || input.peek(4).readUInt32LE(0) !== SIG.locator64) {
			throw new StreamArchiveError('the archive is corrupt (no ZIP64 end locator)');
		}
		const locator = await input.take(20, 'the ZIP64 end locator');
		if (readU64(locator, 8) !== zip64At) throw misplaced('ZIP64 end locator');
	}
	if (!(await input.fill(22)) || input.peek(4).readUInt32LE(0) !== SIG.end) {
		throw new StreamArchiveError('the archive ends inside its end record');
	}
	const end = await input.take(22, 'the end record');
	const offset = end.readUInt32LE(16);
	if (offset !== MAX32 && offset !== centralStart) throw misplaced('end record');
	if (offset === MAX32 && zip64At === undefined) throw misplaced('end record');
}
