// Public types of the emulator. Wire names follow shared-gallery.service.json.
import type { LinkShape } from './link';
import type { GalleryStore } from './store';

export type { LinkShape } from './link';

export type Dialect = 'schema' | 'docs-example';
export type WhoCanDownload = 'NO_ONE' | 'EVERYONE' | 'MEMBERS';

export interface EmulatorOptions {
	/** Default '127.0.0.1'. */
	host?: string;
	/** API origin; 0 = a free port (default). */
	port?: number;
	/** File host (a second origin); 0 = a free port (default). */
	filePort?: number;
	/** Largest page (default 100); a larger paging.limit is cut to it; also the page size when none is given. */
	maxPageSize?: number;
	/** true (default): the seed gallery; false: an empty store (the root album only). */
	seed?: boolean;
	/** Clock in ms. Default: real time, shifted by clock.advance/set. */
	now?: () => number;
	/** Download and display URL lifetime (default 15 min). */
	urlTtlMs?: number;
	/** OAuth `expires_in` (default 14400). */
	tokenTtlSeconds?: number;
	/** Site setting; NO_ONE makes download-url answer 403. Default EVERYONE. */
	whoCanDownload?: WhoCanDownload;
	/** 'docs-example': answer with the doc examples' spellings (memberTagsCount, latestTaggedSiteMembers,
	 * visualMediaInfo.file_extension, metadata.nextCursor). Default 'schema'. */
	dialect?: Dialect;
	/** Renaming of duplicate names inside one zip: 'photo (1).jpg' (default 'suffix') or '1_photo.jpg'. */
	duplicateNaming?: 'suffix' | 'index-prefix';
	/** Zip entry method: 'store' (default, as photo/video zips are), 'deflate', or 'mixed' (alternating). */
	compression?: 'store' | 'deflate' | 'mixed';
	/** The credential's "Read Members" permission; false makes the Members query answer 403. Default true. */
	membersPermission?: boolean;
	/** With the seed: grow the site to 10,000 members and 500 albums (picker paging and search). */
	largeSite?: boolean;
	/** The file host's link, per connection: a bandwidth cap and a first-byte delay. Default: unshaped. */
	link?: LinkShape;
	/**
	 * The file host answers `Range: bytes=…` on single files (206). Default false: Wix's behaviour
	 * is unknown. `'advertised'`: it says `Accept-Ranges: bytes` but answers every GET whole (200),
	 * as some proxies in front of a host that takes ranges do.
	 */
	ranges?: boolean | 'advertised';
}

export type FaultEndpoint = 'query' | 'download-url' | 'view' | 'members' | 'token' | 'file' | '*';

export interface Fault {
	endpoint: FaultEndpoint;
	/** Answer with this status (and `body`, or a Wix-style body for the status). */
	status?: number;
	body?: unknown;
	/** Retry-After header value (seconds, or an HTTP date). */
	retryAfter?: number | string;
	/** Destroy the socket after the headers and part of the body. */
	reset?: boolean;
	/** Wait this long before answering. */
	delayMs?: number;
	/** Send the headers and part of the body, then stall this long before the rest. */
	slowBodyMs?: number;
	/** query: the answer carries the request's own cursor again (a first page, having none, leaves the fault waiting). */
	repeatCursor?: boolean;
	/** file: end the response cleanly but early (archives lose their central directory and part of the last entry). */
	truncate?: boolean;
	/** file: flip bytes inside the first file's data. */
	corrupt?: boolean;
	/** file: serve these bytes instead of the real body (hostile archives). */
	replaceBody?: Buffer;
	/** file: only requests with a `Range` header (true), or only those without (false), take it. */
	ranged?: boolean;
	/** How many requests it hits (default 1; Infinity allowed). */
	times?: number;
}

export interface ApiLogEntry {
	method: string;
	path: string;
	/** Lower-cased names. */
	headers: Record<string, string | string[] | undefined>;
	/** Parsed JSON (or the raw text when it isn't JSON; undefined when empty). */
	body: unknown;
	status: number;
	at: number;
	/** The fault that shaped this answer, if any (e.g. 'status', 'reset'). */
	fault?: string;
}

export interface FileLogEntry {
	method: string;
	path: string;
	url: string;
	headers: Record<string, string | string[] | undefined>;
	status: number;
	at: number;
	/** When the response was over (sent, or the connection closed). */
	endedAt?: number;
	fault?: string;
}

export interface Credentials {
	apiKey: string;
	siteId: string;
	clientId: string;
	clientSecret: string;
	instanceId: string;
	instanceToken: string;
}

export interface Clock {
	now(): number;
	advance(ms: number): void;
	set(ms: number): void;
}

export interface Emulator {
	baseUrl: string;
	fileBaseUrl: string;
	credentials: Credentials;
	clock: Clock;
	store: GalleryStore;
	faults: { add(f: Fault): void; clear(): void; pending(): Fault[] };
	requestLog: ApiLogEntry[];
	fileLog: FileLogEntry[];
	issuedAccessTokens: string[];
	options: Required<Omit<EmulatorOptions, 'now'>>;
	resetLogs(): void;
	close(): Promise<void>;
}
