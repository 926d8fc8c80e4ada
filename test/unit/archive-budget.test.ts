// ArchiveBudget (Parallel Downloads on the streaming path): archives read side by side each count
// against the caps on their own; taken in order on the run's budget afterwards, they must stop
// exactly where reading one archive at a time would have, with the same error.
import { SafetyCapError } from '../../nodes/SharedGallery/caps';
import { ArchiveBudget, Budget } from '../../nodes/SharedGallery/unzip';

type Entry = { name: string; declared?: number; pieces: number[] };

/** What the reader does for one entry: take it, reserve its declared size, check as it reads, add. */
function read(budget: Budget, entries: Entry[]): void {
	for (const entry of entries) {
		budget.takeFile(entry.name);
		if (entry.declared !== undefined) budget.reserve(entry.declared, entry.name);
		let sofar = 0;
		for (const piece of entry.pieces) budget.check((sofar += piece), entry.name);
		budget.add(sofar);
	}
}

const outcome = (work: () => void) => {
	try {
		work();
		return 'ok';
	} catch (error) {
		expect(error).toBeInstanceOf(SafetyCapError);
		return (error as Error).message;
	}
};

/** Sequentially on one budget, against side by side (each from the same start) then replayed in order. */
function compare(caps: [number, number, number], archives: Entry[][]) {
	const sequential = new Budget(...caps);
	const one = archives.map((entries) => outcome(() => read(sequential, entries)));
	const run = new Budget(...caps);
	const staged = archives.map((entries) => {
		const budget = new ArchiveBudget(run);
		return { budget, local: outcome(() => read(budget, entries)) };
	});
	const parallel: string[] = [];
	for (const { budget, local } of staged) {
		const replayed = outcome(() => budget.replayOn(run));
		parallel.push(replayed !== 'ok' ? replayed : local);
		if (parallel[parallel.length - 1] !== 'ok') break;
	}
	// One at a time stops at the first cap too.
	return {
		one: one.slice(0, one.findIndex((r) => r !== 'ok') + 1 || one.length),
		parallel,
		run,
		sequential,
	};
}

const photos = (prefix: string, count: number, size = 100, declared = true): Entry[] =>
	Array.from({ length: count }, (_, n) => ({
		name: `${prefix}-${n + 1}.jpg`,
		declared: declared ? size : undefined,
		pieces: [size / 2, size / 2],
	}));

test('Max Files: the second archive stops at the same file', () => {
	const { one, parallel, run, sequential } = compare(
		[60, 1e9, 1e9],
		[photos('a', 50), photos('b', 50)],
	);
	expect(parallel).toEqual(one);
	expect(one[1]).toMatch(/more than 60 files \(at "b-11.jpg"\)/);
	expect(run.files).toBe(sequential.files);
});

test('Max Total Size: declared sizes and sizes found while reading (data descriptors)', () => {
	for (const declared of [true, false]) {
		const { one, parallel } = compare(
			[1000, 7_000, 1e9],
			[photos('a', 50, 100, declared), photos('b', 50, 100, declared)],
		);
		expect(parallel).toEqual(one);
		expect(one[1]).toMatch(
			declared ? /"b-21.jpg" would bring the total past/ : /while reading "b-21.jpg"/,
		);
	}
});

test('Max File Size and the total at one entry: the total, met first, is the error', () => {
	const big: Entry = { name: 'video.mp4', pieces: [400, 400, 400] };
	const { one, parallel } = compare([1000, 1_000, 1_000], [photos('a', 3, 100), [big]]);
	expect(parallel).toEqual(one);
	expect(one[1]).toMatch(/passed .* while reading "video.mp4"/);
});

test('archives under the caps replay without error and leave the same counts', () => {
	const { one, parallel, run, sequential } = compare(
		[1000, 1e9, 1e9],
		[photos('a', 50), photos('b', 10, 5000)],
	);
	expect(one).toEqual(['ok', 'ok']);
	expect(parallel).toEqual(['ok', 'ok']);
	expect([run.files, run.bytes]).toEqual([sequential.files, sequential.bytes]);
});
