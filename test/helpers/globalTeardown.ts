import { rmSync } from 'fs';

/** Removes the n8n user folder globalSetup.ts made (never one the caller gave). */
export default function globalTeardown(): void {
	const folder = process.env.SG_REMOVE_USER_FOLDER;
	if (folder && folder === process.env.N8N_USER_FOLDER)
		rmSync(folder, { recursive: true, force: true });
}
