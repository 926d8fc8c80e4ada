// npm run bench:verification [-- --sizes=10,100,1000] [-- --reps=5,5,3] [-- --seed-reps=15] [-- --keep-media]
//   development: --variants=a,b,e; BENCH_NODE_FLAGS adds Node flags to the children (e.g. --cpu-prof)
//
// Issue 16: Get Download's two paths side by side, in the same runs, against curl + unzip:
//   (a) curl -o + unzip -q;
//   (b) the temporary-file path (default build): Query Items → Get Download, n8n's engine,
//       filesystem binary-data mode, each run in a fresh child process (bench/lib/child.ts);
//   (e) the streaming path (verification-ready build): the same, with SG_DOWNLOAD_PATH=stream.
// Archives as bench/run.ts makes them (49 entries, mostly stored, one video of 40%). Then the
// seed case: the emulator's seed gallery, Query Items (the headline request) → Get Download,
// both paths alternating in one warm process. Writes bench/VERIFICATION-RESULTS.md and
// bench/.work/verification.json.
import { promises as fs } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';

import { startEmulator, uuidFrom, type Emulator } from '../emulator';
import {
	downloadUrlFor,
	MB,
	planArchive,
	registerArchive,
	writeArchiveFiles,
	type ArchiveSpec,
} from './lib/fixtures';
import type { ChildJob, ChildResult } from './lib/jobs';
import { runChild, timed, which } from './lib/proc';
import { fmt, median } from './lib/stats';
import { failedRun, runSummary } from './lib/report';

const WORK = join(__dirname, '.work');
const MEDIA = join(WORK, 'media');
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const SIZES = (flag('sizes') ?? '10,100,1000').split(',').map(Number);
const REPS = (flag('reps') ?? '5,5,3').split(',').map(Number);
const SEED_REPS = Number(flag('seed-reps') ?? 15);
/** Development: `--variants=e` runs only some variants. */
const VARIANTS = (flag('variants') ?? 'a,b,e').split(',') as Variant[];
const KEEP_MEDIA = process.argv.includes('--keep-media');

type Variant = 'a' | 'b' | 'e';
interface Run {
	variant: Variant;
	rep: number;
	ms: number;
	cpuMs: number;
	growth: number;
	files: number;
	bytes: number;
	error?: string;
}

function log(message: string): void {
	process.stderr.write(`[verification ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Files and bytes under `dir`; names as raw bytes (unzip may write names that are not UTF-8). */
async function tree(dir: string | Buffer): Promise<{ files: number; bytes: number }> {
	let files = 0;
	let bytes = 0;
	for (const name of await fs.readdir(dir, { encoding: 'buffer' })) {
		const path = Buffer.concat([Buffer.from(dir), Buffer.from('/'), name]);
		const stat = await fs.stat(path);
		if (stat.isDirectory()) {
			const sub = await tree(path);
			files += sub.files;
			bytes += sub.bytes;
		} else if (stat.isFile()) {
			files++;
			bytes += stat.size;
		}
	}
	return { files, bytes };
}

/** (a) as bench/run.ts measures it: a fresh URL, curl -o, unzip -q, wall time of both. */
async function curlUnzip(
	emu: Emulator,
	ids: string[],
	dir: string,
	idle: { curl: number; unzip: number },
): Promise<Omit<Run, 'rep'>> {
	await fs.mkdir(dir, { recursive: true });
	const url = await downloadUrlFor(emu, ids);
	const zip = join(dir, 'archive.zip');
	const out = join(dir, 'unzipped');
	const start = performance.now();
	const curl = await timed('curl', ['-sS', '-f', '-o', zip, url]);
	const unzip = await timed('unzip', ['-q', '-o', zip, '-d', out]);
	const ms = performance.now() - start;
	const { files, bytes } = await tree(out);
	await fs.rm(dir, { recursive: true, force: true });
	return {
		variant: 'a',
		ms,
		cpuMs: curl.cpuMs + unzip.cpuMs,
		growth: Math.max(0, curl.maxRss - idle.curl, unzip.maxRss - idle.unzip),
		files,
		bytes,
	};
}

async function nodeRun(variant: 'b' | 'e', job: ChildJob): Promise<Omit<Run, 'rep'>> {
	if (variant === 'e') process.env.SG_DOWNLOAD_PATH = 'stream';
	else delete process.env.SG_DOWNLOAD_PATH;
	try {
		const result: ChildResult = await runChild(job);
		return {
			variant,
			ms: result.ms,
			cpuMs: result.cpuMs,
			growth: Math.max(0, result.peakRss - result.baselineRss),
			files: result.files ?? 0,
			bytes: result.bytes ?? 0,
		};
	} finally {
		delete process.env.SG_DOWNLOAD_PATH;
		await fs.rm(job.workDir, { recursive: true, force: true });
	}
}

/** The seed case in one warm process, both paths alternating: wall time per run. */
async function seedCase(): Promise<{
	b: number[];
	e: number[];
	a: number[];
	files: number;
	bytes: number;
}> {
	const emu = await startEmulator();
	const dir = join(WORK, 'seed');
	await fs.mkdir(join(dir, 'tmp'), { recursive: true });
	process.env.N8N_USER_FOLDER = join(dir, 'n8n-user');
	process.env.N8N_BINARY_DATA_STORAGE_PATH = join(dir, 'binary-data');
	process.env.N8N_DEFAULT_BINARY_DATA_MODE = 'filesystem';
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Container } = require('@n8n/di') as typeof import('@n8n/di');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { BinaryDataService } = require('n8n-core') as typeof import('n8n-core');
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const engineModule = require('../engine') as typeof import('../engine');
	await Container.get(BinaryDataService).init();
	const { SEED } = await import('../emulator');
	const engine = new engineModule.Engine({
		credentials: {
			authentication: 'apiKey',
			apiKey: emu.credentials.apiKey,
			siteId: emu.credentials.siteId,
			baseUrl: emu.baseUrl,
		},
	});
	const workflow = engineModule.chain(
		{
			name: 'Query',
			type: engineModule.TYPES.query,
			parameters: {
				limit: 5,
				sortField: 'LIKE_COUNT',
				filters: {
					createdBy: `${SEED.members.dana},${SEED.members.zoe}`,
					itemTypes: ['VISUAL_MEDIA'],
				},
			},
		},
		{
			name: 'Download',
			type: engineModule.TYPES.download,
			parameters: { itemIds: '={{ $json.id }}' },
		},
	);
	const out = { b: [] as number[], e: [] as number[], a: [] as number[], files: 0, bytes: 0 };
	const idle = { curl: 0, unzip: 0 };
	try {
		for (let rep = -2; rep < SEED_REPS; rep++) {
			for (const variant of rep % 2 ? (['b', 'e', 'a'] as const) : (['e', 'b', 'a'] as const)) {
				if (variant === 'a') {
					const ids = SEED.headline.expectedIds;
					const run = await curlUnzip(emu, ids, join(dir, 'curl'), idle);
					if (rep >= 0) out.a.push(run.ms);
					continue;
				}
				if (variant === 'e') process.env.SG_DOWNLOAD_PATH = 'stream';
				else delete process.env.SG_DOWNLOAD_PATH;
				const start = performance.now();
				const result = await engine.run(workflow);
				const ms = performance.now() - start;
				const error = result.error();
				if (error) throw new Error(`seed (${variant}): ${error.message}`);
				const files = result.output('Download');
				out.files = files.length;
				out.bytes = files.reduce((sum, f) => sum + Number(f.json.fileSize), 0);
				if (rep >= 0) out[variant].push(ms);
			}
		}
	} finally {
		delete process.env.SG_DOWNLOAD_PATH;
		engineModule.stopEngineTimers();
		await emu.close();
		await fs.rm(dir, { recursive: true, force: true });
	}
	return out;
}

async function main(): Promise<void> {
	if (!which('curl') || !which('unzip')) throw new Error('curl and unzip are needed');
	await fs.mkdir(MEDIA, { recursive: true });
	const loadStart = (await fs.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
	const emu = await startEmulator({ seed: false, compression: 'mixed' });
	const rows: Array<{ spec: ArchiveSpec; runs: Run[] }> = [];
	let seed: Awaited<ReturnType<typeof seedCase>> | undefined;
	try {
		const member = emu.store.addMember({ id: uuidFrom('member:bench'), name: 'Bench Uploader' });
		const warm = planArchive('warm', 2, join(MEDIA, 'warm'));
		await writeArchiveFiles(warm, join(MEDIA, 'warm'));
		registerArchive(emu, warm, member.id, 0);
		const specs: ArchiveSpec[] = [];
		for (const [index, mb] of SIZES.entries()) {
			const spec = planArchive(`${mb}mb`, mb, join(MEDIA, `${mb}mb`));
			log(`writing ${spec.label}`);
			await writeArchiveFiles(spec, join(MEDIA, `${mb}mb`));
			registerArchive(emu, spec, member.id, index + 1);
			specs.push(spec);
		}
		const idle = {
			curl: (await timed('curl', ['--version'])).maxRss,
			unzip: (await timed('unzip', ['-v'])).maxRss,
		};
		const api = {
			baseUrl: emu.baseUrl,
			apiKey: emu.credentials.apiKey,
			siteId: emu.credentials.siteId,
		};
		const ref = (spec: ArchiveSpec) => ({
			albumId: spec.albumId!,
			ids: spec.ids,
			files: spec.entries.length,
			bytes: spec.contentBytes,
		});
		let children = 0;
		for (const [index, spec] of specs.entries()) {
			const row = { spec, runs: [] as Run[] };
			rows.push(row);
			const reps = REPS[index] ?? REPS[REPS.length - 1];
			for (let rep = 0; rep < reps; rep++) {
				const variants = VARIANTS;
				const order = variants.map((_, i) => variants[(i + rep) % variants.length]);
				for (const variant of order) {
					log(`${spec.label} rep ${rep + 1}/${reps}: (${variant})`);
					try {
						const run =
							variant === 'a'
								? await curlUnzip(emu, spec.ids, join(WORK, 'runs', `${++children}-curl`), idle)
								: await nodeRun(variant, {
										kind: 'node',
										api,
										workDir: join(WORK, 'runs', `${++children}-${variant}`),
										archive: ref(spec),
										warmArchive: ref(warm),
									});
						row.runs.push({ ...run, rep });
						log(runSummary(run));
					} catch (error) {
						const failed = failedRun(error);
						log(`  failed: ${failed.error.slice(0, 600)}`);
						row.runs.push({ variant, rep, ...failed });
					}
				}
			}
		}
	} finally {
		await emu.close();
		await fs.rm(join(WORK, 'runs'), { recursive: true, force: true });
		await fs.rm(join(WORK, 'n8n-user'), { recursive: true, force: true });
		if (!KEEP_MEDIA) await fs.rm(MEDIA, { recursive: true, force: true });
	}
	if (SEED_REPS > 0) {
		log(`seed case: ${SEED_REPS} runs of each path in one process`);
		seed = await seedCase();
	}
	const loadEnd = (await fs.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
	await fs.writeFile(
		join(WORK, 'verification.json'),
		JSON.stringify({ rows, seed, loadStart, loadEnd }, null, 2),
	);
	const markdown = report(rows, seed, loadStart, loadEnd);
	await fs.writeFile(join(__dirname, 'VERIFICATION-RESULTS.md'), markdown);
	process.stdout.write(markdown);
}

function report(
	rows: Array<{ spec: ArchiveSpec; runs: Run[] }>,
	seed: Awaited<ReturnType<typeof seedCase>> | undefined,
	loadStart: string,
	loadEnd: string,
): string {
	const lines: string[] = [];
	lines.push(
		'# Get Download: temporary-file path (b) and streaming path (e), against curl + unzip (a)',
	);
	lines.push('');
	lines.push(
		`Written by \`npm run bench:verification\` on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ` +
			`load average ${loadStart} at the start and ${loadEnd} at the end (2 cores, shared). Medians of the runs; every ratio is taken ` +
			'within one repetition (the three variants back to back, order rotated), then the median of those ratios. ' +
			"Speed ratio x ÷ y = y's time / x's time (above 1: x is faster). RSS growth: peak during the run minus the settled baseline.",
	);
	lines.push('');
	lines.push(
		'| archive (largest file) | reps | a: s | b: s | e: s | b ÷ a | e ÷ a | **e ÷ b** | RSS growth b | RSS growth e | e growth ÷ largest file | e CPU ÷ b CPU |',
	);
	lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const { spec, runs } of rows) {
		const ok = runs.filter((r) => !r.error);
		const of = (v: Variant) => ok.filter((r) => r.variant === v);
		const med = (v: Variant, key: 'ms' | 'growth' | 'cpuMs') => median(of(v).map((r) => r[key]));
		const paired = (x: Variant, y: Variant) => {
			const ratios: number[] = [];
			for (const rep of new Set(ok.map((r) => r.rep))) {
				const rx = ok.find((r) => r.rep === rep && r.variant === x);
				const ry = ok.find((r) => r.rep === rep && r.variant === y);
				if (rx && ry) ratios.push(ry.ms / rx.ms);
			}
			return median(ratios);
		};
		const cpu = med('e', 'cpuMs') / med('b', 'cpuMs');
		lines.push(
			`| ${fmt(spec.contentBytes / MB, 0)} MB (${fmt(spec.largestBytes / MB, 0)} MB) | ${Math.max(...[0, ...ok.map((r) => r.rep + 1)])} | ` +
				`${fmt(med('a', 'ms') / 1000, 2)} | ${fmt(med('b', 'ms') / 1000, 2)} | ${fmt(med('e', 'ms') / 1000, 2)} | ` +
				`${fmt(paired('b', 'a'), 2)}× | ${fmt(paired('e', 'a'), 2)}× | **${fmt(paired('e', 'b'), 2)}×** | ` +
				`${fmt(med('b', 'growth') / MB, 0)} MB | ${fmt(med('e', 'growth') / MB, 0)} MB | ${fmt(med('e', 'growth') / spec.largestBytes, 2)}× | ${fmt(cpu, 2)}× |`,
		);
		const failed = runs.filter((r) => r.error);
		if (failed.length)
			lines.push(
				`| ↳ ${failed.length} failed run(s): ${failed.map((r) => `${r.variant}: ${r.error!.split('\n')[0].slice(0, 120)}`).join('; ')} | | | | | | | | | | | |`,
			);
		const counts = [
			...new Set(
				of('b')
					.concat(of('e'))
					.map((r) => `${r.files} files, ${fmt(r.bytes / MB, 1)} MB`),
			),
		];
		if (counts.length > 1)
			lines.push(
				`| ↳ b and e delivered different outputs: ${counts.join(' / ')} | | | | | | | | | | | |`,
			);
	}
	lines.push('');
	lines.push("Each run's figures (s, peak RSS growth in MB):");
	lines.push('');
	for (const { spec, runs } of rows) {
		const text = runs
			.map(
				(r) =>
					`${r.variant}${r.rep + 1} ${r.error ? 'failed' : `${fmt(r.ms / 1000, 2)} s/${fmt(r.growth / MB, 0)} MB`}`,
			)
			.join(', ');
		lines.push(`- ${spec.label}: ${text}`);
	}
	if (seed) {
		const mb = seed.b.length;
		lines.push('');
		lines.push(
			`**Seed case** (the seed gallery, Query Items headline request → Get Download: ${seed.files} files, ${fmt(seed.bytes / 1024, 0)} KB; ` +
				`${mb} runs each, alternating, one warm process, wall time of the whole workflow): a (curl + unzip) ${fmt(median(seed.a), 1)} ms, ` +
				`b ${fmt(median(seed.b), 1)} ms, e ${fmt(median(seed.e), 1)} ms; e ÷ b ${fmt(median(seed.b) / median(seed.e), 2)}×, ` +
				`b ÷ a ${fmt(median(seed.a) / median(seed.b), 2)}×, e ÷ a ${fmt(median(seed.a) / median(seed.e), 2)}×.`,
		);
	}
	lines.push('');
	return lines.join('\n');
}

main().catch((error: unknown) => {
	process.stderr.write(
		`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exit(1);
});
