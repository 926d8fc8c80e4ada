/**
 * Get Download's zip reader, unzipping as the archive downloads (docs/VERIFICATION.md), in parts:
 * - read: the archive entry by entry as it downloads (readArchiveStream), or a body that is one file;
 * - records: local headers, names and extra fields, junk before the first entry;
 * - descriptor: where an entry whose sizes follow its data ends;
 * - entryData: an entry's bytes as they arrive, inflated and checked;
 * - inflate: the runtime's DecompressionStream, or fflate where there is none;
 * - centralDirectory: the central directory and end records must agree with every entry;
 * - budget: one archive's caps among archives read side by side (caps.ts has the run's), the reader's errors;
 * - input: the body as a queue of bytes;
 * - crc32: CRC-32 without zlib.
 */
export { readArchiveStream, wholeBody, type StreamEntry } from './read';
export { ArchiveBudget, StreamArchiveError, streamStats } from './budget';
export { Budget } from '../caps';
export { crc32 } from './crc32';
export { toBuffer } from './input';
