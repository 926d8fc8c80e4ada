// Signed tokens: JWT-shaped HS256 (header.payload.signature, base64url), as in Wix's file URLs.
import * as crypto from 'crypto';

export function b64url(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

export function signJwt(payload: Record<string, unknown>, secret: Buffer): string {
	const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
	const body = b64url(JSON.stringify(payload));
	const sig = crypto.createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
	return `${head}.${body}.${sig}`;
}

/** The payload when the signature is right, else undefined. */
export function verifyJwt(token: string, secret: Buffer): Record<string, unknown> | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	const expected = crypto.createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
	const given = Buffer.from(parts[2], 'base64url');
	if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
		return undefined;
	try {
		const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
		return payload && typeof payload === 'object' ? payload : undefined;
	} catch {
		return undefined;
	}
}

/** HMAC-signed opaque string (cursors): base64url(json) + '.' + short signature. */
export function signOpaque(value: unknown, secret: Buffer): string {
	const body = b64url(JSON.stringify(value));
	const sig = crypto.createHmac('sha256', secret).update(body).digest('base64url').slice(0, 16);
	return `${body}.${sig}`;
}

export function verifyOpaque(token: string, secret: Buffer): unknown {
	const [body, sig] = token.split('.');
	if (!body || !sig) return undefined;
	const expected = crypto
		.createHmac('sha256', secret)
		.update(body)
		.digest('base64url')
		.slice(0, 16);
	if (sig !== expected) return undefined;
	try {
		return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
	} catch {
		return undefined;
	}
}
