// n8n-core reads N8N_USER_FOLDER at import time: keep it out of ~/.n8n. A folder made here is
// removed when the process exits (the demo, the bench); Jest makes one for the whole run in
// test/helpers/globalSetup.ts and removes it in globalTeardown.ts.
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

if (!process.env.N8N_USER_FOLDER) {
	const folder = mkdtempSync(join(tmpdir(), 'sg-n8n-user-'));
	process.env.N8N_USER_FOLDER = folder;
	process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
}
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// A fixed key for the throw-away user folder: no credential is stored with it.
process.env.N8N_ENCRYPTION_KEY ??= 'in-process-engine-key';
