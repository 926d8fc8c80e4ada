export { keepUnposted } from './filter';
export { claimBuckets, claimKey, listName, postedKey } from './keys';
export { PostedList, type DedupHelpers } from './store';
