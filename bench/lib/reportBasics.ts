// bench/RESULTS.md's shared parts: the rows measured, each variant's summary, the machine.
import * as os from 'os';

import type { ArchiveSpec } from './fixtures';
import type { ChildKind, ChildResult } from './jobs';
import { fmt, mb, median } from './stats';

export type Variant = 'a' | 'b' | 'c';

export interface Measurement {
	variant: Variant;
	rep?: number;
	ms: number;
	cpuMs: number;
	/** Peak RSS minus the idle baseline (bytes). */
	growth: number;
	peak: number;
	baseline: number;
	files: number;
	bytes: number;
	zipBytes?: number;
	mode?: string;
	peakMethod?: string;
	sampledGrowth?: number;
	versions?: Record<string, string>;
	detail?: Record<string, number>;
	error?: string;
}

export interface DownloadRow {
	spec: ArchiveSpec;
	runs: Measurement[];
}

export interface QueryRow {
	items: number;
	pageSize: number;
	runs: Array<{
		kind: ChildKind;
		rep: number;
		result?: ChildResult;
		requests: number;
		error?: string;
	}>;
}

export interface RunInfo {
	started: Date;
	totalMs: number;
	generationMs: number;
	quick: boolean;
	loadStart: string;
	loadEnd: string;
	nodesBase: { dir?: string; version?: string; missing?: string };
	notes: string[];
	pageSize: number;
	/** (b) on the smallest archive with --max-semi-space-size=1. */
	smallYoung?: { label: string; growth: number; ms: number };
	tools: Record<string, string>;
}

export const NAMES: Record<Variant, string> = {
	a: '(a) curl -o + unzip',
	b: '(b) Query → Get Download (this package, unzipping as it downloads)',
	c: '(c) HTTP Request + Compression (n8n-nodes-base)',
};

export interface Summary {
	ok: boolean;
	runs: number;
	ms: number;
	cpuMs: number;
	mbps: number;
	/** Largest growth over the runs (bytes). */
	growth: number;
	correct: boolean;
	mode?: string;
	error?: string;
	detail?: Record<string, number>;
}

export function summarize(row: DownloadRow, variant: Variant): Summary | undefined {
	const runs = row.runs.filter((r) => r.variant === variant);
	if (!runs.length) return undefined;
	const good = runs.filter((r) => !r.error);
	if (!good.length)
		return {
			ok: false,
			runs: runs.length,
			ms: NaN,
			cpuMs: NaN,
			mbps: NaN,
			growth: NaN,
			correct: false,
			error: runs[0].error,
		};
	const ms = median(good.map((r) => r.ms));
	const keys = [...new Set(good.flatMap((r) => Object.keys(r.detail ?? {})))];
	const detail = Object.fromEntries(
		keys.map((k) => [k, median(good.map((r) => r.detail?.[k] ?? NaN).filter(Number.isFinite))]),
	);
	const zip = row.spec.zipBytes ?? row.spec.contentBytes;
	return {
		ok: true,
		runs: good.length,
		ms,
		cpuMs: median(good.map((r) => r.cpuMs)),
		mbps: mb(zip) / (ms / 1000),
		growth: Math.max(...good.map((r) => r.growth)),
		correct: good.every(
			(r) => r.files === row.spec.entries.length && r.bytes === row.spec.contentBytes,
		),
		mode: [...new Set(good.map((r) => r.mode).filter(Boolean))].join(','),
		error: runs.find((r) => r.error)?.error,
		detail,
	};
}

export const ratio = (x: number, y: number) =>
	Number.isFinite(x) && Number.isFinite(y) && y > 0 ? x / y : NaN;

export function shape(exponent: number): string {
	if (!Number.isFinite(exponent)) return 'n/a';
	if (exponent < 0.35) return 'flat';
	if (exponent <= 1.25) return 'linear';
	return 'faster than linear';
}

/**
 * Why (b)'s memory is what it is: each file goes to n8n's binary data as it arrives (FileBody),
 * so the growth should be a working set, flat in the archive. `growth` and `largest` are on the
 * largest archive: growth below its largest file shows that no file was held whole.
 */
export function workingSetNote(flat: boolean, growth: number, largest: number): string {
	const why =
		"Each file's bytes go to `prepareBinaryData` as they arrive, and in filesystem mode n8n writes them to disk as they come, so the node never holds a file whole";
	if (!Number.isFinite(growth / largest)) return `${why}.`;
	if (flat)
		return `${why}: the growth is its working set (V8's young generation, stream chunks, n8n's writes) and does not follow the file or the archive.`;
	if (growth < largest)
		return `${why}: on the largest archive the growth is ${fmt(growth / largest, 2)}× its largest file, so no file was held whole; the rise is in the working set (V8's young generation, stream chunks, n8n's writes), not file data.`;
	return `${why}, so the growth should be a flat working set; on the largest archive it reaches ${fmt(growth / largest, 2)}× the largest file, which a working set does not explain.`;
}

export function machine(): string[] {
	let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	cpu = cpu.replace(/\s+/g, ' ').trim();
	return [
		`${cpu}, ${os.cpus().length} cores, ${fmt(os.totalmem() / 1024 ** 3, 1)} GiB RAM, Linux ${os.release()}`,
	];
}

/**
 * Why there is no jszip variant (d) any more: it swapped the temporary-file path's reader, which
 * is gone. The streaming path has no whole archive to hand a reader; jszip would need the
 * whole download buffered first, a design the node does not have.
 */
export const JSZIP_NOTE =
	"Until the temporary-file path was removed, variant (d) ran Get Download with jszip in place of yauzl (the design card's choice against the adopted reader). History, the run of 2026-11-27 11:13 UTC, 1,000 MB archive: jszip 12.40 s and 1,450 MB of RSS growth, yauzl from a temporary file 6.97 s and 44 MB. The node now unzips as the archive downloads, with no file and no archive-wide reader to swap: jszip could only take part as the whole download buffered in memory, then `JSZip.loadAsync`, which holds the whole archive (1 GB here) plus each file, so its memory grows with the archive by construction, and it would have to re-implement the caps, the central-directory check and the in-order output to be a fair stand-in. That is not a like-for-like swap, so this bench no longer runs it. jszip stays a dev dependency: the emulator's zip tests read its archives back with it, beside yauzl.";

export type Summaries = Array<{ row: DownloadRow; s: Record<Variant, Summary | undefined> }>;

/** CPU time (all threads) at or above this share of wall time: the run computes rather than waits. */
export const CPU_BOUND = 0.85;

/** One run, as the bench logs it. */
export function runSummary(m: {
	ms: number;
	growth: number;
	files: number;
	bytes: number;
}): string {
	const MiB = 1024 * 1024;
	return `  ${(m.ms / 1000).toFixed(2)} s, peak RSS +${(m.growth / MiB).toFixed(0)} MB, ${m.files} files, ${(m.bytes / MiB).toFixed(1)} MB`;
}

/** The numbers of a run that failed: not a number, so no median takes them, and the error kept. */
export function failedRun(error: unknown) {
	const message = error instanceof Error ? error.message : String(error);
	return {
		ms: Number.NaN,
		cpuMs: Number.NaN,
		growth: Number.NaN,
		files: 0,
		bytes: 0,
		error: message,
	};
}
