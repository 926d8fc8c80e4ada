// Runs the archive fuzz in its own process (tsx), so that an uncaught exception is counted by a
// real `process.on('uncaughtException')` (Jest replaces those handlers) and cannot take the test
// runner down. Prints progress lines and, last, `FUZZ_STATS <json>`.
//   tsx test/reliability/fuzz-cli.ts --cases 5000 --seed 20240601 [--bound 2000]
import { formatStats, fuzzArchives } from './fuzz-harness';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
	const stats = await fuzzArchives({
		cases: arg('cases', 5000),
		seed: arg('seed', 20240601),
		timeBoundMs: arg('bound', 2000),
		progress: (s) =>
			s.cases % 10_000 === 0 && process.stdout.write(`${formatStats('progress', s)}\n`),
	});
	process.stdout.write(`${formatStats('done', stats)}\nFUZZ_STATS ${JSON.stringify(stats)}\n`);
	// Hung cases may hold file handles: leave now that the counts are out.
	process.exit(0);
}

void main();
