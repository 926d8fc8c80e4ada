import e2eGlobalSetup from '../e2e/globalSetup';
import { N8N_NEWEST } from '../e2e/helpers/versions';
import { CHROMIUM, checkChromium } from './helpers/browser';

/**
 * Once per `npm run test:ui`: the real-n8n suite's own set-up (cached n8n install, the package
 * packed and published to a local registry, to be placed the way n8n's installer places it),
 * narrowed to the newest n8n: the editor suite runs there (SG_N8N_VERSION picks another).
 */
export default async function globalSetup(): Promise<void> {
	const t0 = Date.now();
	checkChromium();
	process.env.SG_N8N_VERSION ||= N8N_NEWEST.n8n;
	await e2eGlobalSetup();
	process.env.SG_UI_STARTED_AT = String(t0);
	process.stdout.write(`[ui] ${CHROMIUM}; set-up ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
