// A HEIC's structure: ftyp 'heic', and a meta box naming one primary 'hvc1' item with its size
// (ispe), an optional turn (irot) and where its data sits (iloc, inside mdat). The "coded
// picture" is the comment, so the file does not decode: readers of its header see a real one.
import { box, full, u16, u32 } from './boxes';

/** `rotation`: clockwise degrees a viewer turns the picture; 90 and 270 swap width and height. */
export function makeHeic(
	width: number,
	height: number,
	comment: string,
	rotation: 0 | 90 | 180 | 270 = 0,
): Buffer {
	const ftyp = box('ftyp', Buffer.from('heic', 'ascii'), u32(0), Buffer.from('mif1heic', 'ascii'));
	const payload = Buffer.from(comment, 'utf8');
	const hdlr = full(
		'hdlr',
		0,
		0,
		u32(0),
		Buffer.from('pict', 'ascii'),
		u32(0, 0, 0),
		Buffer.from([0]),
	);
	const pitm = full('pitm', 0, 0, u16(1));
	const infe = full('infe', 2, 0, u16(1, 0), Buffer.from('hvc1', 'ascii'), Buffer.from([0]));
	const iinf = full('iinf', 0, 0, u16(1), infe);
	// hvcC: a configuration record with no parameter-set arrays (Main profile, level 5.1).
	const hvcC = box(
		'hvcC',
		Buffer.from([1, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 153]),
		u16(0xf000),
		Buffer.from([0xfc, 0xfd, 0xf8, 0xf8]),
		u16(0),
		Buffer.from([0x0f, 0]),
	);
	const ispe = full('ispe', 0, 0, u32(width, height));
	// irot's angle is anticlockwise, in quarter turns.
	const irot = box('irot', Buffer.from([((360 - rotation) / 90) % 4]));
	const properties = rotation ? [hvcC, ispe, irot] : [hvcC, ispe];
	const ipco = box('ipco', ...properties);
	// Associations: 1-based property indexes, essential (high bit) for hvcC and irot.
	const links = rotation ? [0x81, 0x02, 0x83] : [0x81, 0x02];
	const ipma = full('ipma', 0, 0, u32(1), u16(1), Buffer.from([links.length, ...links]));
	const iprp = box('iprp', ipco, ipma);
	// iloc v0, 4-byte offsets and lengths, no base offset: one extent, patched once its place is known.
	const iloc = (offset: number) =>
		full('iloc', 0, 0, Buffer.from([0x44, 0x00]), u16(1, 1, 0, 1), u32(offset, payload.length));
	const meta = (offset: number) => full('meta', 0, 0, hdlr, pitm, iloc(offset), iinf, iprp);
	const offset = ftyp.length + meta(0).length + 8;
	return Buffer.concat([ftyp, meta(offset), box('mdat', payload)]);
}
