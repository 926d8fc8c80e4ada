import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import { packPackage } from '../e2e/helpers/pack';
import { CHROMIUM } from './helpers/browser';
import { checkInstalls, UI_N8N_VERSION } from './helpers/n8nEditor';

/**
 * Once per `npm run test:ui`: the cached n8n and Node must be there (`npm run test:e2e` installs
 * them), and the built package is packed into a temp folder; tests read SG_E2E_TARBALL.
 */
export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	checkInstalls();
	const runDir = mkdtempSync(join(tmpdir(), 'sg-ui-run-'));
	process.env.SG_UI_RUN_DIR = runDir;
	const tarball = await packPackage(join(runDir, 'pack'));
	process.env.SG_E2E_TARBALL = tarball;
	process.env.SG_UI_STARTED_AT = String(t0);
	process.stdout.write(`\n[ui] n8n ${UI_N8N_VERSION}, ${CHROMIUM}; packed ${tarball} in ${Date.now() - t0} ms\n`);
}
