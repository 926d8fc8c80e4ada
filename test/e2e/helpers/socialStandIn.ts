import http, { type IncomingMessage, type ServerResponse } from 'http';
import { readBody, send, type Call, type RequestRecord } from './social/common';
import { facebookStandIn, type FacebookState } from './social/facebook';
import { instagramStandIn, type InstagramState } from './social/instagram';
import { xStandIn, type XState } from './social/x';

export { fetchBytes, type ReceivedFile, type RequestRecord } from './social/common';
export type { FetchedMedia, IgStatus } from './social/instagram';
export type { XVideoUpload } from './social/x';
export type { FacebookVideo } from './social/facebook';

/**
 * One local stand-in for the social platforms the examples post to (X, Instagram and Facebook
 * Graph API), one module each in ./social. Routing is by path only, so it answers the same
 * whether a request reaches it through a swapped URL (plain http://127.0.0.1:<port>) or
 * through the intercepting proxy (https://api.x.com/..., https://graph.facebook.com/...). It
 * answers like the real APIs for the calls the examples make, refuses what they refuse, and
 * records everything it receives.
 */
export interface SocialStandIn extends XState, InstagramState, FacebookState {
	url: string;
	handler: (req: IncomingMessage, res: ServerResponse) => void;
	requests: RequestRecord[];
	/**
	 * The next `count` posts to X (`POST /2/tweets`) fail with 503, as X answers when it is
	 * over capacity: a workflow whose post fails. `reset()` cancels what is left.
	 */
	failNextTweets(count?: number): void;
	/** Runs just before Facebook fetches a video's `file_url` (a test makes time pass there). */
	beforeFacebookFetch(hook: ((url: string) => void) | undefined): void;
	reset(): void;
	close(): Promise<void>;
}

export async function startSocialStandIn(): Promise<SocialStandIn> {
	let seq = 0;
	const nextId = (prefix = '') => `${prefix}${String(1_880_000_000_000_000_000n + BigInt(++seq))}`;
	const x = xStandIn();
	const ig = instagramStandIn();
	const fb = facebookStandIn();
	const requests: RequestRecord[] = [];
	const lists = { requests, ...x.state, ...ig.state, ...fb.state };

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const u = new URL(req.url ?? '/', 'http://stand-in');
		const call: Call = {
			req,
			res,
			method: req.method ?? 'GET',
			path: u.pathname,
			query: Object.fromEntries(u.searchParams.entries()),
			body: await readBody(req),
			record: (status) =>
				requests.push({
					method: call.method,
					host: req.headers.host,
					path: call.path,
					status,
					authorization: req.headers.authorization,
				}),
			nextId,
		};
		for (const route of [x.route, ig.route, fb.route]) if (await route(call)) return;
		call.record(404);
		send(res, 404, { error: { message: `stand-in: no route for ${call.method} ${call.path}` } });
	};

	const handler = (req: IncomingMessage, res: ServerResponse) => {
		handle(req, res).catch((e) => {
			if (!res.headersSent)
				send(res, 500, { error: { message: `stand-in crashed: ${(e as Error).message}` } });
			else res.destroy();
		});
	};

	const server = http.createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as import('net').AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		handler,
		...lists,
		failNextTweets(count = 1) {
			x.failNextTweets(count);
		},
		beforeFacebookFetch(hook) {
			fb.setBeforeFetch(hook);
		},
		reset() {
			for (const list of Object.values(lists)) list.length = 0;
			ig.reset();
			x.failNextTweets(0);
			fb.setBeforeFetch(undefined);
		},
		async close() {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		},
	};
}
