// bench/RESULTS.md: tables, fits and the issue's goals, every figure a ratio within one run.
import { promises as fs } from 'fs';
import * as os from 'os';

import type { ArchiveSpec } from './fixtures';
import type { ChildKind, ChildResult } from './jobs';
import { fit, fmt, mb, median, type Fit } from './stats';

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

const NAMES: Record<Variant, string> = {
	a: '(a) curl -o + unzip',
	b: '(b) Query → Get Download (this package, unzipping as it downloads)',
	c: '(c) HTTP Request + Compression (n8n-nodes-base)',
};

interface Summary {
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

function summarize(row: DownloadRow, variant: Variant): Summary | undefined {
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

const ratio = (x: number, y: number) =>
	Number.isFinite(x) && Number.isFinite(y) && y > 0 ? x / y : NaN;

function shape(exponent: number): string {
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
function workingSetNote(flat: boolean, growth: number, largest: number): string {
	const why =
		"Each file's bytes go to `prepareBinaryData` as they arrive, and in filesystem mode n8n writes them to disk as they come, so the node never holds a file whole";
	if (!Number.isFinite(growth / largest)) return `${why}.`;
	if (flat)
		return `${why}: the growth is its working set (V8's young generation, stream chunks, n8n's writes) and does not follow the file or the archive.`;
	if (growth < largest)
		return `${why}: on the largest archive the growth is ${fmt(growth / largest, 2)}× its largest file, so no file was held whole; the rise is in the working set (V8's young generation, stream chunks, n8n's writes), not file data.`;
	return `${why}, so the growth should be a flat working set; on the largest archive it reaches ${fmt(growth / largest, 2)}× the largest file, which a working set does not explain.`;
}

function machine(): string[] {
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
const JSZIP_NOTE =
	"Until the temporary-file path was removed, variant (d) ran Get Download with jszip in place of yauzl (the design card's choice against the adopted reader). History, the run of 2026-11-27 11:13 UTC, 1,000 MB archive: jszip 12.40 s and 1,450 MB of RSS growth, yauzl from a temporary file 6.97 s and 44 MB. The node now unzips as the archive downloads, with no file and no archive-wide reader to swap: jszip could only take part as the whole download buffered in memory, then `JSZip.loadAsync`, which holds the whole archive (1 GB here) plus each file, so its memory grows with the archive by construction, and it would have to re-implement the caps, the central-directory check and the in-order output to be a fair stand-in. That is not a like-for-like swap, so this bench no longer runs it. jszip stays a dev dependency: the emulator's zip tests read its archives back with it, beside yauzl.";

export async function writeResults(
	path: string,
	info: RunInfo,
	rows: DownloadRow[],
	queries: QueryRow[],
): Promise<string> {
	const out: string[] = [];
	const line = (s = '') => out.push(s);
	const allVersions = {
		...(rows.flatMap((r) => r.runs).find((r) => r.versions?.['n8n-nodes-base'])?.versions ??
			rows.flatMap((r) => r.runs).find((r) => r.versions)?.versions ??
			{}),
	};
	const variants = (['a', 'b', 'c'] as Variant[]).filter((v) =>
		rows.some((r) => r.runs.some((m) => m.variant === v)),
	);

	line('# Benchmarks: download-and-extract, and Query Return All');
	line();
	line(
		`Written by \`npm run bench${info.quick ? ' -- --quick' : ''}\` (bench/run.ts) on ${info.started.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
	);
	line(
		info.quick
			? '**Quick run (`--quick`): small archives only. Not the figures to quote.**'
			: 'Full run: every size the issue asks for.',
	);
	line();
	line('| | |');
	line('| --- | --- |');
	line(`| machine | ${machine().join('; ')} |`);
	line(
		`| load average (1, 5, 15 min) | ${info.loadStart} at the start, ${info.loadEnd} at the end: other jobs shared the machine |`,
	);
	line(
		`| versions | Node ${allVersions.node ?? process.version}, n8n-core ${allVersions['n8n-core'] ?? '?'}, n8n-workflow ${allVersions['n8n-workflow'] ?? '?'}, n8n-nodes-base ${info.nodesBase.version ?? 'not found'}, fflate ${allVersions.fflate ?? '?'} (this package's inflate), fflate ${allVersions['fflate (n8n)'] ?? '?'} (Compression node), axios ${allVersions.axios ?? '?'} |`,
	);
	line(`| tools | ${info.tools.curl}; ${info.tools.unzip} |`);
	line(
		`| run time | ${fmt(info.totalMs / 60_000, 1)} min in all, of which ${fmt(info.generationMs / 1000, 1)} s writing the media files |`,
	);
	line();
	const goalsAt = out.length;
	line('## How it is measured');
	line();
	line(
		"- The emulator (emulator/) runs in the bench process and serves every variant from the same files. Each archive is one album of 49 entries (the node asks for at most 50 IDs per archive), built on the fly as the server streams it. One video is 40% of the archive: the largest single file. 24 more stored photos (clips from 100 MB up) carry the rest, and 24 small BMP scans (about 0.1% of the archive each) are deflated. The emulator's zip method is one setting per server; `mixed` deflates every odd position, so about half the entries are deflated by count, 2-3% by bytes.",
	);
	line(
		"- Every measurement is a fresh child process, run one after the other with the variants' order rotated between repetitions. Time is the median over repetitions; peak RSS growth is the largest over them.",
	);
	line(
		"- Node variants (b, c) load n8n-core's engine (`WorkflowExecute` through engine/index.ts), switch on n8n's **filesystem binary-data mode** in-process (`BinaryDataService.init()`, storage under bench/.work; every output binary is checked to be `filesystem-v2`), and run the same workflow once on a 2 MB archive to warm up. Then: garbage collection, baseline = VmRSS, the kernel's peak counter is reset (`/proc/self/clear_refs` ← 5), the measured workflow runs, peak = VmHWM. Growth = peak − baseline. A 5 ms RSS sampler runs alongside as a check.",
	);
	line(
		"- (a) is `curl -sS -o archive.zip URL` then `unzip -q archive.zip -d dir`, each under `/usr/bin/time`; its time is both together, its growth the larger of the two peaks minus that tool's idle peak (`curl --version`, `unzip -v`). The URL comes from the same download-url call, for the same IDs in the same order, so the bytes are identical.",
	);
	line(
		'- (b) Query Items (album filter, Return All, created date ascending) → Get Download (`{{ $json.id }}`): one API query, one item lookup, one download-url call, then the archive is unzipped as it downloads, in one pass with no temporary file (nodes/SharedGallery/unzip/: entries framed by their local headers, deflate by fflate, CRC-32 checked on every entry, the central directory checked against every entry at the end). The bytes of each file are handed to `prepareBinaryData` as they arrive (`FileBody`, nodes/SharedGalleryGetDownload/fileBody.ts), and in filesystem mode n8n writes them to disk as they come, so the node never holds a file whole; the files become output once the central directory agrees. One archive here, so Parallel Downloads (default 4) has nothing to overlap: the shaped-link section measures it.',
	);
	line(
		"- (c) what a user builds without this package: HTTP Request (POST download-url with the API key headers) → HTTP Request (GET the URL, response format File) → Compression (Decompress), n8n-nodes-base from the e2e suite's n8n install.",
	);
	line(
		"- Query Return All: the node through the engine (Return All, filter by uploader) against a raw loop in a child of its own: axios POSTs of the same body with `paging: {limit, cursor}`, following `metadata.cursor`, Node's default (keep-alive) agent.",
	);
	line();

	// 1. Download and extract.
	line('## 1. Download and extract');
	line();
	line(
		'MB = MiB. Archive = the zip as served. Throughput = archive MB ÷ wall time of the whole workflow (or of curl + unzip).',
	);
	line();
	const header = ['archive', 'files', 'largest file'];
	for (const v of variants) header.push(`${v}: s`, `${v}: MB/s`);
	header.push('b/a', 'b/c');
	line(`| ${header.join(' | ')} |`);
	line(`|${header.map(() => ' --- ').join('|')}|`);
	const summaries = rows.map((row) => {
		const s = Object.fromEntries(variants.map((v) => [v, summarize(row, v)])) as Record<
			Variant,
			Summary | undefined
		>;
		return { row, s };
	});
	for (const { row, s } of summaries) {
		const cells = [
			`${fmt(mb(row.spec.zipBytes ?? row.spec.contentBytes), 1)} MB`,
			String(row.spec.entries.length),
			`${fmt(mb(row.spec.largestBytes), 1)} MB`,
		];
		for (const v of variants) {
			const x = s[v];
			cells.push(x?.ok ? fmt(x.ms / 1000, 2) : 'failed', x?.ok ? fmt(x.mbps, 0) : '—');
		}
		cells.push(
			fmt(ratio(s.a?.ms ?? NaN, s.b?.ms ?? NaN), 2) + '×',
			fmt(ratio(s.c?.ms ?? NaN, s.b?.ms ?? NaN), 2) + '×',
		);
		line(`| ${cells.join(' | ')} |`);
	}
	line();
	line('Ratios are throughput ratios (b/a = time of a ÷ time of b): above 1 means (b) is faster.');
	const aDetail = summaries.filter(({ s }) => s.a?.detail);
	if (aDetail.length) {
		line();
		line(
			`(a) split: ${aDetail
				.map(
					({ row, s }) =>
						`${row.spec.label} curl ${fmt((s.a!.detail!.downloadMs ?? NaN) / 1000, 2)} s + unzip ${fmt((s.a!.detail!.unzipMs ?? NaN) / 1000, 2)} s`,
				)
				.join('; ')}. curl alone is the emulator's serving speed, the ceiling for every variant.`,
		);
	}
	line();
	line('### Where the time goes');
	line();
	line(
		"Median per step (n8n's own execution time per node) and CPU time (user + system, all threads) of the measured run. CPU time is what a variant costs the machine; wall time is what a user waits.",
	);
	line();
	line(
		'| archive | (a) curl | (a) unzip | (a) CPU | (b) Query | (b) Get Download | (b) CPU | (c) Download URL | (c) Get | (c) Unzip | (c) CPU |',
	);
	line('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	const sec = (x: number | undefined) =>
		x === undefined || !Number.isFinite(x) ? '—' : `${fmt(x / 1000, 2)} s`;
	for (const { row, s } of summaries) {
		line(
			`| ${fmt(mb(row.spec.zipBytes ?? row.spec.contentBytes), 0)} MB | ${sec(s.a?.detail?.downloadMs)} | ${sec(s.a?.detail?.unzipMs)} | ${sec(s.a?.cpuMs)} | ${sec(s.b?.detail?.['node:Query'])} | ${sec(s.b?.detail?.['node:Download'])} | ${sec(s.b?.cpuMs)} | ${sec(s.c?.detail?.['node:Download URL'])} | ${sec(s.c?.detail?.['node:Get'])} | ${sec(s.c?.detail?.['node:Unzip'])} | ${sec(s.c?.cpuMs)} |`,
		);
	}
	line();
	line('### Peak RSS growth');
	line();
	const mheader = ['archive', 'largest file'];
	for (const v of variants) mheader.push(`${v}: MB`, `${v}: ÷ largest`, `${v}: ÷ archive`);
	line(`| ${mheader.join(' | ')} |`);
	line(`|${mheader.map(() => ' --- ').join('|')}|`);
	for (const { row, s } of summaries) {
		const zip = row.spec.zipBytes ?? row.spec.contentBytes;
		const cells = [`${fmt(mb(zip), 1)} MB`, `${fmt(mb(row.spec.largestBytes), 1)} MB`];
		for (const v of variants) {
			const x = s[v];
			cells.push(
				x?.ok ? fmt(mb(x.growth), 1) : '—',
				x?.ok ? fmt(x.growth / row.spec.largestBytes, 2) : '—',
				x?.ok ? fmt(x.growth / zip, 2) : '—',
			);
		}
		line(`| ${cells.join(' | ')} |`);
	}
	line();
	const wrong = summaries.flatMap(({ row, s }) =>
		variants.filter((v) => s[v]?.ok && !s[v]!.correct).map((v) => `${row.spec.label} (${v})`),
	);
	const modes = [
		...new Set(
			summaries.flatMap(({ s }) => ['b', 'c'].map((v) => s[v as Variant]?.mode).filter(Boolean)),
		),
	];
	line(
		`Output check: every run delivered all ${rows[0]?.spec.entries.length ?? 0} files with exactly the bytes put in${wrong.length ? `, **except ${wrong.join(', ')}**` : ''}. Binary-data mode seen on the node variants' outputs: ${modes.join(', ') || 'n/a'}.`,
	);
	const failures = summaries.flatMap(({ row, s }) =>
		variants
			.filter((v) => s[v]?.error)
			.map(
				(v) =>
					`${row.spec.label} (${v}): ${s[v]!.error!.split('\n').slice(0, 3).join(' ').slice(0, 300)}`,
			),
	);
	if (failures.length) {
		line();
		line('Failures:');
		for (const f of failures) line(`- ${f}`);
	}
	const samplerGap = rows
		.flatMap((r) => r.runs)
		.filter((r) => r.sampledGrowth !== undefined && r.peakMethod === 'clear_refs')
		.map((r) => r.growth - (r.sampledGrowth ?? 0));
	if (samplerGap.length) {
		line();
		line(
			`Peak method: ${[
				...new Set(
					rows
						.flatMap((r) => r.runs)
						.map((r) => r.peakMethod)
						.filter(Boolean),
				),
			].join(
				', ',
			)} (the kernel's own counter). The 5 ms sampler runs on the main thread, so it misses peaks while that thread is busy (it read up to ${fmt(mb(Math.max(...samplerGap)), 0)} MB low); it is only a check that the counter was reset.`,
		);
	}
	if (info.smallYoung) {
		line();
		line(
			`What the node's constant growth is: (b) on the ${info.smallYoung.label} archive again, with V8's young generation held to 1 MB semi-spaces (\`--max-semi-space-size=1\`), grew RSS by ${fmt(mb(info.smallYoung.growth), 1)} MB instead of ${fmt(mb(summaries[0]?.s.b?.growth ?? NaN), 1)} MB. Most of the constant part is V8's young generation (up to 16 MB semi-spaces by default) and stream chunks waiting for the next garbage collection, not data the node holds.`,
		);
	}
	line();

	// 2. Query.
	line('## 2. Query Return All');
	line();
	line(
		`The emulator's largest page is ${info.pageSize} items (a larger \`paging.limit\` is cut to it); the node asks for pages of ${info.pageSize}. Requests are counted in the emulator's request log (the measured member only, warm-up excluded). Both run in fresh children after a 300-item warm-up query; time is the median.`,
	);
	line();
	line(
		'| items | expected requests | node: requests | raw: requests | node: s | raw: s | node: items/s | raw: items/s | node/raw | node: CPU s | raw: CPU s | node: RSS growth | raw: RSS growth |',
	);
	line('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	const qsum = queries.map((q) => {
		const pick = (kind: ChildKind) => q.runs.filter((r) => r.kind === kind && r.result);
		const node = pick('query-node');
		const raw = pick('query-raw');
		const nodeMs = median(node.map((r) => r.result!.ms));
		const rawMs = median(raw.map((r) => r.result!.ms));
		const nodeCpu = median(node.map((r) => r.result!.cpuMs));
		const rawCpu = median(raw.map((r) => r.result!.cpuMs));
		const nodeReq = [...new Set(node.map((r) => r.requests))];
		const rawReq = [...new Set(raw.map((r) => r.requests))];
		const nodeItems = [...new Set(node.map((r) => r.result!.items))];
		const expected = Math.ceil(q.items / q.pageSize);
		return {
			q,
			expected,
			nodeMs,
			rawMs,
			nodeCpu,
			rawCpu,
			reps: Math.min(node.length, raw.length),
			nodeReq,
			rawReq,
			nodeItems,
			itemsOk: nodeItems.length === 1 && nodeItems[0] === q.items,
			nodeGrowth: Math.max(...node.map((r) => r.result!.peakRss - r.result!.baselineRss)),
			rawGrowth: Math.max(...raw.map((r) => r.result!.peakRss - r.result!.baselineRss)),
			errors: q.runs.filter((r) => r.error).map((r) => `${r.kind}: ${r.error!.slice(0, 200)}`),
		};
	});
	for (const x of qsum) {
		line(
			`| ${x.q.items.toLocaleString('en-US')} | ${x.expected} | ${x.nodeReq.join('/')} | ${x.rawReq.join('/')} | ${fmt(x.nodeMs / 1000, 2)} | ${fmt(x.rawMs / 1000, 2)} | ${fmt(x.q.items / (x.nodeMs / 1000), 0)} | ${fmt(x.q.items / (x.rawMs / 1000), 0)} | ${fmt(ratio(x.rawMs, x.nodeMs), 2)}× | ${fmt(x.nodeCpu / 1000, 2)} | ${fmt(x.rawCpu / 1000, 2)} | ${fmt(mb(x.nodeGrowth), 1)} MB | ${fmt(mb(x.rawGrowth), 1)} MB |`,
		);
	}
	line();
	line(
		`Wall time here is mostly the emulator's: it filters and sorts the whole store for every page, in the bench process, on the same 2 cores. The client's own cost is its CPU time: the node used ${qsum.map((x) => `${fmt(ratio(x.nodeCpu, x.rawCpu), 2)}×`).join(', ')} the raw loop's CPU time (${qsum.map((x) => x.q.items.toLocaleString('en-US')).join(', ')} items).`,
	);
	const qErrors = qsum.flatMap((x) => x.errors);
	if (qErrors.length) {
		line();
		for (const e of qErrors) line(`- failed: ${e}`);
	}
	if (qsum.some((x) => !x.itemsOk)) {
		line();
		line(
			`**Item counts off:** ${qsum
				.filter((x) => !x.itemsOk)
				.map((x) => `${x.q.items}: node returned ${x.nodeItems.join('/')}`)
				.join('; ')}.`,
		);
	}
	line();

	// 3. Cost growth.
	line('## 3. Cost growth');
	line();
	line(
		'Least-squares line through the sweep (time or RSS growth against archive MB or item count), its R², and the log-log slope between the two largest points (1 = linear, 0 = flat, above 1.25 faster than linear). Fixed parts below zero are noise and shown as 0.',
	);
	line();
	line('| variant | measure | fixed part | per archive MB | R² | slope, last two sizes | shape |');
	line('| --- | --- | --- | --- | --- | --- | --- |');
	const fits: Record<string, { time?: Fit; mem?: Fit }> = {};
	for (const v of variants) {
		const pts = summaries
			.filter(({ s }) => s[v]?.ok)
			.map(({ row, s }) => ({
				x: mb(row.spec.zipBytes ?? row.spec.contentBytes),
				t: s[v]!.ms / 1000,
				m: mb(s[v]!.growth),
			}));
		if (pts.length < 2) continue;
		const time = fit(pts.map((p) => [p.x, p.t]));
		const mem = fit(pts.map((p) => [p.x, Math.max(p.m, 0.1)]));
		fits[v] = { time, mem };
		const line_ = (f: Fit) => shape(f.tailExponent) !== 'faster than linear';
		line(
			`| ${NAMES[v]} | time | ${line_(time) ? `${fmt(Math.max(0, time.intercept), 2)} s` : '—'} | ${line_(time) ? `${fmt(time.slope * 1000, 2)} ms (${fmt(1 / time.slope, 0)} MB/s)` : '— (no line fits)'} | ${fmt(time.r2, 3)} | ${fmt(time.tailExponent, 2)} | ${shape(time.tailExponent)} |`,
		);
		line(
			`| ${NAMES[v]} | RSS growth | ${line_(mem) ? `${fmt(Math.max(0, mem.intercept), 1)} MB` : '—'} | ${line_(mem) ? `${fmt(mem.slope, 3)} MB` : '— (no line fits)'} | ${fmt(mem.r2, 3)} | ${fmt(mem.tailExponent, 2)} | ${shape(mem.tailExponent)} |`,
		);
	}
	const qfitTime =
		qsum.length >= 2 ? fit(qsum.map((x) => [x.q.items, x.nodeMs / 1000])) : undefined;
	const qfitMem =
		qsum.length >= 2
			? fit(qsum.map((x) => [x.q.items, Math.max(mb(x.nodeGrowth), 0.1)]))
			: undefined;
	const qfitRaw = qsum.length >= 2 ? fit(qsum.map((x) => [x.q.items, x.rawMs / 1000])) : undefined;
	const qfitCpu =
		qsum.length >= 2 ? fit(qsum.map((x) => [x.q.items, x.nodeCpu / 1000])) : undefined;
	if (qfitTime && qfitMem) {
		line(
			`| Query Items, Return All | time | ${fmt(Math.max(0, qfitTime.intercept), 2)} s | ${fmt(qfitTime.slope * 1e6, 1)} µs per item | ${fmt(qfitTime.r2, 3)} | ${fmt(qfitTime.tailExponent, 2)} | ${shape(qfitTime.tailExponent)} |`,
		);
		line(
			`| Query Items, Return All | RSS growth | ${fmt(Math.max(0, qfitMem.intercept), 1)} MB | ${fmt(qfitMem.slope * 1024, 2)} KB per item | ${fmt(qfitMem.r2, 3)} | ${fmt(qfitMem.tailExponent, 2)} | ${shape(qfitMem.tailExponent)} |`,
		);
	}
	line();
	const statements: string[] = [];
	const lastB = summaries.filter(({ s }) => s.b?.ok).pop();
	if (fits.b?.time) {
		statements.push(
			`Get Download's time is ${shape(fits.b.time.tailExponent)} in the archive's bytes (R² ${fmt(fits.b.time.r2, 3)}, ${fmt(1 / fits.b.time.slope, 0)} MB/s marginal, ${fmt(fits.b.time.intercept, 2)} s fixed per run), and its memory is ${shape(fits.b.mem!.tailExponent)}: ${fmt(mb(Math.max(...summaries.map(({ s }) => s.b?.growth ?? 0))), 0)} MB at most. ${workingSetNote(
				shape(fits.b.mem!.tailExponent) === 'flat',
				lastB?.s.b?.growth ?? NaN,
				lastB?.row.spec.largestBytes ?? NaN,
			)}`,
		);
	}
	for (const v of ['c'] as Variant[]) {
		if (fits[v]?.mem) {
			const last = summaries[summaries.length - 1];
			const lastGrowth = last.s[v]?.ok ? last.s[v]!.growth : NaN;
			const lastZip = last.row.spec.zipBytes ?? last.row.spec.contentBytes;
			statements.push(
				`${NAMES[v]}: memory ${shape(fits[v].mem!.tailExponent)} in the archive's bytes: ${fmt(mb(lastGrowth), 0)} MB (${fmt(lastGrowth / lastZip, 2)}× the archive) at ${fmt(mb(lastZip), 0)} MB; time ${shape(fits[v].time!.tailExponent)}.`,
			);
		}
	}
	if (qfitTime && qfitMem) {
		statements.push(
			`Query Return All: wall time ${shape(qfitTime.tailExponent)} in the item count (slope ${fmt(qfitTime.tailExponent, 2)}; the raw loop's: ${fmt(qfitRaw?.tailExponent ?? NaN, 2)}). The emulator filters and sorts every matching item for every page, so the server's share of each page grows with N. The node's own CPU time is ${shape(qfitCpu?.tailExponent ?? NaN)} in N (slope ${fmt(qfitCpu?.tailExponent ?? NaN, 2)}; ${qsum.map((x) => `${fmt((x.nodeCpu * 1000) / x.q.items, 0)} µs`).join(', ')} per item). Memory grows with the items returned (${qsum.map((x) => `${x.q.items.toLocaleString('en-US')}: ${fmt(mb(x.nodeGrowth), 1)} MB against the raw loop's ${fmt(mb(x.rawGrowth), 1)} MB`).join('; ')}): the items themselves, which every Return All must hold, plus V8's young generation; the node adds nothing over the raw loop.`,
		);
	}
	for (const s of statements) line(`- ${s}`);
	line();

	// Goals: computed here, printed near the top.
	const goals: Array<[string, string, boolean | undefined, string]> = [];
	const per = (v: Variant, w: Variant, min: number) =>
		summaries
			.filter(({ s }) => s[v]?.ok && s[w]?.ok)
			.map(({ row, s }) => ({
				label: row.spec.label,
				r: ratio(s[w]!.ms, s[v]!.ms),
				ok: ratio(s[w]!.ms, s[v]!.ms) >= min,
			}));
	const ba = per('b', 'a', 0.8);
	if (ba.length) {
		const miss = ba.filter((x) => !x.ok);
		goals.push([
			'Extract throughput ≥ 0.8× curl + unzip',
			ba.map((x) => `${x.label}: ${fmt(x.r, 2)}×`).join(', '),
			miss.length === 0,
			miss.length
				? causeVsCurl(
						miss.map((x) => x.label),
						summaries,
					)
				: '',
		]);
	}
	const bc = per('b', 'c', 2);
	if (bc.length) {
		const miss = bc.filter((x) => !x.ok);
		goals.push([
			'Extract throughput ≥ 2× HTTP Request + Compression',
			bc.map((x) => `${x.label}: ${fmt(x.r, 2)}×`).join(', '),
			miss.length === 0,
			miss.length
				? causeVsChain(
						miss.map((x) => x.label),
						summaries,
					)
				: '',
		]);
	} else {
		goals.push([
			'Extract throughput ≥ 2× HTTP Request + Compression',
			info.nodesBase.missing ?? 'variant (c) did not run',
			undefined,
			'',
		]);
	}
	const memRows = summaries
		.filter(({ s }) => s.b?.ok)
		.map(({ row, s }) => ({
			label: row.spec.label,
			r: s.b!.growth / row.spec.largestBytes,
			growth: s.b!.growth,
			largest: row.spec.largestBytes,
		}));
	if (memRows.length) {
		const miss = memRows.filter((x) => x.r > 1.5);
		goals.push([
			'Peak RSS growth ≤ 1.5× the largest single file',
			memRows.map((x) => `${x.label}: ${fmt(x.r, 2)}× (${fmt(mb(x.growth), 0)} MB)`).join(', '),
			miss.length === 0,
			miss.length ? memoryCause(miss, memRows, summaries, fits, info) : '',
		]);
	}
	for (const x of qsum) {
		const r = ratio(x.rawMs, x.nodeMs);
		const reqOk = x.nodeReq.length === 1 && x.nodeReq[0] === x.expected;
		goals.push([
			`Query Return All ${x.q.items.toLocaleString('en-US')} items ≥ 0.9× raw loop, exactly ceil(N/page) requests`,
			`${fmt(r, 3)}×, ${x.nodeReq.join('/')} requests (expected ${x.expected})`,
			r >= 0.9 && reqOk && x.itemsOk,
			[
				r < 0.9 ? queryCause(x.nodeMs, x.rawMs, x.nodeCpu, x.rawCpu, x.q.items) : '',
				reqOk ? '' : `made ${x.nodeReq.join('/')} requests, not ${x.expected}`,
			]
				.filter(Boolean)
				.join('; '),
		]);
	}
	const top: string[] = [];
	top.push('## Summary (for the README)', '');
	for (const bullet of summary(summaries, qsum, fits, info)) top.push(`- ${bullet}`);
	top.push('', '## Goals (issue 6)', '', '| goal | measured | verdict |', '| --- | --- | --- |');
	for (const [goal, measured, ok, cause] of goals) {
		top.push(
			`| ${goal} | ${measured} | ${ok === undefined ? 'NOT RUN' : ok ? 'PASS' : `**MISS** ${cause}`} |`,
		);
	}
	top.push('');

	line("## jszip (the design card's reader): no variant now");
	line();
	line(JSZIP_NOTE);
	line();
	line('## What the numbers show in the node code');
	line();
	for (const finding of findings(summaries, fits)) line(`- ${finding}`);
	line();
	if (info.notes.length) {
		line('## Notes');
		line();
		for (const n of info.notes) line(`- ${n}`);
		line();
	}
	out.splice(goalsAt, 0, ...top);
	await fs.writeFile(path, out.join('\n'));
	return path;
}

type Summaries = Array<{ row: DownloadRow; s: Record<Variant, Summary | undefined> }>;

/** CPU time (all threads) at or above this share of wall time: the run computes rather than waits. */
const CPU_BOUND = 0.85;

/** (b)'s measured run per archive: wall and CPU time, and how much longer it takes than curl's download alone. */
interface NodeCost {
	label: string;
	archiveMb: number;
	ms: number;
	cpuMs: number;
	share: number;
	downloadMs?: number;
	unzipMs?: number;
}

function nodeCosts(summaries: Summaries, labels?: string[]): NodeCost[] {
	return summaries
		.filter(({ row, s }) => s.b?.ok && (!labels || labels.includes(row.spec.label)))
		.map(({ row, s }) => ({
			label: row.spec.label,
			archiveMb: mb(row.spec.zipBytes ?? row.spec.contentBytes),
			ms: s.b!.ms,
			cpuMs: s.b!.cpuMs,
			share: s.b!.cpuMs / s.b!.ms,
			downloadMs: s.a?.ok ? s.a.detail?.downloadMs : undefined,
			unzipMs: s.a?.ok ? s.a.detail?.unzipMs : undefined,
		}));
}

const pct = (x: number) => `${fmt(x * 100, 0)}%`;

/** "CPU 0.51 of 0.54 s (94%) at 30mb, …" and whether every one of them is CPU-bound. */
function cpuShares(costs: NodeCost[]): { text: string; bound: NodeCost[]; waiting: NodeCost[] } {
	return {
		text: costs
			.map(
				(c) => `${c.label} ${fmt(c.cpuMs / 1000, 2)} of ${fmt(c.ms / 1000, 2)} s (${pct(c.share)})`,
			)
			.join(', '),
		bound: costs.filter((c) => c.share >= CPU_BOUND),
		waiting: costs.filter((c) => c.share < CPU_BOUND),
	};
}

/** Beyond curl's download-only time, what (b) spends (extraction plus its fixed cost), against unzip's time. */
function afterDownload(c: NodeCost, name = c.label): string | undefined {
	if (c.downloadMs === undefined || c.unzipMs === undefined) return undefined;
	return `on ${name} the workflow takes ${fmt((c.ms - c.downloadMs) / 1000, 2)} s beyond curl's download-only time (${fmt(c.downloadMs / 1000, 2)} s), where unzip takes ${fmt(c.unzipMs / 1000, 2)} s`;
}

function causeVsCurl(labels: string[], summaries: Summaries): string {
	const missed = summaries.filter(
		({ row, s }) => labels.includes(row.spec.label) && s.a?.ok && s.b?.ok,
	);
	const parts = [`at ${labels.join(', ')}.`];
	const first = missed[0];
	if (first) {
		parts.push(
			`On ${first.row.spec.label} the workflow takes ${fmt((first.s.b!.ms - first.s.a!.ms) / 1000, 2)} s more than curl + unzip (${fmt(first.s.b!.ms / 1000, 2)} s against ${fmt(first.s.a!.ms / 1000, 2)} s): a fixed cost per run (the engine, 3 API calls, 49 binary-data files each with its metadata file) that small archives cannot amortise.`,
		);
	}
	const costs = nodeCosts(summaries, labels);
	if (costs.length) {
		const { text, bound, waiting } = cpuShares(costs);
		parts.push(
			`CPU time of the measured run (all threads) against its wall time: ${text}; ` +
				(waiting.length === 0
					? 'the run is CPU-bound at every missed size.'
					: bound.length === 0
						? `below ${pct(CPU_BOUND)} at every missed size, so it is not CPU-bound: the rest of its wall time it waits on the API calls, the download and the disk.`
						: `CPU-bound at ${bound.map((c) => c.label).join(', ')}, waiting on the download and the disk at ${waiting.map((c) => c.label).join(', ')}.`),
		);
		const last = costs[costs.length - 1];
		const after = afterDownload(last);
		if (after && last !== costs[0])
			parts.push(`${after.charAt(0).toUpperCase()}${after.slice(1)}.`);
	}
	return parts.join(' ');
}

function causeVsChain(labels: string[], summaries: Summaries): string {
	// No variant can beat the download itself: c's time ÷ curl's download-only time bounds b/c.
	const bounded = summaries
		.filter(
			({ row, s }) =>
				labels.includes(row.spec.label) && s.b?.ok && s.c?.ok && s.a?.detail?.downloadMs,
		)
		.map(({ row, s }) => ({
			label: row.spec.label,
			b: s.b!.ms,
			c: s.c!.ms,
			download: s.a!.detail!.downloadMs,
		}));
	const ceilings = bounded.map((x) => `${x.label} ${fmt(x.c / x.download, 2)}×`);
	const unreachable = bounded.filter((x) => x.c / x.download < 2);
	const reachable = bounded.filter((x) => x.c / x.download >= 2);
	const passed = summaries.filter(
		({ row, s }) => !labels.includes(row.spec.label) && s.b?.ok && s.c?.ok,
	);
	const budget =
		(unreachable.length
			? `At ${unreachable.map((x) => x.label).join(', ')} the goal is out of reach for any node. `
			: '') +
		(reachable.length
			? `At ${reachable.map((x) => x.label).join(', ')} it leaves ${reachable.map((x) => `${fmt(Math.max(0, x.c / 2 - x.download) / 1000, 2)} s`).join(', ')} beyond the download for everything else, where the node takes ${reachable.map((x) => `${fmt((x.b - x.download) / 1000, 2)} s`).join(', ')}. `
			: '');
	return (
		`at ${labels.join(', ')}. (c) also streams the download to disk, then unzips in memory, which costs it memory but little time while the archive fits comfortably in RAM; both variants download the same bytes from the same server and write every file once. ` +
		(ceilings.length
			? `The most any node could reach, downloading at curl's speed and extracting for free, is ${ceilings.join(', ')} (c's time ÷ curl's download-only time). ${budget}`
			: '') +
		(passed.length
			? `(c) falls behind at ${passed.map(({ row, s }) => `${row.spec.label} (${fmt(ratio(s.c!.ms, s.b!.ms), 2)}×, (c) grew RSS by ${fmt(mb(s.c!.growth), 0)} MB)`).join(', ')}.`
			: '')
	).trim();
}

function summary(
	summaries: Summaries,
	qsum: Array<{ q: QueryRow; nodeMs: number; rawMs: number; nodeReq: number[]; expected: number }>,
	fits: Record<string, { time?: Fit; mem?: Fit }>,
	info: RunInfo,
): string[] {
	const out: string[] = [];
	const list = (v: Variant, w: Variant) =>
		summaries
			.filter(({ s }) => s[v]?.ok && s[w]?.ok)
			.map(
				({ row, s }) =>
					`${fmt(ratio(s[w]!.ms, s[v]!.ms), 2)}× (${fmt(mb(row.spec.zipBytes ?? row.spec.contentBytes), 0)} MB)`,
			)
			.join(', ');
	const b = summaries.filter(({ s }) => s.b?.ok);
	if (b.length) {
		const costs = nodeCosts(summaries);
		const { bound, waiting } = cpuShares(costs);
		const small = summaries.find(({ s }) => s.a?.ok && s.b?.ok);
		const fixed =
			small && small.s.b!.ms > small.s.a!.ms
				? ` On the smallest archive (${fmt(mb(small.row.spec.zipBytes ?? small.row.spec.contentBytes), 0)} MB) the workflow takes ${fmt((small.s.b!.ms - small.s.a!.ms) / 1000, 2)} s more than curl + unzip (${fmt(small.s.b!.ms / 1000, 2)} s against ${fmt(small.s.a!.ms / 1000, 2)} s): the per-run fixed cost (engine, 3 API calls, 49 binary-data files with their metadata) that small archives cannot amortise.`
				: '';
		const last = costs[costs.length - 1];
		const after = last ? afterDownload(last, `${fmt(last.archiveMb, 0)} MB`) : undefined;
		out.push(
			`Get Download (through n8n's engine, filesystem binary mode) against curl + unzip of the same archive: ${list('b', 'a')}. Above 1 is faster.${fixed}` +
				` The node's CPU time is ${costs.map((c) => `${pct(c.share)} (${fmt(c.archiveMb, 0)} MB)`).join(', ')} of its wall time` +
				(waiting.length === 0
					? ', CPU-bound throughout'
					: bound.length === 0
						? `, below ${pct(CPU_BOUND)} throughout`
						: `, CPU-bound (at or above ${pct(CPU_BOUND)}) at ${bound.map((c) => `${fmt(c.archiveMb, 0)} MB`).join(', ')}`) +
				(after ? `; ${after}` : '') +
				' (see "What the numbers show in the node code").',
		);
	}
	if (summaries.some(({ s }) => s.c)) {
		out.push(
			`Against HTTP Request + Compression (n8n-nodes-base ${info.nodesBase.version ?? ''}): ${list('b', 'c')}.`,
		);
	}
	if (b.length) {
		const worst = Math.max(...b.map(({ s }) => s.b!.growth));
		const least = Math.min(...b.map(({ s }) => s.b!.growth));
		const big = summaries[summaries.length - 1];
		const memShape = fits.b?.mem ? shape(fits.b.mem.tailExponent) : 'n/a';
		out.push(
			`Peak RSS growth of Get Download is ${memShape} in the archive's bytes: ${fmt(mb(least), 0)}-${fmt(mb(worst), 0)} MB from the smallest archive to the largest (${fmt(mb(big.row.spec.zipBytes ?? big.row.spec.contentBytes), 0)} MB with a ${fmt(mb(big.row.spec.largestBytes), 0)} MB video). ${workingSetNote(memShape === 'flat', b[b.length - 1].s.b!.growth, b[b.length - 1].row.spec.largestBytes)} Against the largest file (40% of each archive here): ${b.map(({ row, s }) => `${fmt(s.b!.growth / row.spec.largestBytes, 2)}×`).join(', ')}. HTTP Request + Compression grew by ${big.s.c?.ok ? `${fmt(mb(big.s.c.growth), 0)} MB` : 'n/a'} on that archive.`,
		);
	}
	for (const x of qsum) {
		out.push(
			`Query Return All, ${x.q.items.toLocaleString('en-US')} items at ${x.q.pageSize} a page: ${x.nodeReq.join('/')} requests (ceil(N/page) = ${x.expected}), ${fmt(ratio(x.rawMs, x.nodeMs), 2)}× the raw axios loop's items/s.`,
		);
	}
	if (fits.b?.time) {
		out.push(
			`Cost growth: Get Download's time is ${shape(fits.b.time.tailExponent)} in archive bytes (R² ${fmt(fits.b.time.r2, 3)}) and its memory ${shape(fits.b.mem?.tailExponent ?? NaN)}; ${
				fits.c?.mem
					? `HTTP Request + Compression's memory is ${shape(fits.c.mem.tailExponent)}`
					: 'no other variant ran at two sizes'
			}.`,
		);
	}
	return out;
}

function findings(summaries: Summaries, fits: Record<string, { time?: Fit; mem?: Fit }>): string[] {
	const out: string[] = [];
	out.push(
		"History (the temporary-file path, since removed): a run on 2026-11-27 10:52 UTC found yauzl's default 16 KiB entry-stream reads made extraction CPU-bound (at 1,000 MB, 9.15 s against 6.67 s with stored entries read 1 MiB at a time), which led to 1 MiB reads for every entry. The node now unzips as it downloads with no file and no yauzl; the last comparison of the two paths is bench/VERIFICATION-RESULTS.md.",
	);
	out.push(
		"History: until 2026-11-29, each piece from the network went to n8n's file system store as it came, one write each (about 31 KiB a piece on loopback; over HTTPS a piece is one TLS record, at most 16 KiB): 34,000 writes for the 1,000 MB archive. Pieces of at least 256 KiB for the store (`STORE_PIECE`, nodes/SharedGalleryGetDownload/fileBody.ts) make 4,000; in paired runs the same day (three each) the node's CPU time fell from 5.5–5.9 s to 4.4 s, and (b) ÷ (a) rose from 1.21–1.22× to 1.70× on that archive. Pieces of 1 MiB did no better (median 5.3 s against 4.7 s, (b) alone): each takes fresh memory.",
	);
	const costs = nodeCosts(summaries);
	if (costs.length) {
		const { text, bound, waiting } = cpuShares(costs);
		const extraction = costs.map((c) => ({ c, after: afterDownload(c) })).filter((x) => x.after);
		out.push(
			`Where (b)'s time goes: CPU time (all threads) against wall time of the measured run, ${text}. ` +
				(waiting.length === 0
					? `At or above ${pct(CPU_BOUND)} everywhere: the workflow is CPU-bound: its time is work in the process (reading, CRC-32 and metering every entry, n8n's binary-data writes, the engine), not waiting on the download.`
					: bound.length === 0
						? `Below ${pct(CPU_BOUND)} everywhere: the workflow is not CPU-bound; it waits on the download and the disk.`
						: `CPU-bound (at or above ${pct(CPU_BOUND)}) at ${bound.map((c) => c.label).join(', ')}; waiting on the download and the disk at ${waiting.map((c) => c.label).join(', ')}.`) +
				(extraction.length
					? ` Against the download itself: ${extraction.map((x) => x.after).join('; ')}.`
					: ''),
		);
	}
	const first = summaries[0];
	if (first?.s.b?.ok && first.s.c?.ok) {
		const bStep = first.s.b.detail?.['node:Download'] ?? NaN;
		const cSteps =
			(first.s.c.detail?.['node:Get'] ?? NaN) + (first.s.c.detail?.['node:Unzip'] ?? NaN);
		const gap = first.s.a?.ok
			? ` The whole workflow took ${fmt(Math.abs(first.s.b.ms - first.s.a.ms) / 1000, 2)} s ${first.s.b.ms > first.s.a.ms ? 'more' : 'less'} than curl + unzip there.`
			: '';
		out.push(
			`Fixed cost on small archives: on ${first.row.spec.label} the Get Download step took ${fmt(bStep / 1000, 2)} s where HTTP Request + Compression's Get and Unzip took ${fmt(cSteps / 1000, 2)} s for the same bytes and the same 49 binary-data files (${fmt(ratio(bStep, cSteps), 2)}×).${gap}` +
				(bStep > cSteps
					? ' The node does per run what (c) does not: an item lookup before download-url (one more API call), its own zip framing with a CRC-32 check on every entry, and the central directory checked against every entry before any file is output.'
					: ' The node is not slower than (c) here.'),
		);
	}
	const bMem = summaries.filter(({ s }) => s.b?.ok);
	const memFit = fits.b?.mem;
	if (bMem.length && memFit) {
		const lo = Math.min(...bMem.map(({ s }) => s.b!.growth));
		const hi = Math.max(...bMem.map(({ s }) => s.b!.growth));
		const big = bMem[bMem.length - 1];
		const flat = shape(memFit.tailExponent) === 'flat';
		out.push(
			`Memory: Get Download's peak RSS growth went from ${fmt(mb(lo), 0)} to ${fmt(mb(hi), 0)} MB across the sweep (${shape(memFit.tailExponent)}: log-log slope ${fmt(memFit.tailExponent, 2)} between the two largest archives); on the largest archive it is ${fmt(big.s.b!.growth / big.row.spec.largestBytes, 2)}× the largest file.` +
				` ${workingSetNote(flat, big.s.b!.growth, big.row.spec.largestBytes)}` +
				' In filesystem mode neither the size of a file nor Max File Size (default 1 GB) sets the memory; Parallel Downloads reads several archives side by side, each with its own stream chunks (the shaped-link section).',
		);
	}
	return out;
}

function queryCause(
	nodeMs: number,
	rawMs: number,
	nodeCpu: number,
	rawCpu: number,
	items: number,
): string {
	return `${fmt((nodeMs - rawMs) / 1000, 2)} s more wall time on ${items.toLocaleString('en-US')} items, of which ${fmt((nodeCpu - rawCpu) / 1000, 2)} s is the node's own extra CPU time (${fmt(((nodeCpu - rawCpu) * 1000) / items, 1)} µs per item: n8n's request helper, the credential, normalizeItem and the engine's item handling); the rest is the emulator and the other jobs on the machine.`;
}

function memoryCause(
	miss: Array<{ label: string; growth: number; largest: number }>,
	all: Array<{ growth: number }>,
	summaries: Summaries,
	fits: Record<string, { time?: Fit; mem?: Fit }>,
	info: RunInfo,
): string {
	const zipMb = (i: number) =>
		fmt(mb(summaries[i].row.spec.zipBytes ?? summaries[i].row.spec.contentBytes), 0);
	const lo = Math.min(...all.map((x) => x.growth));
	const hi = Math.max(...all.map((x) => x.growth));
	const mem = fits.b?.mem;
	const young = info.smallYoung;
	const youngBase = summaries.find(({ row }) => row.spec.label === young?.label)?.s.b?.growth;
	return (
		`at ${miss.map((x) => `${x.label} (largest file ${fmt(mb(x.largest), 0)} MB, growth ${fmt(mb(x.growth), 0)} MB)`).join(', ')}. The node never holds a file whole (each file's bytes go to n8n's binary data as they arrive), so the growth is its working set (V8's young generation, stream chunks, n8n's writes), about the same whatever the file's size: ${fmt(mb(lo), 0)} MB on the smallest archive. Against a small file that fixed part alone is more than 1.5×; it is not a held file. In this sweep every archive whose largest file is above ${fmt(mb(hi) / 1.5, 0)} MB meets the goal. ` +
		`Across the sweep the growth is ${fmt(mb(lo), 0)}-${fmt(mb(hi), 0)} MB from ${zipMb(0)} to ${zipMb(summaries.length - 1)} MB` +
		(mem
			? ` (${shape(mem.tailExponent)}: log-log slope ${fmt(mem.tailExponent, 2)} between the two largest archives)`
			: '') +
		'.' +
		(young && youngBase !== undefined
			? ` On ${young.label}, with V8's young generation held to 1 MB, it falls from ${fmt(mb(youngBase), 0)} to ${fmt(mb(young.growth), 0)} MB, so most of it is V8's young generation and garbage not yet collected, not file data held.`
			: '')
	);
}

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
