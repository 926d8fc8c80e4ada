import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ensureN8n } from './helpers/n8nInstall';
import { packPackage } from './helpers/pack';

/**
 * Once per `jest -c test/e2e/jest.config.js` run: make sure n8n is installed in the cache
 * (installing it the first time, ~6 min), and `npm pack` the built package into a temp folder.
 * Test files read the tarball path from SG_E2E_TARBALL (workers inherit this environment).
 */
export default async function globalSetup(): Promise<void> {
	const log = (m: string) => process.stdout.write(`${m}\n`);
	const t0 = Date.now();
	const n8n = await ensureN8n(log);
	log(`\n[e2e] n8n ready in ${n8n.dir} (${n8n.installedNow ? `installed in ${Math.round(n8n.ms / 1000)} s` : 'reused'})`);
	const runDir = mkdtempSync(join(tmpdir(), 'sg-e2e-run-'));
	const tarball = await packPackage(join(runDir, 'pack'));
	log(`[e2e] packed ${tarball} (setup ${Math.round((Date.now() - t0) / 1000)} s)`);
	process.env.SG_E2E_RUN_DIR = runDir;
	process.env.SG_E2E_TARBALL = tarball;
}
