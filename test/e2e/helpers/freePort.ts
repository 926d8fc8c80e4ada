import { createServer } from 'net';

/** Ask the OS for a free TCP port on 127.0.0.1 (bind to 0, read the port, release it). */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			if (!addr || typeof addr === 'string') {
				srv.close();
				reject(new Error('could not get a free port'));
				return;
			}
			const { port } = addr;
			srv.close(() => resolve(port));
		});
	});
}

/** Several distinct free ports at once (held open together so they differ). */
export async function freePorts(count: number): Promise<number[]> {
	const servers = await Promise.all(
		Array.from({ length: count }, async () => {
			return await new Promise<import('net').Server>((resolve, reject) => {
				const srv = createServer();
				srv.on('error', reject);
				srv.listen(0, '127.0.0.1', () => resolve(srv));
			});
		}),
	);
	const ports = servers.map((s) => (s.address() as import('net').AddressInfo).port);
	await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
	return ports;
}
