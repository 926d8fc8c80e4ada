/**
 * Get Download's zip reader, unzipping as the archive downloads (docs/VERIFICATION.md), in parts:
 * - read: the archive entry by entry as it downloads (readArchiveStream), or a body that is one file;
 * - records: local headers, names and extra fields, junk before the first entry;
 * - descriptor: where an entry whose sizes follow its data ends;
 * - entryData: an entry's bytes, inflated (fflate) and checked;
 * - centralDirectory: the central directory and end records must agree with every entry;
 * - budget: the caps (Max Files, Max Total Size, Max File Size) and the reader's errors;
 * - input: the body as a queue of bytes, and the memory reused from one file to the next;
 * - crc32: CRC-32 without zlib.
 */
export { readArchiveStream, readWholeBody, type StreamEntry } from './read';
export { ArchiveBudget, StreamArchiveError, StreamBudget, streamStats } from './budget';
export { Scratch } from './input';
export { crc32 } from './crc32';
