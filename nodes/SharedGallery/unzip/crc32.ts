/** CRC-32 (IEEE), slicing by 8: the standard library's zlib is off limits here. */
const CRC_TABLES = (() => {
	const tables = new Int32Array(256 * 8);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		tables[n] = c;
	}
	for (let n = 0; n < 256; n++) {
		let c = tables[n];
		for (let t = 1; t < 8; t++) {
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
		// Whole 32-bit words straight from memory: up to the first aligned byte, then 8 bytes a step.
		for (; i < n && (data.byteOffset + i) & 3; i++) crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
		const pairs = (n - i) >>> 3;
		const words = new Int32Array(data.buffer, data.byteOffset + i, pairs * 2);
		for (let w = 0; w < words.length; w += 2) {
			const a = words[w] ^ crc;
			const b = words[w + 1];
			crc =
				t[1792 + (a & 0xff)] ^
				t[1536 + ((a >>> 8) & 0xff)] ^
				t[1280 + ((a >>> 16) & 0xff)] ^
				t[1024 + (a >>> 24)] ^
				t[768 + (b & 0xff)] ^
				t[512 + ((b >>> 8) & 0xff)] ^
				t[256 + ((b >>> 16) & 0xff)] ^
				t[b >>> 24];
		}
		i += pairs * 8;
	} else {
		for (const end8 = n - (n % 8); i < end8; i += 8) {
			const a = (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24)) ^ crc;
			crc =
				t[1792 + (a & 0xff)] ^
				t[1536 + ((a >>> 8) & 0xff)] ^
				t[1280 + ((a >>> 16) & 0xff)] ^
				t[1024 + (a >>> 24)] ^
				t[768 + data[i + 4]] ^
				t[512 + data[i + 5]] ^
				t[256 + data[i + 6]] ^
				t[data[i + 7]];
		}
	}
	for (; i < n; i++) crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
	return ~crc >>> 0;
}
