export { extensionOf, mediaTypeFor, mimeTypeFor, type MediaType } from './mime';
export { formatOfName, kindOf, type MediaFacts, type MediaFormat } from './facts';
export { MediaProbe, probeBytes } from './probe';
