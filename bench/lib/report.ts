// bench/RESULTS.md: tables, fits and the issue's goals, every figure a ratio within one run.
// Split by what it reports: reportBasics (rows, summaries, machine), reportFindings (where the
// time and memory go), reportSpeed (issue 25: stored and deflated, real n8n).
import { promises as fs } from 'fs';

import type { ChildKind } from './jobs';
import { fit, fmt, mb, median, type Fit } from './stats';
import {
	Variant,
	DownloadRow,
	QueryRow,
	RunInfo,
	NAMES,
	Summary,
	summarize,
	ratio,
	shape,
	workingSetNote,
	machine,
	JSZIP_NOTE,
} from './reportBasics';
import {
	causeVsCurl,
	causeVsChain,
	summary,
	findings,
	queryCause,
	memoryCause,
} from './reportFindings';

export {
	failedRun,
	runSummary,
	type DownloadRow,
	type Measurement,
	type QueryRow,
	type RunInfo,
	type Variant,
} from './reportBasics';

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
		'- (b) Query Items (album filter, Return All, created date ascending) → Get Download (`{{ $json.id }}`): one API query, one item lookup, one download-url call, then the archive is unzipped as it downloads, in one pass with no temporary file (nodes/SharedGallery/unzip/: entries framed by their local headers, deflate by `DecompressionStream` where the runtime has it, else fflate, CRC-32 checked on every entry, the central directory checked against every entry at the end). The bytes of each file are handed to `prepareBinaryData` as they arrive (`FileBody`, nodes/SharedGalleryGetDownload/fileBody.ts), and in filesystem mode n8n writes them to disk as they come, so the node never holds a file whole; the files become output once the central directory agrees. One archive here, so Parallel Downloads (default 4) has nothing to overlap: the shaped-link section measures it.',
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
