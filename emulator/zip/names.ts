// Entry names: UTF-8 with flag bit 11, or raw CP437 bytes without it (what old zip tools write).
import { encodeCp437 } from './cp437';

/** `utf8`: true = UTF-8 + flag, false = CP437 bytes, undefined = flag only when the name needs it. */
export function encodeName(
	name: string | Buffer,
	utf8?: boolean,
): { bytes: Buffer; utf8: boolean } {
	if (Buffer.isBuffer(name)) return { bytes: name, utf8: utf8 === true };
	const ascii = /^[\x00-\x7f]*$/.test(name);
	if (utf8 === false) return { bytes: encodeCp437(name), utf8: false };
	if (utf8 === undefined && ascii) return { bytes: Buffer.from(name, 'ascii'), utf8: false };
	return { bytes: Buffer.from(name, 'utf8'), utf8: true };
}
