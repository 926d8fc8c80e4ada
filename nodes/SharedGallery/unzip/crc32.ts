/**
 * CRC-32 (IEEE), slicing by 16: the standard library's zlib is off limits here. Measured on
 * 64 MiB in 64 KiB pieces (2 shared cores): 370-480 MB/s on Node 20 and 570-640 MB/s on Node 24,
 * against 340-380 and 300-525 MB/s slicing by 8.
 */
const CRC_TABLES = (() => {
	const tables = new Int32Array(256 * 16);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		tables[n] = c;
	}
	for (let n = 0; n < 256; n++) {
		let c = tables[n];
		for (let t = 1; t < 16; t++) {
			c = tables[c & 0xff] ^ (c >>> 8);
			tables[t * 256 + n] = c;
		}
	}
	return tables;
})();

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export function crc32(data: Uint8Array, previous = 0): number {
	const t = CRC_TABLES;
	let crc = ~previous;
	let i = 0;
	const n = data.length;
	if (LITTLE_ENDIAN && n >= 64) {
		// Whole 32-bit words straight from memory: up to the first aligned byte, then 16 bytes a step.
		for (; i < n && (data.byteOffset + i) & 3; i++) crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
		const quads = (n - i) >>> 4;
		const words = new Int32Array(data.buffer, data.byteOffset + i, quads * 4);
		for (let w = 0; w < words.length; w += 4) {
			const a = words[w] ^ crc;
			const b = words[w + 1];
			const c = words[w + 2];
			const d = words[w + 3];
			crc =
				t[3840 + (a & 0xff)] ^
				t[3584 + ((a >>> 8) & 0xff)] ^
				t[3328 + ((a >>> 16) & 0xff)] ^
				t[3072 + (a >>> 24)] ^
				t[2816 + (b & 0xff)] ^
				t[2560 + ((b >>> 8) & 0xff)] ^
				t[2304 + ((b >>> 16) & 0xff)] ^
				t[2048 + (b >>> 24)] ^
				t[1792 + (c & 0xff)] ^
				t[1536 + ((c >>> 8) & 0xff)] ^
				t[1280 + ((c >>> 16) & 0xff)] ^
				t[1024 + (c >>> 24)] ^
				t[768 + (d & 0xff)] ^
				t[512 + ((d >>> 8) & 0xff)] ^
				t[256 + ((d >>> 16) & 0xff)] ^
				t[d >>> 24];
		}
		i += quads * 16;
	}
	// The rest (and every byte on a big-endian machine): a byte at a time.
	for (; i < n; i++) crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
	return ~crc >>> 0;
}
