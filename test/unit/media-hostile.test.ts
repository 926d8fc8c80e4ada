/**
 * Media facts from hostile headers (issue 24): truncated, zero or 65,535 px, huge, moov after a
 * large mdat, fragmented, boxes whose size lies, broken EXIF, endless JPEG segments. Each gives
 * the true facts or none with a reason in words, never an exception or a guessed number.
 */
import { makeGif, makeJpeg, makeMp4, makePng } from '../../emulator/media';
import { MediaProbe, probeBytes, type MediaFacts } from '../../nodes/SharedGallery/media';
import {
	box,
	exifApp1,
	factsInEverySplit,
	ftyp,
	fullBox,
	heic,
	jpegWith,
	largeBox,
	moov,
	movie,
	movieParts,
	probePieces,
	segment,
	split,
	trak,
	u32,
	webp,
} from './media-builders';

const none = (format: MediaFacts['format'], problem: RegExp) => ({
	format,
	width: null,
	height: null,
	durationSeconds: null,
	problem: expect.stringMatching(problem),
});

/** The same facts whole and in every split, matching `expected`. */
function expectFacts(bytes: Uint8Array, expected: object): void {
	const all = factsInEverySplit(bytes);
	for (const facts of all) expect(facts).toEqual(all[0]);
	expect(all[0]).toEqual(expected);
}

/** The emulator's JPEG with its frame header's height and width set (the entropy data stays). */
function jpegSized(width: number, height: number): Buffer {
	const jpeg = Buffer.from(makeJpeg(16, 16, 1, 'sized'));
	const sof = jpeg.indexOf(Buffer.from([0xff, 0xc0]));
	jpeg.writeUInt16BE(height, sof + 5);
	jpeg.writeUInt16BE(width, sof + 7);
	return jpeg;
}

function pngSized(width: number, height: number): Buffer {
	const png = Buffer.from(makePng(2, 2, 1, 'sized'));
	png.writeUInt32BE(width, 16);
	png.writeUInt32BE(height, 20);
	return png;
}

function gifSized(width: number, height: number): Buffer {
	const gif = Buffer.from(makeGif(2, 2, 1, 'sized'));
	gif.writeUInt16LE(width, 6);
	gif.writeUInt16LE(height, 8);
	return gif;
}

describe('truncated anywhere: the true facts or none with a reason', () => {
	const files: Array<[string, Buffer]> = [
		['JPEG with EXIF', jpegWith(400, 300, exifApp1(6))],
		['PNG', makePng(20, 10, 1, 't')],
		['GIF', makeGif(20, 10, 1, 't')],
		['WebP VP8X', webp('VP8X', 300, 200)],
		['MP4 moov first', makeMp4(320, 240, 5300, 't')],
		['MP4 moov last, 64-bit mdat', movie({ moovLast: true, largeMdat: true, mdatBytes: 300 })],
		['fragmented MP4', movie({ fragmented: true, duration: 0, fragmentDuration: 4000 })],
		['HEIC', heic({ irot: 1 })],
	];
	test.each(files)('%s', (_name, bytes) => {
		const whole = probeBytes(bytes);
		expect(whole.problem).toBeUndefined();
		const reasons = new Set<string>();
		for (let end = 0; end < bytes.length; end++) {
			const cut = bytes.subarray(0, end);
			// Every split near the header, one random split further on (the same code path).
			const facts =
				end <= 2000 ? factsInEverySplit(cut) : [probeBytes(cut), probePieces(split(cut, end))];
			const got = facts[0];
			for (const f of facts) expect(f).toEqual(facts[0]);
			if (got.problem === undefined) expect(got).toEqual(whole);
			else {
				expect(got).toMatchObject({ width: null, height: null, durationSeconds: null });
				reasons.add(got.problem);
			}
		}
		// The reasons say where the file stopped.
		for (const reason of reasons) expect(reason).toMatch(/ends|empty|not a JPEG/);
	});
});

describe('sizes that are not believed', () => {
	test.each([
		['JPEG 0 wide', jpegSized(0, 480), 'jpeg', /says it is 0 × 480 px/],
		['PNG 0 high', pngSized(640, 0), 'png', /says it is 640 × 0 px/],
		['GIF 0 × 0', gifSized(0, 0), 'gif', /0 × 0 px/],
		['WebP VP8 0 wide', webp('VP8 ', 0, 10), 'webp', /0 × 10 px/],
		[
			'MP4 video track 0 × 0',
			movie({ tracks: [{ handler: 'vide', width: 0, height: 0 }] }),
			'mp4',
			/0 × 0 px/,
		],
		['HEIC ispe 0', heic({ sizes: [[0, 3000]] }), 'heic', /0 × 3000 px/],
		[
			'JPEG 65,535 wide',
			jpegSized(65_535, 100),
			'jpeg',
			/a side of 65,535 px is over the 50,000 px/,
		],
		['JPEG 65,535 × 65,535', jpegSized(65_535, 65_535), 'jpeg', /65,535 px/],
		['PNG 65,535 high', pngSized(10, 65_535), 'png', /65,535 px/],
		['PNG 2^31 wide', pngSized(2 ** 31, 1), 'png', /2,147,483,648 px/],
		['GIF 65,535 × 65,535', gifSized(65_535, 65_535), 'gif', /65,535 px/],
		[
			'PNG 30,000 × 20,000',
			pngSized(30_000, 20_000),
			'png',
			/area of 600 megapixels is over the 500/,
		],
		[
			'MP4 65,535 wide',
			movie({ tracks: [{ handler: 'vide', width: 65_535, height: 10 }] }),
			'mp4',
			/65,535 px/,
		],
		['HEIC 60,000 × 20,000', heic({ sizes: [[60_000, 20_000]] }), 'heic', /60,000 px/],
		[
			'MP4 of 25 hours',
			movie({ timescale: 1000, duration: 25 * 3600 * 1000 }),
			'mp4',
			/a duration of 90,000 s is over the 24 h \(86,400 s\)/,
		],
		['MP4 timescale 0', movie({ timescale: 0 }), 'mp4', /timescale is 0/],
		[
			'MP4 timescale 2^32 - 1',
			movie({ timescale: 0xffffffff, duration: 5 }),
			'mp4',
			/timescale .* absurd/,
		],
		['MP4 v1 duration 2^60', movie({ mvhdV1: true, duration: 2 ** 60 }), 'mp4', /over the 24 h/],
	] as Array<[string, Buffer, MediaFacts['format'], RegExp]>)(
		'%s',
		(_name, bytes, format, problem) => expectFacts(bytes, none(format, problem)),
	);

	test('at the bounds the facts are believed', () => {
		expectFacts(pngSized(50_000, 10_000), {
			format: 'png',
			width: 50_000,
			height: 10_000,
			durationSeconds: null,
		});
		expectFacts(movie({ timescale: 1, duration: 86_400 }), {
			format: 'mp4',
			width: 1920,
			height: 1080,
			durationSeconds: 86_400,
		});
	});
});

describe('MP4 and MOV', () => {
	test('moov after a 200 MB mdat, fed as one reused 1 MiB piece: the facts, and no allocation', () => {
		const mib = 1024 * 1024;
		const parts = movieParts({
			moovLast: true,
			mdatBytes: 200 * mib,
			tracks: [{ handler: 'vide', width: 3840, height: 2160, rotation: 90 }],
		});
		const piece = new Uint8Array(mib);
		const probe = new MediaProbe();
		probe.feed(parts.head);
		const before = process.memoryUsage();
		for (let i = 0; i < 200; i++) probe.feed(piece);
		const after = process.memoryUsage();
		expect(probe.done).toBe(false);
		for (const p of split(parts.tail, 7, 64)) probe.feed(p);
		expect(probe.done).toBe(true);
		expect(probe.finish()).toEqual({
			format: 'mp4',
			width: 2160,
			height: 3840,
			durationSeconds: 12.345,
		});
		expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(4 * mib);
		expect(after.heapUsed - before.heapUsed).toBeLessThan(16 * mib);
	});

	test("moov and its last trak both sized 0 (to the end of the file): the file's end closes the track", () => {
		const sizedToEnd = (b: Buffer) => {
			const c = Buffer.from(b);
			c.writeUInt32BE(0, 0);
			return c;
		};
		const mvhdOnly = moov({ tracks: [] }).subarray(8);
		const open = Buffer.concat([
			u32(0),
			Buffer.from('moov', 'latin1'),
			mvhdOnly,
			sizedToEnd(trak({ handler: 'vide', width: 640, height: 480 })),
		]);
		const file = Buffer.concat([ftyp('isom', 'isom'), box('mdat', Buffer.alloc(100)), open]);
		for (const facts of factsInEverySplit(file))
			expect(facts).toEqual({ format: 'mp4', width: 640, height: 480, durationSeconds: 12.345 });
	});

	test('moov after a 5 GB mdat with a 64-bit size: positions past 4 GB', () => {
		const mib = 1024 * 1024;
		const parts = movieParts({ moovLast: true, largeMdat: true, mdatBytes: 5 * 1024 * mib });
		const piece = new Uint8Array(mib);
		const probe = new MediaProbe();
		probe.feed(parts.head);
		for (let i = 0; i < 5 * 1024; i++) probe.feed(piece);
		probe.feed(parts.tail);
		expect(probe.finish()).toEqual({
			format: 'mp4',
			width: 1920,
			height: 1080,
			durationSeconds: 12.345,
		});
	});

	test('moov first: done before the mdat, and feed is then a no-op', () => {
		const bytes = makeMp4(320, 240, 5300, 'done');
		const moovEnd = bytes.indexOf(Buffer.from('free')) - 4;
		const probe = new MediaProbe();
		probe.feed(bytes.subarray(0, moovEnd));
		expect(probe.done).toBe(true);
		probe.feed(Buffer.from('garbage that is not a box at all'));
		expect(probe.finish()).toEqual({
			format: 'mp4',
			width: 320,
			height: 240,
			durationSeconds: 5.3,
		});
		expect(probe.finish()).toEqual(probe.finish());
	});

	test('a fragmented MP4 without mehd: the size, and no duration with a reason', () =>
		expectFacts(movie({ fragmented: true, duration: 0 }), {
			format: 'mp4',
			width: 1920,
			height: 1080,
			durationSeconds: null,
			problem: 'the MP4 is fragmented and its moov gives no duration (no mehd box)',
		}));

	test('audio only: the duration, and no size with a reason', () =>
		expectFacts(movie({ tracks: [{ handler: 'soun', width: 0, height: 0 }] }), {
			format: 'mp4',
			width: null,
			height: null,
			durationSeconds: 12.345,
			problem: 'the MP4 has no video track',
		}));

	test('an unknown or zero duration', () => {
		expectFacts(
			movie({ duration: 0xffffffff }),
			expect.objectContaining({
				durationSeconds: null,
				problem: "the MP4's mvhd says its duration is unknown",
				width: 1920,
			}),
		);
		expectFacts(
			movie({ duration: 0 }),
			expect.objectContaining({
				durationSeconds: null,
				problem: "the MP4's duration is 0",
				width: 1920,
			}),
		);
	});

	const withSize = (bytes: Buffer, type: string, size: number): Buffer => {
		const copy = Buffer.from(bytes);
		copy.writeUInt32BE(size >>> 0, copy.indexOf(Buffer.from(type)) - 4);
		return copy;
	};
	const moovFirst = movie();
	const moovLast = movie({ moovLast: true, mdatBytes: 1000 });
	test.each([
		[
			'moov too small for its mvhd',
			withSize(moovFirst, 'moov', 40),
			/a box's size runs past the end of its parent/,
		],
		[
			'trak bigger than moov',
			withSize(moovFirst, 'trak', 100_000),
			/runs past the end of its parent/,
		],
		['tkhd bigger than trak', withSize(moovFirst, 'tkhd', 5000), /runs past the end of its parent/],
		['a box of size 4', withSize(moovFirst, 'mvhd', 4), /smaller than its header/],
		[
			'mdat bigger than the file',
			withSize(moovLast, 'mdat', 50_000),
			/the MP4 ends before its moov box \(the mdat box runs past it\)/,
		],
		[
			'mdat of size 0 before moov',
			withSize(moovLast, 'mdat', 0),
			/no moov box before its mdat box, which runs to the end of the file/,
		],
		['ftyp of size 0', withSize(moovLast, 'ftyp', 0), /no moov box before its ftyp box/],
		[
			'truncated in moov',
			moovFirst.subarray(0, moovFirst.indexOf(Buffer.from('mdia'))),
			/the MP4 ends inside its moov box/,
		],
	] as Array<[string, Buffer, RegExp]>)('%s', (_name, bytes, problem) =>
		expectFacts(bytes, none('mp4', problem)),
	);

	test('a 64-bit size that lies', () => {
		const head = ftyp('isom');
		const tail = moov({});
		for (const [claimed, problem] of [
			[8n, /smaller than its header/],
			[2n ** 63n, /64-bit size is absurd/],
			[2n ** 64n - 1n, /64-bit size is absurd/],
			[1000n, /the MP4 ends before its moov box/],
		] as Array<[bigint, RegExp]>)
			expectFacts(
				Buffer.concat([head, largeBox('mdat', Buffer.alloc(64), claimed), tail]),
				none('mp4', problem),
			);
		const inside = Buffer.concat([head, box('moov', largeBox('trak', Buffer.alloc(8), 4000n))]);
		expectFacts(inside, none('mp4', /runs past the end of its parent/));
	});

	test('a moov of size 0 runs to the end of the file', () => {
		const bytes = Buffer.concat([ftyp('isom'), box('mdat', Buffer.alloc(10)), moov({})]);
		bytes.writeUInt32BE(0, bytes.lastIndexOf(Buffer.from('moov')) - 4);
		expectFacts(bytes, { format: 'mp4', width: 1920, height: 1080, durationSeconds: 12.345 });
	});

	test('a moov of size 0 whose last box has size 0 too', () => {
		const start = Buffer.concat([ftyp('isom'), box('mdat', Buffer.alloc(10))]);
		const inner = moov({}).subarray(8);
		const udta = box('udta', Buffer.alloc(30));
		udta.writeUInt32BE(0, 0);
		const bytes = Buffer.concat([start, box('moov'), inner, udta]);
		bytes.writeUInt32BE(0, start.length);
		expectFacts(bytes, { format: 'mp4', width: 1920, height: 1080, durationSeconds: 12.345 });
	});

	test('tkhd or mvhd too short', () => {
		const shortMvhd = Buffer.concat([ftyp('qt  '), box('moov', fullBox('mvhd', 0, 0, u32(0, 0)))]);
		expectFacts(
			shortMvhd,
			expect.objectContaining({
				format: 'mov',
				durationSeconds: null,
				problem: expect.stringMatching(/mvhd box is too short/),
			}),
		);
		const shortTkhd = Buffer.concat([
			ftyp('isom'),
			box('moov', box('trak', fullBox('tkhd', 0, 0, u32(0)))),
		]);
		expectFacts(shortTkhd, none('mp4', /no mvhd box; the MP4 has no video track/));
	});
});

describe('HEIC', () => {
	test('a meta box over 1 MiB is not held', () =>
		expectFacts(
			heic({ metaPadding: 1024 * 1024 }),
			none('heic', /meta box is over the 1024 KiB read/),
		));
	test('a meta child whose size lies', () => {
		const bytes = heic();
		bytes.writeUInt32BE(9999, bytes.indexOf(Buffer.from('ipco')) - 4);
		expectFacts(bytes, none('heic', /runs past the end of its parent/));
	});
	test('an ipma pointing past ipco falls back to the largest ispe', () => {
		const bytes = heic({ irot: 1 });
		const ipma = bytes.indexOf(Buffer.from('ipma'));
		bytes[ipma + 4 + 4 + 4 + 2 + 1 + 1] = 0x80 | 99; // item 1's ispe → property 99
		expectFacts(bytes, { format: 'heic', width: 3024, height: 4032, durationSeconds: null });
	});
	test('no ispe at all', () =>
		expectFacts(heic({ sizes: [] }), none('heic', /gives no image size \(ispe\)/)));
	test('the file ends before meta', () =>
		expectFacts(ftyp('heic', 'mif1'), none('heic', /the HEIC ends before its meta box/)));
});

describe('JPEG', () => {
	test.each([
		['an IFD offset past the block', exifApp1(6, { ifdOffset: 5000 })],
		['an IFD offset inside the header', exifApp1(6, { ifdOffset: 2 })],
		['an IFD offset of 2^32 - 1', exifApp1(6, { ifdOffset: 0xffffffff })],
		['orientation as a LONG', exifApp1(6, { type: 4 })],
		['orientation 9', exifApp1(9)],
		[
			'a TIFF header that is neither II nor MM',
			Buffer.from(exifApp1(6).toString('latin1').replace('MM', 'XX'), 'latin1'),
		],
	])('EXIF with %s is ignored, as viewers ignore it', (_name, app1) =>
		expectFacts(jpegWith(400, 300, app1), {
			format: 'jpeg',
			width: 400,
			height: 300,
			durationSeconds: null,
		}),
	);

	const app0 = segment(0xe0, Buffer.alloc(10));
	test.each([
		['one stray byte', Buffer.concat([app0, Buffer.from([0x00])])],
		['stray bytes then fill', Buffer.concat([app0, Buffer.from([0x41, 0x42, 0xff, 0xff])])],
		['a line feed', Buffer.concat([app0, Buffer.from([0x0a])])],
	])('%s before a marker is skipped, as decoders skip it', (_name, stray) =>
		expectFacts(jpegWith(400, 300, stray), {
			format: 'jpeg',
			width: 400,
			height: 300,
			durationSeconds: null,
		}),
	);

	test('an IFD that claims 65,535 entries in a short block', () => {
		const app1 = exifApp1(6);
		app1.writeUInt16BE(0xffff, 4 + 6 + 8);
		app1.writeUInt16BE(0x0100, 4 + 6 + 10); // the one entry there is ImageWidth
		expectFacts(jpegWith(400, 300, app1), {
			format: 'jpeg',
			width: 400,
			height: 300,
			durationSeconds: null,
		});
	});

	const soi = Buffer.from([0xff, 0xd8]);
	test.each([
		['DNL: height 0', jpegSized(640, 0), /height is set later in the file \(DNL\)/],
		[
			'SOS before a frame header',
			Buffer.concat([soi, segment(0xda, Buffer.alloc(6)), Buffer.alloc(50)]),
			/image data starts before its frame header/,
		],
		[
			'EOI before a frame header',
			Buffer.concat([soi, segment(0xfe, Buffer.alloc(20)), Buffer.from([0xff, 0xd9])]),
			/ends \(EOI\)/,
		],
		[
			'a segment length below 2',
			Buffer.concat([soi, Buffer.from([0xff, 0xe0, 0, 1]), Buffer.alloc(40)]),
			/length is less than 2/,
		],
		[
			'a frame header of 3 bytes',
			Buffer.concat([soi, segment(0xc0, Buffer.alloc(3)), Buffer.alloc(40)]),
			/frame header is too short/,
		],
		[
			'no marker after a segment, to the end',
			Buffer.concat([soi, segment(0xe0, Buffer.alloc(10)), Buffer.alloc(40, 0x41)]),
			/the JPEG ends before its frame header/,
		],
		[
			'stray bytes without end',
			Buffer.concat([soi, segment(0xe0, Buffer.alloc(10)), Buffer.alloc(70_000, 0x41)]),
			/no frame header in its first 65,536 markers/,
		],
		[
			'only SOI',
			Buffer.concat([soi, Buffer.from([0xff])]),
			/the JPEG ends before its frame header/,
		],
	] as Array<[string, Buffer, RegExp]>)('%s', (_name, bytes, problem) =>
		expectFacts(bytes, none('jpeg', problem)),
	);

	test.each([
		[
			'64 KiB APP2 segments',
			segment(0xe2, Buffer.alloc(65_533)),
			/no frame header in its first 16 MiB/,
		],
		['empty APP3 segments', segment(0xe3, Buffer.alloc(0)), /first 65,536 markers/],
		['fill bytes', Buffer.alloc(4096, 0xff), /first 65,536 markers and fill bytes/],
	] as Array<[string, Buffer, RegExp]>)(
		'endless %s: done early with a reason',
		(_name, repeated, problem) => {
			const probe = new MediaProbe();
			probe.feed(Buffer.from([0xff, 0xd8]));
			let fed = 2;
			while (!probe.done && fed < 64 * 1024 * 1024) {
				probe.feed(repeated);
				fed += repeated.length;
			}
			expect(probe.done).toBe(true);
			expect(fed).toBeLessThanOrEqual(16 * 1024 * 1024 + 2 * 65_537);
			expect(probe.finish()).toEqual(none('jpeg', problem));
		},
	);
});

test('endless small boxes before moov: done after 10,000 with a reason', () => {
	const probe = new MediaProbe();
	probe.feed(ftyp('isom'));
	const frees = Buffer.concat(Array.from({ length: 1000 }, () => box('free')));
	for (let i = 0; i < 100 && !probe.done; i++) probe.feed(frees);
	expect(probe.done).toBe(true);
	expect(probe.finish()).toEqual(none('mp4', /over 10,000 boxes/));
});

describe('other formats and unknown files', () => {
	test.each([
		[
			'PNG whose first chunk is not IHDR',
			Buffer.from(makePng(4, 4, 1, 'x').toString('latin1').replace('IHDR', 'IHDX'), 'latin1'),
			'png',
			/first chunk is not IHDR/,
		],
		[
			'WebP with an unknown chunk',
			Buffer.from(webp('VP8X', 4, 4).toString('latin1').replace('VP8X', 'ALPH'), 'latin1'),
			'webp',
			/not VP8, VP8L or VP8X/,
		],
		[
			'WebP VP8 inter frame',
			(() => {
				const b = webp('VP8 ', 4, 4);
				b[20] |= 1;
				return b;
			})(),
			'webp',
			/key frame/,
		],
		[
			'WebP VP8L bad signature',
			(() => {
				const b = webp('VP8L', 4, 4);
				b[20] = 0;
				return b;
			})(),
			'webp',
			/signature/,
		],
		['GIF of 8 bytes', Buffer.from('GIF89a\x01\x00'), 'gif', /ends before its logical screen size/],
		['an empty file', Buffer.alloc(0), null, /the file is empty/],
		[
			'text',
			Buffer.from('just some words, and more words'),
			null,
			/not a JPEG, PNG, GIF, WebP, HEIC, MP4 or MOV file/,
		],
		[
			'three bytes of JPEG',
			Buffer.from([0xff, 0xd8, 0xff]),
			'jpeg',
			/ends before its frame header/,
		],
		[
			'a zip',
			Buffer.from('PK\x03\x04\x14\x00\x00\x00\x00\x00\x00\x00\x00\x00'),
			null,
			/not a JPEG/,
		],
	] as Array<[string, Buffer, MediaFacts['format'], RegExp]>)(
		'%s',
		(_name, bytes, format, problem) => expectFacts(bytes, none(format, problem)),
	);
});

test('an ftyp of size 0 in a file shorter than the 1 KiB read of it', () =>
	expectFacts(
		Buffer.concat([ftyp('isom'), moov({})]).fill(0, 0, 4),
		none(null, /the file ends inside its ftyp box/),
	));
