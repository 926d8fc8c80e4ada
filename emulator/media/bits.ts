// MSB-first bit writer (JPEG entropy data, H.264 parameter sets).

export class BitWriter {
	private bytes: number[] = [];
	private acc = 0;
	private n = 0;

	/** `stuff`: JPEG byte stuffing (0xFF is followed by 0x00). */
	constructor(private readonly stuff = false) {}

	write(value: number, bits: number): void {
		for (let i = bits - 1; i >= 0; i--) {
			this.acc = (this.acc << 1) | ((value >>> i) & 1);
			if (++this.n === 8) this.flushByte();
		}
	}

	/** Unsigned Exp-Golomb (H.264 ue(v)). */
	ue(value: number): void {
		const v = value + 1;
		const len = Math.floor(Math.log2(v));
		this.write(0, len);
		this.write(v, len + 1);
	}

	/** Signed Exp-Golomb (H.264 se(v)). */
	se(value: number): void {
		this.ue(value <= 0 ? -2 * value : 2 * value - 1);
	}

	/** Whether the next bit starts a byte. */
	get aligned(): boolean {
		return this.n === 0;
	}

	/** Pad the last byte with `bit` and return the bytes. */
	finish(bit: 0 | 1): Buffer {
		while (this.n !== 0) this.write(bit, 1);
		return Buffer.from(this.bytes);
	}

	private flushByte(): void {
		this.bytes.push(this.acc);
		if (this.stuff && this.acc === 0xff) this.bytes.push(0);
		this.acc = 0;
		this.n = 0;
	}
}
