/** Every Shared Gallery API path and fixed value of the API, in one place. */

/** Where the Wix REST API lives; the credential's Base URL changes it (proxy, emulator). */
export const DEFAULT_BASE_URL = 'https://www.wixapis.com';

/** The credential type every request authenticates with. */
export const CREDENTIAL_TYPE = 'sharedGalleryApi';

/** POST: items by filter, sort and cursor paging (also items by ID, and an album's media). */
export const QUERY_PATH = '/shared-gallery/v1/items/query';

/** POST `{itemIds}`: a URL on the file host for one archive (or the one file itself). */
export const DOWNLOAD_URL_PATH = '/shared-gallery/v1/items/download-url';

/** POST `{itemIds, incrementViewCount}`: public display URLs. */
export const VIEW_PATH = '/shared-gallery/v1/visual-media/view';

/** POST `{query: {filter, paging: {limit, offset}, sorting}}`: the site's members (Wix Members API). */
export const MEMBERS_QUERY_PATH = '/members/v1/members/query';

/** The Members API's largest page. */
export const MEMBERS_PAGE_SIZE = 100;

/** POST: OAuth client credentials → access token (the credential's preAuthentication). */
export const TOKEN_PATH = '/oauth2/token';

/** Download and display URLs live this long after the API issues them. */
export const URL_LIFETIME_MS = 15 * 60_000;

/** Where Wix serves the relative preview paths (`media/<file>`) it returns. */
export const WIX_STATIC_BASE = 'https://static.wixstatic.com/';
