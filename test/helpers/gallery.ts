// Shared set-up for tests that run our nodes against the emulator.
import type { INodeExecutionData } from 'n8n-workflow';

import {
	binaryBuffer,
	chain,
	Engine,
	stopEngineTimers,
	TYPES,
	type EngineOptions,
} from '../../engine';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { credentialsFor, type Scheme } from './credentials';
import { sha256 } from './sha256';

export { credentialsFor, SCHEMES, type Scheme } from './credentials';
export { sha256 } from './sha256';

/** The options each emulator started with, restored by resetEmulator. */
const startOptions = new WeakMap<Emulator, Emulator['options']>();

export async function setUp(
	options: EmulatorOptions = {},
	scheme: Scheme = 'apiKey',
	engine: Partial<EngineOptions> = {},
) {
	const emulator = await startEmulator(options);
	startOptions.set(emulator, { ...emulator.options });
	return {
		emulator,
		engine: new Engine({ credentials: credentialsFor(emulator, scheme), ...engine }),
	};
}

/** Between tests: no faults, empty logs, the site settings and page size it started with. */
export function resetEmulator(emulator: Emulator): void {
	emulator.faults.clear();
	emulator.resetLogs();
	Object.assign(emulator.options, startOptions.get(emulator) ?? {});
}

/**
 * Registers the usual hooks: an emulator and an engine (API key) for the describe block or
 * file, reset before each test, everything closed after. `use` receives them.
 */
export function useGallery(
	use: (emulator: Emulator, engine: Engine) => void,
	options: EmulatorOptions = {},
): void {
	let emulator: Emulator | undefined;
	beforeAll(async () => {
		const set = await setUp(options);
		emulator = set.emulator;
		use(set.emulator, set.engine);
	});
	beforeEach(() => emulator && resetEmulator(emulator));
	afterAll(async () => {
		await emulator?.close();
		stopEngineTimers();
	});
}

/** [itemId, sha256 of the binary] for each output file. */
export async function fileHashes(
	items: INodeExecutionData[],
	field = 'data',
): Promise<Array<[string, string]>> {
	const hashes: Array<[string, string]> = [];
	for (const item of items) {
		if (!item.binary?.[field]) continue;
		hashes.push([String(item.json.itemId), sha256(await binaryBuffer(item.binary[field]))]);
	}
	return hashes;
}

/** API requests made, by path suffix. */
export function calls(emulator: Emulator, suffix: string) {
	return emulator.requestLog.filter((entry) => entry.path.endsWith(suffix));
}

/** The file host's download GETs since the log was reset, by arrival. */
export function fileGets(emulator: Emulator) {
	return emulator.fileLog.filter((e) => e.path === '/_api/download/file');
}

/** The most file-host answers under way at once since the log was reset. */
export function mostInFlight(emulator: Emulator): number {
	const edges = fileGets(emulator).flatMap((get) => [
		[get.at, 1],
		[get.endedAt ?? Number.POSITIVE_INFINITY, -1],
	]);
	// An answer that ends as another starts is not counted with it.
	edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let now = 0;
	let most = 0;
	for (const [, step] of edges) most = Math.max(most, (now += step));
	return most;
}

/** A workflow of one Get Download node (after the Manual Trigger), as the download tests build it. */
export const download = (parameters: object, extra: object = {}) =>
	chain({
		name: 'Download',
		type: TYPES.download,
		parameters: { itemIds: '', ...parameters } as never,
		...extra,
	});

/** Node settings for "Continue On Fail": error items, and the other items go on. */
export const tolerant = { onError: 'continueRegularOutput' };
