// npm run emulator -- [--port N] [--file-port N] [--max-page-size N] [--fault SPEC]... [--json]
//   [--host H] [--no-seed] [--dialect schema|docs-example] [--who-can-download NO_ONE|EVERYONE|MEMBERS]
//   [--duplicate-naming suffix|index-prefix] [--compression store|deflate|mixed] [--url-ttl-ms N]
//   [--token-ttl-seconds N] [--synthetic N] [--large-site] [--no-members-permission]
//   [--link RATE,DELAY] [--ranges]
// --port: the API's port, 8787 unless given, the same on every start, so the credential's Base URL
//   (http://127.0.0.1:8787) keeps working across restarts; --port 0 takes any free port.
//   --file-port: the file host's port (any free one unless given; the API hands out its URLs).
// --large-site: 10,000 members and 500 albums (the pickers' paging and search);
// --no-members-permission: the Members query answers 403, as for a key without Read Members.
// --link shapes every file-host connection, e.g. --link 25MB/s,50ms (MB = 10^6 bytes, MiB = 2^20);
//   --ranges lets the file host answer Range requests on single files (off by default).
// Fault specs: see parseFaultSpec in faults.ts (e.g. query:429, query:429:retry-after=2, download-url:503x3,
//   file:reset, file:truncate, file:corrupt, query:repeat-cursor, view:delay=2000, file:slow=3000).
import {
	addSyntheticItems,
	parseFaultSpec,
	parseLinkSpec,
	SEED,
	startEmulator,
	type EmulatorOptions,
	type Fault,
} from './index';

/** The API's port unless --port says otherwise: stable, so a credential's Base URL survives restarts. */
export const DEFAULT_PORT = 8787;

function parseArgs(argv: string[]): {
	options: EmulatorOptions;
	faults: Fault[];
	json: boolean;
	synthetic: number;
} {
	const options: EmulatorOptions = { port: DEFAULT_PORT };
	const faults: Fault[] = [];
	let json = false;
	let synthetic = 0;
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const value = () => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		const num = () => {
			const n = Number(value());
			if (!Number.isFinite(n)) throw new Error(`${flag} needs a number`);
			return n;
		};
		switch (flag) {
			case '--port':
				options.port = num();
				break;
			case '--file-port':
				options.filePort = num();
				break;
			case '--host':
				options.host = value();
				break;
			case '--max-page-size':
				options.maxPageSize = num();
				break;
			case '--fault':
				faults.push(parseFaultSpec(value()));
				break;
			case '--json':
				json = true;
				break;
			case '--no-seed':
				options.seed = false;
				break;
			case '--dialect':
				options.dialect = value() as EmulatorOptions['dialect'];
				break;
			case '--who-can-download':
				options.whoCanDownload = value() as EmulatorOptions['whoCanDownload'];
				break;
			case '--duplicate-naming':
				options.duplicateNaming = value() as EmulatorOptions['duplicateNaming'];
				break;
			case '--compression':
				options.compression = value() as EmulatorOptions['compression'];
				break;
			case '--url-ttl-ms':
				options.urlTtlMs = num();
				break;
			case '--token-ttl-seconds':
				options.tokenTtlSeconds = num();
				break;
			case '--large-site':
				options.largeSite = true;
				break;
			case '--no-members-permission':
				options.membersPermission = false;
				break;
			case '--link':
				options.link = parseLinkSpec(value());
				break;
			case '--ranges':
				options.ranges = true;
				break;
			case '--synthetic':
				synthetic = num();
				break;
			case '--help':
			case '-h':
				console.log(
					require('fs')
						.readFileSync(__filename, 'utf8')
						.split('\n')
						.filter((l: string) => l.startsWith('//'))
						.join('\n'),
				);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown flag ${argv[i]} (try --help)`);
		}
	}
	return { options, faults, json, synthetic };
}

async function main(): Promise<void> {
	const { options, faults, json, synthetic } = parseArgs(process.argv.slice(2));
	const emu = await startEmulator(options).catch((err: NodeJS.ErrnoException) => {
		if (err?.code !== 'EADDRINUSE') throw err;
		const port = (err as { port?: number }).port;
		const which = port === options.filePort ? '--file-port' : '--port';
		throw new Error(
			`port ${port} is taken (is another emulator still running?). ` +
				`Stop it, or choose another port: npm run emulator -- ${which} ${(port ?? DEFAULT_PORT) + 10}`,
		);
	});
	for (const f of faults) emu.faults.add(f);
	if (synthetic > 0) addSyntheticItems(emu.store, synthetic);
	const c = emu.credentials;
	const info = {
		baseUrl: emu.baseUrl,
		fileBaseUrl: emu.fileBaseUrl,
		apiKey: c.apiKey,
		siteId: c.siteId,
		clientId: c.clientId,
		clientSecret: c.clientSecret,
		instanceId: c.instanceId,
		instanceToken: c.instanceToken,
		items: emu.store.items.length,
		members: emu.store.members.length,
		link: emu.options.link,
		ranges: emu.options.ranges,
		faults: faults.length,
		seed:
			options.seed === false
				? undefined
				: { members: SEED.members, albums: SEED.albums, rootAlbumId: SEED.rootAlbumId },
	};
	if (json) console.log(JSON.stringify(info));
	else {
		// Labelled as the credential's fields are, so each value can be pasted into its field.
		console.log(`Shared Gallery emulator on port ${new URL(info.baseUrl).port}${options.port === DEFAULT_PORT ? ' (the same on every start; --port N for another)' : ''}
  API base URL   ${info.baseUrl}   (paste it into the credential's Base URL)
  file host      ${info.fileBaseUrl}
  items          ${info.items}, members ${info.members}${faults.length ? `\n  faults         ${process.argv.filter((a, i) => process.argv[i - 1] === '--fault' || a.startsWith('--fault=')).join(' ')}` : ''}

Credential "Shared Gallery API", field by field:
  Base URL        ${info.baseUrl}
  Authentication  API Key
    API Key         ${c.apiKey}
    Site ID         ${c.siteId}
  Authentication  OAuth App (Client Credentials)
    Client ID       ${c.clientId}
    Client Secret   ${c.clientSecret}
    Instance ID     ${c.instanceId}
  Authentication  App Instance Token (Legacy)
    Instance Token  ${c.instanceToken}   (valid 4 h)

Try:
  curl -s -X POST ${info.baseUrl}/shared-gallery/v1/items/query \\
    -H 'Authorization: ${c.apiKey}' -H 'wix-site-id: ${c.siteId}' \\
    -H 'Content-Type: application/json' -d '{"paging":{"limit":2}}'

Ctrl+C to stop.`);
	}
	const stop = () => {
		emu.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((err) => {
	console.error(`emulator: ${err instanceof Error ? err.message : String(err)}`);
	process.exit(1);
});
