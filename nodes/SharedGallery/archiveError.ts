/** The archive itself cannot be read: truncated, corrupt, or not a zip. */
export class ArchiveError extends Error {}
