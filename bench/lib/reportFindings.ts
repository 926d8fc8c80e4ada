// bench/RESULTS.md: what the numbers show in the node code (where its time and memory go).
import { fmt, mb, type Fit } from './stats';
import {
	Variant,
	QueryRow,
	RunInfo,
	ratio,
	shape,
	workingSetNote,
	Summaries,
	CPU_BOUND,
} from './reportBasics';

/** (b)'s measured run per archive: wall and CPU time, and how much longer it takes than curl's download alone. */
export interface NodeCost {
	label: string;
	archiveMb: number;
	ms: number;
	cpuMs: number;
	share: number;
	downloadMs?: number;
	unzipMs?: number;
}

export function nodeCosts(summaries: Summaries, labels?: string[]): NodeCost[] {
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

export const pct = (x: number) => `${fmt(x * 100, 0)}%`;

/** "CPU 0.51 of 0.54 s (94%) at 30mb, …" and whether every one of them is CPU-bound. */
export function cpuShares(costs: NodeCost[]): {
	text: string;
	bound: NodeCost[];
	waiting: NodeCost[];
} {
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
export function afterDownload(c: NodeCost, name = c.label): string | undefined {
	if (c.downloadMs === undefined || c.unzipMs === undefined) return undefined;
	return `on ${name} the workflow takes ${fmt((c.ms - c.downloadMs) / 1000, 2)} s beyond curl's download-only time (${fmt(c.downloadMs / 1000, 2)} s), where unzip takes ${fmt(c.unzipMs / 1000, 2)} s`;
}

export function causeVsCurl(labels: string[], summaries: Summaries): string {
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

export function causeVsChain(labels: string[], summaries: Summaries): string {
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

export function summary(
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

export function findings(
	summaries: Summaries,
	fits: Record<string, { time?: Fit; mem?: Fit }>,
): string[] {
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

export function queryCause(
	nodeMs: number,
	rawMs: number,
	nodeCpu: number,
	rawCpu: number,
	items: number,
): string {
	return `${fmt((nodeMs - rawMs) / 1000, 2)} s more wall time on ${items.toLocaleString('en-US')} items, of which ${fmt((nodeCpu - rawCpu) / 1000, 2)} s is the node's own extra CPU time (${fmt(((nodeCpu - rawCpu) * 1000) / items, 1)} µs per item: n8n's request helper, the credential, normalizeItem and the engine's item handling); the rest is the emulator and the other jobs on the machine.`;
}

export function memoryCause(
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
