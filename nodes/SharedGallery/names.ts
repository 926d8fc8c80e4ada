/** Archive entry names, as the file system would have to take them: never a path. */

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
