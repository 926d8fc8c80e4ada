// Issue 24: the media facts and the fit check ride on the download stream. Get Download alone,
// in-process, on one archive of media with real headers where reading them costs the most:
// MP4s whose `moov` comes after a large `mdat` (the probe follows the boxes to the file's end)
// and JPEGs whose frame header follows megabytes of comment segments. Three variants, rotated,
// each in a fresh child (bench/lib/child.ts):
//   - probe off: the header probe's `feed` replaced by a no-op in the child (what 0.3.0 did);
//   - facts: as shipped, without Check Fit For;
//   - facts + fit: Check Fit For on all four platforms.
// curl + unzip of the same URL in the same run gives the scale. Writes its own section of
// bench/RESULTS.md (between FIT_START and FIT_END).
import { promises as fs } from 'fs';
import { join } from 'path';

import { startEmulator, uuidFrom } from '../emulator';
import { makeJpeg, writeLargeMp4 } from '../emulator/media';
import { MB, registerArchive, type ArchiveSpec, type EntrySpec } from './lib/fixtures';
import type { FitVariant } from './lib/jobs';
import { apiOf, curlUnzip, idlePeaks, ref, toMeasurement } from './lib/measurements';
import { runChild } from './lib/proc';
import { writeSection } from './lib/sections';
import type { Measurement } from './lib/report';
import { fmt, median } from './lib/stats';

export const FIT_START = '<!-- fit:start -->';
export const FIT_END = '<!-- fit:end -->';

export interface FitBenchOptions {
	work: string;
	media: string;
	log: (message: string) => void;
	/** The archive's size in MB (1000: about 1 GB). */
	sizeMb: number;
	reps: number;
}

const VARIANTS: Array<{ name: string; fit?: FitVariant }> = [
	{ name: 'curl + unzip' },
	{ name: 'probe off', fit: 'off' },
	{ name: 'facts', fit: 'facts' },
	{ name: 'facts + fit (4 platforms)', fit: 'all' },
];

export async function fitBench(opts: FitBenchOptions): Promise<string> {
	const started = new Date();
	const emu = await startEmulator({ seed: false, compression: 'store' });
	try {
		const member = emu.store.addMember({ id: uuidFrom('member:fit'), name: 'Fit' });
		const spec = await writeMedia(join(opts.media, `fit-${opts.sizeMb}mb`), opts.sizeMb);
		const warm = await writeMedia(join(opts.media, 'fit-warm'), 8);
		registerArchive(emu, spec, member.id, 300);
		registerArchive(emu, warm, member.id, 301);
		const idle = await idlePeaks(true);
		const runs = new Map<string, Measurement[]>(VARIANTS.map((v) => [v.name, []]));
		for (let rep = 0; rep < opts.reps; rep++) {
			const order = VARIANTS.map((_, i) => VARIANTS[(i + rep) % VARIANTS.length]);
			for (const variant of order) {
				opts.log(`fit: ${opts.sizeMb} MB rep ${rep + 1}/${opts.reps}: ${variant.name}`);
				const measured = variant.fit
					? await inProcess(emu, spec, warm, variant.fit, opts.work)
					: await curlUnzip(emu, spec, join(opts.work, 'runs', 'fit-curl'), idle);
				runs.get(variant.name)!.push(measured);
				opts.log(
					`  ${fmt((measured.ms ?? 0) / 1000)} s, CPU ${fmt((measured.cpuMs ?? 0) / 1000)} s, RSS +${fmt(measured.growth / MB, 0)} MB`,
				);
			}
		}
		return section(started, spec, runs, opts.reps);
	} finally {
		await emu.close();
	}
}

async function inProcess(
	emu: Parameters<typeof apiOf>[0],
	spec: ArchiveSpec,
	warm: ArchiveSpec,
	fit: FitVariant,
	work: string,
): Promise<Measurement> {
	const job = {
		kind: 'node' as const,
		direct: true,
		fit,
		api: apiOf(emu),
		workDir: join(work, 'runs', `fit-${Date.now()}`),
		archive: ref(spec),
		warmArchive: ref(warm),
	};
	try {
		const result = await runChild(job);
		// The probe must really have run (or really not) for the row to mean anything.
		const expected = fit === 'off' ? 0 : spec.entries.length;
		if (result.facts !== expected)
			throw new Error(`${fit}: ${result.facts} files with facts, expected ${expected}`);
		return toMeasurement('b', result);
	} finally {
		await fs.rm(job.workDir, { recursive: true, force: true });
	}
}

/** Half the bytes in moov-last MP4s of about 100 MB, half in 10 MB JPEGs, all with real headers. */
async function writeMedia(dir: string, sizeMb: number): Promise<ArchiveSpec> {
	await fs.mkdir(dir, { recursive: true });
	const videoBytes = Math.min(100 * MB, Math.floor((sizeMb * MB) / 2));
	const videos = Math.max(1, Math.round((sizeMb * MB) / 2 / videoBytes));
	const photoBytes = Math.min(10 * MB, Math.floor((sizeMb * MB) / 2));
	const photos = Math.max(1, Math.round((sizeMb * MB) / 2 / photoBytes));
	const entries: EntrySpec[] = [];
	for (let i = 0; i < videos + photos; i++) {
		const video = i < videos;
		const name = video ? `fit-video-${i + 1}.mp4` : `fit-photo-${i + 1 - videos}.jpg`;
		const bytes = video ? videoBytes : photoBytes;
		const path = join(dir, name);
		const existing = await fs.stat(path).catch(() => undefined);
		if (!existing) {
			// ftyp, then the media data, then moov: the layout a camera writes.
			if (video)
				await writeLargeMp4(path, bytes, `bench fit ${i}`, 1920, 1080, 30_000 + i * 1000, {
					moovLast: true,
				});
			else await fs.writeFile(path, makeJpeg(4032, 3024, i, `bench fit ${i}`, bytes));
		}
		const size = (await fs.stat(path)).size;
		entries.push({ name, bytes: size, position: i, deflated: false, path });
	}
	const contentBytes = entries.reduce((sum, e) => sum + e.bytes, 0);
	return {
		label: `fit-${sizeMb}mb`,
		contentBytes,
		largestBytes: videoBytes,
		entries,
		ids: [],
	};
}

function section(
	started: Date,
	spec: ArchiveSpec,
	runs: Map<string, Measurement[]>,
	reps: number,
): string {
	const gb = spec.contentBytes / 1024 ** 3;
	const off = median(runs.get('probe off')!.map((m) => m.ms ?? 0));
	const curl = median(runs.get('curl + unzip')!.map((m) => m.ms ?? 0));
	const lines = [
		`### Media facts and the fit check (issue 24)`,
		'',
		`Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, in-process (n8n-core's engine, Node ${process.version}), ` +
			`one archive of ${fmt(spec.contentBytes / MB, 0)} MB (${spec.entries.length} files: MP4s with \`moov\` after a large \`mdat\`, ` +
			`JPEGs whose frame header follows megabytes of comment segments), stored, ${reps} runs each, rotated. ` +
			`"probe off" replaces the header probe with a no-op in the child: the cost of reading the facts is the difference.`,
		'',
		'| variant | median s | range s | × curl + unzip | vs probe off | CPU s/GB | peak RSS growth MB (median, max) |',
		'| --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const [name, list] of runs) {
		const times = list.map((m) => (m.ms ?? 0) / 1000);
		const growth = list.map((m) => m.growth / MB);
		lines.push(
			`| ${name} | ${fmt(median(times))} | ${fmt(Math.min(...times))}–${fmt(Math.max(...times))} | ` +
				`${fmt(curl / 1000 / median(times))} | ${name === 'curl + unzip' ? '' : fmt(off / 1000 / median(times))} | ` +
				`${fmt(median(list.map((m) => (m.cpuMs ?? 0) / 1000)) / gb)} | ${fmt(median(growth), 0)}, ${fmt(Math.max(...growth), 0)} |`,
		);
	}
	lines.push(
		'',
		'"vs probe off" above 1.0 is faster than without the probe. The machine\'s two cores are shared: ' +
			'read differences within the range column as noise.',
	);
	return lines.join('\n');
}

/** Puts the section into RESULTS.md, replacing the one there. */
export async function writeFitSection(path: string, section: string): Promise<void> {
	await writeSection(path, FIT_START, FIT_END, section);
}
