// What the orchestrator (bench/run.ts) asks a child process to measure, and what it answers.

export type ChildKind = 'node' | 'chain' | 'query-node' | 'query-raw';

/** The media facts bench (bench/fit.ts): the header probe off, facts only, facts + Check Fit For. */
export type FitVariant = 'off' | 'facts' | 'all';

export interface ArchiveRef {
	albumId: string;
	/** Item IDs in archive order. */
	ids: string[];
	files: number;
	bytes: number;
}

export interface ChildJob {
	kind: ChildKind;
	api: { baseUrl: string; apiKey: string; siteId: string };
	/** Per-child folder under bench/.work: user folder, binary data, temp files. */
	workDir: string;
	/** n8n-nodes-base folder (variant c). */
	nodesBase?: string;
	/** The archive measured, and a small one run first to warm every code path up. */
	archive?: ArchiveRef;
	warmArchive?: ArchiveRef;
	/** Get Download's Parallel Downloads (the node's default when absent). */
	parallel?: number;
	/** Get Download alone on these IDs (no Query Items before it): the seed's 5 photos. */
	direct?: boolean;
	/** Query Return All: items by this member, and a warm-up member. */
	query?: { memberId: string; items: number; warmMemberId: string; pageSize: number };
	/** bench/fit.ts's variant; absent elsewhere (facts as shipped, no fit check). */
	fit?: FitVariant;
}

export interface ChildResult {
	kind: ChildKind;
	ms: number;
	/** CPU time (user + system, all threads) of the measured run: less noisy than wall time on a shared machine. */
	cpuMs: number;
	/** RSS after load and warm-up, before the measured run (bytes). */
	baselineRss: number;
	/** Peak RSS during the measured run (bytes). */
	peakRss: number;
	/** How the peak was taken: 'clear_refs' (kernel VmHWM reset) or 'sampled'. */
	peakMethod: 'clear_refs' | 'sampled';
	/** Sampled peak, as a check on the kernel's. */
	sampledPeak: number;
	/** Each node's execution time in the measured run (n8n's own executionTime, ms). */
	nodeMs?: Record<string, number>;
	files?: number;
	bytes?: number;
	items?: number;
	/** Every output binary was in n8n's filesystem mode. */
	binaryMode?: string;
	/** Output files whose width was read from their header (bench/fit.ts checks it). */
	facts?: number;
	/** Raw loop: the requests it made. */
	requests?: number;
	versions?: Record<string, string>;
}

export const RESULT_TAG = 'BENCH_RESULT ';
