// What `npm pack` puts in the published tarball: the built package and the four files a user reads,
// nothing else (no sources, tests, docs or maps), within a size budget.
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	n8n: { nodes: string[]; credentials: string[] };
};
/** Measured 0.3.0 + this session: 64 KB packed, 231 KB unpacked; room for a node or two more. */
const BUDGET = { packed: 160 * 1024, unpacked: 600 * 1024 };
const TOP_LEVEL = ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'];

interface PackInfo {
	size: number;
	unpackedSize: number;
	files: Array<{ path: string; size: number }>;
}

let info: PackInfo;

beforeAll(() => {
	const listed = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
	// A fresh checkout has no dist/: build it (about 3 s), as `npm pack`'s prepack would.
	if (!listed.every((file) => existsSync(join(ROOT, file))))
		execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	info = (JSON.parse(out.slice(out.indexOf('['))) as PackInfo[])[0];
}, 120_000);

test('it carries only dist/, README, LICENSE, CHANGELOG and package.json', () => {
	const paths = info.files.map((f) => f.path);
	expect(paths.filter((p) => !p.startsWith('dist/') && !TOP_LEVEL.includes(p))).toEqual([]);
	expect(paths).toEqual(expect.arrayContaining(TOP_LEVEL));
});

test('dist/ holds every node and credential package.json names, their codex files and icons', () => {
	const paths = info.files.map((f) => f.path);
	for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(paths).toContain(file);
	for (const node of pkg.n8n.nodes)
		expect(paths).toContain(node.replace(/\.node\.js$/, '.node.json'));
	expect(paths.filter((p) => p.startsWith('dist/icons/') && p.endsWith('.svg')).length).toBe(2);
});

test('no sources, source maps, tests or type declarations in dist/', () => {
	const unwanted = info.files
		.map((f) => f.path)
		.filter((p) => /\.(ts|map|tsbuildinfo)$/.test(p) || /(^|\/)(test|__tests__)\//.test(p));
	expect(unwanted).toEqual([]);
});

test(`within the size budget (${BUDGET.packed / 1024} KiB packed, ${BUDGET.unpacked / 1024} KiB unpacked)`, () => {
	expect(info.size).toBeLessThanOrEqual(BUDGET.packed);
	expect(info.unpackedSize).toBeLessThanOrEqual(BUDGET.unpacked);
});
