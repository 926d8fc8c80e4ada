// JPEG: the size from the first SOFn segment, turned by the EXIF orientation (APP1) when it is
// 5-8. Segments are skipped by their length; only an EXIF APP1 is copied (at most 64 KiB, the
// largest a segment can be). Reading stops at the frame header, or at SOS / EOI without one.
import { u16, startsWith } from './bytes';
import { exifOrientation } from './exif';
import { factsOf, noFacts } from './bounds';
import type { MediaFacts } from './facts';
import { ByteReader } from './reader';

const WINDOW = 64 * 1024;
/** Where a JPEG still has no frame header, it is not a photo a platform would take. */
const HEADER_LIMIT = 16 * 1024 * 1024;
/** Markers and fill bytes before the frame header: real files have tens; this bounds the work. */
const MARKER_LIMIT = 65_536;
const APP1 = 0xe1;
const SOS = 0xda;
const EOI = 0xd9;

type State = 'soi' | 'marker' | 'seek' | 'fill' | 'length' | 'frame' | 'app1' | 'exif';

/** SOF0-SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
const isFrame = (marker: number) =>
	marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/** Markers without a length: TEM, RST0-7, SOI. */
const isStandalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);

export class JpegReader extends ByteReader {
	private state: State = 'soi';
	private marker = 0;
	/** The current segment's bytes after the ones asked for. */
	private rest = 0;
	private orientation = 0;
	private markers = 0;
	private result: MediaFacts | null = null;

	constructor() {
		super(WINDOW);
		this.ask(2);
	}

	finish(): MediaFacts {
		this.done = true;
		return this.result ?? noFacts('jpeg', 'the JPEG ends before its frame header');
	}

	protected step(b: Uint8Array, at: number, n: number): void {
		switch (this.state) {
			case 'soi':
				if (b[at] !== 0xff || b[at + 1] !== 0xd8) return this.stop('the file is not a JPEG');
				return this.nextMarker(0);
			case 'marker':
				if (b[at] === 0xff) return this.onMarker(b[at + 1]);
				// Stray bytes before a marker: decoders skip them (libjpeg warns "extraneous bytes
				// before marker"), so the reader does too, counted against the marker limit.
				return this.seek(b[at + 1]);
			case 'seek':
				return this.seek(b[at]);
			case 'fill':
				return this.onMarker(b[at]);
			case 'length':
				return this.onLength(u16(b, at) - 2);
			case 'frame':
				return this.onFrame(b, at);
			case 'app1':
				if (startsWith(b, at, n, 'Exif\0\0') && this.rest > 0 && this.orientation === 0) {
					this.state = 'exif';
					return this.ask(this.rest);
				}
				return this.nextMarker(this.rest);
			case 'exif':
				this.orientation = exifOrientation(b, at, n);
				return this.nextMarker(0);
		}
	}

	private nextMarker(skip: number): void {
		if (this.pos + skip > HEADER_LIMIT)
			return this.stop('the JPEG has no frame header in its first 16 MiB');
		this.state = 'marker';
		this.ask(2, skip);
	}

	/** One stray byte looked at: a 0xFF starts a marker (or its fill), anything else is skipped. */
	private seek(byte: number): void {
		if (++this.markers > MARKER_LIMIT)
			return this.stop('the JPEG has no frame header in its first 65,536 markers and fill bytes');
		this.state = byte === 0xff ? 'fill' : 'seek';
		this.ask(1);
	}

	private onMarker(marker: number): void {
		if (++this.markers > MARKER_LIMIT)
			return this.stop('the JPEG has no frame header in its first 65,536 markers and fill bytes');
		// Any number of 0xFF may pad the space before a marker.
		if (marker === 0xff) {
			this.state = 'fill';
			return this.ask(1);
		}
		if (marker === SOS) return this.stop("the JPEG's image data starts before its frame header");
		if (marker === EOI) return this.stop('the JPEG ends (EOI) before its frame header');
		if (marker === 0x00) return this.stop('the JPEG has other bytes where a marker should be');
		if (isStandalone(marker)) return this.nextMarker(0);
		this.marker = marker;
		this.state = 'length';
		this.ask(2);
	}

	private onLength(payload: number): void {
		if (payload < 0) return this.stop("a JPEG segment's length is less than 2");
		if (isFrame(this.marker)) {
			if (payload < 5) return this.stop("the JPEG's frame header is too short");
			this.state = 'frame';
			this.rest = payload - 5;
			return this.ask(5);
		}
		if (this.marker === APP1 && payload >= 6) {
			this.state = 'app1';
			this.rest = payload - 6;
			return this.ask(6);
		}
		this.nextMarker(payload);
	}

	private onFrame(b: Uint8Array, at: number): void {
		const height = u16(b, at + 1);
		const width = u16(b, at + 3);
		if (height === 0)
			return this.stop("the JPEG's height is set later in the file (DNL), not in its frame header");
		const turned = this.orientation >= 5;
		this.result = factsOf('jpeg', turned ? height : width, turned ? width : height, null);
		this.done = true;
	}

	private stop(problem: string): void {
		this.result = noFacts('jpeg', problem);
		this.done = true;
	}
}
