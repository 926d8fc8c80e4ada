// Issue 14: Get Download over a shaped link (the emulator's file host at 25 MB/s and 50 ms per
// connection, as a CDN over a real network), against shell anchors on the same URLs. Every
// ratio comes from one run; each row is the median of several repetitions, their order rotated.
// Called by bench/run.ts (`npm run bench`; `-- --shaped-only` runs this part alone); it writes
// its section of bench/RESULTS.md between the markers below, leaving the rest as it was.
import { promises as fs } from 'fs';
import { join } from 'path';
import { performance } from 'perf_hooks';

import { SEED, startEmulator, uuidFrom, type Emulator, type LinkShape } from '../emulator';
import {
	downloadUrlFor,
	MB,
	planArchive,
	registerArchive,
	sizeOfTree,
	writeArchiveFiles,
	writeRandom,
} from './lib/fixtures';
import type { ArchiveRef, ChildJob } from './lib/jobs';
import { runChild, timed, which } from './lib/proc';
import { writeSection } from './lib/sections';
import { fmt, median } from './lib/stats';

export const SHAPED_START = '<!-- shaped-link:start -->';
export const SHAPED_END = '<!-- shaped-link:end -->';

const LINK: LinkShape = { bytesPerSecond: 25_000_000, firstByteMs: 50 };
const BATCH = 50;

export interface ShapedOptions {
	quick: boolean;
	work: string;
	media: string;
	log: (message: string) => void;
	/** Repetitions per variant (development: --reps=N). */
	reps?: number;
}

interface Measured {
	variant: string;
	ms: number;
	/** Peak RSS minus the idle baseline (node: in the child; shell: largest process minus its tool's idle). */
	growth: number;
	peak: number;
	files: number;
	bytes: number;
	/** Item lookup before the batches: first lookup request → first download-url request (ms). */
	lookupMs?: number;
	lookupRequests?: number;
}

interface Row {
	label: string;
	runs: Measured[];
	errors: string[];
	/** The largest single file in the row's archives (bytes): Get Download holds each file whole while it reads it. */
	largest: number;
}

/** Rewrites the shaped-link section of RESULTS.md (appended when absent). */
export async function writeShapedSection(path: string, section: string): Promise<void> {
	await writeSection(path, SHAPED_START, SHAPED_END, section);
}

/** The shaped-link rows; returns the Markdown section. */
export async function shapedBench(options: ShapedOptions): Promise<string> {
	const { quick, work, media, log } = options;
	const t0 = performance.now();
	const loadStart = (await fs.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
	const albumCount = quick ? 200 : 1000;
	const photoBytes = 600_000;
	const largeMb = quick ? 100 : 1000;
	/** The single file of the ranges row. */
	const singleMb = quick ? 64 : 256;
	const reps = options.reps ?? (quick ? 1 : 3);
	const smallReps = options.reps ?? (quick ? 3 : 7);
	const haveAria = !!which('aria2c');

	const emu = await startEmulator({ seed: true, compression: 'store', link: { ...LINK } });
	const rows: Row[] = [];
	try {
		const member = emu.store.addMember({ id: uuidFrom('member:shaped'), name: 'Shaped Bench' });
		log(`shaped: writing ${albumCount} photos of ${photoBytes} bytes and a ${largeMb} MB archive`);
		const album = await photoAlbum(emu, member.id, join(media, 'album'), albumCount, photoBytes);
		const warm = await photoAlbum(emu, member.id, join(media, 'album-warm'), 3, 100_000, 'warm');
		const large = planArchive(`${largeMb}mb`, largeMb, join(media, `${largeMb}mb`));
		await writeArchiveFiles(large, join(media, `${largeMb}mb`));
		registerArchive(emu, large, member.id, 100);
		const largeRef: ArchiveRef = {
			albumId: large.albumId!,
			ids: large.ids,
			files: large.entries.length,
			bytes: large.contentBytes,
		};
		const seedRef: ArchiveRef = {
			albumId: '',
			ids: SEED.headline.expectedIds,
			files: 5,
			bytes: SEED.headline.expectedIds.reduce((s, id) => s + emu.store.fileBytes(id).length, 0),
		};

		const api = {
			baseUrl: emu.baseUrl,
			apiKey: emu.credentials.apiKey,
			siteId: emu.credentials.siteId,
		};
		let count = 0;
		const node = async (
			variant: string,
			archive: ArchiveRef,
			extra: Partial<ChildJob>,
		): Promise<Measured> => {
			const job: ChildJob = {
				kind: 'node',
				api,
				workDir: join(work, 'runs', `shaped-${++count}`),
				archive,
				warmArchive: extra.direct ? { ...warm, albumId: '' } : warm,
				...extra,
			};
			try {
				emu.resetLogs();
				const result = await runChild(job);
				// The warm-up ran first in the same child: the measured run's lookups ask for its IDs.
				const mine = new Set(archive.ids);
				const asksForMine = (body: unknown) => {
					const asked = (body as { filter?: { itemIds?: string[] } })?.filter?.itemIds;
					return Array.isArray(asked) && asked.some((id) => mine.has(id));
				};
				const lookups = emu.requestLog.filter(
					(e) => e.path.endsWith('/items/query') && asksForMine(e.body),
				);
				const firstUrl = emu.requestLog.find(
					(e) =>
						e.path.endsWith('/download-url') &&
						((e.body as { itemIds?: string[] })?.itemIds ?? []).some((id) => mine.has(id)),
				);
				return {
					variant,
					ms: result.ms,
					growth: Math.max(0, result.peakRss - result.baselineRss),
					peak: result.peakRss,
					files: result.files ?? 0,
					bytes: result.bytes ?? 0,
					lookupMs: lookups.length && firstUrl ? firstUrl.at - lookups[0].at : undefined,
					lookupRequests: lookups.length,
				};
			} finally {
				await fs.rm(job.workDir, { recursive: true, force: true });
			}
		};
		const idle = {
			curl: (await timed('curl', ['--version'])).maxRss,
			unzip: (await timed('unzip', ['-v'])).maxRss,
			aria: haveAria ? (await timed('aria2c', ['--version'])).maxRss : 0,
		};
		const shell = async (
			variant: string,
			archive: ArchiveRef,
			tool: 'xargs' | 'aria2c' | 'curl',
		): Promise<Measured> => {
			const dir = join(work, 'runs', `shaped-${++count}-${tool}`);
			await fs.mkdir(join(dir, 'out'), { recursive: true });
			// The same batches as the node asks for, URLs fetched before the clock starts.
			const urls: string[] = [];
			for (let i = 0; i < archive.ids.length; i += BATCH) {
				urls.push(await downloadUrlFor(emu, archive.ids.slice(i, i + BATCH)));
			}
			const start = performance.now();
			let peak: number;
			let idlePeak: number;
			if (tool === 'aria2c') {
				const list = urls.map((u, i) => `${u}\n  out=${i}.zip`).join('\n');
				await fs.writeFile(join(dir, 'urls.txt'), `${list}\n`);
				const get = await timed('aria2c', [
					'-q',
					'-j4',
					'-x1',
					'--file-allocation=none',
					'--allow-overwrite=true',
					'-d',
					dir,
					'-i',
					join(dir, 'urls.txt'),
				]);
				const unzip = await timed('sh', [
					'-c',
					`for f in "${dir}"/*.zip; do unzip -q -o "$f" -d "${dir}/out" || exit 1; done`,
				]);
				peak = Math.max(get.maxRss, unzip.maxRss);
				idlePeak = Math.max(idle.aria, idle.unzip);
			} else {
				// Each slot downloads one archive, then unzips it: four at a time.
				const lines = urls.map((u, i) => `${join(dir, String(i))} ${u}`).join('\n');
				await fs.writeFile(join(dir, 'urls.txt'), `${lines}\n`);
				const p = tool === 'xargs' ? 4 : 1;
				const got = await timed('sh', [
					'-c',
					`xargs -P${p} -n2 sh -c 'curl -sS -f -o "$0.zip" "$1" && unzip -q -o "$0.zip" -d "${dir}/out"' < "${dir}/urls.txt"`,
				]);
				peak = got.maxRss;
				idlePeak = Math.max(idle.curl, idle.unzip);
			}
			const ms = performance.now() - start;
			const tree = await sizeOfTree(join(dir, 'out'));
			await fs.rm(dir, { recursive: true, force: true });
			return {
				variant,
				ms,
				growth: Math.max(0, peak - idlePeak),
				peak,
				files: tree.files,
				bytes: tree.bytes,
			};
		};
		/** One file (archived: false), one URL fetched before the clock starts: curl in one stream, aria2c in 4 ranges. */
		const shellFile = async (
			variant: string,
			id: string,
			tool: 'curl' | 'aria2c',
		): Promise<Measured> => {
			const dir = join(work, 'runs', `shaped-${++count}-${tool}`);
			await fs.mkdir(dir, { recursive: true });
			const url = await downloadUrlFor(emu, [id]);
			const start = performance.now();
			const got =
				tool === 'aria2c'
					? await timed('aria2c', [
							'-q',
							'-x4',
							'-s4',
							'-k8M',
							'--file-allocation=none',
							'--allow-overwrite=true',
							'-d',
							dir,
							'-o',
							'file.bin',
							url,
						])
					: await timed('curl', ['-sS', '-f', '-o', join(dir, 'file.bin'), url]);
			const ms = performance.now() - start;
			const tree = await sizeOfTree(dir);
			await fs.rm(dir, { recursive: true, force: true });
			return {
				variant,
				ms,
				growth: Math.max(0, got.maxRss - (tool === 'aria2c' ? idle.aria : idle.curl)),
				peak: got.maxRss,
				files: tree.files,
				bytes: tree.bytes,
			};
		};
		const measureRow = async (
			label: string,
			largest: number,
			variants: Array<[string, () => Promise<Measured>]>,
			times: number,
		) => {
			const row: Row = { label, runs: [], errors: [], largest };
			rows.push(row);
			for (let rep = 0; rep < times; rep++) {
				const order = variants.map((_, i) => variants[(i + rep) % variants.length]);
				for (const [name, measure] of order) {
					log(`shaped: ${label} rep ${rep + 1}/${times}: ${name}`);
					try {
						const m = await measure();
						row.runs.push(m);
						log(
							`  ${(m.ms / 1000).toFixed(2)} s, ${m.files} files, peak RSS +${(m.growth / MB).toFixed(0)} MB` +
								(m.lookupMs !== undefined ? `, lookup ${m.lookupMs} ms` : ''),
						);
					} catch (error) {
						const message = error instanceof Error ? error.message : String(error);
						log(`  failed: ${message.slice(0, 400)}`);
						row.errors.push(`${name}: ${message.slice(0, 200)}`);
					}
				}
			}
		};

		const albumRef = album;
		await measureRow(
			'album',
			photoBytes,
			[
				['node default', () => node('node default', albumRef, {})],
				['node N=1', () => node('node N=1', albumRef, { parallel: 1 })],
				// Around the default, to choose it by measurement.
				['node N=2', () => node('node N=2', albumRef, { parallel: 2 })],
				['node N=8', () => node('node N=8', albumRef, { parallel: 8 })],
				['xargs -P4 curl + unzip', () => shell('xargs -P4 curl + unzip', albumRef, 'xargs')],
				...(haveAria
					? ([
							['aria2c -j4 + unzip', () => shell('aria2c -j4 + unzip', albumRef, 'aria2c')],
						] as Array<[string, () => Promise<Measured>]>)
					: []),
			],
			reps,
		);
		await measureRow(
			'small',
			Math.max(...seedRef.ids.map((id) => emu.store.fileBytes(id).length)),
			[
				['node default', () => node('node default', seedRef, { direct: true })],
				['node N=1', () => node('node N=1', seedRef, { direct: true, parallel: 1 })],
			],
			smallReps,
		);
		emu.options.link = {};
		await measureRow(
			'large unshaped',
			large.largestBytes,
			[
				['node default', () => node('node default', largeRef, {})],
				['curl + unzip', () => shell('curl + unzip', largeRef, 'curl')],
			],
			reps,
		);
		emu.options.link = { ...LINK };
		await measureRow(
			'large shaped',
			large.largestBytes,
			[
				['node default', () => node('node default', largeRef, {})],
				['curl + unzip', () => shell('curl + unzip', largeRef, 'curl')],
			],
			quick ? 1 : Math.min(reps, 2),
		);
		// One large file (archived: false) from a host that takes byte ranges: fetched in
		// Parallel Downloads parts at once (rangedBody) against one stream.
		emu.options.ranges = true;
		const videoPath = join(media, 'single', `single-video-${singleMb}mb.mp4`);
		await fs.mkdir(join(media, 'single'), { recursive: true });
		if ((await fs.stat(videoPath).catch(() => undefined))?.size !== singleMb * MB)
			await writeRandom(videoPath, singleMb * MB, 7);
		const videoId = emu.store.addMedia({
			name: `single-video-${singleMb}mb.mp4`,
			createdById: member.id,
			sourcePath: videoPath,
		}).id;
		const videoRef: ArchiveRef = { albumId: '', ids: [videoId], files: 1, bytes: singleMb * MB };
		await measureRow(
			'one file shaped',
			singleMb * MB,
			[
				['node default', () => node('node default', videoRef, { direct: true })],
				['node N=1', () => node('node N=1', videoRef, { direct: true, parallel: 1 })],
				['curl', () => shellFile('curl', videoId, 'curl')],
				...(haveAria
					? ([['aria2c -x4', () => shellFile('aria2c -x4', videoId, 'aria2c')]] as Array<
							[string, () => Promise<Measured>]
						>)
					: []),
			],
			quick ? 1 : Math.min(reps, 2),
		);
		emu.options.ranges = false;
	} finally {
		await emu.close();
	}
	const loadEnd = (await fs.readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');
	const info: Info = {
		started: new Date(),
		minutes: (performance.now() - t0) / 60_000,
		loadStart,
		loadEnd,
		quick,
		albumCount,
		photoBytes,
		largeMb,
		singleMb,
		haveAria,
	};
	// The raw runs, for a second look (and `npm run bench -- --rewrite`) without running again.
	await fs.writeFile(join(work, 'shaped-runs.json'), JSON.stringify({ info, rows }, null, 1));
	return report(rows, info);
}

/** The section again from the last run's raw figures (bench/.work/shaped-runs.json). */
export async function rewriteShapedSection(work: string): Promise<string> {
	const raw = JSON.parse(await fs.readFile(join(work, 'shaped-runs.json'), 'utf8')) as {
		info: Info;
		rows: Row[];
	};
	return report(raw.rows, { ...raw.info, started: new Date(raw.info.started) });
}

async function photoAlbum(
	emu: Emulator,
	memberId: string,
	dir: string,
	count: number,
	bytes: number,
	label = 'album',
): Promise<ArchiveRef> {
	await fs.mkdir(dir, { recursive: true });
	const album = emu.store.addAlbum({ name: `Shaped ${label}`, createdById: memberId });
	const ids: string[] = [];
	for (let n = 1; n <= count; n++) {
		const name = `${label}-photo-${String(n).padStart(4, '0')}.jpg`;
		const path = join(dir, name);
		const existing = await fs.stat(path).catch(() => undefined);
		if (existing?.size !== bytes) await writeRandom(path, bytes, n);
		ids.push(
			emu.store.addMedia({
				name,
				createdById: memberId,
				sourcePath: path,
				parentAlbumId: album.id,
				createdDate: new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString(),
			}).id,
		);
	}
	return { albumId: album.id, ids, files: count, bytes: count * bytes };
}

interface Info {
	started: Date;
	minutes: number;
	loadStart: string;
	loadEnd: string;
	quick: boolean;
	albumCount: number;
	photoBytes: number;
	largeMb: number;
	/** Absent in runs from before the ranges row. */
	singleMb?: number;
	haveAria: boolean;
}

function stats(row: Row | undefined, variant: string) {
	const runs = row?.runs.filter((r) => r.variant === variant) ?? [];
	return {
		runs,
		median: median(runs.map((r) => r.ms)),
		growth: Math.max(0, ...runs.map((r) => r.growth)),
		peak: Math.max(0, ...runs.map((r) => r.peak)),
		spread: runs.length
			? `${fmt(Math.min(...runs.map((r) => r.ms)) / 1000, 2)}–${fmt(Math.max(...runs.map((r) => r.ms)) / 1000, 2)} s`
			: 'n/a',
	};
}

/** Speed ratio a/b (above 1: `a` is faster): b's median time over a's. */
const ratio = (a: number, b: number) => b / a;

function report(rows: Row[], info: Info): string {
	const byLabel = (label: string) => rows.find((r) => r.label === label);
	const lines: string[] = [];
	const album = byLabel('album');
	const small = byLabel('small');
	const unshaped = byLabel('large unshaped');
	const shaped = byLabel('large shaped');
	const table = (row: Row | undefined, anchor: string) => {
		if (!row) return;
		const base = stats(row, anchor).median;
		lines.push(
			`| variant | runs | median | spread | speed vs ${anchor} | peak RSS growth (largest) | growth ÷ largest file | peak RSS (largest) |`,
		);
		lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
		const variants = [...new Set(row.runs.map((r) => r.variant))];
		for (const v of variants) {
			const s = stats(row, v);
			lines.push(
				`| ${v} | ${s.runs.length} | ${fmt(s.median / 1000, 2)} s | ${s.spread} | ${fmt(ratio(s.median, base), 2)}× | ${fmt(s.growth / MB, 1)} MB | ${row.largest >= MB ? fmt(s.growth / row.largest, 2) : '—'} | ${fmt(s.peak / MB, 0)} MB |`,
			);
		}
		const files = [...new Set(row.runs.map((r) => r.files))];
		const size =
			row.largest >= MB ? `${fmt(row.largest / MB, 1)} MB` : `${fmt(row.largest / 1024, 0)} KB`;
		lines.push(
			'',
			`Files extracted per run: ${files.join(', ')}. Largest file: ${size}. Get Download hands each file to n8n's binary data as its bytes arrive (filesystem mode here: written as they come), so its growth is its working set (V8's young generation, stream chunks, ` +
				(row.label === 'one file shaped'
					? `up to 4 parts of 8 MiB in flight), not the file.`
					: `the archives in flight), not the files.`),
		);
		if (row.errors.length) lines.push('', `Failed runs: ${row.errors.join('; ')}.`);
		lines.push('');
	};
	const albumDefault = stats(album, 'node default');
	const albumOne = stats(album, 'node N=1');
	const albumXargs = stats(album, 'xargs -P4 curl + unzip');
	const smallDefault = stats(small, 'node default');
	const smallOne = stats(small, 'node N=1');
	const lookups = [...(album?.runs ?? [])].filter(
		(r) => r.lookupMs !== undefined && r.variant === 'node default',
	);

	lines.push(
		'## Shaped link (issue 14)',
		'',
		`Written by \`npm run bench\` (bench/shaped.ts) on ${info.started.toISOString().slice(0, 16).replace('T', ' ')} UTC${info.quick ? ' (quick run: smaller inputs)' : ''}, in ${fmt(info.minutes, 1)} min.`,
		`The emulator's file host shapes every connection to 25 MB/s (10^6 bytes) with 50 ms before the first byte (\`link\` option, emulator/link.ts); the API is on loopback.`,
		`Load average ${info.loadStart} at the start, ${info.loadEnd} at the end (2 cores, shared with other test runs): each figure is a median of several runs, and every ratio compares medians from this one run.`,
		'',
		`### Album backup: ${info.albumCount} photos, ${fmt((info.albumCount * info.photoBytes) / 1e6, 0)} MB, ${Math.ceil(info.albumCount / BATCH)} archives`,
		'',
		'Query Items (Return All, the album) → Get Download. Shell anchors get the same archives (the same 50 IDs per URL, URLs fetched before their clock starts); `xargs -P4` runs `curl` then `unzip` in each of 4 slots' +
			(info.haveAria
				? '; `aria2c -j4` downloads all, then `unzip` each.'
				: '; aria2c is not installed.'),
		"Node rows: a fresh child process in n8n's filesystem binary-data mode; growth = peak − the settled baseline before the run (kernel VmHWM). Shell rows: GNU time on the whole command, whose peak is its largest single process (four curls side by side count once); growth = that − the tool's idle peak.",
		'',
	);
	table(album, 'node N=1');
	const byN = [1, 2, 8].map((n) => [n, stats(album, `node N=${n}`).median] as const);
	lines.push(
		`The default (Parallel Downloads = 4) against its neighbours, album median times: ${[...byN.slice(0, 2), [4, albumDefault.median] as const, byN[2]].map(([n, ms]) => `N=${n} ${fmt(ms / 1000, 2)} s`).join(', ')}.`,
		'',
	);
	lines.push(
		`### Small case: the seed's 5 photos (one archive), shaped`,
		'',
		'Get Download alone on the 5 IDs.',
		'',
	);
	table(small, 'node N=1');
	lines.push(
		`### One ${info.largeMb} MB archive (49 entries, one 40% video)`,
		'',
		'Unshaped (loopback):',
		'',
	);
	table(unshaped, 'curl + unzip');
	lines.push('Shaped (25 MB/s, 50 ms):', '');
	table(shaped, 'curl + unzip');

	const one = byLabel('one file shaped');
	if (one) {
		lines.push(
			`### One ${info.singleMb} MB file, shaped, from a host that takes byte ranges`,
			'',
			"Get Download alone on one video's ID: the file host answers with the file itself (`archived: false`) and `Accept-Ranges: bytes` (the emulator's `ranges` option; off by default, since Wix's behaviour is unknown). The default (Parallel Downloads = 4) fetches it in 8 MiB parts over 4 connections at once; N = 1 in one stream. `curl` gets the same URL in one stream" +
				(info.haveAria ? ', `aria2c -x4 -s4` in four ranges.' : '; aria2c is not installed.'),
			'',
		);
		table(one, 'node N=1');
	}

	const verdict = (ok: boolean) => (ok ? 'PASS' : '**MISS**');
	const g1 = ratio(albumDefault.median, albumOne.median);
	const g2 = ratio(albumDefault.median, albumXargs.median);
	const g3 = ratio(stats(unshaped, 'node default').median, stats(unshaped, 'curl + unzip').median);
	const g4 = albumOne.growth ? albumDefault.growth / albumOne.growth : Number.NaN;
	const g5 = ratio(smallDefault.median, smallOne.median);
	const g6 = ratio(stats(shaped, 'node default').median, stats(shaped, 'curl + unzip').median);
	const largeGrowth = Math.max(
		stats(unshaped, 'node default').growth,
		stats(shaped, 'node default').growth,
	);
	lines.push(
		'### Goals (issue 14)',
		'',
		'| goal | measured | verdict |',
		'| --- | --- | --- |',
		`| Album backup, shaped: ≥ 3× N = 1 | ${fmt(g1, 2)}× | ${verdict(g1 >= 3)} |`,
		`| Album backup, shaped: ≥ 0.9× \`xargs -P4 curl\` + \`unzip\` | ${fmt(g2, 2)}× | ${verdict(g2 >= 0.9)} |`,
		`| One ${info.largeMb} MB archive, unshaped: ≥ 1.3× \`curl\` + \`unzip\` | ${fmt(g3, 2)}× | ${verdict(g3 >= 1.3)} |`,
		`| One ${info.largeMb} MB archive, shaped: against \`curl\` + \`unzip\` (no goal) | ${fmt(g6, 2)}×; peak RSS growth ${fmt(largeGrowth / MB, 0)} MB, ${fmt(largeGrowth / (unshaped?.largest ?? Number.NaN), 2)}× its largest file | — |`,
		`| Peak RSS growth within 1.2× of N = 1 (album) | ${fmt(albumDefault.growth / MB, 1)} MB against ${fmt(albumOne.growth / MB, 1)} MB: ${fmt(g4, 2)}× (files in flight: 4 × ${fmt(info.photoBytes / MB, 2)} MB against 1 ×) | ${verdict(g4 <= 1.2)} |`,
		`| 5 photos, shaped: no slower than N = 1 (within noise) | ${fmt(g5, 2)}× (spreads ${smallDefault.spread} and ${smallOne.spread}) | ${verdict(g5 >= 0.9)} |`,
	);
	if (one) {
		const g7 = ratio(stats(one, 'node default').median, stats(one, 'node N=1').median);
		const aria = ratio(stats(one, 'aria2c -x4').median, stats(one, 'curl').median);
		lines.push(
			`| One ${info.singleMb} MB file, shaped, ranges: build only if it pays (default ÷ one stream) | ${fmt(g7, 2)}×${Number.isNaN(aria) ? '' : `; \`aria2c -x4\` against \`curl\`: ${fmt(aria, 2)}×`} | ${g7 >= 1.5 ? 'pays: built' : '**does not pay**'} |`,
		);
	}
	lines.push('');
	if (lookups.length) {
		lines.push(
			`Item lookup before the batches, default (first lookup request → first download-url request, on loopback): median ${fmt(median(lookups.map((r) => r.lookupMs!)), 0)} ms over ${lookups.length} runs, ${lookups[0].lookupRequests} requests of up to 100 IDs, up to Parallel Downloads of them at once (one after the other for N = 1); ${fmt((median(lookups.map((r) => r.lookupMs!)) / albumDefault.median) * 100, 1)}% of the default's album time. Over a real API with a 50–100 ms round trip the default adds ${Math.ceil(lookups[0].lookupRequests! / 4)} round trips, not ${lookups[0].lookupRequests}.`,
			'',
		);
	}
	return lines.join('\n');
}
