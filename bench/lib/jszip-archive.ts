// Variant (d): the design card's choice, jszip, as a drop-in for nodes/SharedGallery/archive.ts's
// readArchive. Same download-to-disk before it; then the whole file is read, `JSZip.loadAsync`
// parses it, and each entry is `async('nodebuffer')`'d and handed on as a one-chunk stream.
//
// The node reads an archive twice (a name scan, then the extraction). yauzl's scan only reads
// the central directory; a jszip version would load the file once and keep it, so this one
// caches the loaded zip between the two passes (in jszip's favour) and drops it after the second.
import { promises as fs } from 'fs';
import JSZip from 'jszip';
import { Readable } from 'stream';

import type * as Archive from '../../nodes/SharedGallery/archive';

export const calls = { loads: 0, entries: 0 };

export function jszipReadArchive(real: typeof Archive): typeof Archive.readArchive {
	const cache = new Map<string, { zip: Promise<JSZip>; passes: number }>();

	async function* readArchive(
		filePath: string,
		budget: Archive.Budget,
	): AsyncGenerator<Archive.ArchiveEntry> {
		let slot = cache.get(filePath);
		if (!slot) {
			calls.loads++;
			slot = {
				zip: fs.readFile(filePath).then(async (data) => await JSZip.loadAsync(data)),
				passes: 0,
			};
			cache.set(filePath, slot);
		}
		slot.passes++;
		const pass = slot.passes;
		try {
			const zip = await slot.zip.catch((error: unknown) => {
				throw new real.ArchiveError(
					`the archive cannot be read (${error instanceof Error ? error.message : String(error)})`,
				);
			});
			for (const entry of Object.values(zip.files)) {
				if (entry.dir || real.isJunk(entry.name)) continue;
				const name = real.safeBaseName(entry.name);
				if (!name) throw new real.ArchiveError(`entry "${entry.name}" has no usable file name`);
				budget.takeFile(name);
				const declaredSize =
					(entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ??
					0;
				yield {
					name,
					storedName: entry.name,
					declaredSize,
					open: async () => {
						calls.entries++;
						budget.reserve(declaredSize, name);
						const bytes = await entry.async('nodebuffer');
						return Readable.from([bytes], { objectMode: false }).pipe(real.meter(budget, name));
					},
				};
			}
		} finally {
			if (pass >= 2) cache.delete(filePath);
		}
	}

	return readArchive;
}
