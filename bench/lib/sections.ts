// RESULTS.md holds sections that separate runs write (shaped links, speed, fit), each between
// two HTML comments: one run rewrites its own section and keeps the others.
import { promises as fs } from 'fs';

/** Puts `text` between `start` and `end` in the file, replacing what was there, or appends it. */
export async function writeSection(
	path: string,
	start: string,
	end: string,
	text: string,
): Promise<void> {
	const results = await fs.readFile(path, 'utf8').catch(() => '');
	const block = `${start}\n${text.trim()}\n${end}`;
	const at = results.indexOf(start);
	const until = results.indexOf(end);
	const next =
		at >= 0 && until > at
			? results.slice(0, at) + block + results.slice(until + end.length)
			: `${results.trimEnd()}\n\n${block}\n`;
	await fs.writeFile(path, next);
}
