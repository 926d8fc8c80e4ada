/**
 * Load (issue 7): 50 concurrent workflow executions (Manual Trigger → Query Items → Get Download)
 * in one process against the emulator, some of them under injected 429s (with and without
 * Retry-After, real waits) and 503s. All must complete with the right files; the peak RSS is
 * reported; `--detectOpenHandles` must stay clean (emulator closed, engine timers stopped).
 */

import { SEED } from '../../emulator';
import {
	DOWNLOAD,
	QUERY,
	binaryBuffer,
	chain,
	downloadNode,
	makeEngine,
	queryNode,
	sha256,
	useGallery,
	type Emulator,
	type Scheme,
	type TestEngine,
} from '../reliability/helpers';

const RUNS = 50;
let emu: Emulator;
useGallery((started) => (emu = started));

const headline = () =>
	chain(
		queryNode({
			limit: 5,
			filters: {
				createdBy: `${SEED.members.dana},${SEED.members.zoe}`,
				itemTypes: ['VISUAL_MEDIA'],
			},
			sortField: 'LIKE_COUNT',
			sortOrder: 'DESC',
		}),
		downloadNode({}),
	);

test(`${RUNS} concurrent Query Items → Get Download executions, some under 429s`, async () => {
	// Consumed by whichever requests come first: the first runs meet them, the rest don't.
	emu.faults.add({ endpoint: 'query', status: 429, retryAfter: 1, times: 15 });
	emu.faults.add({ endpoint: 'download-url', status: 429, times: 15 });
	emu.faults.add({ endpoint: 'file', status: 503, times: 5 });

	const engines: Record<Scheme, TestEngine> = {
		apiKey: makeEngine(emu, 'apiKey'),
		oauth: makeEngine(emu, 'oauth'),
		instanceToken: makeEngine(emu, 'instanceToken'),
	};
	const schemes: Scheme[] = ['apiKey', 'oauth', 'instanceToken'];
	let peakRss = process.memoryUsage().rss;
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
	const started = Date.now();
	let results;
	try {
		results = await Promise.all(
			Array.from({ length: RUNS }, (_, i) => engines[schemes[i % 3]].run(headline())),
		);
	} finally {
		clearInterval(sampler);
	}
	const ms = Date.now() - started;

	const expected = SEED.headline.expectedIds;
	const problems: string[] = [];
	for (const [i, result] of results.entries()) {
		if (result.error(QUERY) || result.error(DOWNLOAD))
			problems.push(`run ${i}: ${(result.error(QUERY) ?? result.error(DOWNLOAD))!.message}`);
		const files = result.output(DOWNLOAD);
		const ids = files.map((f) => f.json.itemId as string);
		if (JSON.stringify([...ids].sort()) !== JSON.stringify([...expected].sort()))
			problems.push(`run ${i}: got ${ids.length} files ${ids.join(',')}`);
		for (const file of files) {
			const bytes = await binaryBuffer(file.binary!.data);
			if (sha256(bytes) !== emu.store.fileSha256(file.json.itemId as string)) {
				problems.push(`run ${i}: ${file.json.itemId} bytes differ`);
			}
			if (!file.pairedItem) problems.push(`run ${i}: no pairedItem`);
		}
	}
	const faulted = [...emu.requestLog, ...emu.fileLog].filter((r) => r.fault).length;
	const thrown = Object.values(engines).flatMap((e) => e.thrown);
	process.stdout.write(
		`[load] ${RUNS} concurrent runs in ${ms} ms; requests: API ${emu.requestLog.length}, file host ${emu.fileLog.length}, ` +
			`faulted ${faulted}; peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB; problems ${problems.length}\n`,
	);
	expect(faulted).toBe(35);
	expect(emu.faults.pending()).toEqual([]);
	expect(thrown).toEqual([]);
	expect(problems).toEqual([]);
});
