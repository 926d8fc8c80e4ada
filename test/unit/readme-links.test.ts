/**
 * The README and docs/*.md: every relative link and image resolves, every `#anchor` names a
 * heading as GitHub slugs it, and the README stays a user's page (its budget, the two commands
 * first, Compatibility and Version history).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const root = join(__dirname, '..', '..');
const README = join(root, 'README.md');
const DOCS = join(root, 'docs');
const pages = [
	README,
	...readdirSync(DOCS)
		.filter((f) => f.endsWith('.md'))
		.map((f) => join(DOCS, f)),
];

/** The text outside fenced code blocks (a `# comment` in a bash block is no heading). */
function prose(markdown: string): string[] {
	let fence: string | undefined;
	return markdown.split('\n').map((line) => {
		const mark = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
		if (mark && (!fence || mark.startsWith(fence))) {
			fence = fence ? undefined : mark;
			return '';
		}
		return fence ? '' : line;
	});
}

/** GitHub's heading ids: the rendered text, lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
export function headingSlugs(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const slugs = new Set<string>();
	for (const line of prose(markdown)) {
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
		if (heading === undefined) continue;
		const text = heading
			.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
			.replace(/<[^>]+>/g, '') // inline HTML
			.replace(/[*_`~]/g, (c) => (c === '_' ? '_' : '')); // emphasis and code marks
		const base = text
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
			.replace(/ /g, '-');
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		slugs.add(n === 0 ? base : `${base}-${n}`);
	}
	return slugs;
}

/** Inline links and images, outside code: `[text](target)` and `![alt](target "title")`. */
function links(markdown: string): Array<{ target: string; line: number }> {
	const found: Array<{ target: string; line: number }> = [];
	prose(markdown).forEach((line, i) => {
		const text = line.replace(/`[^`]*`/g, '');
		for (const m of text.matchAll(
			/!?\[(?:[^\]]|\][^(])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g,
		))
			found.push({ target: m[1], line: i + 1 });
	});
	return found;
}

describe('the slug rules this test applies', () => {
	test.each([
		['## The credential: *Shared Gallery API*', 'the-credential-shared-gallery-api'],
		['## Example workflows (`examples/`)', 'example-workflows-examples'],
		[
			'### Over a shaped link: Parallel Downloads (issue 14)',
			'over-a-shaped-link-parallel-downloads-issue-14',
		],
		['## Post every week, never twice', 'post-every-week-never-twice'],
		[
			'## Node `sharedGalleryQueryItems` ("Shared Gallery Query Items")',
			'node-sharedgalleryqueryitems-shared-gallery-query-items',
		],
		['## Zoë’s café & more', 'zoës-café--more'],
	])('%s → #%s', (heading, slug) => {
		expect([...headingSlugs(heading)]).toEqual([slug]);
	});

	test('a repeated heading gets -1, and headings inside code fences do not count', () => {
		const md = '# A\n\n```bash\n# B\n```\n\n## A\n';
		expect([...headingSlugs(md)]).toEqual(['a', 'a-1']);
	});
});

describe.each(pages.map((p) => [relative(root, p), p]))('%s', (_name, page) => {
	const markdown = readFileSync(page, 'utf8');

	test('every relative link and image resolves, and every #anchor names a heading', () => {
		const broken: string[] = [];
		for (const { target, line } of links(markdown)) {
			if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
			const [path, anchor] = target.split('#', 2) as [string, string | undefined];
			const file = path ? resolve(dirname(page), decodeURIComponent(path)) : page;
			if (!existsSync(file)) {
				broken.push(`line ${line}: ${target} (no such file)`);
				continue;
			}
			if (anchor === undefined) continue;
			if (statSync(file).isDirectory() || !file.endsWith('.md')) {
				broken.push(`line ${line}: ${target} (an anchor into a file that is not Markdown)`);
				continue;
			}
			if (!headingSlugs(readFileSync(file, 'utf8')).has(decodeURIComponent(anchor).toLowerCase()))
				broken.push(`line ${line}: ${target} (no heading with that id)`);
		}
		expect(broken).toEqual([]);
	});
});

describe('README.md is a page for users', () => {
	const markdown = readFileSync(README, 'utf8');
	const lines = markdown.trimEnd().split('\n');
	const headings = prose(markdown).filter((l) => /^## /.test(l));
	const section = (title: string) => {
		const start = lines.indexOf(`## ${title}`);
		const end = lines.findIndex((l, i) => i > start && /^## /.test(l));
		return start < 0 ? '' : lines.slice(start, end < 0 ? undefined : end).join('\n');
	};
	const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;

	test('it fits in about 250 lines', () => {
		expect(lines.length).toBeLessThanOrEqual(250);
	});

	test('it starts with the two commands, and both exist', () => {
		const first = /^```bash\n([\s\S]*?)\n```/m.exec(markdown);
		expect(first).not.toBeNull();
		expect(markdown.slice(0, first!.index).trim()).toMatch(/^# [^\n]+$/); // only the title before
		const commands = first![1].split('\n').map((l) => l.replace(/\s+#.*$/, '').trim());
		expect(commands).toEqual(['npm install && npm run demo', 'npm test']);
		expect(scripts.demo).toBeDefined();
		expect(scripts.test).toBeDefined();
	});

	test('it has Install, Compatibility, Troubleshooting and Version history, the last linking the changelog', () => {
		expect(headings).toEqual(
			expect.arrayContaining([
				'## Install',
				'## Compatibility',
				'## Troubleshooting',
				'## Version history',
			]),
		);
		expect(section('Version history')).toContain('](CHANGELOG.md)');
		for (const version of ['2.8.4', '2.41.1']) expect(section('Compatibility')).toContain(version);
		expect(section('Compatibility')).toMatch(/filesystem[\s\S]*database/);
		expect(section('Compatibility')).toMatch(/[Qq]ueue mode/);
	});

	test('it links the pages that left it: benchmarks, production, verification, development', () => {
		for (const doc of ['BENCHMARKS', 'PRODUCTION', 'VERIFICATION', 'DEVELOPMENT'])
			expect(markdown).toContain(`](docs/${doc}.md)`);
	});

	test("its import path is the editor's own (the workflow's … menu, or a paste)", () => {
		const examples = section('Example workflows');
		expect(examples).toMatch(/\*\*…\*\* menu[^.]*→ \*\*Import\*\* → \*\*From file\*\*/);
		expect(examples).toMatch(/paste it onto the canvas/);
		expect(markdown).not.toMatch(/Workflows → Import from File/i);
	});
});
