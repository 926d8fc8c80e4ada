/**
 * The package placed the way n8n's installer places it, step by step from the n8n version's own
 * code (helpers/installer.ts), from a local registry: its runtime dependency installs under
 * n8n's flags, the nodes load, a saved workflow survives an upgrade from the first release, and
 * removing the package removes its nodes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { CRED, credentialFixtures, executionError } from './helpers/context';
import { nodesFolder, readInstallerPlan, removeLikeN8n } from './helpers/installer';
import { N8nInstance, nodeItems, publishedVersion, type ExecResult } from './helpers/n8n';
import { N8nServer } from './helpers/n8nServer';
import { PACKAGE_NAME } from './helpers/pack';
import { killAll } from '../../engine/processes';
import { publishTo, runRegistry } from './helpers/registry';
import { packReleased, releaseDryRun, RELEASED, savedWithRelease } from './helpers/released';
import { currentTarget } from './helpers/versions';
import { swapCredentials, swapTarget, type Workflow } from './helpers/workflows';
import { startEmulator } from '../../emulator';
import { sha256 } from '../helpers/sha256';

const target = currentTarget();
const TYPES = [
	'sharedGalleryQueryItems',
	'sharedGalleryGetDownload',
	'sharedGalleryTrigger',
	'sharedGalleryPostedList',
].map((n) => `${PACKAGE_NAME}.${n}`);

let emu: Awaited<ReturnType<typeof startEmulator>>;
let n8n: N8nInstance;
let saved: Workflow;
let outDir: string;

beforeAll(async () => {
	emu = await startEmulator();
	n8n = await N8nInstance.create(target, { install: false });
	// The first release, built from git history and published next to this build.
	const released = await packReleased(join(n8n.root, 'release'));
	await publishTo(runRegistry(), released, 'v0-1');
	outDir = join(n8n.filesDir, 'saved');
	saved = swapTarget(
		// Saved with the first release: version-1 nodes (today's example is at the current versions).
		swapCredentials(await savedWithRelease('examples/most-liked-media-to-disk.json'), {
			sharedGalleryApi: CRED.gallery,
		}),
		'/home/node/.n8n-files/shared-gallery/',
		`${outDir}/`,
	);
});

afterAll(async () => {
	killAll();
	await emu?.close();
	n8n?.dispose();
});

function installed(): { version: string; dependencies?: Record<string, string> } {
	return JSON.parse(
		readFileSync(
			join(nodesFolder(n8n.userFolder), 'node_modules', PACKAGE_NAME, 'package.json'),
			'utf8',
		),
	);
}

/** Run the saved workflow; return each downloaded file's sha256 by item ID, checked against the emulator. */
async function runSaved(): Promise<Record<string, string>> {
	rmSync(outDir, { recursive: true, force: true });
	mkdirSync(outDir, { recursive: true });
	const res: ExecResult = await n8n.execute(saved.id);
	if (res.code !== 0 || res.json?.status !== 'success') {
		throw new Error(
			`saved workflow failed (rc=${res.code}): ${JSON.stringify(executionError(res.json))}\n${res.stdout.slice(-3000)}\n${res.stderr.slice(-3000)}`,
		);
	}
	const downloads = nodeItems(res.json, 'Shared Gallery Get Download').map((d) => d.json);
	expect(downloads).toHaveLength(5);
	expect(readdirSync(outDir)).toHaveLength(5);
	const hashes: Record<string, string> = {};
	for (const d of downloads) {
		hashes[d.itemId] = sha256(readFileSync(join(outDir, `${d.itemId}-${d.fileName}`)));
		expect(hashes[d.itemId]).toBe(emu.store.fileSha256(d.itemId));
	}
	return hashes;
}

test(`the steps are read from n8n ${target.n8n}'s own installer`, () => {
	const plan = readInstallerPlan(target, PACKAGE_NAME, '1.2.3', 'http://127.0.0.1:4873/');
	expect(plan.pack).toEqual(
		expect.arrayContaining(['pack', `${PACKAGE_NAME}@1.2.3`, '--registry=http://127.0.0.1:4873']),
	);
	expect(plan.tar).toEqual(['-xzf', 'TARBALL', '-C', 'DIR', '--strip-components=1']);
	expect(plan.removedFields.sort()).toEqual([
		'devDependencies',
		'optionalDependencies',
		'peerDependencies',
	]);
	expect(plan.install).toEqual(
		expect.arrayContaining([
			'install',
			'--ignore-scripts=true',
			'--install-strategy=shallow',
			'--package-lock=false',
			'--bin-links=false',
			'--registry=http://127.0.0.1:4873',
		]),
	);
	expect(plan.install).not.toContain('--legacy-peer-deps');
});

test(`${RELEASED.version}, placed as n8n places it: the runtime dependency installs under n8n's flags and the saved workflow runs`, async () => {
	await n8n.installPackage(RELEASED.version);
	const pkg = installed();
	expect(pkg.version).toBe(RELEASED.version);
	// n8n drops dev/peer/optional dependencies and installs the rest, shallow, inside the package.
	expect(Object.keys(pkg)).not.toContain('devDependencies');
	expect(Object.keys(pkg)).not.toContain('peerDependencies');
	for (const dep of Object.keys(pkg.dependencies ?? {})) {
		expect(
			existsSync(
				join(
					nodesFolder(n8n.userFolder),
					'node_modules',
					PACKAGE_NAME,
					'node_modules',
					dep,
					'package.json',
				),
			),
		).toBe(true);
	}
	expect(
		JSON.parse(readFileSync(join(nodesFolder(n8n.userFolder), 'package.json'), 'utf8'))
			.dependencies,
	).toEqual({ [PACKAGE_NAME]: RELEASED.version });
	await n8n.importCredentials(credentialFixtures(emu).filter((c) => c.type === 'sharedGalleryApi'));
	await n8n.importWorkflow(saved);
	await runSaved();
});

test('upgraded in place to this build, the same saved workflow gives the same files', async () => {
	const before = await runSaved();
	await n8n.installPackage(publishedVersion());
	expect(installed().version).toBe(publishedVersion());
	expect(publishedVersion()).not.toBe(RELEASED.version);
	expect(await runSaved()).toEqual(before);
});

test('the release route, dry run: the version `npm run release` tags and `release.mjs publish` publishes installs as n8n installs it and runs the saved workflow', async () => {
	const before = await runSaved();
	// A version of its own per n8n version: both Jest projects publish to the run's one registry.
	const [major, minor, patch] = publishedVersion().split(/[.-]/).map(Number);
	const version = `${major}.${minor}.${patch + 1}-dryrun.${target.n8n.replace(/\./g, '-')}`;
	const release = await releaseDryRun(join(n8n.root, 'release-route'), runRegistry(), version);
	// npm publish by hand stopped at prepublishOnly: the registry never saw it.
	expect(release.byHand.code).not.toBe(0);
	expect(release.byHand.output).toContain('published by GitHub Actions from a version tag');
	expect(release.log).toContain(`tag v${version} matches package.json and CHANGELOG.md`);
	expect(release.log).toContain('npm publish --access public --registry=');

	await n8n.installPackage(version);
	expect(installed().version).toBe(version);
	const packageDir = join(nodesFolder(n8n.userFolder), 'node_modules', PACKAGE_NAME);
	// The tarball the route built: the changelog carries the new version's dated section.
	expect(readFileSync(join(packageDir, 'CHANGELOG.md'), 'utf8')).toMatch(
		new RegExp(`## \\[${version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}`),
	);
	expect(await runSaved()).toEqual(before);
});

test('n8n loads all four nodes and the credential from the placed package, and serves their output schemas to the editor', async () => {
	const server = await N8nServer.start(n8n);
	try {
		await server.setupOwner(); // newer n8n serves the type files to signed-in users only
		const nodes = (await server.request('GET', '/types/nodes.json')).json as Array<{
			name: string;
		}>;
		// Query Items, Get Download and Posted List are also offered to AI agents as tools (usableAsTool).
		const expected = [...TYPES, `${TYPES[0]}Tool`, `${TYPES[1]}Tool`, `${TYPES[3]}Tool`].sort();
		expect(
			nodes
				.map((n) => n.name)
				.filter((n) => n.startsWith(`${PACKAGE_NAME}.`))
				.sort(),
		).toEqual(expected);
		const credentials = (await server.request('GET', '/types/credentials.json')).json as Array<{
			name: string;
		}>;
		expect(credentials.map((c) => c.name)).toContain('sharedGalleryApi');
		// What the editor asks for to offer fields before a first run (a 404 here was a console error).
		for (const path of [
			`${TYPES[0]}/1.0.0.json`,
			`${TYPES[0]}/2.0.0.json`,
			`${TYPES[1]}/1.0.0/downloadFiles.json`,
			`${TYPES[1]}/1.0.0/getDisplayUrls.json`,
			`${TYPES[1]}/2.0.0/downloadFiles.json`,
			`${TYPES[1]}/2.0.0/getDisplayUrls.json`,
			`${TYPES[2]}/1.0.0.json`,
			`${TYPES[2]}/2.0.0.json`,
		]) {
			const schema = await server.request('GET', `/schemas/${path}`);
			expect({ path, status: schema.status }).toEqual({ path, status: 200 });
			expect(schema.json).toMatchObject({ type: 'object', properties: expect.any(Object) });
		}
	} finally {
		await server.stop();
	}
});

test('removed as n8n removes it, its nodes are gone: the saved workflow no longer runs', async () => {
	removeLikeN8n(n8n.userFolder, PACKAGE_NAME);
	expect(existsSync(join(nodesFolder(n8n.userFolder), 'node_modules', PACKAGE_NAME))).toBe(false);
	const res = await n8n.execute(saved.id);
	expect(res.code).not.toBe(0);
	expect(`${res.stdout}\n${res.stderr}`).toMatch(
		new RegExp(
			`Unrecognized node type: ${PACKAGE_NAME}\\.sharedGallery|${PACKAGE_NAME}\\.sharedGallery\\w+.*(not known|unknown|not found|Unrecognized)`,
			'i',
		),
	);
});
