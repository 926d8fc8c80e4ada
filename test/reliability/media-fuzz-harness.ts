// Deterministic fuzzing of the media header readers (nodes/SharedGallery/media): bit flips,
// truncations, length-field corruption and splices of valid files of every format, each fed to
// MediaProbe whole and in random pieces. Shared by test/reliability/media-fuzz.test.ts and the
// long run in test/stress/fuzz-long.test.ts.
import { makeGif, makeJpeg, makeMp4, makePng } from '../../emulator/media';
import { MediaProbe, probeBytes, type MediaFacts } from '../../nodes/SharedGallery/media';
import { exifApp1, heic, jpegWith, movie, segment, split, webp } from '../unit/media-builders';
import { prng } from './fuzz-harness';

type Random = () => number;
const int = (random: Random, n: number) => Math.floor(random() * n);

/** Small valid files of every format and shape the readers take. */
export function baseMedia(): Array<{ name: string; bytes: Buffer }> {
	return [
		{ name: 'jpeg', bytes: makeJpeg(64, 48, 3, 'fuzz') },
		{ name: 'jpeg-exif', bytes: jpegWith(40, 30, exifApp1(6, { little: true })) },
		{
			name: 'jpeg-xmp-exif',
			bytes: jpegWith(40, 30, segment(0xe1, Buffer.alloc(30)), exifApp1(8)),
		},
		{ name: 'png', bytes: makePng(8, 6, 1, 'fuzz') },
		{ name: 'gif', bytes: makeGif(8, 6, 1, 'fuzz') },
		{ name: 'webp-vp8', bytes: webp('VP8 ', 300, 200) },
		{ name: 'webp-vp8l', bytes: webp('VP8L', 300, 200) },
		{ name: 'webp-vp8x', bytes: webp('VP8X', 300, 200) },
		{ name: 'mp4', bytes: makeMp4(32, 16, 2000, 'fuzz', 2) },
		{ name: 'mp4-moov-last', bytes: movie({ moovLast: true, mdatBytes: 200 }) },
		{
			name: 'mp4-large-rotated',
			bytes: movie({
				moovLast: true,
				largeMdat: true,
				mvhdV1: true,
				tracks: [
					{ handler: 'soun', width: 0, height: 0 },
					{ handler: 'vide', width: 1080, height: 1920, rotation: 270, v1: true },
				],
			}),
		},
		{
			name: 'mp4-fragmented',
			bytes: movie({ fragmented: true, duration: 0, fragmentDuration: 7000 }),
		},
		{ name: 'mov', bytes: movie({ brand: 'qt  ', timescale: 600, duration: 6000 }) },
		{ name: 'heic', bytes: heic({ irot: 1 }) },
		{ name: 'heic-wide', bytes: heic({ wideIndexes: true, mdatFirst: 50 }) },
	];
}

const BOX_TYPES = [
	'ftyp',
	'moov',
	'mvhd',
	'trak',
	'tkhd',
	'mdia',
	'hdlr',
	'minf',
	'mvex',
	'mehd',
	'mdat',
	'meta',
	'pitm',
	'iprp',
	'ipco',
	'ipma',
	'ispe',
	'irot',
	'free',
	'wide',
];

/** Offsets of the fields that give sizes, counts or offsets: where a lie does the most harm. */
function lengthFields(b: Buffer): Array<{ at: number; size: 1 | 2 | 4 | 8 }> {
	const out: Array<{ at: number; size: 1 | 2 | 4 | 8 }> = [];
	for (let i = 4; i + 4 <= b.length; i++) {
		const type = b.toString('latin1', i, i + 4);
		if (BOX_TYPES.includes(type)) {
			out.push({ at: i - 4, size: 4 });
			if (i + 12 <= b.length) out.push({ at: i + 4, size: 8 }, { at: i + 8, size: 4 });
		}
		if (type === 'Exif') out.push({ at: i + 10, size: 4 }, { at: i + 14, size: 2 });
	}
	for (let i = 0; i + 4 <= b.length; i++)
		if (b[i] === 0xff && b[i + 1] >= 0xc0 && b[i + 1] <= 0xfe) out.push({ at: i + 2, size: 2 });
	// RIFF and chunk sizes, PNG's first chunk, GIF's screen, WebP's sizes.
	out.push({ at: 4, size: 4 }, { at: 6, size: 2 }, { at: 8, size: 4 }, { at: 16, size: 4 });
	out.push({ at: 20, size: 4 }, { at: 24, size: 1 }, { at: 26, size: 2 }, { at: 28, size: 2 });
	return out.filter((f) => f.at + f.size <= b.length);
}

const NASTY = [
	0, 1, 2, 7, 8, 9, 15, 16, 0x7f, 0xff, 0xffff, 0x10000, 0x7fffffff, 0xfffffffe, 0xffffffff,
];

export type MediaMutation = 'bitflip' | 'truncate' | 'length-field' | 'splice';

export function mutateMedia(
	base: Buffer,
	other: Buffer,
	random: Random,
): { kind: MediaMutation; bytes: Buffer } {
	const roll = random();
	const bytes = Buffer.from(base);
	// Headers sit at the start: most changes land in the first 512 bytes.
	const position = () => int(random, random() < 0.7 ? Math.min(512, bytes.length) : bytes.length);
	if (roll < 0.3) {
		const flips = 1 + int(random, 8);
		for (let i = 0; i < flips; i++) bytes[position()] ^= 1 << int(random, 8);
		return { kind: 'bitflip', bytes };
	}
	if (roll < 0.45) return { kind: 'truncate', bytes: bytes.subarray(0, position()) };
	if (roll < 0.85) {
		const fields = lengthFields(bytes);
		for (let n = 1 + int(random, 3); n > 0 && fields.length; n--) {
			const { at, size } = fields[int(random, fields.length)];
			const pick = random();
			const old =
				size === 1 ? bytes[at] : size === 2 ? bytes.readUInt16BE(at) : bytes.readUInt32BE(at);
			const value =
				pick < 0.5
					? NASTY[int(random, NASTY.length)]
					: pick < 0.75
						? int(random, 2 ** 32)
						: old + int(random, 33) - 16;
			if (size === 1) bytes[at] = value & 0xff;
			else if (size === 2) bytes.writeUInt16BE(value & 0xffff, at);
			else if (size === 4) bytes.writeUInt32BE(value >>> 0, at);
			else bytes.writeBigUInt64BE(random() < 0.3 ? 2n ** 64n - 1n : BigInt(value >>> 0), at);
		}
		return { kind: 'length-field', bytes };
	}
	// Splice: remove a run, repeat it, or put in a run of another file.
	const at = position();
	const length = 1 + int(random, 64);
	const pick = random();
	const from = int(random, other.length);
	const spliced =
		pick < 0.33
			? Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + length)])
			: pick < 0.66
				? Buffer.concat([bytes.subarray(0, at + length), bytes.subarray(at)])
				: Buffer.concat([
						bytes.subarray(0, at),
						other.subarray(from, from + length),
						bytes.subarray(at),
					]);
	return { kind: 'splice', bytes: spliced };
}

/** Why the facts are not valid, or null: numbers in range, or null with a problem in words. */
export function invalidFacts(f: MediaFacts): string | null {
	const formats = [null, 'jpeg', 'png', 'gif', 'webp', 'heic', 'mp4', 'mov'];
	if (!formats.includes(f.format)) return `format ${String(f.format)}`;
	const { width: w, height: h, durationSeconds: d } = f;
	if ((w === null) !== (h === null)) return 'one side known, the other not';
	if (w !== null && h !== null) {
		const sides = [w, h].every((s) => Number.isInteger(s) && s >= 1 && s <= 50_000);
		if (!sides || w * h > 500e6) return `size ${w} × ${h}`;
	}
	if (d !== null && !(d > 0 && d <= 86_400 && Math.abs(Math.round(d * 1000) - d * 1000) < 1e-6))
		return `duration ${d}`;
	const video = f.format === 'mp4' || f.format === 'mov';
	if (d !== null && !video) return 'a duration on a still';
	const missing = w === null || (video && d === null);
	if (missing && !(typeof f.problem === 'string' && f.problem.length > 10))
		return 'unknown facts without a problem';
	if (!missing && f.problem !== undefined) return 'a problem with every fact known';
	if (f.problem === 'the header could not be read') return 'an exception inside a reader';
	return null;
}

export interface MediaFuzzStats {
	cases: number;
	seed: number;
	byMutation: Record<string, number>;
	/** Cases with every fact, some, or none. */
	known: number;
	partly: number;
	none: number;
	exceptions: number;
	/** Cases whose facts differ between the whole file and a split, or are invalid, by reason. */
	invalid: Record<string, number>;
	maxCaseMs: number;
	peakMemoryGrowthBytes: number;
	ms: number;
}

const memory = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;

export function fuzzMedia(cases: number, seed: number): MediaFuzzStats {
	const random = prng(seed);
	const bases = baseMedia();
	const stats: MediaFuzzStats = {
		...{ cases: 0, seed, byMutation: {}, known: 0, partly: 0, none: 0, exceptions: 0 },
		...{ invalid: {}, maxCaseMs: 0, peakMemoryGrowthBytes: 0, ms: 0 },
	};
	const started = Date.now();
	const baseline = memory();
	for (let n = 0; n < cases; n++) {
		const base = bases[int(random, bases.length)].bytes;
		const { kind, bytes } = mutateMedia(base, bases[int(random, bases.length)].bytes, random);
		stats.byMutation[kind] = (stats.byMutation[kind] ?? 0) + 1;
		const caseStart = Date.now();
		try {
			const whole = probeBytes(bytes);
			const probe = new MediaProbe();
			// One-byte pieces now and then: every straddle at once.
			for (const piece of split(
				bytes,
				random() < 0.1 ? 0 : 1 + int(random, 1e9),
				1 + int(random, 600),
			))
				probe.feed(piece);
			const pieces = probe.finish();
			const reason =
				JSON.stringify(whole) !== JSON.stringify(pieces)
					? 'whole and split differ'
					: invalidFacts(whole);
			if (reason) stats.invalid[reason] = (stats.invalid[reason] ?? 0) + 1;
			if (whole.problem === undefined) stats.known++;
			else if (whole.width !== null || whole.durationSeconds !== null) stats.partly++;
			else stats.none++;
		} catch {
			stats.exceptions++;
		}
		stats.maxCaseMs = Math.max(stats.maxCaseMs, Date.now() - caseStart);
		stats.cases++;
		if (n % 500 === 0)
			stats.peakMemoryGrowthBytes = Math.max(stats.peakMemoryGrowthBytes, memory() - baseline);
	}
	stats.peakMemoryGrowthBytes = Math.max(stats.peakMemoryGrowthBytes, memory() - baseline);
	stats.ms = Date.now() - started;
	return stats;
}

/** What a run must show: no exception, nothing invalid, no case near a hang, memory bounded. */
export function expectCleanRun(stats: MediaFuzzStats, cases: number): void {
	expect(stats.cases).toBe(cases);
	expect({ exceptions: stats.exceptions, invalid: stats.invalid }).toEqual({
		exceptions: 0,
		invalid: {},
	});
	// A hang detector, not a speed target: a case is a few KB.
	expect(stats.maxCaseMs).toBeLessThan(2000);
	expect(stats.peakMemoryGrowthBytes).toBeLessThan(256 * 1024 * 1024);
}

export function formatMediaStats(label: string, s: MediaFuzzStats): string {
	const mutations = Object.entries(s.byMutation)
		.map(([k, v]) => `${k} ${v}`)
		.join(', ');
	return (
		`[media fuzz] ${label}: ${s.cases} cases (seed ${s.seed}; ${mutations}) in ${s.ms} ms → ` +
		`all facts ${s.known}, some ${s.partly}, none ${s.none}, exceptions ${s.exceptions}, ` +
		`invalid ${JSON.stringify(s.invalid)}, slowest case ${s.maxCaseMs} ms, ` +
		`peak memory growth ${(s.peakMemoryGrowthBytes / 1024 / 1024).toFixed(1)} MB`
	);
}
