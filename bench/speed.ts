// Issue 25: speed where users run it. Archives of 10 MB photos with JPEG-like bytes, served with
// every entry stored or every entry deflated (the emulator's `compression`, switched between
// runs), each against `curl -o` + `unzip` of the same URL in the same run:
//   - in-process: Get Download alone in n8n-core's engine, a fresh child per run (bench/lib/child.ts),
//     under this Node and, with --in-process-node24, under Node 24 too;
//   - real n8n (--real-n8n): `n8n execute` on both versions of test/e2e/n8n-versions.json, the
//     package packed and installed into the user folder's .n8n/nodes, filesystem binary mode
//     (database mode on the smallest size, stored);
//   - floors, with --real-n8n: the download alone through each n8n (bench/floor, a bench-only node
//     that fetches the URL with n8n's helper and drops the bytes), and for deflated archives the
//     inflate alone on each version's Node (bench/lib/inflateFloor.ts): what bounds any node.
// Writes its own section of bench/RESULTS.md (between SPEED_START and SPEED_END).
import { promises as fs } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';

import { startEmulator, uuidFrom, type Emulator } from '../emulator';
import { apiOf, curlUnzip, idlePeaks, ref, toMeasurement } from './lib/measurements';
import {
	downloadUrlFor,
	planPhotoArchive,
	registerArchive,
	writePhotoArchiveFiles,
	type ArchiveSpec,
} from './lib/fixtures';
import { run, runChild, runScript } from './lib/proc';
import { writeSection } from './lib/sections';
import { FLOOR, RealN8n, type BinaryMode, type RealRun } from './lib/realN8n';
import type { Measurement } from './lib/report';
import { speedSection, type SpeedRow, type SpeedRun } from './lib/reportSpeed';
import { packPackage } from '../test/e2e/helpers/pack';
import { runtime } from '../test/e2e/helpers/n8nInstall';
import { N8N_TARGETS } from '../test/e2e/helpers/versions';

export const SPEED_START = '<!-- speed:start -->';
export const SPEED_END = '<!-- speed:end -->';

export interface SpeedOptions {
	work: string;
	media: string;
	log: (message: string) => void;
	sizes: number[];
	reps: number;
	inProcess: boolean;
	inProcessNode24: boolean;
	realN8n: boolean;
}

type Compression = 'store' | 'deflate';

export async function speedBench(opts: SpeedOptions): Promise<string> {
	const { log } = opts;
	const started = new Date();
	const t0 = performance.now();
	const loadStart = await loadAverage();
	// Floor workflows keep one URL for the whole run (Get Download asks for its own each time).
	const emu = await startEmulator({ seed: false, compression: 'store', urlTtlMs: 24 * 3600_000 });
	const realByVersion = new Map<string, RealN8n>();
	try {
		const member = emu.store.addMember({ id: uuidFrom('member:speed'), name: 'Speed' });
		const archive = async (label: string, mb: number, index: number) => {
			const dir = join(opts.media, `photos-${label}`);
			const spec = planPhotoArchive(label, mb, dir);
			await writePhotoArchiveFiles(spec, dir);
			registerArchive(emu, spec, member.id, 100 + index);
			return spec;
		};
		const genStart = performance.now();
		const warm = await archive('warm', 2, 0);
		const specs: ArchiveSpec[] = [];
		for (const [i, mb] of opts.sizes.entries()) specs.push(await archive(`${mb}mb`, mb, i + 1));
		log(`speed: media written in ${((performance.now() - genStart) / 1000).toFixed(1)} s`);
		const api = apiOf(emu);
		const idle = await idlePeaks(true);

		// Real n8n: one user folder per version, the package installed from its tarball once.
		const tiny = new Map<string, RealRun>();
		if (opts.realN8n) {
			log('speed: building and packing the package');
			const build = await run('npm', ['run', 'build'], { timeoutMs: 300_000 });
			if (build.code !== 0) throw new Error(`npm run build failed: ${build.stderr.slice(-2000)}`);
			const tarball = await packPackage(join(opts.work, 'pack'));
			const floorPack = await run('npm', [
				'pack',
				'./bench/floor',
				'--pack-destination',
				join(opts.work, 'pack'),
			]);
			if (floorPack.code !== 0) throw new Error(`npm pack bench/floor: ${floorPack.stderr}`);
			const floorTarball = join(opts.work, 'pack', floorPack.stdout.trim().split('\n').pop()!);
			const floors = (
				await Promise.all(
					[warm, ...specs].map(async (spec) => {
						const url = await downloadUrlFor(emu, spec.ids);
						return [
							{ id: floorId('floor', spec.label), url },
							{ id: floorId('floor-store', spec.label), url, store: true },
						];
					}),
				)
			).flat();
			const workflows = [warm, ...specs].map((spec) => ({
				id: `sgSpeed${spec.label}`,
				ids: spec.ids,
				credentialId: 'sgSpeedBench01',
			}));
			for (const target of N8N_TARGETS) {
				log(`speed: n8n ${target.n8n}: installing the tarball, importing workflows`);
				const real = await RealN8n.start(target, [tarball, floorTarball], api, workflows, floors);
				realByVersion.set(target.n8n, real);
				// The process's own cost (start-up, migrations, the engine) on a 2 MB archive, for
				// Get Download and each floor: the second of two runs.
				for (const [key, id, node] of [
					[target.n8n, 'sgSpeedwarm', undefined],
					[`floor ${target.n8n}`, floorId('floor', warm.label), FLOOR],
					[`floor-store ${target.n8n}`, floorId('floor-store', warm.label), FLOOR],
				] as const) {
					await real.execute(id, 'filesystem', node);
					tiny.set(key, await real.execute(id, 'filesystem', node));
				}
			}
		}

		const rows: SpeedRow[] = [];
		/** One run of a variant into its row; a failure is kept as the run's error. */
		const record = async (row: SpeedRow, variant: string, rep: number, mode: BinaryMode) => {
			const context = { emu, idle, opts, realByVersion, mode };
			const measured = await measureOne(variant, row.spec, warm, context).catch(
				(error: unknown) => ({
					error: error instanceof Error ? error.message.slice(0, 800) : String(error),
				}),
			);
			row.runs.push({ variant, rep, ...measured });
			log(`  ${describe(measured)}`);
		};
		const variants = [
			...(opts.inProcess ? ['in-process'] : []),
			...(opts.inProcessNode24 ? ['in-process-node24'] : []),
			...(opts.realN8n ? N8N_TARGETS.map((t) => `n8n ${t.n8n}`) : []),
			...(opts.realN8n ? N8N_TARGETS.map((t) => `floor ${t.n8n}`) : []),
			...(opts.realN8n ? N8N_TARGETS.map((t) => `floor-store ${t.n8n}`) : []),
		];
		/** The inflate alone, on each version's Node: deflated rows only. */
		const inflates = opts.realN8n ? N8N_TARGETS.map((t) => `inflate ${t.n8n}`) : [];
		for (const spec of specs) {
			for (const compression of ['store', 'deflate'] as Compression[]) {
				emu.options.compression = compression;
				const row: SpeedRow = { label: spec.label, spec, compression, runs: [] };
				rows.push(row);
				for (let rep = 0; rep < opts.reps; rep++) {
					const order = ['curl', ...variants, ...(compression === 'deflate' ? inflates : [])];
					const rotated = order.map((_, i) => order[(i + rep) % order.length]);
					for (const variant of rotated) {
						log(`speed: ${spec.label} ${compression} rep ${rep + 1}/${opts.reps}: ${variant}`);
						await record(row, variant, rep, 'filesystem');
					}
				}
			}
		}
		// Database binary mode, on the smallest archive, stored: once per version.
		if (opts.realN8n && specs.length) {
			const spec = specs[0];
			emu.options.compression = 'store';
			const row: SpeedRow = {
				label: spec.label,
				spec,
				compression: 'store',
				mode: 'database',
				runs: [],
			};
			rows.push(row);
			for (const variant of ['curl', ...N8N_TARGETS.map((t) => `n8n ${t.n8n}`)]) {
				log(`speed: ${spec.label} store, database mode: ${variant}`);
				await record(row, variant, 0, 'database');
			}
		}
		const raw = {
			started,
			totalMs: performance.now() - t0,
			loadStart,
			loadEnd: await loadAverage(),
			tiny: Object.fromEntries(tiny),
			rows,
			node24: opts.inProcessNode24 ? runtime(N8N_TARGETS[1]).node : undefined,
		};
		await fs.writeFile(join(opts.work, 'speed-runs.json'), JSON.stringify(raw, null, 1));
		return speedSection(raw);
	} finally {
		for (const real of realByVersion.values()) real.dispose();
		emu.options.compression = 'store';
		await emu.close();
	}
}

/** The section again from the last run's raw figures (`--rewrite`). */
export async function rewriteSpeedSection(work: string): Promise<string> {
	const raw = JSON.parse(await fs.readFile(join(work, 'speed-runs.json'), 'utf8')) as Parameters<
		typeof speedSection
	>[0];
	raw.started = new Date(raw.started);
	return speedSection(raw);
}

/** Puts the section into RESULTS.md, replacing the one there. */
export async function writeSpeedSection(path: string, section: string): Promise<void> {
	await writeSection(path, SPEED_START, SPEED_END, section);
}

interface Context {
	emu: Emulator;
	idle: { curl: number; unzip: number };
	opts: SpeedOptions;
	realByVersion: Map<string, RealN8n>;
	mode: BinaryMode;
}

async function measureOne(
	variant: string,
	spec: ArchiveSpec,
	warm: ArchiveSpec,
	ctx: Context,
): Promise<Omit<SpeedRun, 'variant' | 'rep'>> {
	if (variant === 'curl') {
		const m = await curlUnzip(ctx.emu, spec, join(ctx.opts.work, 'runs', 'curl'), ctx.idle);
		return { measurement: m };
	}
	if (variant.startsWith('inflate ')) {
		const target = N8N_TARGETS.find((t) => t.n8n === variant.replace('inflate ', ''))!;
		return { measurement: await inflateAlone(spec, runtime(target).node) };
	}
	if (variant.startsWith('floor')) {
		const [kind, version] = variant.split(' ');
		const real = ctx.realByVersion.get(version)!;
		const result = await real.execute(floorId(kind, spec.label), ctx.mode, FLOOR);
		// The archive as served: about its photos' bytes, stored or deflated (about 1.003×).
		if (result.bytes < 0.98 * spec.contentBytes)
			throw new Error(`the floor read ${result.bytes} bytes of ${spec.contentBytes}`);
		return { real: result };
	}
	if (variant.startsWith('in-process')) {
		const job = {
			kind: 'node' as const,
			direct: true,
			api: apiOf(ctx.emu),
			workDir: join(ctx.opts.work, 'runs', `speed-${Date.now()}`),
			archive: ref(spec),
			warmArchive: ref(warm),
		};
		const node = variant.endsWith('node24') ? runtime(N8N_TARGETS[1]).node : undefined;
		try {
			return { measurement: toMeasurement('b', await runChild(job, [], 10 * 60_000, node)) };
		} finally {
			await fs.rm(job.workDir, { recursive: true, force: true });
		}
	}
	const real = ctx.realByVersion.get(variant.replace('n8n ', ''))!;
	const result = await real.execute(`sgSpeed${spec.label}`, ctx.mode);
	if (result.files !== spec.entries.length || result.bytes !== spec.contentBytes)
		throw new Error(
			`n8n delivered ${result.files} files, ${result.bytes} bytes (expected ${spec.entries.length}, ${spec.contentBytes})`,
		);
	return { real: result };
}

/** The workflow of a floor (`floor`: the download alone, `floor-store`: into n8n's store). */
function floorId(kind: string, label: string): string {
	return `${kind === 'floor-store' ? 'sgFloorStore' : 'sgFloor'}${label}`;
}

/** The inflate alone of the archive's deflated copies, on this Node binary (bench/lib/inflateFloor.ts). */
async function inflateAlone(spec: ArchiveSpec, node: string): Promise<Measurement> {
	const paths = spec.entries.map((e) => `${e.path}.deflate`);
	const r = await runScript<{ ms: number; cpuMs: number; bytes: number }>(
		join(__dirname, 'lib', 'inflateFloor.ts'),
		{ paths },
		{ node, label: 'inflate alone' },
	);
	if (r.bytes !== spec.contentBytes)
		throw new Error(`inflate alone gave ${r.bytes} bytes of ${spec.contentBytes}`);
	return {
		variant: 'b',
		ms: r.ms,
		cpuMs: r.cpuMs,
		growth: 0,
		peak: 0,
		baseline: 0,
		files: paths.length,
		bytes: r.bytes,
	};
}

function describe(m: Omit<SpeedRun, 'variant' | 'rep'>): string {
	if ('error' in m && m.error) return `failed: ${m.error}`;
	if (m.measurement) return runLine(m.measurement);
	const r = m.real!;
	return `node ${(r.nodeMs / 1000).toFixed(2)} s, process ${(r.wallMs / 1000).toFixed(1)} s, CPU ${(r.cpuMs / 1000).toFixed(1)} s, peak RSS ${(r.peakRss / 2 ** 20).toFixed(0)} MB, ${r.stored}`;
}

function runLine(m: Measurement): string {
	return `${((m.ms ?? 0) / 1000).toFixed(2)} s, CPU ${((m.cpuMs ?? 0) / 1000).toFixed(2)} s, RSS +${(m.growth / 2 ** 20).toFixed(0)} MB`;
}

async function loadAverage(): Promise<string> {
	return (await fs.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
}
