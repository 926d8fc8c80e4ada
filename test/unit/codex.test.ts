// Every codex file (nodes/*/*.node.json, whatever nodes a branch adds) puts its node in the
// nodes panel: categories from n8n's list, no empty subcategories, the package's node type.
import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { INodeType } from 'n8n-workflow';

const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[] };
};

/**
 * n8n's node categories, as its docs list them ("Node codex files", Node categories:
 * https://docs.n8n.io/integrations/creating-nodes/build/reference/node-codex-files/). n8n's
 * packages export no such list; the editor groups by these exact strings.
 */
const N8N_CATEGORIES = [
	'Data & Storage',
	'Finance & Accounting',
	'Marketing & Content',
	'Productivity',
	'Miscellaneous',
	'Sales',
	'Development',
	'Analytics',
	'Communication',
	'Utility',
];

interface Codex {
	node?: string;
	nodeVersion?: string;
	codexVersion?: string;
	categories?: unknown;
	subcategories?: Record<string, unknown>;
}

const codexFiles = readdirSync(join(ROOT, 'nodes'), { withFileTypes: true })
	.filter((d) => d.isDirectory())
	.flatMap((d) =>
		readdirSync(join(ROOT, 'nodes', d.name))
			.filter((f) => f.endsWith('.node.json'))
			.map((f) => join('nodes', d.name, f)),
	);

test('every node package.json lists has a codex file beside it', () => {
	const expected = pkg.n8n.nodes.map((f) =>
		f.replace(/^dist\//, '').replace(/\.node\.js$/, '.node.json'),
	);
	expect(codexFiles.length).toBeGreaterThan(0);
	expect(codexFiles.filter((f) => expected.includes(f)).sort()).toEqual([...expected].sort());
});

describe.each(codexFiles)('%s', (file) => {
	const codex = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as Codex;

	test("its categories are on n8n's list, at least one, none twice", () => {
		expect(Array.isArray(codex.categories)).toBe(true);
		const categories = codex.categories as string[];
		expect(categories.length).toBeGreaterThan(0);
		expect(categories.filter((c) => !N8N_CATEGORIES.includes(c))).toEqual([]);
		expect(new Set(categories).size).toBe(categories.length);
	});

	test('subcategories, when given, are not empty and hang under its own categories', () => {
		if (codex.subcategories === undefined) return;
		const entries = Object.entries(codex.subcategories);
		expect(entries.length).toBeGreaterThan(0);
		for (const [category, subs] of entries) {
			expect(codex.categories).toContain(category);
			expect(Array.isArray(subs) && subs.length > 0).toBe(true);
		}
	});

	test("it names the node's type in this package, as n8n installs it", () => {
		const source = join(ROOT, file.replace(/\.json$/, '.ts'));
		expect(existsSync(source)).toBe(true);
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = Object.values(require(source) as Record<string, new () => INodeType>);
		const names = exported
			.filter((e) => typeof e === 'function')
			.map((Node) => new Node().description?.name)
			.filter(Boolean);
		expect(names).toHaveLength(1);
		expect(codex.node).toBe(`${pkg.name}.${names[0]}`);
		expect(codex.codexVersion).toBe('1.0');
	});
});
