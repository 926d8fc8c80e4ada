import { promises as fs } from 'fs';
import { hostname, tmpdir } from 'os';
import { join } from 'path';

/**
 * The temporary folder of one Get Download run, and the clean-up of folders that a killed
 * process (a worker's SIGKILL, an OOM kill) never removed. The folder's name says which
 * process on which host owns it: `n8n-shared-gallery-<pid>@<host>-XXXXXX`. Every run first
 * removes this host's folders whose process is gone, so a crash leaves nothing behind past
 * the next run.
 */

const PREFIX = 'n8n-shared-gallery-';
/** Folders of versions before 0.3 carry no owner: removed once they are this old. */
export const UNOWNED_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** This host's name as it may stand in a file name. */
export function hostTag(name = hostname()): string {
	return name.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, 64) || 'host';
}

export async function makeWorkDir(): Promise<string> {
	await removeAbandoned(tmpdir());
	return await fs.mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}@${hostTag()}-`));
}

/** The owner a folder's name gives, or 'unowned' for the old form, or undefined if not ours. */
export function ownerOf(name: string): { pid: number; host: string } | 'unowned' | undefined {
	if (!name.startsWith(PREFIX)) return undefined;
	const rest = name.slice(PREFIX.length);
	const owned = /^(\d+)@([A-Za-z0-9._-]+)-[A-Za-z0-9]{6}$/.exec(rest);
	if (owned) return { pid: Number(owned[1]), host: owned[2] };
	return /^[A-Za-z0-9]{6}$/.test(rest) ? 'unowned' : undefined;
}

/**
 * Removes the folders left by dead processes of this host. Another host's folders (a shared
 * temp volume) are never touched: their processes cannot be checked from here.
 */
export async function removeAbandoned(
	dir: string,
	{ isAlive = processIsAlive, now = Date.now() } = {},
): Promise<string[]> {
	let names: string[];
	try {
		names = await fs.readdir(dir);
	} catch {
		return [];
	}
	const removed: string[] = [];
	const host = hostTag();
	for (const name of names) {
		const owner = ownerOf(name);
		if (owner === undefined) continue;
		const path = join(dir, name);
		if (owner === 'unowned') {
			const stat = await fs.stat(path).catch(() => undefined);
			if (!stat?.isDirectory() || now - stat.mtimeMs < UNOWNED_MAX_AGE_MS) continue;
		} else if (owner.host !== host || owner.pid === process.pid || isAlive(owner.pid)) {
			continue;
		}
		// Best effort: another run may be removing it at the same moment.
		await fs.rm(path, { recursive: true, force: true }).catch(() => undefined);
		removed.push(name);
	}
	return removed;
}

/** Signal 0 checks that a process exists; EPERM means it exists under another user. */
function processIsAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}
