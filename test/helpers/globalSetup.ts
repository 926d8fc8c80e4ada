// One throw-away n8n user folder for the whole Jest run (engine/env.ts would make one per
// test file): the workers inherit N8N_USER_FOLDER, globalTeardown.ts removes the folder.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export default function globalSetup(): void {
	if (process.env.N8N_USER_FOLDER) return;
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'sg-n8n-user-'));
	process.env.SG_REMOVE_USER_FOLDER = process.env.N8N_USER_FOLDER;
}
