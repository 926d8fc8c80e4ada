import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import http, { type IncomingMessage, type ServerResponse } from 'http';
import https from 'https';
import type { Socket } from 'net';
import { join } from 'path';
import { run } from '../../../engine/processes';

/**
 * Some n8n nodes have their host built in (the X node calls https://api.twitter.com/2/...,
 * the Facebook Graph API node https://graph.facebook.com/...). To run them unmodified against a
 * local stand-in, the n8n process gets HTTPS_PROXY pointing here and NODE_EXTRA_CA_CERTS with a
 * throw-away CA made for this run. n8n honours HTTPS_PROXY/NO_PROXY for node requests
 * (n8n-core's proxy agents, proxy-from-env). CONNECTs to the listed hosts are terminated here
 * with a certificate for those hosts and handed to the stand-in's handler; any other host is
 * refused and recorded, so nothing leaves the machine.
 */
export interface InterceptingProxy {
	url: string;
	caFile: string;
	/** Environment for the n8n process. */
	env: Record<string, string>;
	intercepted: string[];
	refused: string[];
	close(): Promise<void>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
	const res = await run('openssl', args, { cwd, timeoutMs: 60_000 });
	if (res.code !== 0) throw new Error(`[e2e] openssl ${args[0]} failed: ${res.stderr}`);
}

/** A CA and a server certificate for `hosts`, valid two days, made with the openssl CLI. */
export async function makeCertificates(
	dir: string,
	hosts: string[],
): Promise<{ caFile: string; key: Buffer; cert: Buffer }> {
	mkdirSync(dir, { recursive: true });
	await openssl(
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'ca.key',
			'-out',
			'ca.pem',
			'-days',
			'2',
			'-subj',
			'/CN=sg-e2e throw-away test CA',
			'-addext',
			'basicConstraints=critical,CA:TRUE',
			'-addext',
			'keyUsage=critical,keyCertSign,cRLSign',
		],
		dir,
	);
	await openssl(
		[
			'req',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-keyout',
			'server.key',
			'-out',
			'server.csr',
			'-subj',
			`/CN=${hosts[0]}`,
		],
		dir,
	);
	writeFileSync(
		join(dir, 'server.ext'),
		[
			`subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
			'basicConstraints=CA:FALSE',
			'keyUsage=digitalSignature,keyEncipherment',
			'extendedKeyUsage=serverAuth',
			'',
		].join('\n'),
	);
	await openssl(
		[
			'x509',
			'-req',
			'-in',
			'server.csr',
			'-CA',
			'ca.pem',
			'-CAkey',
			'ca.key',
			'-CAcreateserial',
			'-out',
			'server.pem',
			'-days',
			'2',
			'-extfile',
			'server.ext',
		],
		dir,
	);
	return {
		caFile: join(dir, 'ca.pem'),
		key: readFileSync(join(dir, 'server.key')),
		cert: readFileSync(join(dir, 'server.pem')),
	};
}

export async function startInterceptingProxy(opts: {
	hosts: string[];
	certDir: string;
	handler: (req: IncomingMessage, res: ServerResponse) => void;
}): Promise<InterceptingProxy> {
	const { caFile, key, cert } = await makeCertificates(opts.certDir, opts.hosts);
	const tlsServer = https.createServer({ key, cert }, opts.handler);
	const intercepted: string[] = [];
	const refused: string[] = [];
	const sockets = new Set<Socket>();

	const proxy = http.createServer((req, res) => {
		// Plain-http proxying (absolute-URI requests): nothing in the examples needs it.
		refused.push(`${req.method} ${req.url}`);
		res.writeHead(403, { 'content-type': 'text/plain' });
		res.end('sg-e2e proxy: refused');
	});
	proxy.on('connection', (s: Socket) => {
		sockets.add(s);
		s.on('close', () => sockets.delete(s));
	});
	proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
		const target = req.url ?? '';
		const [host, port = '443'] = target.split(':');
		if (!opts.hosts.includes(host) || port !== '443') {
			refused.push(`CONNECT ${target}`);
			socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		intercepted.push(target);
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head?.length) socket.unshift(head);
		tlsServer.emit('connection', socket);
	});
	await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
	const { port } = proxy.address() as import('net').AddressInfo;
	const url = `http://127.0.0.1:${port}`;
	const noProxy = '127.0.0.1,localhost,::1';
	return {
		url,
		caFile,
		env: {
			HTTPS_PROXY: url,
			https_proxy: url,
			HTTP_PROXY: url,
			http_proxy: url,
			NO_PROXY: noProxy,
			no_proxy: noProxy,
			NODE_EXTRA_CA_CERTS: caFile,
		},
		intercepted,
		refused,
		async close() {
			for (const s of sockets) s.destroy();
			proxy.closeAllConnections();
			await new Promise((r) => proxy.close(r));
			tlsServer.close();
		},
	};
}
