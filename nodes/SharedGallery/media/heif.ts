// HEIC/HEIF: the size of the primary image, from the meta box (held whole, at most 1 MiB).
// pitm names the primary item; ipma lists its properties, which live in iprp/ipco: its ispe
// is the size, an irot of 90° or 270° turns it. Without pitm or ipma, the largest ispe is taken:
// the primary image is the full picture, and thumbnails and grid tiles are smaller.
import { fourcc, u16, u32, u64 } from './bytes';

const PITM = fourcc('pitm');
const IPRP = fourcc('iprp');
const IPCO = fourcc('ipco');
const IPMA = fourcc('ipma');
const ISPE = fourcc('ispe');
const IROT = fourcc('irot');

export interface HeifSize {
	width: number | null;
	height: number | null;
	problem?: string;
}

interface Box {
	type: number;
	/** The payload: after the header, before the end. */
	at: number;
	end: number;
}

/** The boxes in `b[at .. end)`, or a problem when one's size lies. */
function boxes(b: Uint8Array, at: number, end: number): Box[] | string {
	const out: Box[] = [];
	while (end - at >= 8) {
		let size = u32(b, at);
		let header = 8;
		if (size === 1) {
			if (end - at < 16) return "a box's 64-bit size runs past the end of its parent";
			size = u64(b, at + 8);
			header = 16;
		} else if (size === 0) size = end - at;
		if (size < header) return "a box's size is smaller than its header";
		if (size > end - at) return "a box's size runs past the end of its parent";
		out.push({ type: u32(b, at + 4), at: at + header, end: at + size });
		at += size;
	}
	return out;
}

/** `payload` is the meta box's content, a full box: version and flags come first. */
export function heifSize(b: Uint8Array, at: number, n: number): HeifSize {
	const children = boxes(b, at + 4, at + n);
	if (typeof children === 'string') return { width: null, height: null, problem: children };
	const pitm = children.find((c) => c.type === PITM);
	const iprp = children.find((c) => c.type === IPRP);
	const inside = iprp ? boxes(b, iprp.at, iprp.end) : [];
	if (typeof inside === 'string') return { width: null, height: null, problem: inside };
	const ipco = inside.find((c) => c.type === IPCO);
	const properties = ipco ? boxes(b, ipco.at, ipco.end) : [];
	if (typeof properties === 'string') return { width: null, height: null, problem: properties };
	const ipma = inside.find((c) => c.type === IPMA);
	let chosen: number[] = [];
	if (pitm && ipma && pitm.end - pitm.at >= 6) {
		const id = b[pitm.at] === 0 ? u16(b, pitm.at + 4) : u32(b, pitm.at + 4);
		chosen = associations(b, ipma, id);
	}
	let ispe = chosen.map((i) => properties[i - 1]).find((p) => p?.type === ISPE);
	const irot = chosen.map((i) => properties[i - 1]).find((p) => p?.type === IROT);
	if (!ispe) ispe = largest(b, properties);
	if (!ispe || ispe.end - ispe.at < 12)
		return { width: null, height: null, problem: 'the HEIC gives no image size (ispe)' };
	const width = u32(b, ispe.at + 4);
	const height = u32(b, ispe.at + 8);
	const angle = irot && irot.end > irot.at ? b[irot.at] & 3 : 0;
	return angle === 1 || angle === 3 ? { width: height, height: width } : { width, height };
}

/** The 1-based ipco indexes ipma gives the item `id`; [] when it lists none or is cut short. */
function associations(b: Uint8Array, ipma: Box, id: number): number[] {
	const version = b[ipma.at];
	const wide = (b[ipma.at + 3] & 1) === 1;
	let i = ipma.at + 4;
	if (i + 4 > ipma.end) return [];
	const count = u32(b, i);
	i += 4;
	for (let e = 0; e < count; e++) {
		const idSize = version < 1 ? 2 : 4;
		if (i + idSize + 1 > ipma.end) return [];
		const item = idSize === 2 ? u16(b, i) : u32(b, i);
		const n = b[i + idSize];
		i += idSize + 1;
		if (i + n * (wide ? 2 : 1) > ipma.end) return [];
		if (item === id) {
			const out: number[] = [];
			for (let k = 0; k < n; k++) out.push(wide ? u16(b, i + k * 2) & 0x7fff : b[i + k] & 0x7f);
			return out;
		}
		i += n * (wide ? 2 : 1);
	}
	return [];
}

function largest(b: Uint8Array, properties: Box[]): Box | undefined {
	let best: Box | undefined;
	let bestArea = -1;
	for (const p of properties) {
		if (p.type !== ISPE || p.end - p.at < 12) continue;
		const area = u32(b, p.at + 4) * u32(b, p.at + 8);
		if (area > bestArea) [best, bestArea] = [p, area];
	}
	return best;
}
