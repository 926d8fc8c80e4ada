/** Parallel Downloads: archives fetched at once by default (bench/RESULTS.md, "Shaped link"). */
export const DEFAULT_PARALLEL_DOWNLOADS = 4;
/** More buys nothing against one app instance's rate limit. */
export const MAX_PARALLEL_DOWNLOADS = 16;
