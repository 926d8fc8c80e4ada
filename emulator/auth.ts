// The three ways to call the API (Wix REST guides), and the OAuth client-credentials exchange.
//  (a) API key:  Authorization: <apiKey> + wix-site-id: <siteId>
//  (b) OAuth:    Authorization: <access_token> from POST /oauth2/token (expires_in seconds)
//  (c) Legacy app instance token: Authorization: <instanceToken>, valid 4 h after its signDate
// A "Bearer " prefix is tolerated. Answers never echo the credential presented.
import * as crypto from 'crypto';
import { applicationError, unauthorized, validationError, type FieldViolation } from './errors';
import { uuidFrom } from './store';
import { b64url } from './tokens';
import type { Clock, Credentials } from './types';

const INSTANCE_TOKEN_TTL_MS = 4 * 60 * 60 * 1000;
const APP_DEF_ID = uuidFrom('shared-gallery-app');

export type AuthScheme = 'apiKey' | 'oauth' | 'instanceToken';

export class Auth {
	readonly credentials: Credentials;
	/** access_token → expiry (ms). */
	private readonly tokens = new Map<string, number>();
	readonly issued: string[] = [];
	private readonly secret: Buffer;

	constructor(
		private readonly clock: Clock,
		private readonly tokenTtlSeconds: () => number,
	) {
		// Fixed key material: the same credentials every run, so scripts and examples can rely on them.
		this.secret = crypto
			.createHash('sha256')
			.update('shared-gallery-emulator instance secret')
			.digest();
		const siteId = uuidFrom('site');
		this.credentials = {
			apiKey: `IST.${b64url(JSON.stringify({ kid: 'sg-emulator', alg: 'RS256' }))}.${b64url(
				JSON.stringify({
					data: JSON.stringify({
						id: uuidFrom('api-key'),
						identity: { type: 'application' },
						tenant: { type: 'ACCOUNT', id: uuidFrom('account') },
					}),
					iat: 1704067200,
				}),
			)}.${crypto.createHash('sha256').update('api-key-signature').digest('base64url')}`,
			siteId,
			clientId: uuidFrom('oauth-client'),
			clientSecret: uuidFrom('oauth-client-secret'),
			instanceId: uuidFrom('app-instance'),
			instanceToken: '',
		};
		this.credentials.instanceToken = this.signInstanceToken(clock.now());
	}

	/** A legacy app-instance token: `<signature>.<base64url payload>`, signed at `signDateMs`. */
	signInstanceToken(signDateMs: number): string {
		const payload = b64url(
			JSON.stringify({
				instanceId: this.credentials.instanceId,
				appDefId: APP_DEF_ID,
				signDate: new Date(signDateMs).toISOString(),
				permissions: 'OWNER',
				siteOwnerId: uuidFrom('site-owner'),
			}),
		);
		const sig = crypto.createHmac('sha256', this.secret).update(payload).digest('base64url');
		return `${sig}.${payload}`;
	}

	/** Which scheme the request authenticated with; throws a 401 WixError otherwise. */
	check(headers: Record<string, string | string[] | undefined>): AuthScheme {
		let presented = header(headers, 'authorization')?.trim();
		if (!presented) throw unauthorized('Missing Authorization header');
		if (/^bearer\s+/i.test(presented)) presented = presented.replace(/^bearer\s+/i, '');
		if (presented === this.credentials.apiKey) {
			const site = header(headers, 'wix-site-id');
			if (!site) throw unauthorized('API keys need the wix-site-id header');
			if (site.trim() !== this.credentials.siteId)
				throw unauthorized('Unknown site for this API key');
			return 'apiKey';
		}
		const expires = this.tokens.get(presented);
		if (expires !== undefined) {
			if (this.clock.now() >= expires) throw unauthorized('Access token expired');
			return 'oauth';
		}
		const instance = this.readInstanceToken(presented);
		if (instance) {
			if (this.clock.now() >= instance.signDate + INSTANCE_TOKEN_TTL_MS)
				throw unauthorized('Instance token expired');
			return 'instanceToken';
		}
		throw unauthorized('Invalid credentials');
	}

	/** POST /oauth2/token (client credentials). Accepts JSON or form fields. */
	issueToken(body: unknown): { access_token: string; token_type: 'Bearer'; expires_in: number } {
		const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
		const violations: FieldViolation[] = [];
		for (const f of ['grant_type', 'client_id', 'client_secret', 'instance_id']) {
			if (typeof b[f] !== 'string' || b[f] === '')
				violations.push({ field: f, description: 'is required', violatedRule: 'REQUIRED_FIELD' });
		}
		if (violations.length) throw validationError(violations);
		if (b.grant_type !== 'client_credentials') {
			throw applicationError(
				400,
				'UNSUPPORTED_GRANT_TYPE',
				'Unsupported grant type',
				'Only grant_type "client_credentials" is supported',
			);
		}
		const c = this.credentials;
		if (b.client_id !== c.clientId || b.client_secret !== c.clientSecret) {
			throw applicationError(
				401,
				'INVALID_CLIENT',
				'Invalid client credentials',
				'client_id or client_secret is wrong',
			);
		}
		if (b.instance_id !== c.instanceId) {
			throw applicationError(
				401,
				'INVALID_INSTANCE',
				'App is not installed on this instance',
				'Unknown instance_id for this app',
			);
		}
		const ttl = this.tokenTtlSeconds();
		const now = this.clock.now();
		const jws = `${b64url(JSON.stringify({ alg: 'HS256', kid: 'sg-emulator' }))}.${b64url(
			JSON.stringify({
				data: { instanceId: c.instanceId, tokenId: crypto.randomUUID() },
				iat: Math.floor(now / 1000),
				exp: Math.floor(now / 1000) + ttl,
			}),
		)}`;
		const token = `OauthNG.JWS.${jws}.${crypto.createHmac('sha256', this.secret).update(jws).digest('base64url')}`;
		this.tokens.set(token, now + ttl * 1000);
		this.issued.push(token);
		return { access_token: token, token_type: 'Bearer', expires_in: ttl };
	}

	private readInstanceToken(token: string): { signDate: number } | undefined {
		const dot = token.indexOf('.');
		if (dot <= 0) return undefined;
		const sig = token.slice(0, dot);
		const payload = token.slice(dot + 1);
		const expected = crypto.createHmac('sha256', this.secret).update(payload).digest('base64url');
		if (sig !== expected) return undefined;
		try {
			const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
			if (data.instanceId !== this.credentials.instanceId) return undefined;
			const signDate = Date.parse(data.signDate);
			return Number.isFinite(signDate) ? { signDate } : undefined;
		} catch {
			return undefined;
		}
	}
}

function header(
	headers: Record<string, string | string[] | undefined>,
	name: string,
): string | undefined {
	const v = headers[name];
	return Array.isArray(v) ? v[0] : v;
}
