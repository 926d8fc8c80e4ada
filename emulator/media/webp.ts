// A real WebP: extended format (VP8X) with a lossless (VP8L) picture in one flat colour, and an
// XMP chunk carrying the comment that makes the bytes unique. The VP8L stream has no transforms
// and five one-symbol prefix codes, so every pixel costs no bits: the stream is a few bytes
// whatever the size (up to VP8L's 16384×16384).

/** LSB-first bit writer (VP8L's order). */
class LsbBits {
	private bytes: number[] = [];
	private acc = 0;
	private n = 0;

	write(value: number, bits: number): void {
		for (let i = 0; i < bits; i++) {
			this.acc |= ((value >>> i) & 1) << this.n;
			if (++this.n === 8) {
				this.bytes.push(this.acc);
				this.acc = 0;
				this.n = 0;
			}
		}
	}

	finish(): Buffer {
		if (this.n > 0) this.bytes.push(this.acc);
		return Buffer.from(this.bytes);
	}
}

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.write(type, 0, 'ascii');
	head.writeUInt32LE(data.length, 4);
	// Chunks start on even offsets: an odd payload gets a zero byte that its size leaves out.
	return Buffer.concat([head, data, Buffer.alloc(data.length % 2)]);
}

function vp8l(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
	const w = new LsbBits();
	w.write(0x2f, 8); // signature
	w.write(width - 1, 14);
	w.write(height - 1, 14);
	w.write(0, 1); // alpha_is_used
	w.write(0, 3); // version
	w.write(0, 1); // no transform
	w.write(0, 1); // no colour cache
	w.write(0, 1); // no meta prefix codes: one group for the whole picture
	// Green, red, blue, alpha, distance: each a simple code of one symbol.
	for (const symbol of [g, r, b, 255, 0]) {
		w.write(1, 1); // simple code
		w.write(0, 1); // one symbol
		const wide = symbol > 1;
		w.write(wide ? 1 : 0, 1);
		w.write(symbol, wide ? 8 : 1);
	}
	return w.finish();
}

export function makeWebp(width: number, height: number, hue: number, comment: string): Buffer {
	const header = Buffer.alloc(10);
	header[0] = 0x04; // XMP present
	header.writeUIntLE(width - 1, 4, 3);
	header.writeUIntLE(height - 1, 7, 3);
	const colour: [number, number, number] = [hue & 0xff, (hue * 3 + 90) & 0xff, 200];
	const body = Buffer.concat([
		Buffer.from('WEBP', 'ascii'),
		chunk('VP8X', header),
		chunk('VP8L', vp8l(width, height, colour)),
		chunk('XMP ', Buffer.from(comment, 'utf8')),
	]);
	const riff = Buffer.alloc(8);
	riff.write('RIFF', 0, 'ascii');
	riff.writeUInt32LE(body.length, 4);
	return Buffer.concat([riff, body]);
}
