// One measurement as the report takes it: baseline (a), what a user does without n8n (`curl -o`
// the archive, then `unzip` it), or a child's result.
import { promises as fs } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';

import type { Emulator } from '../../emulator';
import { downloadUrlFor, sizeOfTree, type ArchiveSpec } from './fixtures';
import { timed } from './proc';
import type { ArchiveRef, ChildResult } from './jobs';
import type { Measurement, Variant } from './report';

/** (a) curl -o, then unzip, of a fresh download URL for the same IDs in the same order. */
export async function curlUnzip(
	emu: Emulator,
	spec: ArchiveSpec,
	dir: string,
	idle: { curl: number; unzip: number },
): Promise<Measurement> {
	await fs.mkdir(dir, { recursive: true });
	const url = await downloadUrlFor(emu, spec.ids);
	const zip = join(dir, 'archive.zip');
	const out = join(dir, 'unzipped');
	const start = performance.now();
	const curl = await timed('curl', ['-sS', '-f', '-o', zip, url]);
	const unzip = await timed('unzip', ['-q', '-o', zip, '-d', out]);
	const ms = performance.now() - start;
	const zipBytes = (await fs.stat(zip)).size;
	const tree = await sizeOfTree(out);
	await fs.rm(dir, { recursive: true, force: true });
	const growth = Math.max(0, curl.maxRss - idle.curl, unzip.maxRss - idle.unzip);
	return {
		variant: 'a',
		ms,
		cpuMs: curl.cpuMs + unzip.cpuMs,
		growth,
		peak: Math.max(curl.maxRss, unzip.maxRss),
		baseline: Math.max(idle.curl, idle.unzip),
		files: tree.files,
		bytes: tree.bytes,
		zipBytes,
		detail: {
			downloadMs: curl.ms,
			unzipMs: unzip.ms,
			curlPeak: curl.maxRss,
			unzipPeak: unzip.maxRss,
		},
	};
}

export function toMeasurement(variant: Variant, result: ChildResult): Measurement {
	return {
		variant,
		ms: result.ms,
		cpuMs: result.cpuMs,
		growth: Math.max(0, result.peakRss - result.baselineRss),
		peak: result.peakRss,
		baseline: result.baselineRss,
		files: result.files ?? 0,
		bytes: result.bytes ?? 0,
		mode: result.binaryMode,
		peakMethod: result.peakMethod,
		sampledGrowth: Math.max(0, result.sampledPeak - result.baselineRss),
		versions: result.versions,
		detail: Object.fromEntries(
			Object.entries(result.nodeMs ?? {}).map(([name, ms]) => [`node:${name}`, ms]),
		),
	};
}

export function ref(spec: ArchiveSpec): ArchiveRef {
	return {
		albumId: spec.albumId!,
		ids: spec.ids,
		files: spec.entries.length,
		bytes: spec.contentBytes,
	};
}

/** What a child needs to call the emulator's API as the node does. */
export function apiOf(emu: Emulator): { baseUrl: string; apiKey: string; siteId: string } {
	return { baseUrl: emu.baseUrl, apiKey: emu.credentials.apiKey, siteId: emu.credentials.siteId };
}

/** curl's and unzip's peak RSS doing nothing: what their growth is counted from. */
export async function idlePeaks(haveUnzip: boolean): Promise<{ curl: number; unzip: number }> {
	return {
		curl: (await timed('curl', ['--version'])).maxRss,
		unzip: haveUnzip ? (await timed('unzip', ['-v'])).maxRss : 0,
	};
}
