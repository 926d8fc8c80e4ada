// Deterministic archive fuzzing through the extraction path (readArchiveStream and its budget in
// nodes/SharedGallery/unzip): bit flips, truncations and length-field corruption of valid
// archives, each fed to the reader in pieces of random size. Shared by
// test/reliability/fuzz.test.ts (5,000 cases) and test/stress (50,000).
import { join } from 'path';

import { SafetyCapError } from '../../nodes/SharedGallery/caps';
import { buildZip, SIG, type ZipEntrySpec } from '../../emulator/zip';
import { StreamArchiveError, Budget, readArchiveStream } from '../../nodes/SharedGallery/unzip';

/** mulberry32: a small, fast, seeded PRNG. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

type Random = () => number;
const int = (random: Random, n: number) => Math.floor(random() * n);

function bytes(random: Random, n: number, compressible: boolean): Buffer {
	const out = Buffer.alloc(n);
	for (let i = 0; i < n; i++)
		out[i] = compressible ? 0x41 + ((int(random, 4) + (i >> 6)) % 26) : int(random, 256);
	return out;
}

/** Valid archives of every shape the node meets (and some it should not). */
export function baseArchives(seed = 1): Array<{ name: string; zip: Buffer }> {
	const random = prng(seed);
	const files = (n: number, size: number, compressible = true): ZipEntrySpec[] =>
		Array.from({ length: n }, (_, i) => ({
			name: `file-${i}.jpg`,
			data: bytes(random, size + i * 7, compressible),
		}));
	return [
		{ name: 'stored', zip: buildZip(files(3, 300)) },
		{ name: 'deflated', zip: buildZip(files(3, 2000), { method: 'deflate' }) },
		{
			name: 'descriptors',
			zip: buildZip(files(3, 500), { dataDescriptors: true, method: 'deflate' }),
		},
		{
			name: 'zip64',
			zip: buildZip(
				files(2, 400).map((e) => ({ ...e, zip64: true })),
				{ zip64: true },
			),
		},
		{
			name: 'names',
			zip: buildZip([
				{ name: 'café.jpg', data: bytes(random, 200, true), utf8: false },
				{ name: '日本.png', data: bytes(random, 200, true) },
				{ name: 'dir', directory: true },
				{ name: 'dir/../x.gif', data: bytes(random, 100, false) },
				{ name: '__MACOSX/._x.gif', data: 'fork' },
			]),
		},
		{
			name: 'mixed-large',
			zip: buildZip([
				...files(1, 40_000, false),
				...files(2, 30_000, true).map((e) => ({ ...e, method: 'deflate' as const })),
			]),
		},
		{
			name: 'single',
			zip: buildZip(
				[{ name: 'only.mp4', data: bytes(random, 1000, true), method: 'deflate', comment: 'c' }],
				{ comment: 'archive comment' },
			),
		},
		{
			name: 'empty-files',
			zip: buildZip([
				{ name: 'a.jpg', data: '' },
				{ name: 'b.jpg', data: '', method: 'deflate' },
			]),
		},
	];
}

/** Offsets of the length / size / offset / count fields of every record found by signature. */
function lengthFields(zip: Buffer): Array<{ at: number; size: 2 | 4 | 8 }> {
	const fields: Array<{ at: number; size: 2 | 4 | 8 }> = [];
	for (let i = 0; i + 4 <= zip.length; i++) {
		const sig = zip.readUInt32LE(i);
		if (sig === SIG.local)
			fields.push(
				{ at: i + 18, size: 4 },
				{ at: i + 22, size: 4 },
				{ at: i + 26, size: 2 },
				{ at: i + 28, size: 2 },
			);
		else if (sig === SIG.central) {
			fields.push(
				{ at: i + 20, size: 4 },
				{ at: i + 24, size: 4 },
				{ at: i + 28, size: 2 },
				{ at: i + 30, size: 2 },
			);
			fields.push({ at: i + 32, size: 2 }, { at: i + 42, size: 4 });
		} else if (sig === SIG.eocd) {
			fields.push(
				{ at: i + 8, size: 2 },
				{ at: i + 10, size: 2 },
				{ at: i + 12, size: 4 },
				{ at: i + 16, size: 4 },
				{ at: i + 20, size: 2 },
			);
		} else if (sig === SIG.zip64Eocd) {
			fields.push(
				{ at: i + 4, size: 8 },
				{ at: i + 24, size: 8 },
				{ at: i + 32, size: 8 },
				{ at: i + 40, size: 8 },
				{ at: i + 48, size: 8 },
			);
		} else if (sig === SIG.zip64Locator) fields.push({ at: i + 8, size: 8 });
		else if (sig === SIG.descriptor) fields.push({ at: i + 8, size: 4 }, { at: i + 12, size: 4 });
		else if (zip.readUInt16LE(i) === 0x0001 && i + 4 <= zip.length)
			fields.push({ at: i + 2, size: 2 }); // ZIP64 extra header
	}
	return fields.filter((f) => f.at + f.size <= zip.length);
}

const NASTY = [0, 1, 2, 0x7f, 0xff, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0xfffffffe, 0xffffffff];

export type Mutation = 'bitflip' | 'truncate' | 'length-field' | 'splice';

export function mutate(base: Buffer, random: Random): { kind: Mutation; zip: Buffer } {
	const roll = random();
	const zip = Buffer.from(base);
	if (roll < 0.35) {
		const flips = 1 + int(random, 8);
		for (let i = 0; i < flips; i++) zip[int(random, zip.length)] ^= 1 << int(random, 8);
		return { kind: 'bitflip', zip };
	}
	if (roll < 0.55) return { kind: 'truncate', zip: zip.subarray(0, int(random, zip.length)) };
	if (roll < 0.9) {
		const fields = lengthFields(zip);
		const count = 1 + int(random, 3);
		for (let i = 0; i < count && fields.length; i++) {
			const field = fields[int(random, fields.length)];
			const pick = random();
			const value =
				pick < 0.5
					? NASTY[int(random, NASTY.length)]
					: pick < 0.8
						? int(random, 2 ** 32)
						: Math.max(0, zip.length + int(random, 64) - 32);
			if (field.size === 2) zip.writeUInt16LE(value & 0xffff, field.at);
			else if (field.size === 4) zip.writeUInt32LE(value >>> 0, field.at);
			else zip.writeBigUInt64LE(random() < 0.3 ? 0xffffffffffffffffn : BigInt(value), field.at);
		}
		return { kind: 'length-field', zip };
	}
	// Splice: remove or duplicate a run of bytes.
	const at = int(random, zip.length);
	const length = 1 + int(random, 64);
	const spliced =
		random() < 0.5
			? Buffer.concat([zip.subarray(0, at), zip.subarray(at + length)])
			: Buffer.concat([zip.subarray(0, at + length), zip.subarray(at)]);
	return { kind: 'splice', zip: spliced };
}

export interface FuzzStats {
	cases: number;
	seed: number;
	byMutation: Record<string, number>;
	extracted: number;
	archiveErrors: number;
	capErrors: number;
	/** Failures that are neither ArchiveError nor SafetyCapError, by message (the node still maps them). */
	otherErrors: Record<string, number>;
	uncaught: number;
	hangs: number;
	/** Cases whose extracted bytes went past the budget (unbounded allocation). */
	overBudget: number;
	maxBytesOneCase: number;
	peakMemoryGrowthBytes: number;
	ms: number;
}

export interface FuzzOptions {
	cases: number;
	seed: number;
	timeBoundMs?: number;
	maxFiles?: number;
	maxTotalBytes?: number;
	/** Called every 1,000 cases (progress for long runs). */
	progress?: (stats: FuzzStats) => void;
}

function memory(): number {
	const m = process.memoryUsage();
	return m.heapUsed + m.arrayBuffers;
}

/** Runs `cases` mutations through readArchiveStream, each under a time bound. */
export async function fuzzArchives(options: FuzzOptions): Promise<FuzzStats> {
	const { cases, seed, timeBoundMs = 2000, maxFiles = 50, maxTotalBytes = 1024 * 1024 } = options;
	const random = prng(seed);
	const bases = baseArchives(seed);
	const stats: FuzzStats = {
		cases: 0,
		seed,
		byMutation: {},
		extracted: 0,
		archiveErrors: 0,
		capErrors: 0,
		otherErrors: {},
		uncaught: 0,
		hangs: 0,
		overBudget: 0,
		maxBytesOneCase: 0,
		peakMemoryGrowthBytes: 0,
		ms: 0,
	};
	const onUncaught = () => stats.uncaught++;
	process.on('uncaughtException', onUncaught);
	process.on('unhandledRejection', onUncaught);
	const started = Date.now();
	const baseline = memory();
	try {
		for (let n = 0; n < cases; n++) {
			const base = bases[int(random, bases.length)];
			const { kind, zip } = mutate(base.zip, random);
			stats.byMutation[kind] = (stats.byMutation[kind] ?? 0) + 1;
			let bytes = 0;
			const work = (async () => {
				// The body in pieces of random size, as the network hands it over.
				const pieceSize = 1 + int(random, 4096);
				const body = (async function* () {
					for (let at = 0; at < zip.length; at += pieceSize) yield zip.subarray(at, at + pieceSize);
				})();
				for await (const entry of readArchiveStream(
					body,
					new Budget(maxFiles, maxTotalBytes, maxTotalBytes),
				)) {
					if (entry.problem) continue;
					for await (const piece of entry.bytes()) bytes += piece.length;
				}
			})();
			let timer: NodeJS.Timeout | undefined;
			const bound = new Promise<'hang'>(
				(resolve) => (timer = setTimeout(() => resolve('hang'), timeBoundMs)),
			);
			const outcome = await Promise.race([
				work.then(
					() => 'ok' as const,
					(error: unknown) => error,
				),
				bound,
			]);
			clearTimeout(timer);
			if (outcome === 'hang') {
				stats.hangs++;
				work.catch(() => {});
			} else if (outcome === 'ok') stats.extracted++;
			else if (outcome instanceof SafetyCapError) stats.capErrors++;
			else if (outcome instanceof StreamArchiveError) stats.archiveErrors++;
			else {
				const key = `${(outcome as Error)?.constructor?.name}: ${String((outcome as Error)?.message ?? outcome).slice(0, 80)}`;
				stats.otherErrors[key] = (stats.otherErrors[key] ?? 0) + 1;
			}
			stats.maxBytesOneCase = Math.max(stats.maxBytesOneCase, bytes);
			if (bytes > maxTotalBytes) stats.overBudget++;
			stats.cases++;
			if (n % 250 === 0)
				stats.peakMemoryGrowthBytes = Math.max(stats.peakMemoryGrowthBytes, memory() - baseline);
			if (options.progress && n % 1000 === 999) {
				stats.ms = Date.now() - started;
				options.progress(stats);
			}
		}
	} finally {
		process.off('uncaughtException', onUncaught);
		process.off('unhandledRejection', onUncaught);
	}
	stats.peakMemoryGrowthBytes = Math.max(stats.peakMemoryGrowthBytes, memory() - baseline);
	stats.ms = Date.now() - started;
	return stats;
}

export function formatStats(label: string, s: FuzzStats): string {
	const others = Object.values(s.otherErrors).reduce((a, b) => a + b, 0);
	return (
		`[fuzz] ${label}: ${s.cases} cases (seed ${s.seed}; ${Object.entries(s.byMutation)
			.map(([k, v]) => `${k} ${v}`)
			.join(', ')}) in ${s.ms} ms → ` +
		`extracted ${s.extracted}, ArchiveError ${s.archiveErrors}, SafetyCapError ${s.capErrors}, other errors ${others}, ` +
		`uncaught exceptions ${s.uncaught}, hangs ${s.hangs}, over budget ${s.overBudget} ` +
		`(max ${s.maxBytesOneCase} bytes in one case), peak memory growth ${(s.peakMemoryGrowthBytes / 1024 / 1024).toFixed(1)} MB` +
		(others ? `\n[fuzz] other errors: ${JSON.stringify(s.otherErrors)}` : '')
	);
}

/** Runs fuzz-cli.ts in a child process and returns its stats (stdout lines go to `log`). */
export async function fuzzInChildProcess(
	args: { cases: number; seed: number; boundMs?: number },
	log: (line: string) => void,
): Promise<FuzzStats> {
	const { spawn } = await import('child_process');
	const root = join(__dirname, '..', '..');
	const tsx = join(root, 'node_modules', '.bin', 'tsx');
	const cli = join(__dirname, 'fuzz-cli.ts');
	// tsx keeps a cache in the temp folder: the child gets a private one, removed when it ends.
	const { mkdtempSync, rmSync } = await import('fs');
	const { tmpdir } = await import('os');
	const childTmp = mkdtempSync(join(tmpdir(), 'sg-fuzz-child-'));
	const child = spawn(
		tsx,
		[
			cli,
			'--cases',
			String(args.cases),
			'--seed',
			String(args.seed),
			'--bound',
			String(args.boundMs ?? 2000),
		],
		{
			cwd: root,
			stdio: ['ignore', 'pipe', 'pipe'],
			env: { ...process.env, TMPDIR: childTmp },
		},
	);
	child.on('close', () => rmSync(childTmp, { recursive: true, force: true }));
	let out = '';
	let err = '';
	child.stdout.on('data', (chunk: Buffer) => {
		out += chunk.toString();
		let nl: number;
		while ((nl = out.indexOf('\n')) >= 0) {
			const line = out.slice(0, nl);
			out = out.slice(nl + 1);
			if (line.startsWith('FUZZ_STATS '))
				stats = JSON.parse(line.slice('FUZZ_STATS '.length)) as FuzzStats;
			else log(line);
		}
	});
	child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
	let stats: FuzzStats | undefined;
	const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
	if (!stats)
		throw new Error(`the fuzz process ended (code ${code}) without stats: ${err.slice(-2000)}`);
	return stats;
}
