// The emulator's clock: real time (or an injected source) plus an adjustable offset.
import type { Clock } from './types';

export function makeClock(source: () => number = Date.now): Clock {
	let offset = 0;
	return {
		now: () => source() + offset,
		advance(ms: number) {
			offset += ms;
		},
		set(ms: number) {
			offset = ms - source();
		},
	};
}
