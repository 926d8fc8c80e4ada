import { rmSync } from 'fs';

import { killAll } from '../e2e/helpers/proc';

export default async function globalTeardown(): Promise<void> {
	killAll();
	const runDir = process.env.SG_UI_RUN_DIR;
	if (runDir && !process.env.SG_E2E_KEEP_TMP) rmSync(runDir, { recursive: true, force: true });
	const started = Number(process.env.SG_UI_STARTED_AT);
	if (started) process.stdout.write(`[ui] whole run ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
