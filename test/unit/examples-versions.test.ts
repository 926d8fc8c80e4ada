/**
 * examples/*.json as a user imports them: every node of this package at its node's current
 * version, every parameter known to that version (n8n silently drops a value whose shape does
 * not fit: a version-1 Created By under version 2 vanishes), and sticky notes sized to their text.
 */
import { readdirSync, readFileSync } from 'fs';
import {
	NodeHelpers,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyCollection,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { basename, join } from 'path';

const ROOT = join(__dirname, '..', '..');
const PACKAGE = 'n8n-nodes-shared-gallery';
const EXAMPLES = join(ROOT, 'examples');
/** Every node package.json lists for n8n, from its source: `dist/nodes/X/X.node.js` → `nodes/X/X.node`. */
const descriptions = new Map<string, INodeTypeDescription>(
	(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).n8n.nodes as string[]).map(
		(file) => {
			const source = join(ROOT, file.replace(/^dist\//, '').replace(/\.js$/, ''));
			// The class named as its file: nodes/X/X.node.ts exports X.
			const NodeClass = (require(source) as Record<string, new () => INodeType>)[
				basename(source, '.node')
			];
			const { description } = new NodeClass();
			return [`${PACKAGE}.${description.name}`, description];
		},
	),
);

interface ExampleNode {
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: INodeParameters;
}
const examples = readdirSync(EXAMPLES)
	.filter((f) => f.endsWith('.json'))
	.sort()
	.map((file) => ({
		file,
		nodes: (JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')) as { nodes: ExampleNode[] })
			.nodes,
	}));

const defaultVersion = (d: INodeTypeDescription) =>
	d.defaultVersion ?? (Array.isArray(d.version) ? Math.max(...d.version) : d.version);

/** Whether a property is shown at this node version (its `@version` rule; other rules aside). */
function atVersion(property: INodeProperties, version: number): boolean {
	const rule = (list: unknown[] | undefined) =>
		list === undefined
			? undefined
			: list.some((v) =>
					typeof v === 'number'
						? v === version
						: Object.entries((v as { _cnd: Record<string, number> })._cnd).every(([op, n]) =>
								op === 'gte'
									? version >= n
									: op === 'lte'
										? version <= n
										: op === 'eq' && version === n,
							),
				);
	const show = rule(property.displayOptions?.show?.['@version'] as unknown[] | undefined);
	const hide = rule(property.displayOptions?.hide?.['@version'] as unknown[] | undefined);
	return show !== false && hide !== true;
}

/** Parameter names (and fixed option values) that the version's description does not have. */
function unknownParameters(
	values: INodeParameters,
	properties: INodeProperties[],
	version: number,
	path: string,
): string[] {
	const problems: string[] = [];
	for (const [key, value] of Object.entries(values)) {
		const here = `${path}${key}`;
		const property = properties.find((p) => p.name === key && atVersion(p, version));
		if (!property) {
			problems.push(`${here}: no such parameter at version ${version}`);
			continue;
		}
		const expression = typeof value === 'string' && value.startsWith('=');
		const nested = ['collection', 'fixedCollection', 'resourceLocator'].includes(property.type);
		if (
			nested &&
			!expression &&
			(typeof value !== 'object' || value === null || Array.isArray(value))
		) {
			problems.push(
				`${here}: ${JSON.stringify(value)} where version ${version} has a ${property.type}`,
			);
			continue;
		}
		if (property.type === 'collection' && !expression)
			problems.push(
				...unknownParameters(
					value as INodeParameters,
					property.options as INodeProperties[],
					version,
					`${here}.`,
				),
			);
		else if (property.type === 'fixedCollection' && !expression) {
			for (const [group, entries] of Object.entries(value as INodeParameters)) {
				const spec = (property.options as INodePropertyCollection[]).find((o) => o.name === group);
				if (!spec) problems.push(`${here}.${group}: no such group`);
				else
					for (const [i, entry] of [entries].flat().entries())
						problems.push(
							...unknownParameters(
								entry as INodeParameters,
								spec.values,
								version,
								`${here}.${group}[${i}].`,
							),
						);
			}
		} else if (property.type === 'resourceLocator') {
			const mode = (value as { __rl?: boolean; mode?: string }).mode;
			if (!(value as { __rl?: boolean }).__rl || !property.modes?.some((m) => m.name === mode))
				problems.push(`${here}: not a resource locator with one of its modes`);
		} else if ((property.type === 'options' || property.type === 'multiOptions') && !expression) {
			const allowed = (property.options as Array<{ value: unknown }>).map((o) => o.value);
			for (const v of [value].flat())
				if (!allowed.includes(v)) problems.push(`${here}: ${JSON.stringify(v)} is not an option`);
		}
	}
	return problems;
}

const packageNodes = examples.flatMap(({ file, nodes }) =>
	nodes.filter((n) => n.type.startsWith(`${PACKAGE}.`)).map((n) => ({ file, node: n })),
);

test("the examples' nodes of this package are nodes package.json lists, Query Items and Get Download among them", () => {
	expect(descriptions.size).toBeGreaterThanOrEqual(3);
	const used = new Set(packageNodes.map(({ node }) => node.type));
	expect([...used].filter((type) => !descriptions.has(type))).toEqual([]);
	for (const name of ['sharedGalleryQueryItems', 'sharedGalleryGetDownload'])
		expect(used).toContain(`${PACKAGE}.${name}`);
});

describe.each(packageNodes.map(({ file, node }) => [`${file}: ${node.name}`, node]))(
	'%s',
	(_label, node) => {
		const description = descriptions.get(node.type)!;

		test("is at its node's current version", () => {
			expect(description).toBeDefined();
			expect(node.typeVersion).toBe(defaultVersion(description));
		});

		test('names only parameters, groups, modes and options that version has', () => {
			expect(
				unknownParameters(node.parameters, description.properties, node.typeVersion, ''),
			).toEqual([]);
		});

		test('keeps every value when n8n loads it (nothing silently dropped)', () => {
			const loaded = NodeHelpers.getNodeParameters(
				description.properties,
				node.parameters,
				true,
				false,
				{ typeVersion: node.typeVersion },
				description,
			);
			// With defaults filled in, every value given must still be there, as given.
			expect(loaded).toMatchObject(node.parameters);
		});
	},
);

test('the test itself: a version-1 Created By under version 2 is caught twice over', () => {
	const query = descriptions.get(`${PACKAGE}.sharedGalleryQueryItems`)!;
	const v1Shape = { filters: { createdBy: 'a,b', itemTypes: ['VISUAL_MEDIA'] } };
	expect(unknownParameters(v1Shape, query.properties, 2, '')).toEqual([
		'filters.createdBy: "a,b" where version 2 has a fixedCollection',
	]);
	const loaded = NodeHelpers.getNodeParameters(
		query.properties,
		v1Shape,
		true,
		false,
		{ typeVersion: 2 },
		query,
	);
	expect(loaded).not.toMatchObject(v1Shape);
	// A version-1 option under version 2 (milliseconds, where version 2 takes seconds).
	const download = descriptions.get(`${PACKAGE}.sharedGalleryGetDownload`)!;
	expect(unknownParameters({ options: { timeout: 60000 } }, download.properties, 2, '')).toEqual([
		'options.timeout: no such parameter at version 2',
	]);
	expect(unknownParameters({ options: { timeout: 60000 } }, download.properties, 1, '')).toEqual(
		[],
	);
});

/**
 * How tall a sticky note's text is on n8n's canvas, by estimate from n8n's sticky CSS: body
 * text 14 px (about 7.2 px a character) in lines of 19 px, 8 px after a paragraph; list items
 * indented 20 px, lines of 18 px and 4 px apart; `##` headings 24 px (about 11 px a character)
 * in lines of 33 px, 8 px after; 15 px of padding top and bottom. Checked against n8n 2.41.1 in
 * Chromium: within 5 px of the text's measured height for each of the six notes.
 */
export function stickyTextHeight(content: string, width: number): number {
	const inner = width - 20;
	let height = 30;
	for (const line of content.split('\n')) {
		const text = line
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/[*`]/g, '')
			.trim();
		if (!text) continue;
		const lines = (px: number, room: number) => Math.ceil((text.length * px) / room);
		if (/^#{1,3} /.test(text)) height += 33 * lines(11, inner) + 8;
		else if (/^(\d+\.|[-*]) /.test(text)) height += 18 * lines(7.2, inner - 20) + 4;
		else height += 19 * lines(7.2, inner) + 8;
	}
	return height;
}

const stickies = examples.flatMap(({ file, nodes }) =>
	nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => ({ file, node: n })),
);

test.each(stickies.map(({ file, node }) => [`${file}: ${node.name}`, node]))(
	'sticky note %s fits its text, without much empty space',
	(_label, node) => {
		const { content, width, height } = node.parameters as {
			content: string;
			width: number;
			height: number;
		};
		const needed = stickyTextHeight(content, width);
		expect(height).toBeGreaterThanOrEqual(needed);
		expect(height).toBeLessThanOrEqual(needed * 1.15 + 20);
	},
);

/**
 * The zoom of n8n's zoom-to-fit on a 1280×800 window (a canvas of about 1200×700, 10% margin
 * each side, never above 100%): the whole workflow, notes and nodes (100 px squares) together.
 */
function zoomToFit(nodes: ExampleNode[]): number {
	const boxes = nodes.map((n) => {
		const { width = 100, height = 100 } =
			n.type === 'n8n-nodes-base.stickyNote'
				? (n.parameters as { width: number; height: number })
				: {};
		return [n.position[0], n.position[1], n.position[0] + width, n.position[1] + height];
	});
	const w = Math.max(...boxes.map((b) => b[2])) - Math.min(...boxes.map((b) => b[0]));
	const h = Math.max(...boxes.map((b) => b[3])) - Math.min(...boxes.map((b) => b[1]));
	return Math.min(1, 1200 / (w * 1.2), 700 / (h * 1.2));
}

test.each(examples.map(({ file, nodes }) => [file, nodes]))(
	"%s: the notes' 14 px text is still 9 px or more at zoom-to-fit",
	(_file, nodes) => {
		expect(14 * zoomToFit(nodes)).toBeGreaterThanOrEqual(9);
	},
);
