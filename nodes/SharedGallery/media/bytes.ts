// Big- and little-endian reads on plain Uint8Arrays: no DataView or Buffer per read.

export const u16 = (b: Uint8Array, i: number): number => (b[i] << 8) | b[i + 1];

export const u32 = (b: Uint8Array, i: number): number =>
	b[i] * 0x1000000 + ((b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]);

/** A 64-bit size or duration; past 2^53 it is not exact, and every caller treats it as absurd. */
export const u64 = (b: Uint8Array, i: number): number => u32(b, i) * 0x100000000 + u32(b, i + 4);

export const s32 = (b: Uint8Array, i: number): number => u32(b, i) | 0;

export const le16 = (b: Uint8Array, i: number): number => b[i] | (b[i + 1] << 8);

export const le24 = (b: Uint8Array, i: number): number => le16(b, i) + b[i + 2] * 0x10000;

export const le32 = (b: Uint8Array, i: number): number => le24(b, i) + b[i + 3] * 0x1000000;

/** A box or chunk type as the number its four ASCII bytes make (compared without strings). */
export function fourcc(type: string): number {
	return (
		type.charCodeAt(0) * 0x1000000 +
		((type.charCodeAt(1) << 16) | (type.charCodeAt(2) << 8) | type.charCodeAt(3))
	);
}

/** The four-character type, for reasons ('mdat'); unprintable bytes as '?'. */
export function typeName(type: number): string {
	let out = '';
	for (let shift = 24; shift >= 0; shift -= 8) {
		const c = Math.floor(type / 2 ** shift) & 0xff;
		out += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
	}
	return out;
}

export function startsWith(b: Uint8Array, at: number, n: number, ascii: string): boolean {
	if (n < ascii.length) return false;
	for (let i = 0; i < ascii.length; i++) if (b[at + i] !== ascii.charCodeAt(i)) return false;
	return true;
}
