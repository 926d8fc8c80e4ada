// n8n-core reads N8N_USER_FOLDER at import time: keep it out of ~/.n8n.
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'sg-n8n-user-'));
}
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
// A fixed key for the throw-away user folder: no credential is stored with it.
process.env.N8N_ENCRYPTION_KEY ??= 'in-process-engine-key';
