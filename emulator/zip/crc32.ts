// CRC-32 (IEEE), incremental. Node >= 20.15 has a native zlib.crc32; older ones use the table.
import * as zlib from 'zlib';

const native = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;

let table: Uint32Array | undefined;

function makeTable(): Uint32Array {
	const t = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		t[n] = c >>> 0;
	}
	return t;
}

/** Continue a CRC-32 over `data`, starting from `crc` (0 for a fresh one). */
export function crc32(data: Buffer, crc = 0): number {
	if (native) return native(data, crc) >>> 0;
	table ??= makeTable();
	let c = (crc ^ 0xffffffff) >>> 0;
	for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
