export { givingBackOnFailure, keepUnposted } from './filter';
export { claimBuckets, claimKey, confirmKey, listName, postedKey } from './keys';
export { PostedList, type DedupHelpers } from './store';
