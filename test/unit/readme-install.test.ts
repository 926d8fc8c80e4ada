/**
 * The README's by-hand install block runs as pasted: it is taken out of the README and run by
 * bash with real tar and npm, with a tarball where the block says it is, in a throw-away home.
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const NAME = 'n8n-nodes-shared-gallery';

/** The bash block of the Install section's "By hand" item, as a reader copies it. */
function byHandBlock(): string {
	const install = readme.slice(
		readme.indexOf('\n## Install'),
		readme.indexOf('\n## ', readme.indexOf('\n## Install') + 1),
	);
	const start = install.indexOf('**By hand');
	const block = /```bash\n([\s\S]*?)\n\s*```/.exec(install.slice(start));
	if (start < 0 || !block) throw new Error('no by-hand bash block in the README');
	return block[1].replace(/^ {2}/gm, ''); // the list item's indent
}

let home: string;
beforeEach(() => (home = mkdtempSync(join(tmpdir(), 'sg-readme-install-'))));
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** A tarball shaped as `npm pack` writes it, at the path the block names. */
function placeTarball(block: string): void {
	const path = /^TARBALL="([^"]+)"/m.exec(block)?.[1];
	if (!path) throw new Error('the block sets no TARBALL');
	const at = path.replace('$HOME', home);
	const src = join(home, 'src');
	mkdirSync(join(src, 'package', 'dist'), { recursive: true });
	writeFileSync(join(src, 'package', 'dist', 'index.js'), 'module.exports = {};\n');
	writeFileSync(
		join(src, 'package', 'package.json'),
		JSON.stringify({
			name: NAME,
			version,
			devDependencies: { jest: '*' },
			peerDependencies: { 'n8n-workflow': '*' },
			n8n: { nodes: [] },
		}),
	);
	mkdirSync(join(at, '..'), { recursive: true });
	execFileSync('tar', ['-czf', at, '-C', src, 'package']);
	rmSync(src, { recursive: true });
}

function run(block: string, env: Record<string, string>): void {
	const clean = Object.fromEntries(
		Object.entries(process.env).filter(([k]) => !/^(npm_|N8N_USER_FOLDER$)/i.test(k)),
	);
	execFileSync('bash', ['-e', '-c', block], {
		cwd: home,
		env: { ...clean, HOME: home, npm_config_offline: 'true', ...env },
		stdio: 'pipe',
		timeout: 60_000,
	});
}

function expectPlaced(userFolder: string): void {
	const nodes = join(userFolder, '.n8n', 'nodes');
	expect(JSON.parse(readFileSync(join(nodes, 'package.json'), 'utf8'))).toEqual({
		dependencies: {},
	});
	const placed = JSON.parse(
		readFileSync(join(nodes, 'node_modules', NAME, 'package.json'), 'utf8'),
	);
	expect(placed.version).toBe(version);
	expect(placed.devDependencies).toBeUndefined();
	expect(placed.peerDependencies).toBeUndefined();
	expect(existsSync(join(nodes, 'node_modules', NAME, 'dist', 'index.js'))).toBe(true);
}

test('the block names a tarball by its full path and creates the nodes folder', () => {
	const block = byHandBlock();
	// A released version's name (not necessarily this one: a release bumps package.json only).
	expect(block).toMatch(
		new RegExp(`^TARBALL="\\$HOME/[^"]*/${NAME}-\\d+\\.\\d+\\.\\d+\\.tgz"`, 'm'),
	);
	expect(block).toMatch(/^mkdir -p /m);
	expect(block).toContain('N8N_USER_FOLDER');
});

test('pasted into bash, it places the package in ~/.n8n/nodes', () => {
	const block = byHandBlock();
	placeTarball(block);
	run(block, {});
	expectPlaced(home);
}, 60_000);

test('with N8N_USER_FOLDER set, it places the package in $N8N_USER_FOLDER/.n8n/nodes, twice over', () => {
	const block = byHandBlock();
	placeTarball(block);
	const userFolder = join(home, 'n8n-data');
	run(block, { N8N_USER_FOLDER: userFolder });
	run(block, { N8N_USER_FOLDER: userFolder }); // an update over an existing install
	expectPlaced(userFolder);
	expect(existsSync(join(home, '.n8n'))).toBe(false);
}, 60_000);
