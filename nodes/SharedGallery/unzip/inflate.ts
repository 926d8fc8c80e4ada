import { Inflate } from 'fflate';

import { StreamArchiveError, streamStats } from './budget';
import type { RawData } from './descriptor';

/**
 * Compressed bytes per inflate step. Deflate inflates at most about 1,032× what it is given,
 * so one step holds at most about 16 MB before the caps count it: a bomb stops at its cap
 * within that.
 */
export const INFLATE_STEP = 16 * 1024;

/**
 * An entry's deflated bytes → its file's pieces. The runtime's own inflater
 * (`DecompressionStream`, zlib inside Node 20 and 24: about twice fflate's speed) where there is
 * one without an import; fflate where there is none. Both stop where the consumer stops.
 */
export function inflate(
	stored: AsyncGenerator<Buffer, RawData>,
	name: string,
): AsyncGenerator<Uint8Array, RawData> {
	const stream = nativeStream();
	if (stream) {
		streamStats.nativeInflates++;
		return nativeInflate(stream, stored, name);
	}
	return fflateInflate(stored, name);
}

/** A raw-deflate `DecompressionStream`, when the runtime has one. */
function nativeStream(): DecompressionStream | undefined {
	if (typeof DecompressionStream !== 'function') return undefined;
	try {
		return new DecompressionStream('deflate-raw');
	} catch {
		// A runtime without the 'deflate-raw' format.
		return undefined;
	}
}

function corrupt(name: string, error: unknown): StreamArchiveError {
	const message = error instanceof Error ? error.message : String(error ?? 'inflate failed');
	return new StreamArchiveError(`"${name}" is corrupt (${message})`);
}

const ignore = () => undefined;

/** Inflated bytes read ahead of the consumer (the caps count them as it takes them). */
const READ_AHEAD = 1024 * 1024;

/**
 * One side writes the stored bytes in steps, the other reads what they inflate to. A write
 * waits until what it inflated is read (the stream's back-pressure), so the consumer counts
 * every piece against the caps before more is inflated.
 */
async function* nativeInflate(
	stream: DecompressionStream,
	stored: AsyncGenerator<Buffer, RawData>,
	name: string,
): AsyncGenerator<Uint8Array, RawData> {
	const writer = stream.writable.getWriter();
	const reader = stream.readable.getReader();
	let raw: RawData | undefined;
	/** The stored bytes' own error (the archive cut short, a cap): thrown as it is. */
	let sourceFailure: { error: unknown } | undefined;
	/** The write before this one: done (true) or failed. */
	let previous = Promise.resolve(true);
	const pump = (async () => {
		for (;;) {
			let next: IteratorResult<Buffer, RawData>;
			try {
				next = await stored.next();
			} catch (error) {
				sourceFailure = { error };
				await writer.abort(error).catch(ignore);
				return;
			}
			if (next.done) {
				raw = next.value;
				// A stream that ends early rejects this; the reading side reports it.
				await writer.close().catch(ignore);
				return;
			}
			// Whole pieces: zlib inflates a piece only as fast as its output is read, so a bomb
			// inflates no further ahead of the caps than the stream's small buffers.
			// A Buffer is a BufferSource; its type allows a SharedArrayBuffer, which the body never is.
			const piece = next.value as Uint8Array<ArrayBuffer>;
			// Queued behind the piece zlib is on: zlib goes on to it at once instead of idling
			// while the next is fetched. One piece waits at most: the one before must be done
			// first. A write fails only when inflating failed: the reading side reports that.
			if (!(await previous)) return;
			previous = writer.write(piece).then(
				() => true,
				() => false,
			);
		}
	})();
	// Read ahead of the consumer, so that zlib (on libuv's threads, a round trip per 16 KiB it
	// gives) works while the store writes: up to READ_AHEAD bytes wait here, uncounted.
	const queue: Uint8Array[] = [];
	let queued = 0;
	let drained = false;
	let stopped = false;
	let readFailure: { error: unknown } | undefined;
	let wakeConsumer: (() => void) | undefined;
	let wakeReader: (() => void) | undefined;
	const drain = (async () => {
		try {
			for (;;) {
				while (queued >= READ_AHEAD && !stopped) await new Promise<void>((r) => (wakeReader = r));
				if (stopped) return;
				const result = await reader.read();
				if (result.done) return;
				queue.push(result.value);
				queued += result.value.length;
				wakeConsumer?.();
			}
		} catch (error) {
			readFailure = { error };
		} finally {
			drained = true;
			wakeConsumer?.();
		}
	})();
	let finished = false;
	try {
		for (;;) {
			while (!queue.length && !drained) await new Promise<void>((r) => (wakeConsumer = r));
			const piece = queue.shift();
			if (!piece) break;
			queued -= piece.length;
			wakeReader?.();
			yield piece;
		}
		await Promise.all([pump, drain]);
		if (sourceFailure) throw sourceFailure.error;
		if (readFailure) throw corrupt(name, readFailure.error);
		finished = true;
		return raw!;
	} finally {
		if (!finished) {
			// The consumer stopped (a cap) or it failed: nothing more is written or inflated.
			stopped = true;
			wakeReader?.();
			void reader.cancel().catch(ignore);
			void writer.abort().catch(ignore);
		}
	}
}

/** fflate's streaming inflater, fed in steps, its output handed on piece by piece. */
async function* fflateInflate(
	stored: AsyncGenerator<Buffer, RawData>,
	name: string,
): AsyncGenerator<Uint8Array, RawData> {
	const out: Uint8Array[] = [];
	let ended = false;
	const inflater = new Inflate((chunk, final) => {
		out.push(chunk);
		if (final) ended = true;
	});
	const push = (compressed: Uint8Array, final: boolean): Uint8Array[] => {
		// What follows the end of the deflate stream inside the entry is not part of the file.
		if (ended) return [];
		try {
			inflater.push(compressed, final);
		} catch (error) {
			throw corrupt(name, error);
		}
		return out.splice(0);
	};
	for (;;) {
		const next = await stored.next();
		if (next.done) {
			for (const piece of push(new Uint8Array(0), true)) yield piece;
			return next.value;
		}
		for (let at = 0; at < next.value.length; at += INFLATE_STEP)
			for (const piece of push(next.value.subarray(at, at + INFLATE_STEP), false)) yield piece;
	}
}
