import { Budget } from '../caps';

/** The archive itself cannot be read: truncated, corrupt, or not a zip. */
export class StreamArchiveError extends Error {}

type Step = ['file' | 'reserve' | 'check' | 'add', number, string];

/**
 * One archive's caps while archives are read side by side (Parallel Downloads). It starts from
 * the run's counts when the archive starts, stops a bomb as early as the run's budget would, and
 * keeps its steps: once the archives before it are in, `replayOn` takes them on the run's
 * budget, which then stops where reading one archive at a time would have, with the same error.
 */
export class ArchiveBudget extends Budget {
	private readonly steps: Step[] = [];

	constructor(run: Budget) {
		super(run.maxFiles, run.maxTotalBytes, run.maxFileBytes);
		this.files = run.files;
		this.bytes = run.bytes;
	}

	override takeFile(name: string): void {
		this.steps.push(['file', 0, name]);
		super.takeFile(name);
	}

	override reserve(declaredBytes: number, name: string): void {
		this.steps.push(['reserve', declaredBytes, name]);
		super.reserve(declaredBytes, name);
	}

	/**
	 * Called for every piece of an entry: only the entry's latest passing count is kept. A count
	 * that fails is kept apart, so that the replay still meets the one before it first.
	 */
	override check(entryBytes: number, name: string): void {
		const last = this.steps[this.steps.length - 1];
		const step: Step = ['check', entryBytes, name];
		const fails = entryBytes > this.maxFileBytes || this.bytes + entryBytes > this.maxTotalBytes;
		if (!fails && last?.[0] === 'check' && last[2] === name)
			this.steps[this.steps.length - 1] = step;
		else this.steps.push(step);
		super.check(entryBytes, name);
	}

	override add(bytes: number): void {
		this.steps.push(['add', bytes, '']);
		super.add(bytes);
	}

	replayOn(run: Budget): void {
		for (const [op, bytes, name] of this.steps) {
			if (op === 'file') run.takeFile(name);
			else if (op === 'reserve') run.reserve(bytes, name);
			else if (op === 'check') run.check(bytes, name);
			else run.add(bytes);
		}
	}
}

/** What reading an archive counted: for tests and the bench. */
export const streamStats = { entries: 0, inflated: 0, nativeInflates: 0 };
