import type { IExecuteFunctions } from 'n8n-workflow';

/** What `prepareBinaryData` takes: a Buffer or a Node stream. */
export type BinarySource = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

type Listener = (...args: unknown[]) => void;

/** What looks at a file's pieces as they pass (the media header probe). */
export interface PieceProbe {
	readonly done: boolean;
	feed(piece: Uint8Array): void;
}

/**
 * Pieces smaller than `PASS_PIECE` (short socket reads, a TLS record's remainder) are gathered
 * to this size for the store, which writes each piece on its own (the file's last piece may be
 * less).
 */
export const STORE_PIECE = 256 * 1024;

/**
 * A piece this large goes to the store uncopied: the inflater's 16 KiB pieces, a full TLS
 * record, most socket reads. Every byte copied is a byte allocated, and allocated bytes bring
 * V8's next collection nearer (on Node 24 a full one, over all of n8n's heap). Measured in real
 * n8n, 200 MB, back to back: passing 16 KiB pieces instead of 64 KiB cut Get Download's time
 * by 12-27% on both versions, stored and deflated, though the store then writes more often
 * (docs/BENCHMARKS.md).
 */
export const PASS_PIECE = 16 * 1024;

/**
 * A file's bytes for n8n's binary data store, passed on as they arrive, so that the file is
 * never whole in memory here. n8n's stores read a stream in one of two ways, and both are
 * served:
 * - the file system store hands it to `fs.writeFile`, which takes any async iterable;
 * - the database, S3 and in-memory stores gather its 'data' events until 'end' (or 'error',
 *   'close'), and may `destroy` it when it idles.
 * A Node stream would do, but n8n's verification allows no import of Node's `stream`
 * (docs/VERIFICATION.md). Single use, like a stream. `bytes`: what passed so far.
 */
export class FileBody implements AsyncIterable<Buffer> {
	bytes = 0;

	/** The source's own error (a network break, a corrupt entry, a cap), not the store's. */
	sourceError: { error: unknown } | undefined;

	private readonly listeners = new Map<string, Array<{ listener: Listener; once: boolean }>>();

	private started = false;

	private destroyed = false;

	/**
	 * `probe` sees each piece as it arrives (to read the file's header facts), before any
	 * gathering: it never keeps a piece, and is not called again once it is done.
	 */
	constructor(
		private readonly source: AsyncIterable<Buffer>,
		private readonly probe?: PieceProbe,
	) {}

	/**
	 * Pieces of `STORE_PIECE` bytes or more (the last may be less), as the source's arrive; a
	 * piece of `PASS_PIECE` or more passes as it is, since copying it would cost more than the
	 * writes it saves.
	 */
	[Symbol.asyncIterator](): AsyncIterator<Buffer> {
		this.started = true;
		const iterator = this.source[Symbol.asyncIterator]();
		let end: IteratorResult<Buffer> | undefined;
		/** A large piece met while smaller ones were gathered: the next step's. */
		let waiting: Buffer | undefined;
		return {
			next: async () => {
				const parts: Buffer[] = [];
				let size = 0;
				while (!end && size < STORE_PIECE) {
					let piece = waiting;
					waiting = undefined;
					if (!piece) {
						let next: IteratorResult<Buffer> | undefined;
						try {
							next = await iterator.next();
						} catch (error) {
							this.sourceError = { error };
						}
						// Thrown as it is, out of the catch: callers tell its kind apart.
						if (!next) throw this.sourceError!.error;
						if (next.done) {
							end = next;
							break;
						}
						piece = next.value;
						if (this.probe && !this.probe.done) this.probe.feed(piece);
					}
					if (piece.length >= PASS_PIECE) {
						if (parts.length) waiting = piece;
						else {
							parts.push(piece);
							size = piece.length;
						}
						break;
					}
					parts.push(piece);
					size += piece.length;
				}
				if (!parts.length) return end!;
				this.bytes += size;
				return { done: false, value: parts.length === 1 ? parts[0] : Buffer.concat(parts, size) };
			},
			return: async () => (await iterator.return?.()) ?? { done: true, value: undefined },
		};
	}

	/** A 'data' listener starts the flow, as with a Node stream. */
	on(event: string, listener: Listener): this {
		return this.listen(event, listener, false);
	}

	once(event: string, listener: Listener): this {
		return this.listen(event, listener, true);
	}

	off(event: string, listener: Listener): this {
		const list = this.listeners.get(event);
		if (list)
			this.listeners.set(
				event,
				list.filter((entry) => entry.listener !== listener),
			);
		return this;
	}

	removeListener(event: string, listener: Listener): this {
		return this.off(event, listener);
	}

	/** Stops the flow; the store gave up on it. */
	destroy(): this {
		if (!this.destroyed) {
			this.destroyed = true;
			this.emit('close');
		}
		return this;
	}

	/** As a prepared binary's source: `prepareBinaryData` is typed for a Buffer or a Node stream. */
	asBinarySource(): BinarySource {
		return this as unknown as BinarySource;
	}

	private listen(event: string, listener: Listener, once: boolean): this {
		const list = this.listeners.get(event) ?? [];
		list.push({ listener, once });
		this.listeners.set(event, list);
		if (event === 'data' && !this.started) void this.flow();
		return this;
	}

	private emit(event: string, ...args: unknown[]): void {
		const list = this.listeners.get(event) ?? [];
		this.listeners.set(
			event,
			list.filter((entry) => !entry.once),
		);
		for (const { listener } of list) listener(...args);
	}

	/** 'data' events until the end, an error, or `destroy`: after which nothing more is pulled. */
	private async flow(): Promise<void> {
		const pieces = this[Symbol.asyncIterator]();
		let ended = false;
		try {
			while (!this.destroyed && !ended) {
				const next = await pieces.next();
				if (this.destroyed) break;
				if (next.done) ended = true;
				else this.emit('data', next.value);
			}
		} catch (error) {
			if (!this.destroyed) this.emit('error', error);
			this.destroy();
			return;
		}
		if (ended) this.emit('end');
		else await pieces.return?.();
		this.destroy();
	}
}
