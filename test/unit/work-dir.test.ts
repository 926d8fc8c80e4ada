import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

import {
	hostTag,
	ownerOf,
	removeAbandoned,
	UNOWNED_MAX_AGE_MS,
} from '../../nodes/SharedGalleryGetDownload/workDir';

describe("Get Download's temporary folders: a killed process's folder goes at the next run", () => {
	let dir: string;
	beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sg-workdir-test-'))));
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	const make = (name: string, ageMs = 0) => {
		mkdirSync(join(dir, name));
		if (ageMs) {
			const t = (Date.now() - ageMs) / 1000;
			utimesSync(join(dir, name), t, t);
		}
		return name;
	};

	test('the folder name says which process on which host owns it', () => {
		expect(ownerOf(`n8n-shared-gallery-4242@${hostTag('worker-1')}-aB3xY9`)).toEqual({
			pid: 4242,
			host: 'worker-1',
		});
		expect(ownerOf('n8n-shared-gallery-aB3xY9')).toBe('unowned');
		expect(ownerOf('n8n-shared-gallery-notes.txt')).toBeUndefined();
		expect(ownerOf('something-else')).toBeUndefined();
		expect(hostTag('odd host/name')).toBe('odd_host_name');
	});

	test("removes this host's folders whose process is gone, keeps live ones, other hosts' and other files", async () => {
		const host = hostTag();
		const dead = make(`n8n-shared-gallery-999991@${host}-aaaaaa`);
		const alive = make(`n8n-shared-gallery-999992@${host}-bbbbbb`);
		const mine = make(`n8n-shared-gallery-${process.pid}@${host}-cccccc`);
		const otherHost = make(`n8n-shared-gallery-999991@${host}x-dddddd`);
		const unrelated = make('n8n-shared-gallery-readme');
		const removed = await removeAbandoned(dir, { isAlive: (pid) => pid === 999992 });
		expect(removed).toEqual([dead]);
		expect(readdirSync(dir).sort()).toEqual([alive, mine, otherHost, unrelated].sort());
	});

	test('folders of versions before 0.3 (no owner in the name) go once a day old', async () => {
		const old = make('n8n-shared-gallery-Old123', UNOWNED_MAX_AGE_MS + 60_000);
		const fresh = make('n8n-shared-gallery-New123');
		expect(await removeAbandoned(dir, { isAlive: () => false })).toEqual([old]);
		expect(readdirSync(dir)).toEqual([fresh]);
	});

	test('the real liveness check: a pid that does not exist is dead, this process is alive', async () => {
		const host = hostTag();
		// Above the kernel's pid_max (4194304 at most): no process can have it.
		const gone = make(`n8n-shared-gallery-4194399@${host}-eeeeee`);
		const parent = make(`n8n-shared-gallery-${process.ppid}@${host}-ffffff`);
		expect(await removeAbandoned(dir)).toEqual([gone]);
		expect(readdirSync(dir)).toEqual([parent]);
	});

	test('a missing temp folder is no error', async () => {
		expect(await removeAbandoned(join(dir, 'absent'))).toEqual([]);
	});
});
