import { rmSync } from 'fs';
import { killAll } from '../../engine/processes';
import type { LocalRegistry } from './helpers/registry';

export default async function globalTeardown(): Promise<void> {
	await (globalThis as { __sgRegistry?: LocalRegistry }).__sgRegistry?.close();
	killAll();
	const runDir = process.env.SG_E2E_RUN_DIR;
	if (runDir && !process.env.SG_E2E_KEEP_TMP) rmSync(runDir, { recursive: true, force: true });
}
