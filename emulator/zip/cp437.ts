// IBM code page 437: the zip format's default name encoding when the UTF-8 flag (bit 11) is clear.

const HIGH =
	'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const reverse = new Map<string, number>();
for (let i = 0; i < HIGH.length; i++) reverse.set(HIGH[i], 0x80 + i);

/** True when every character of `s` has a CP437 byte. */
export function fitsCp437(s: string): boolean {
	for (const ch of s) if (ch.charCodeAt(0) >= 0x80 && !reverse.has(ch)) return false;
	return true;
}

/** Encode to CP437; characters it lacks become '?'. */
export function encodeCp437(s: string): Buffer {
	const out: number[] = [];
	for (const ch of s) {
		const code = ch.codePointAt(0)!;
		if (code < 0x80) out.push(code);
		else out.push(reverse.get(ch) ?? 0x3f);
	}
	return Buffer.from(out);
}

/** Decode CP437 bytes (what a reader does with a name whose UTF-8 flag is clear). */
export function decodeCp437(b: Buffer): string {
	let s = '';
	for (const byte of b) s += byte < 0x80 ? String.fromCharCode(byte) : HIGH[byte - 0x80];
	return s;
}
