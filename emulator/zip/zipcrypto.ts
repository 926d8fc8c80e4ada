// Traditional PKWARE encryption ("ZipCrypto", APPNOTE 6.1): weak, but what "encrypted entry" means
// in most zips found in the wild. The 12-byte header is fixed (not random) so archives are reproducible.

let table: Uint32Array | undefined;

function crcTable(): Uint32Array {
	if (table) return table;
	table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
}

class Keys {
	private k0 = 0x12345678;
	private k1 = 0x23456789;
	private k2 = 0x34567890;

	constructor(password: Buffer) {
		for (const b of password) this.update(b);
	}

	update(b: number): void {
		const t = crcTable();
		this.k0 = (t[(this.k0 ^ b) & 0xff] ^ (this.k0 >>> 8)) >>> 0;
		this.k1 = (Math.imul((this.k1 + (this.k0 & 0xff)) >>> 0, 134775813) + 1) >>> 0;
		this.k2 = (t[(this.k2 ^ (this.k1 >>> 24)) & 0xff] ^ (this.k2 >>> 8)) >>> 0;
	}

	streamByte(): number {
		const temp = (this.k2 | 2) & 0xffff;
		return (Math.imul(temp, temp ^ 1) >>> 8) & 0xff;
	}
}

/** Encrypt `data` (already compressed); `check` is the header's last byte (CRC high byte, or DOS time high byte with bit 3). */
export function zipCryptoEncrypt(data: Buffer, password: string, check: number): Buffer {
	const keys = new Keys(Buffer.from(password, 'utf8'));
	const header = Buffer.from([
		0x53,
		0x47,
		0x2d,
		0x65,
		0x6d,
		0x75,
		0x6c,
		0x61,
		0x74,
		0x6f,
		0x72,
		check & 0xff,
	]);
	const plain = Buffer.concat([header, data]);
	const out = Buffer.alloc(plain.length);
	for (let i = 0; i < plain.length; i++) {
		out[i] = plain[i] ^ keys.streamByte();
		keys.update(plain[i]);
	}
	return out;
}

export function zipCryptoDecrypt(data: Buffer, password: string): Buffer {
	const keys = new Keys(Buffer.from(password, 'utf8'));
	const out = Buffer.alloc(data.length);
	for (let i = 0; i < data.length; i++) {
		out[i] = data[i] ^ keys.streamByte();
		keys.update(out[i]);
	}
	return out.subarray(12);
}
