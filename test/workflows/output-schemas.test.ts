/**
 * The output schemas the package ships (nodes/<Node>/__schema__/), which n8n's editor loads to
 * let users map fields before a first run: each real output item fits its schema, and the
 * schema names no field the node never gives.
 */
import { readFileSync } from 'fs';
import { join } from 'path';

import { startEmulator, type Emulator } from '../../emulator';
import { chain, Engine, stopEngineTimers, TYPES } from '../../engine';
import { credentialsFor } from '../helpers/credentials';

interface Schema {
	type?: string | string[];
	properties?: Record<string, Schema>;
	items?: Schema;
}

const NODES = join(__dirname, '..', '..', 'nodes');
const load = (path: string): Schema => JSON.parse(readFileSync(join(NODES, path), 'utf8'));

function kind(value: unknown): string {
	return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** Where a value departs from a schema (type, or a field the schema lacks), as "path: problem". */
export function misfits(value: unknown, schema: Schema, path = '$'): string[] {
	const allowed = schema.type === undefined ? [] : [schema.type].flat();
	if (allowed.length && !allowed.includes(kind(value)))
		return [`${path}: ${kind(value)}, schema says ${allowed.join('|')}`];
	if (kind(value) === 'object' && schema.properties) {
		return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) =>
			schema.properties![key]
				? misfits(v, schema.properties![key], `${path}.${key}`)
				: [`${path}.${key}: not in the schema`],
		);
	}
	if (Array.isArray(value) && schema.items)
		return value.flatMap((v, i) => misfits(v, schema.items!, `${path}[${i}]`));
	return [];
}

let emulator: Emulator;
let engine: Engine;
let queried: Array<{ json: Record<string, unknown> }>;
beforeAll(async () => {
	emulator = await startEmulator();
	engine = new Engine({ credentials: credentialsFor(emulator, 'apiKey') });
	queried = (
		await engine.run(
			chain({ name: 'Query', type: TYPES.query, parameters: { returnAll: true } as never }),
		)
	).output('Query');
});
afterAll(async () => {
	await emulator.close();
	stopEngineTimers();
});

function expectFits(items: Array<{ json: Record<string, unknown> }>, schema: Schema): void {
	expect(items.length).toBeGreaterThan(0);
	expect(items.flatMap((item) => misfits(item.json, schema))).toEqual([]);
	// Every field the schema offers for mapping is one the node gives.
	const given = new Set(items.flatMap((item) => Object.keys(item.json)));
	expect(Object.keys(schema.properties ?? {}).filter((key) => !given.has(key))).toEqual([]);
}

test('the validator itself: a wrong type and an unknown field are caught', () => {
	const schema: Schema = {
		type: 'object',
		properties: { a: { type: 'number' }, b: { type: 'array', items: { type: 'string' } } },
	};
	expect(misfits({ a: 1, b: ['x'] }, schema)).toEqual([]);
	expect(misfits({ a: '1', b: [2], c: true }, schema)).toEqual([
		'$.a: string, schema says number',
		'$.b[0]: number, schema says string',
		'$.c: not in the schema',
	]);
});

test('Query Items (every item type of the seed gallery) fits its schema; the Trigger ships the same one; versions 1 and 2 alike', () => {
	const schema = load('SharedGalleryQueryItems/__schema__/v1.0.0.json');
	expectFits(queried, schema);
	for (const file of [
		'SharedGalleryQueryItems/__schema__/v2.0.0.json',
		'SharedGalleryTrigger/__schema__/v1.0.0.json',
		'SharedGalleryTrigger/__schema__/v2.0.0.json',
	])
		expect(load(file)).toEqual(schema);
});

test.each([
	['downloadFiles', 1],
	['downloadFiles', 2],
	['getDisplayUrls', 1],
	['getDisplayUrls', 2],
])('Get Download, %s, version %i, fits its schema', async (operation, typeVersion) => {
	const ids = queried.filter((i) => i.json.type === 'VISUAL_MEDIA').map((i) => String(i.json.id));
	// A file whose header cannot be read gives mediaFactsProblem: every field is then given.
	const unreadable = emulator.store.addMedia({
		name: 'unreadable.jpg',
		createdById: String(queried[0].json.createdById),
		content: Buffer.from([0xff, 0xd8, 0xff]),
	}).id;
	const checkFitFor = ['x', 'instagramFeed', 'instagramReel', 'facebookPage'];
	const run = await engine.run(
		chain({
			name: 'Download',
			type: TYPES.download,
			typeVersion,
			parameters: {
				operation,
				itemIds: [...ids, unreadable].join(','),
				options: { checkFitFor },
			} as never,
		}),
	);
	expectFits(
		run.output('Download'),
		load(`SharedGalleryGetDownload/__schema__/v${typeVersion}.0.0/${operation}.json`),
	);
});
