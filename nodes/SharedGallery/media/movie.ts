// MP4/MOV facts from the boxes of moov the walker hands over: mvhd (duration, timescale), each
// trak's tkhd (size, matrix) and mdia/hdlr (track type), mvex/mehd (fragmented files).
import { s32, u32, u64 } from './bytes';
import { factsOf, noFacts } from './bounds';
import { FORMAT_NAME, type MediaFacts, type MediaFormat } from './facts';

/** Past this many units a second, a timescale is not a clock a muxer would use. */
const MAX_TIMESCALE = 1_000_000_000;
const VIDE = 0x76696465;

interface Track {
	width: number;
	height: number;
	handler: number;
}

export class Movie {
	private timescale: number | null = null;
	/** In timescale units; null when mvhd says "unknown" (all ones). */
	private duration: number | null = null;
	private fragmented = false;
	private fragmentDuration: number | null = null;
	private track: Track = { width: 0, height: 0, handler: 0 };
	private video: Track | null = null;
	private sized: Track | null = null;
	private problem = '';

	mvhd(b: Uint8Array, at: number, n: number): void {
		const v1 = b[at] === 1;
		if (n < (v1 ? 32 : 20)) {
			this.problem = 'the mvhd box is too short';
			return;
		}
		this.timescale = u32(b, at + (v1 ? 20 : 12));
		const duration = v1 ? u64(b, at + 24) : u32(b, at + 16);
		this.duration = duration === (v1 ? 2 ** 64 - 1 : 0xffffffff) ? null : duration;
	}

	tkhd(b: Uint8Array, at: number, n: number): void {
		const v1 = b[at] === 1;
		const matrix = at + (v1 ? 52 : 40);
		if (n < (v1 ? 96 : 84)) return;
		// 16.16 fixed point; a 90° or 270° matrix (a = d = 0) shows the picture turned.
		const width = Math.round(u32(b, matrix + 36) / 0x10000);
		const height = Math.round(u32(b, matrix + 40) / 0x10000);
		const turned = s32(b, matrix) === 0 && s32(b, matrix + 16) === 0 && s32(b, matrix + 4) !== 0;
		this.track.width = turned ? height : width;
		this.track.height = turned ? width : height;
	}

	hdlr(b: Uint8Array, at: number, n: number): void {
		if (n >= 12) this.track.handler = u32(b, at + 8);
	}

	mvex(): void {
		this.fragmented = true;
	}

	mehd(b: Uint8Array, at: number, n: number): void {
		const v1 = b[at] === 1;
		if (n >= (v1 ? 12 : 8)) this.fragmentDuration = v1 ? u64(b, at + 4) : u32(b, at + 4);
	}

	openTrack(): void {
		this.track = { width: 0, height: 0, handler: 0 };
	}

	/** The video track is the first whose handler is 'vide', else the first with a size. */
	closeTrack(): void {
		if (this.track.handler === VIDE) this.video ??= this.track;
		else if (this.track.width > 0 && this.track.height > 0) this.sized ??= this.track;
	}

	facts(format: MediaFormat): MediaFacts {
		const name = FORMAT_NAME[format];
		if (this.timescale === 0) return noFacts(format, `the ${name}'s timescale is 0`);
		if (this.timescale !== null && this.timescale > MAX_TIMESCALE)
			return noFacts(format, `the ${name}'s timescale of ${this.timescale} a second is absurd`);
		const problems: string[] = this.problem ? [this.problem] : [];
		const seconds = this.seconds(name, problems);
		const track = this.video ?? this.sized;
		if (!track) problems.push(`the ${name} has no video track`);
		return factsOf(
			format,
			track ? track.width : null,
			track ? track.height : null,
			seconds,
			problems.join('; ') || undefined,
		);
	}

	private seconds(name: string, problems: string[]): number | null {
		if (this.timescale === null) {
			if (!this.problem) problems.push(`the ${name} has no mvhd box`);
			return null;
		}
		let units = this.duration;
		if (this.fragmented) {
			units = this.fragmentDuration;
			if (units === null) {
				problems.push(`the ${name} is fragmented and its moov gives no duration (no mehd box)`);
				return null;
			}
		} else if (units === null) {
			problems.push(`the ${name}'s mvhd says its duration is unknown`);
			return null;
		}
		if (units === 0) {
			problems.push(`the ${name}'s duration is 0`);
			return null;
		}
		const seconds = Math.round((units / this.timescale) * 1000) / 1000;
		if (seconds === 0) problems.push(`the ${name}'s duration is under a millisecond`);
		return seconds === 0 ? null : seconds;
	}
}
