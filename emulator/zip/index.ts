// A small zip writer: stored and deflated entries, UTF-8 or CP437 names, data descriptors,
// ZIP64, encrypted (ZipCrypto) and directory entries, and central directories that disagree on purpose.
export {
	buildZip,
	type ZipEntrySpec,
	type ZipOptions,
	type ZipMethod,
	type HeaderOverrides,
} from './build';
export {
	zipParts,
	zipStream,
	type DeflatedCopy,
	type StreamEntry,
	type StreamOptions,
	type ZipPart,
} from './writer';
export { crc32 } from './crc32';
export { zipCryptoEncrypt, zipCryptoDecrypt } from './zipcrypto';
export { encodeCp437, decodeCp437, fitsCp437 } from './cp437';
export { SIG, FLAG, METHOD } from './format';
