import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ensureN8n } from './helpers/n8nInstall';
import { PACKAGE_NAME, packPackage } from './helpers/pack';
import { startRegistry, type LocalRegistry } from './helpers/registry';
import { N8N_TARGETS, targetLabel, type N8nTarget } from './helpers/versions';

/** The targets a run needs: SG_N8N_VERSION narrows it to one. */
function targets(): readonly N8nTarget[] {
	const only = process.env.SG_N8N_VERSION;
	return only ? N8N_TARGETS.filter((t) => t.n8n === only) : N8N_TARGETS;
}

/**
 * Once per run of a real-n8n suite: make sure each n8n version is installed in the cache (the
 * first time, 4-9 min, side by side), pack the built package, start a local registry and publish the
 * tarball to it, so that each test can install it the way n8n's installer does. Test files read
 * SG_E2E_REGISTRY and SG_E2E_PACKAGE_VERSION (workers inherit this environment).
 */
export default async function globalSetup(): Promise<void> {
	const log = (m: string) => process.stdout.write(`${m}\n`);
	const t0 = Date.now();
	// On a cold machine the installs are mostly waiting on the registry: run them side by side.
	await Promise.all(
		targets().map(async (target) => {
			const n8n = await ensureN8n(target, log);
			log(
				`\n[e2e] ${targetLabel(target)} ready in ${n8n.dir} (${n8n.installedNow ? `installed in ${Math.round(n8n.ms / 1000)} s` : 'reused'})`,
			);
		}),
	);
	const runDir = mkdtempSync(join(tmpdir(), 'sg-e2e-run-'));
	const tarball = await packPackage(join(runDir, 'pack'));
	const registry = await startRegistry(join(runDir, 'registry'), PACKAGE_NAME, log);
	(globalThis as { __sgRegistry?: LocalRegistry }).__sgRegistry = registry;
	await registry.publish(tarball);
	const version = /-(\d+\.\d+\.\d+[^/]*)\.tgz$/.exec(tarball)![1];
	log(
		`[e2e] published ${PACKAGE_NAME}@${version} to ${registry.url} (setup ${Math.round((Date.now() - t0) / 1000)} s)`,
	);
	process.env.SG_E2E_RUN_DIR = runDir;
	process.env.SG_E2E_TARBALL = tarball;
	process.env.SG_E2E_REGISTRY = registry.url;
	process.env.SG_E2E_REGISTRY_USERCONFIG = registry.userconfig;
	process.env.SG_E2E_PACKAGE_VERSION = version;
}
