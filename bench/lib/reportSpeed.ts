// The issue-25 section of RESULTS.md: in-process and real-n8n rows, stored and deflated, each
// against curl + unzip of the same URL in the same run, and the issue's goals.
import type { ArchiveSpec } from './fixtures';
import type { Measurement } from './report';
import type { RealRun } from './realN8n';
import { fmt, mb, median } from './stats';

export interface SpeedRun {
	variant: string;
	rep: number;
	measurement?: Measurement;
	real?: RealRun;
	error?: string;
}

export interface SpeedRow {
	label: string;
	spec: ArchiveSpec;
	compression: 'store' | 'deflate';
	/** Real n8n's binary data mode (filesystem when absent). */
	mode?: 'database';
	runs: SpeedRun[];
}

export interface SpeedRaw {
	started: Date;
	totalMs: number;
	loadStart: string;
	loadEnd: string;
	/** Real n8n on the 2 MB warm archive, per version (and `floor <version>`): the process's own cost. */
	tiny: Record<string, RealRun>;
	rows: SpeedRow[];
	node24?: string;
}

/** The n8n version of a real-n8n variant (`n8n 2.41.1`, `floor 2.41.1`, `inflate 2.41.1`). */
const versionOf = (variant: string) => variant.replace(/^(n8n|floor|floor-store|inflate) /, '');
/** The key of a real-n8n variant's run on the 2 MB archive (its process's own cost). */
const tinyKey = (variant: string) => (variant.startsWith('floor') ? variant : versionOf(variant));
/** Rows that are this package's node (the others are curl + unzip and the floors). */
const isNode = (variant: string) => variant.startsWith('n8n ') || variant.startsWith('in-process');

/** Seconds the variant took: the node's own time for real n8n, the workflow's in-process. */
function seconds(run: SpeedRun): number | undefined {
	if (run.error) return undefined;
	if (run.real) return run.real.nodeMs / 1000;
	return (run.measurement?.ms ?? Number.NaN) / 1000;
}

/** CPU seconds per GB of archive: real n8n's process minus its run on the 2 MB archive. */
function cpuPerGb(run: SpeedRun, raw: SpeedRaw, gb: number): number | undefined {
	if (run.error) return undefined;
	if (run.real) {
		const tiny = raw.tiny[tinyKey(run.variant)];
		return (run.real.cpuMs - (tiny?.cpuMs ?? 0)) / 1000 / gb;
	}
	return (run.measurement?.cpuMs ?? Number.NaN) / 1000 / gb;
}

/** RSS growth (MB): in-process, over the settled baseline; real n8n, over its 2 MB run's peak. */
function growth(run: SpeedRun, raw: SpeedRaw): number | undefined {
	if (run.error) return undefined;
	if (run.real) {
		const tiny = raw.tiny[tinyKey(run.variant)];
		return mb(run.real.peakRss - (tiny?.peakRss ?? 0));
	}
	return mb(run.measurement?.growth ?? Number.NaN);
}

interface Cell {
	variant: string;
	runs: number;
	median: number;
	min: number;
	max: number;
	/** curl + unzip's median ÷ this median; and the range of same-repetition ratios. */
	ratio: number;
	ratioMin: number;
	ratioMax: number;
	cpuPerGb: number;
	growthMax: number;
	/** Real n8n: garbage collection in the node's run, medians (s), and mark-compacts. */
	gcFull?: number;
	gcYoung?: number;
	fullCount?: number;
	/** curl + unzip: the download alone and unzip alone, medians (s). */
	downloadS?: number;
	unzipS?: number;
	/** Real n8n runs whose process died on shutdown after a finished execution. */
	crashes: number;
	failures: string[];
}

export function cells(row: SpeedRow, raw: SpeedRaw): Cell[] {
	const gb = row.spec.contentBytes / 2 ** 30;
	const curl = row.runs.filter((r) => r.variant === 'curl');
	const curlMedian = median(curl.map(seconds).filter((s): s is number => s !== undefined));
	const variants = [...new Set(row.runs.map((r) => r.variant))];
	return variants.map((variant) => {
		const runs = row.runs.filter((r) => r.variant === variant);
		const ok = runs.filter((r) => seconds(r) !== undefined);
		const times = ok.map((r) => seconds(r)!);
		const pairRatios = ok
			.map((r) => {
				const base = curl.find((c) => c.rep === r.rep);
				const s = base && seconds(base);
				return s === undefined ? undefined : s / seconds(r)!;
			})
			.filter((x): x is number => x !== undefined);
		return {
			variant,
			runs: ok.length,
			median: median(times),
			min: Math.min(...times),
			max: Math.max(...times),
			ratio: curlMedian / median(times),
			ratioMin: Math.min(...pairRatios),
			ratioMax: Math.max(...pairRatios),
			cpuPerGb: median(ok.map((r) => cpuPerGb(r, raw, gb)!)),
			growthMax: Math.max(...ok.map((r) => growth(r, raw)!)),
			...(ok.some((r) => r.real?.gc)
				? {
						gcFull: median(ok.map((r) => (r.real?.gc?.fullMs ?? 0) / 1000)),
						gcYoung: median(ok.map((r) => (r.real?.gc?.youngMs ?? 0) / 1000)),
						fullCount: median(ok.map((r) => r.real?.gc?.full ?? 0)),
					}
				: {}),
			...(variant === 'curl'
				? {
						downloadS: median(ok.map((r) => (r.measurement?.detail?.downloadMs ?? 0) / 1000)),
						unzipS: median(ok.map((r) => (r.measurement?.detail?.unzipMs ?? 0) / 1000)),
					}
				: {}),
			crashes: ok.filter((r) => r.real?.exit).length,
			failures: runs.filter((r) => r.error).map((r) => r.error!),
		};
	});
}

function variantName(variant: string): string {
	if (variant === 'curl') return 'curl -o + unzip';
	if (variant === 'in-process') return 'in-process (n8n-core 2.8.1, this Node)';
	if (variant === 'in-process-node24') return 'in-process (n8n-core 2.8.1, Node 24)';
	const version = versionOf(variant);
	const node = version === '2.41.1' ? 'Node 24' : 'Node 20';
	if (variant.startsWith('floor '))
		return `floor: the download alone in real n8n ${version} (${node})`;
	if (variant.startsWith('floor-store '))
		return `floor: the download into n8n's store, whole, in real n8n ${version} (${node})`;
	if (variant.startsWith('inflate '))
		return `floor: the inflate alone on ${node} (n8n ${version}'s)`;
	return `real n8n ${version} (${node})`;
}

export function speedSection(raw: SpeedRaw): string {
	const lines: string[] = [];
	lines.push('## Speed where users run it (issue 25)');
	lines.push('');
	lines.push(
		`Written by \`npm run bench\` (bench/speed.ts) on ${raw.started.toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${fmt(raw.totalMs / 60_000)} min. ` +
			`Load average ${raw.loadStart} at the start, ${raw.loadEnd} at the end (2 cores, shared with other work): every ratio compares runs of this one run, each repetition's variants back to back in rotated order.`,
	);
	lines.push('');
	lines.push(
		"Archives of 10 MB photos (20 for 200 MB; 49 of about 20 MB for 1 GB, one archive) whose bytes deflate Huffman-codes about 1.003×, as a JPEG's, served with every entry stored or every entry deflated. " +
			"Time: for real n8n, the Get Download node's own `executionTime` from the run data (no n8n start-up); in-process, Get Download alone in n8n-core's engine; curl + unzip, both commands. " +
			"Ratio: curl + unzip's median ÷ the variant's median (above 1 is faster), then the range of the same-repetition ratios. " +
			"CPU s/GB: the variant's CPU time (user + system) per GB of photos; for real n8n the whole process minus its run on a 2 MB archive (start-up, migrations). " +
			"RSS: in-process, peak growth over the settled baseline; real n8n, the process's peak minus its peak on the 2 MB archive.",
	);
	lines.push('');
	lines.push('### Summary (for the README)');
	lines.push('');
	lines.push(...summaryLines(raw));
	lines.push('');
	lines.push(
		"Which row is yours: n8n 2.36 or later runs on Node 24, so the real n8n 2.41.1 rows; an n8n on Node 20 (up to 2.8.x), the 2.8.4 rows. Whether Wix stores or deflates the entries of its archives is not known, so both are measured. Filesystem is n8n's default binary data mode for a single instance; database mode is what queue mode uses. The in-process rows are for development: the same engine without the n8n process around it.",
	);
	lines.push('');
	lines.push(
		'| archive | entries | binary mode | variant | runs | median s | spread s | ratio | same-rep ratios | CPU s/GB | RSS growth MB | GC in the run: full (count) + young, s |',
	);
	lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
	for (const row of raw.rows) {
		for (const cell of cells(row, raw)) {
			const isCurl = cell.variant === 'curl';
			lines.push(
				`| ${row.label} | ${row.compression === 'store' ? 'stored' : 'deflated'} | ${row.mode ?? 'filesystem'} | ${variantName(cell.variant)} | ${cell.runs}${cell.failures.length ? ` (+${cell.failures.length} failed)` : ''} | ${fmt(cell.median, 2)} | ${fmt(cell.min, 2)}–${fmt(cell.max, 2)} | ${isCurl ? '1.00×' : `**${fmt(cell.ratio, 2)}×**`} | ${isCurl ? '' : `${fmt(cell.ratioMin, 2)}–${fmt(cell.ratioMax, 2)}×`} | ${fmt(cell.cpuPerGb, 2)} | ${isCurl ? '' : fmt(cell.growthMax, 0)} | ${gcText(cell)} |`,
			);
		}
	}
	const failures = raw.rows.flatMap((row) =>
		cells(row, raw).flatMap((c) =>
			c.failures.map((f) => `${row.label} ${row.compression} ${c.variant}: ${f}`),
		),
	);
	if (failures.length) {
		lines.push('');
		lines.push('Failed runs:');
		for (const f of failures) lines.push(`- ${f.replace(/\n/g, ' ').slice(0, 400)}`);
	}
	const crashed = raw.rows.flatMap((row) =>
		cells(row, raw)
			.filter((c) => c.crashes)
			.map((c) => `${row.label} ${row.compression} ${c.variant}: ${c.crashes}`),
	);
	if (crashed.length) {
		lines.push('');
		lines.push(
			`n8n died of a signal while shutting down after printing a finished, successful execution (its run data counted): ${crashed.join('; ')}.`,
		);
	}
	lines.push('');
	lines.push(...goals(raw));
	lines.push('');
	lines.push(...bounds(raw));
	lines.push('');
	lines.push(...whereTimeGoes(raw));
	return lines.join('\n');
}

/** One line per variant: its ratio to curl + unzip at each size, stored and deflated. */
function summaryLines(raw: SpeedRaw): string[] {
	const variants = [...new Set(raw.rows.flatMap((r) => r.runs.map((x) => x.variant)))].filter(
		isNode,
	);
	return variants.map((variant) => {
		const parts = raw.rows
			.filter((row) => !row.mode)
			.flatMap((row) => {
				const cell = cells(row, raw).find((c) => c.variant === variant && c.runs);
				return cell
					? [
							`${row.label} ${row.compression === 'store' ? 'stored' : 'deflated'} ${fmt(cell.ratio, 2)}×`,
						]
					: [];
			});
		return `- ${variantName(variant)}, against curl + unzip of the same archive: ${parts.join(', ')}.`;
	});
}

function gcText(cell: Cell): string {
	if (cell.gcFull === undefined) return '';
	return `${fmt(cell.gcFull, 2)} (${fmt(cell.fullCount ?? 0, 0)}) + ${fmt(cell.gcYoung ?? 0, 2)}`;
}

/** For each variant below curl + unzip: its time against the download alone, its CPU and GC. */
function whereTimeGoes(raw: SpeedRaw): string[] {
	const out = ['### Where the time goes, for each row below curl + unzip', ''];
	for (const row of raw.rows) {
		const all = cells(row, raw);
		const curl = all.find((c) => c.variant === 'curl');
		if (!curl) continue;
		const gb = row.spec.contentBytes / 2 ** 30;
		for (const cell of all) {
			if (!isNode(cell.variant) || !(cell.ratio < 1)) continue;
			const parts = [
				`${fmt(cell.median, 2)} s where curl's download alone took ${fmt(curl.downloadS ?? Number.NaN, 2)} s and unzip ${fmt(curl.unzipS ?? Number.NaN, 2)} s`,
				`CPU ${fmt(cell.cpuPerGb * gb, 1)} s (${fmt(cell.cpuPerGb, 1)} s/GB against curl + unzip's ${fmt(curl.cpuPerGb, 1)})`,
			];
			if (cell.gcFull !== undefined)
				parts.push(
					`garbage collection ${fmt((cell.gcFull ?? 0) + (cell.gcYoung ?? 0), 2)} s of it (${fmt(cell.fullCount ?? 0, 0)} full collections, ${fmt(cell.gcFull, 2)} s)`,
				);
			out.push(
				`- ${row.label} ${row.compression === 'store' ? 'stored' : 'deflated'}${row.mode ? ` (${row.mode} mode)` : ''}, ${variantName(cell.variant)}: ${parts.join('; ')}.`,
			);
		}
	}
	out.push('');
	out.push(
		'What bounds these, from profiles of the same runs: docs/BENCHMARKS.md ("Where the time goes, and what bounds it").',
	);
	return out;
}

/** The issue's goals, from this run's figures. */
function goals(raw: SpeedRaw): string[] {
	const out = ['### Goals (issue 25)', '', '| goal | measured | verdict |', '| --- | --- | --- |'];
	const find = (label: string, compression: string, variant: string) => {
		const row = raw.rows.find((r) => r.label === label && r.compression === compression && !r.mode);
		return row && cells(row, raw).find((c) => c.variant === variant && c.runs);
	};
	const labels = [...new Set(raw.rows.map((r) => r.label))];
	const versions = [...new Set(raw.rows.flatMap((r) => r.runs.map((x) => x.variant)))].filter((v) =>
		v.startsWith('n8n '),
	);
	const verdict = (values: number[], line: number) =>
		values.length && values.every((v) => v >= line) ? 'PASS' : '**MISS**';
	if (versions.length) {
		const figures: string[] = [];
		const values: number[] = [];
		for (const version of versions)
			for (const label of labels)
				for (const compression of ['store', 'deflate']) {
					const cell = find(label, compression, version);
					if (!cell) continue;
					values.push(cell.ratio);
					figures.push(
						`${version} ${label} ${compression === 'store' ? 'stored' : 'deflated'}: ${fmt(cell.ratio, 2)}×`,
					);
				}
		out.push(
			`| real n8n, both versions, stored and deflated ≥ 1.0× curl + unzip | ${figures.join('; ')} | ${verdict(values, 1)} |`,
		);
	}
	const gb = labels.find((l) => l === '1000mb');
	for (const [compression, line] of [
		['store', 1.3],
		['deflate', 1.0],
	] as const) {
		const cell = gb && find(gb, compression, 'in-process');
		if (cell)
			out.push(
				`| in-process 1 GB ${compression === 'store' ? 'stored' : 'deflated'} ≥ ${fmt(line, 1)}× | ${fmt(cell.ratio, 2)}× (same-rep ${fmt(cell.ratioMin, 2)}–${fmt(cell.ratioMax, 2)}×) | ${verdict([cell.ratio], line)} |`,
			);
	}
	if (gb) {
		const growths = raw.rows
			.filter((r) => r.label === gb)
			.flatMap((r) =>
				cells(r, raw)
					.filter((c) => isNode(c.variant))
					.map((c) => ({ r, c })),
			);
		if (growths.length)
			out.push(
				`| peak RSS growth < 60 MB at 1 GB | ${growths.map(({ r, c }) => `${c.variant} ${r.compression === 'store' ? 'stored' : 'deflated'}: ${fmt(c.growthMax, 0)} MB`).join('; ')} | ${growths.every(({ c }) => c.growthMax < 60) ? 'PASS' : '**MISS**'} |`,
			);
	}
	return out;
}

/**
 * What bounds each real-n8n row: the download alone through that n8n (its HTTP helper, Node and
 * heap, bytes dropped), the download given whole to its binary data store, and, deflated, the
 * inflate alone on its Node. A node that keeps the files takes at least the longer of the store
 * floor and the inflate: its best ratio is curl + unzip's time over that.
 */
function bounds(raw: SpeedRaw): string[] {
	const out = [
		'### What bounds each real-n8n row',
		'',
		"Ratios against curl + unzip in the same run (bench/floor, bench/lib/inflateFloor.ts). *Download alone*: the archive fetched through the same n8n with its own HTTP helper, the body read as Get Download reads it, then dropped. *Into n8n's store*: the same body given whole to `prepareBinaryData`, as HTTP Request's File response does: one file, no unzip. *Inflate alone*: the deflated bytes from disk through the same Node's `DecompressionStream`, the output dropped, with no n8n around it: in n8n the inflater's output buffers also bring on collections of n8n's heap (*n8n's heap*: its size after the last full collection, from --trace-gc of its run on the 2 MB archive). A node that keeps the files must at least download them into n8n's store and, deflated, inflate them. Overlapping both perfectly, it takes the longer of the two, and more, since both then allocate into one heap. So *best any node can reach* is curl + unzip's time over that longer one, an upper bound: below 1.0×, the goal is out of reach for any node on that n8n.",
		'',
		"| n8n | n8n's heap | archive | entries | Get Download | download alone | into n8n's store | inflate alone | best any node can reach | Get Download's time over that best |",
		'| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	let any = false;
	for (const row of raw.rows.filter((r) => !r.mode)) {
		const all = cells(row, raw);
		const curl = all.find((c) => c.variant === 'curl' && c.runs);
		if (!curl) continue;
		for (const node of all.filter((c) => c.variant.startsWith('n8n ') && c.runs)) {
			const version = versionOf(node.variant);
			const find = (kind: string) => all.find((c) => c.variant === `${kind} ${version}` && c.runs);
			const [floor, store, inflate] = [find('floor'), find('floor-store'), find('inflate')];
			const keep = store ?? floor;
			if (!keep) continue;
			any = true;
			const best = Math.max(keep.median, inflate?.median ?? 0);
			const ratio = (cell?: Cell) => (cell ? `${fmt(cell.ratio, 2)}×` : '');
			out.push(
				`| ${version} | ${fmt(raw.tiny[version]?.liveHeapMb ?? Number.NaN, 0)} MB | ${row.label} | ${row.compression === 'store' ? 'stored' : 'deflated'} | ${ratio(node)} | ${ratio(floor)} | ${ratio(store)} | ${ratio(inflate)} | **${fmt(curl.median / best, 2)}×** | ${fmt(node.median / best, 2)}× |`,
			);
		}
	}
	return any ? out : [];
}
