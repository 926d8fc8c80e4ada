// Timers that close() can cut short, so a closed emulator leaves nothing running.

export class Lifecycle {
	closed = false;
	private readonly waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

	/** Resolves after `ms`, or at once when the emulator closes. */
	sleep(ms: number): Promise<void> {
		if (this.closed || ms <= 0) return Promise.resolve();
		return new Promise((resolve) => {
			const w = {
				timer: setTimeout(() => {
					this.waits.delete(w);
					resolve();
				}, ms),
				resolve,
			};
			this.waits.add(w);
		});
	}

	close(): void {
		this.closed = true;
		for (const w of this.waits) {
			clearTimeout(w.timer);
			w.resolve();
		}
		this.waits.clear();
	}
}
