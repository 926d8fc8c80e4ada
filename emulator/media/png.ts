// A real PNG: an RGB gradient, with a tEXt "Comment" chunk that makes the bytes unique.
import * as zlib from 'zlib';
import { crc32 } from '../zip/crc32';

function chunk(type: string, data: Buffer): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

export function makePng(width: number, height: number, hue: number, comment: string): Buffer {
	const row = 1 + width * 3;
	const raw = Buffer.alloc(row * height);
	for (let y = 0; y < height; y++) {
		// Filter "Sub": each byte is stored as the difference from the pixel to its left.
		raw[y * row] = 1;
		const green = Math.floor((y * 255) / height);
		for (let x = 0; x < width; x++) {
			const o = y * row + 1 + x * 3;
			const red = Math.floor(hue + (x * 255) / width) & 0xff;
			const prevRed = x === 0 ? 0 : Math.floor(hue + ((x - 1) * 255) / width) & 0xff;
			raw[o] = (red - prevRed) & 0xff;
			raw[o + 1] = x === 0 ? green : 0;
			raw[o + 2] = x === 0 ? (hue * 3 + 128) & 0xff : 0;
		}
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = 8; // bit depth
	ihdr[9] = 2; // colour type: RGB
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', ihdr),
		chunk('tEXt', Buffer.from(`Comment\0${comment}`, 'latin1')),
		chunk('IDAT', zlib.deflateSync(raw)),
		chunk('IEND', Buffer.alloc(0)),
	]);
}
