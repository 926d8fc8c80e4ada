// A real GIF89a: a 128-colour striped image with a comment extension that makes the bytes unique.
// LZW with 8-bit codes and a clear code every 100 pixels, so the code size never grows.

const MIN_CODE_SIZE = 7;
const CLEAR = 1 << MIN_CODE_SIZE;
const END = CLEAR + 1;

function subBlocks(data: Buffer): Buffer {
	const parts: Buffer[] = [];
	for (let i = 0; i < data.length; i += 255) {
		const piece = data.subarray(i, i + 255);
		parts.push(Buffer.from([piece.length]), piece);
	}
	parts.push(Buffer.from([0]));
	return Buffer.concat(parts);
}

/** `bytes`: the file's exact size (filler comment extensions); more than the picture needs. */
export function makeGif(
	width: number,
	height: number,
	hue: number,
	comment: string,
	bytes?: number,
): Buffer {
	const header = Buffer.alloc(13);
	header.write('GIF89a', 0, 'ascii');
	header.writeUInt16LE(width, 6);
	header.writeUInt16LE(height, 8);
	header[10] = 0x80 | 0x70 | (MIN_CODE_SIZE - 1); // global table, 8-bit colour, 128 entries
	const palette = Buffer.alloc(128 * 3);
	for (let i = 0; i < 128; i++) {
		palette[i * 3] = (hue + i * 2) & 0xff;
		palette[i * 3 + 1] = (i * 2) & 0xff;
		palette[i * 3 + 2] = (255 - i * 2) & 0xff;
	}
	const descriptor = Buffer.alloc(10);
	descriptor[0] = 0x2c;
	descriptor.writeUInt16LE(width, 5);
	descriptor.writeUInt16LE(height, 7);
	const codes: number[] = [CLEAR];
	let run = 0;
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			if (run === 100) {
				codes.push(CLEAR);
				run = 0;
			}
			codes.push(((x + y) >> 2) % 128);
			run++;
		}
	}
	codes.push(END);
	const image = [
		descriptor,
		Buffer.from([MIN_CODE_SIZE]),
		subBlocks(Buffer.from(codes)),
		Buffer.from([0x3b]),
	];
	const file = (text: string, filler: Buffer[] = []) =>
		Buffer.concat([header, palette, commentOf(Buffer.from(text, 'latin1')), ...filler, ...image]);
	const plain = file(comment);
	if (bytes === undefined || bytes === plain.length) return plain;
	const missing = bytes - plain.length;
	if (missing < 0) throw new Error(`makeGif: ${width}x${height} needs more than ${bytes} bytes`);
	// 1, 2 or 4 bytes: no extensions fit, so the comment (under 252 characters) grows instead.
	if (missing < 3 || missing === 4) return file(comment + ' '.repeat(missing));
	return file(comment, fillers(missing));
}

function commentOf(data: Buffer): Buffer {
	return Buffer.concat([Buffer.from([0x21, 0xfe]), subBlocks(data)]);
}

/**
 * Comment extensions of exactly `bytes` (3, or 5 and more) in all. One with d bytes of text
 * takes 3 + d + ceil(d / 255): every size but 256k + 4, so those get an empty one (3) first.
 */
function fillers(bytes: number): Buffer[] {
	const r = bytes - 3;
	if (r % 256 === 1) return [blankComment(0), ...fillers(bytes - 3)];
	return [blankComment(r - Math.floor(r / 256) - (r % 256 > 0 ? 1 : 0))];
}

/** commentOf(d spaces), written in place (megabytes of them). */
function blankComment(d: number): Buffer {
	const out = Buffer.alloc(3 + d + Math.ceil(d / 255), 0x20);
	out[0] = 0x21;
	out[1] = 0xfe;
	let p = 2;
	for (let left = d; left > 0; left -= 255) {
		out[p] = Math.min(255, left);
		p += out[p] + 1;
	}
	out[p] = 0;
	return out;
}
