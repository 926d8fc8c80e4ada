import { chownSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { connect } from 'net';
import { join } from 'path';
import { cleanEnv, run, startProcess } from '../../../engine/processes';
import { freePort } from '../../e2e/helpers/freePort';

/**
 * Postgres and Redis for a queue-mode deployment, from Debian's packages: each on loopback, on a
 * free port, with its data in the deployment's temporary folder. `.ci/run` installs the packages
 * where they are missing.
 */

type Proc = ReturnType<typeof startProcess>;

const sleep = async (ms: number) => await new Promise((r) => setTimeout(r, ms));

/** The newest Postgres server on the machine: Debian puts each major in /usr/lib/postgresql/<n>/bin. */
export function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (!majors.length)
		throw new Error(
			'[queue] no Postgres server in /usr/lib/postgresql: apt-get install postgresql',
		);
	return join(root, majors[0], 'bin');
}

/** Postgres refuses to run as root: as root, its commands run as the `postgres` user. */
function asPostgres(cmd: string, args: string[]): [string, string[]] {
	return process.getuid?.() === 0
		? ['runuser', ['-u', 'postgres', '--', cmd, ...args]]
		: [cmd, args];
}

export class Postgres {
	private proc: Proc | undefined;

	private constructor(
		readonly dataDir: string,
		readonly port: number,
	) {}

	/** A fresh cluster in its own temporary folder (the postgres user must reach it), removed by stop(). */
	static async start(database = 'n8n'): Promise<Postgres> {
		const bin = postgresBin();
		const dir = mkdtempSync(join(tmpdir(), 'sg-queue-pg-'));
		const dataDir = join(dir, 'data');
		mkdirSync(dataDir, { mode: 0o700 });
		if (process.getuid?.() === 0) {
			// The folders above must be passable by the postgres user.
			chmodSync(dir, 0o755);
			const { uid, gid } = await postgresIds();
			chownSync(dataDir, uid, gid);
		}
		const init = await run(
			...asPostgres(join(bin, 'initdb'), [
				'-D',
				dataDir,
				'-U',
				'n8n',
				'-A',
				'trust',
				'-E',
				'UTF8',
				'--no-sync',
			]),
			{ env: cleanEnv(), timeoutMs: 120_000 },
		);
		if (init.code !== 0) throw new Error(`[queue] initdb failed:\n${init.stdout}\n${init.stderr}`);
		const pg = new Postgres(dataDir, await freePort());
		await pg.startServer();
		const create = await pg.psql('postgres', `CREATE DATABASE ${database}`);
		if (!/CREATE DATABASE/.test(create)) throw new Error(`[queue] createdb: ${create}`);
		return pg;
	}

	private async startServer(): Promise<void> {
		const bin = postgresBin();
		this.proc = startProcess(
			...asPostgres(join(bin, 'postgres'), [
				'-D',
				this.dataDir,
				'-p',
				String(this.port),
				'-k',
				this.dataDir,
				'-c',
				'listen_addresses=127.0.0.1',
				// A throw-away database: durability costs time and buys nothing here.
				'-c',
				'fsync=off',
				'-c',
				'synchronous_commit=off',
				'-c',
				'full_page_writes=off',
				'-c',
				'max_connections=200',
			]),
			{ env: cleanEnv() },
		);
		const deadline = Date.now() + 60_000;
		for (;;) {
			const ready = await run(
				join(bin, 'pg_isready'),
				['-h', '127.0.0.1', '-p', String(this.port)],
				{ env: cleanEnv(), timeoutMs: 10_000 },
			);
			if (ready.code === 0) return;
			if (this.proc.child.exitCode !== null || Date.now() > deadline)
				throw new Error(`[queue] postgres did not start:\n${this.proc.output().slice(-3000)}`);
			await sleep(300);
		}
	}

	env(database = 'n8n'): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: 'n8n',
			DB_POSTGRESDB_PASSWORD: '',
		};
	}

	/** One statement through psql; its unaligned output. */
	async psql(database: string, sql: string): Promise<string> {
		const res = await run(
			join(postgresBin(), 'psql'),
			['-h', '127.0.0.1', '-p', String(this.port), '-U', 'n8n', '-d', database, '-At', '-c', sql],
			{ env: cleanEnv(), timeoutMs: 60_000 },
		);
		if (res.code !== 0) throw new Error(`[queue] psql ${sql}: ${res.stderr}`);
		return res.stdout.trim();
	}

	async stop(): Promise<void> {
		const proc = this.proc;
		this.proc = undefined;
		if (!proc || proc.child.exitCode !== null) return;
		// SIGINT: Postgres's fast shutdown (SIGTERM waits for every client to leave).
		try {
			process.kill(-proc.child.pid!, 'SIGINT');
		} catch {
			/* gone */
		}
		const deadline = Date.now() + 20_000;
		while (proc.child.exitCode === null && proc.child.signalCode === null && Date.now() < deadline)
			await sleep(100);
		await proc.stop();
		rmSync(join(this.dataDir, '..'), { recursive: true, force: true });
	}
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
	const uid = await run('id', ['-u', 'postgres'], { env: cleanEnv() });
	const gid = await run('id', ['-g', 'postgres'], { env: cleanEnv() });
	if (uid.code !== 0) throw new Error('[queue] no postgres user: apt-get install postgresql');
	return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export class Redis {
	private proc: Proc | undefined;

	private constructor(
		readonly dir: string,
		readonly port: number,
	) {}

	static async start(dir: string): Promise<Redis> {
		mkdirSync(dir, { recursive: true });
		const redis = new Redis(dir, await freePort());
		await redis.startServer();
		return redis;
	}

	private async startServer(): Promise<void> {
		this.proc = startProcess(
			'redis-server',
			[
				'--port',
				String(this.port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				this.dir,
			],
			{ env: cleanEnv() },
		);
		const deadline = Date.now() + 30_000;
		while (!(await this.ping())) {
			if (this.proc.child.exitCode !== null || Date.now() > deadline)
				throw new Error(`[queue] redis did not start:\n${this.proc.output().slice(-3000)}`);
			await sleep(200);
		}
	}

	env(): Record<string, string> {
		return { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.port) };
	}

	/** A PING over the wire protocol: true on +PONG. */
	async ping(): Promise<boolean> {
		return await new Promise((resolve) => {
			const socket = connect(this.port, '127.0.0.1');
			socket.setTimeout(2000);
			socket.once('connect', () => socket.write('PING\r\n'));
			socket.once('data', (d) => {
				resolve(d.toString().startsWith('+PONG'));
				socket.destroy();
			});
			socket.once('error', () => resolve(false));
			socket.once('timeout', () => {
				resolve(false);
				socket.destroy();
			});
		});
	}

	/** Stop and start again on the same port, as a Redis restart in production: nothing saved. */
	async restart(downMs = 0): Promise<void> {
		await this.stop();
		if (downMs) await sleep(downMs);
		await this.startServer();
	}

	async stop(): Promise<void> {
		await this.proc?.stop();
		this.proc = undefined;
	}
}
