// Swaps nodes/SharedGallery/archive.ts's readArchive for a bench variant, in one child process
// only: every `require` of that module gets the real exports with readArchive replaced.
import Module from 'module';
import { resolve } from 'path';

import type * as Archive from '../../nodes/SharedGallery/archive';

export type ReadArchive = typeof Archive.readArchive;

export function swapReadArchive(make: (real: typeof Archive) => ReadArchive): void {
	const target = resolve(__dirname, '..', '..', 'nodes', 'SharedGallery', 'archive.ts');
	type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
	const mod = Module as unknown as {
		_load: Loader;
		_resolveFilename: (request: string, parent: unknown) => string;
	};
	const original = mod._load;
	let patched: typeof Archive | undefined;
	mod._load = function (request, parent, isMain) {
		const real = original.call(this, request, parent, isMain);
		let file: string;
		try {
			file = mod._resolveFilename(request, parent);
		} catch {
			return real;
		}
		if (file !== target) return real;
		if (!patched) {
			const exports = real as typeof Archive;
			patched = { ...exports, readArchive: make(exports) } as typeof Archive;
		}
		return patched;
	};
}
