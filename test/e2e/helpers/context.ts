import { join } from 'path';
import { startEmulator } from '../../../emulator';
import { startInterceptingProxy, type InterceptingProxy } from './interceptingProxy';
import { N8nInstance, type CredentialFixture } from './n8n';
import { killAll } from '../../../engine/processes';
import { startSocialStandIn, type SocialStandIn } from './socialStandIn';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

/** Credential references the suite imports; examples name placeholders that get swapped for these. */
export const CRED = {
	gallery: { id: 'sgE2eGalleryKey', name: 'Shared Gallery (emulator, API key)' },
	galleryOauth: { id: 'sgE2eGalleryOauth', name: 'Shared Gallery (emulator, OAuth app)' },
	galleryBad: { id: 'sgE2eGalleryBad', name: 'Shared Gallery (emulator, bad key)' },
	xOAuth1: { id: 'sgE2eXOAuth1', name: 'X OAuth account (stand-in)' },
	xOAuth2: { id: 'sgE2eXOAuth2', name: 'X OAuth2 account (stand-in)' },
	facebook: { id: 'sgE2eFacebook', name: 'Facebook Graph account (stand-in)' },
} as const;

/** Every credential reference the examples make, by type: the suite's imported credentials. */
export const SOCIAL_CREDS = {
	sharedGalleryApi: CRED.gallery,
	twitterOAuth1Api: CRED.xOAuth1,
	twitterOAuth2Api: CRED.xOAuth2,
	facebookGraphApi: CRED.facebook,
};

/** A bad key that must never be echoed back in n8n's output. */
export const BAD_API_KEY = 'sgE2eBADkey-7f3c9a1e5d-do-not-echo';
export const X_OAUTH1 = {
	consumerKey: 'sg-e2e-consumer-key',
	consumerSecret: 'sg-e2e-consumer-secret',
	token: 'sg-e2e-oauth-token',
	tokenSecret: 'sg-e2e-token-secret',
};
export const X_OAUTH2_TOKEN = 'sg-e2e-x-oauth2-access-token';
export const FB_TOKEN = 'sg-e2e-facebook-page-token';

/** Hosts the X and Facebook Graph nodes call, intercepted by the proxy. */
export const INTERCEPTED_HOSTS = [
	'api.twitter.com',
	'api.x.com',
	'upload.twitter.com',
	'graph.facebook.com',
	'graph-video.facebook.com',
];

export interface SuiteContext {
	emu: Emulator;
	n8n: N8nInstance;
	social: SocialStandIn;
	proxy: InterceptingProxy;
	timings: Record<string, number>;
	close(): Promise<void>;
}

export function credentialFixtures(emu: Emulator): CredentialFixture[] {
	const c = emu.credentials;
	return [
		{
			...CRED.gallery,
			type: 'sharedGalleryApi',
			data: { authentication: 'apiKey', apiKey: c.apiKey, siteId: c.siteId, baseUrl: emu.baseUrl },
		},
		{
			...CRED.galleryOauth,
			type: 'sharedGalleryApi',
			data: {
				authentication: 'oauth',
				clientId: c.clientId,
				clientSecret: c.clientSecret,
				instanceId: c.instanceId,
				baseUrl: emu.baseUrl,
			},
		},
		{
			...CRED.galleryBad,
			type: 'sharedGalleryApi',
			data: {
				authentication: 'apiKey',
				apiKey: BAD_API_KEY,
				siteId: c.siteId,
				baseUrl: emu.baseUrl,
			},
		},
		{
			...CRED.xOAuth1,
			type: 'twitterOAuth1Api',
			data: {
				consumerKey: X_OAUTH1.consumerKey,
				consumerSecret: X_OAUTH1.consumerSecret,
				signatureMethod: 'HMAC-SHA1',
				oauthTokenData: { oauth_token: X_OAUTH1.token, oauth_token_secret: X_OAUTH1.tokenSecret },
			},
		},
		{
			...CRED.xOAuth2,
			type: 'twitterOAuth2Api',
			data: {
				grantType: 'pkce',
				authUrl: 'https://x.com/i/oauth2/authorize',
				accessTokenUrl: 'https://api.x.com/2/oauth2/token',
				clientId: 'sg-e2e-client',
				clientSecret: 'sg-e2e-client-secret',
				scope: 'tweet.read users.read tweet.write offline.access',
				authentication: 'header',
				oauthTokenData: {
					access_token: X_OAUTH2_TOKEN,
					token_type: 'bearer',
					scope: 'tweet.read users.read tweet.write offline.access',
				},
			},
		},
		{ ...CRED.facebook, type: 'facebookGraphApi', data: { accessToken: FB_TOKEN } },
	];
}

/**
 * Everything a test file needs: the emulator (in this process), an n8n user folder with the
 * packed package installed as a community package and the test credentials imported, the social
 * stand-in and the intercepting proxy. Each file gets its own; `close()` undoes all of it.
 */
export async function startSuite(): Promise<SuiteContext> {
	const timings: Record<string, number> = {};
	const t = Date.now();
	const emu = await startEmulator();
	const social = await startSocialStandIn();
	let n8n: N8nInstance | undefined;
	let proxy: InterceptingProxy | undefined;
	try {
		n8n = await N8nInstance.create();
		timings.communityInstallMs = Date.now() - t;
		proxy = await startInterceptingProxy({
			hosts: INTERCEPTED_HOSTS,
			certDir: join(n8n.root, 'certs'),
			handler: social.handler,
		});
		n8n.extraEnv = { ...proxy.env };
		const t2 = Date.now();
		await n8n.importCredentials(credentialFixtures(emu));
		timings.importCredentialsMs = Date.now() - t2;
	} catch (e) {
		await proxy?.close();
		await social.close();
		await emu.close();
		n8n?.dispose();
		throw e;
	}
	const ctx: SuiteContext = {
		emu,
		n8n,
		social,
		proxy,
		timings,
		async close() {
			killAll();
			await proxy!.close().catch(() => {});
			await social.close().catch(() => {});
			await emu.close().catch(() => {});
			n8n!.dispose();
		},
	};
	return ctx;
}

/** Text of an execution's error, wherever n8n put it. */
export function executionError(
	exec: any,
): { message: string; description?: string; node?: string; raw: any } | undefined {
	const err = exec?.data?.resultData?.error;
	if (!err) return undefined;
	return {
		message: String(err.message ?? ''),
		description: err.description,
		node: err.node?.name,
		raw: err,
	};
}
