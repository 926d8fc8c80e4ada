/// <reference lib="dom" />
/**
 * The nodes in n8n's editor, in a real browser, as a new user meets them (issue 11, part 3):
 * owner set-up, the nodes panel in both themes, the credential in its three modes, the Albums
 * and member pickers (issue 15: the seed's members picked by name), the seed use case run from the canvas with its binary preview, Get Display URLs, and a
 * console free of errors from this package. Screenshots go to docs/images/.
 *
 * The tests run in order and share one n8n, one browser and one emulator (started in beforeAll):
 * each step starts where the previous one left the editor.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Page } from 'playwright-core';

import { SEED, startEmulator, type Emulator } from '../../emulator';
import { launchBrowser, type BrowserSession } from './helpers/browser';
import {
	addCollectionEntry,
	canvasNode,
	chooseCredentialAuth,
	chooseNodeCredential,
	chooseOption,
	closeCredentialModal,
	closeNdv,
	credentialModal,
	fillCredential,
	fillParameter,
	ndv,
	openNewWorkflow,
	renameCredential,
	saveCredential,
	saveScreenshot,
	searchNodesPanel,
	setTheme,
	setupOwner,
	waitUntil,
	type PanelItem,
} from './helpers/editor';
import { N8nInstance } from '../e2e/helpers/n8n';
import { N8nServer } from '../e2e/helpers/n8nServer';
import { SharedGalleryApi } from '../../credentials/SharedGalleryApi.credentials';
import { createdByMembers } from '../../nodes/SharedGallery/fields';
import { currentTarget, targetLabel } from '../e2e/helpers/versions';

const QUERY = 'Shared Gallery Query Items';
const DOWNLOAD = 'Shared Gallery Get Download';
const DISPLAY = 'Get Display URLs';
const CRED_API_KEY = 'Shared Gallery (API key)';
const CRED_OAUTH = 'Shared Gallery (OAuth app)';
const CRED_INSTANCE = 'Shared Gallery (instance token)';
const HEADLINE_FILES = [
	'sunset-pier.jpg',
	'IMG_0001.jpg',
	'IMG_0001.jpg',
	'café-night.jpg',
	'beach-volley.mp4',
];
/** The member picker's From List mode (its hint and placeholder), from the node's description. */
const MEMBER_LIST_MODE = (
	createdByMembers.options![0] as {
		values: Array<{ modes?: Array<{ hint?: string; placeholder?: string }> }>;
	}
).values[0].modes![0];
const POSTED_LIST = 'Shared Gallery Posted List';
const OUR_NODES = [
	'n8n-nodes-shared-gallery.sharedGalleryGetDownload',
	'n8n-nodes-shared-gallery.sharedGalleryPostedList',
	'n8n-nodes-shared-gallery.sharedGalleryQueryItems',
	'n8n-nodes-shared-gallery.sharedGalleryTrigger',
];

let emu: Emulator;
let inst: N8nInstance;
let n8n: N8nServer;
const TARGET = currentTarget();
let session: BrowserSession;
let page: Page;
const timings: Array<[string, number]> = [];
let stepStarted = 0;
/** What the dialog said for a wrong API key (asserted in its own test, so the flow goes on). */
let wrongKeyText = '';
let tmpBefore: Set<string>;
/** Icon requests for this package's icons and their HTTP status. */
const iconResponses: Array<{ url: string; status: number }> = [];
/** The editor's requests for this package's output schemas (GET /schemas/<type>/<version>.json). */
const schemaResponses: Array<{ url: string; status: number }> = [];

/** Chromium's temp profiles and Playwright's artifacts folders (removed when the browser closes). */
function browserTmpEntries(): string[] {
	return readdirSync(tmpdir()).filter((e) => /^playwright[-_]/.test(e));
}

beforeAll(async () => {
	tmpBefore = new Set(browserTmpEntries());
	const t0 = Date.now();
	emu = await startEmulator();
	// A fresh user folder with the package placed as n8n's installer places it (from the run's
	// local registry), then `n8n start` on a free loopback port.
	inst = await N8nInstance.create(TARGET);
	const t1 = Date.now();
	timings.push([`package installed like n8n's installer (${targetLabel(TARGET)})`, t1 - t0]);
	n8n = await N8nServer.start(inst, 240_000);
	timings.push([`n8n ${TARGET.n8n} start (fresh user folder: migrations)`, Date.now() - t1]);
	const t2 = Date.now();
	session = await launchBrowser();
	page = session.page;
	page.on('response', (res) => {
		if (/\/icons\/n8n-nodes-shared-gallery\//.test(res.url()))
			iconResponses.push({ url: res.url(), status: res.status() });
		if (/\/schemas\/n8n-nodes-shared-gallery\./.test(res.url()))
			schemaResponses.push({ url: res.url(), status: res.status() });
	});
	timings.push(['chromium launch', Date.now() - t2]);
}, 420_000);

afterAll(async () => {
	await session?.close();
	await n8n?.stop();
	inst?.dispose();
	await emu?.close();
	const lines = timings.map(([name, ms]) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
	const total = timings.reduce((sum, [, ms]) => sum + ms, 0);
	process.stdout.write(
		`\n[ui] timing (${targetLabel(TARGET)}, Chromium):\n${lines.join('\n')}\n  ${(total / 1000).toFixed(1).padStart(6)} s  total\n`,
	);
	if (session) {
		const all = session.diagnostics.entries;
		if (all.length)
			process.stdout.write(
				`[ui] browser diagnostics (${all.length}):\n${session.diagnostics.format()}\n`,
			);
	}
	// The suite leaves TMPDIR as it found it: the user folder is gone, and so is the browser's.
	if (inst && existsSync(inst.root) && !process.env.SG_E2E_KEEP_TMP)
		throw new Error(`[ui] ${inst.root} left behind`);
	const left = browserTmpEntries().filter((e) => !tmpBefore?.has(e));
	if (left.length)
		process.stdout.write(`[ui] WARNING: new browser folders in ${tmpdir()}: ${left.join(', ')}\n`);
}, 60_000);

beforeEach(() => {
	stepStarted = Date.now();
});

/** Overview → Credentials → Add: the Shared Gallery API credential's dialog, opened as a user opens it. */
async function newCredentialFromList(tab: Page): Promise<void> {
	await tab.getByTestId('add-resource-credential').click();
	await tab.getByTestId('new-credential-type-select').locator('input').fill('Shared Gallery');
	await tab
		.getByTestId('new-credential-type-select-option')
		.filter({ hasText: 'Shared Gallery API' })
		.click();
	await tab.getByTestId('new-credential-type-button').click();
	await credentialModal(tab).waitFor();
}

/**
 * A resource locator's list, opened as a user opens it: the filter's "Add …" button gives a new
 * entry, whose input opens the list (From List is its default mode). Returns the names shown.
 */
async function openPickerList(tab: Page, addLabel: string): Promise<() => Promise<string[]>> {
	await ndv(tab).getByText(addLabel, { exact: true }).filter({ visible: true }).last().click();
	await ndv(tab).getByTestId('rlc-input').filter({ visible: true }).last().click();
	await pickerSearch(tab).waitFor();
	return async () =>
		(await tab.getByTestId('rlc-item').filter({ visible: true }).allInnerTexts()).map((t) =>
			t.trim(),
		);
}

/** The open list's search box. */
function pickerSearch(tab: Page) {
	return tab.getByTestId('rlc-search').filter({ visible: true }).first();
}

/** From Query Items' "+" on the canvas: Get Download, with one of its actions (nodes with operations list them as actions). */
async function addDownloadAfterQuery(action: RegExp): Promise<void> {
	await canvasNode(page, QUERY).click();
	await page.getByTestId('node-creator-plus-button').click();
	await searchNodesPanel(page, DOWNLOAD, 1);
	const items = page.getByTestId('node-creator').getByTestId('node-creator-item-name');
	await items.filter({ hasText: DOWNLOAD }).click();
	await items.filter({ hasText: action }).click();
	await ndv(page).waitFor();
}

/**
 * A test step; when it fails and SG_UI_FAILURE_DIR is set, the page's picture and its visible
 * data-test-ids are saved there (named after the step) to see what the editor showed.
 */
function step(name: string, fn: () => Promise<void>, timeoutMs?: number): void {
	test(
		name,
		async () => {
			try {
				await fn();
			} catch (error) {
				const dir = process.env.SG_UI_FAILURE_DIR;
				if (dir && page) {
					mkdirSync(dir, { recursive: true });
					const base = join(dir, name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60));
					await page.screenshot({ path: `${base}.png` }).catch(() => undefined);
					const ids = await page
						.evaluate(() =>
							[...document.querySelectorAll('[data-test-id]')]
								.filter((e) => (e as HTMLElement).offsetParent !== null)
								.map(
									(e) =>
										`${e.tagName} ${e.getAttribute('data-test-id')} ${(e as HTMLElement).innerText?.slice(0, 80).replace(/\n/g, ' | ')}`,
								)
								.join('\n'),
						)
						.catch(() => '');
					writeFileSync(`${base}.txt`, `${page.url()}\n${String(error)}\n\n${ids}\n`);
				}
				throw error;
			}
		},
		timeoutMs,
	);
}

afterEach(() => {
	timings.push([
		expect.getState().currentTestName?.replace(/^editor: /, '') ?? '?',
		Date.now() - stepStarted,
	]);
});

function expectOurNodes(items: PanelItem[], theme: 'light' | 'dark'): void {
	expect(items.map((i) => i.type).sort()).toEqual(OUR_NODES);
	const names = items.map((i) => i.name).sort();
	// The nodes panel drops " Trigger" from a trigger's name.
	expect(names).toEqual(['Shared Gallery', DOWNLOAD, POSTED_LIST, QUERY]);
	for (const item of items) {
		for (const icon of item.icons) {
			expect(icon.src).toMatch(
				theme === 'dark' ? /\/sharedGallery\.dark\.svg$/ : /\/sharedGallery\.svg$/,
			);
			expect(icon.naturalWidth).toBeGreaterThan(0);
		}
	}
}

describe('editor', () => {
	step('owner account set up in the browser', async () => {
		await setupOwner(page, n8n.url, {
			email: 'ui-owner@example.com',
			firstName: 'UI',
			lastName: 'Owner',
			password: 'Ui-owner-password-1',
		});
		// Signed in as that owner. (Not checked with a bare fetch('/rest/login'): without the
		// editor's browser-id header n8n takes the session for a stolen one and signs it out.)
		await page.goto(`${n8n.url}/settings/personal`, { waitUntil: 'domcontentloaded' });
		await expect(page.getByTestId('current-user-name').innerText()).resolves.toContain('UI Owner');
	});

	step(
		'nodes panel, light theme: "Shared Gallery" and "Wix" list the four nodes, icons loaded',
		async () => {
			expect(await setTheme(page, n8n.url, 'Light theme')).toBe('light');
			await openNewWorkflow(page, n8n.url);
			await page.getByTestId('canvas-plus-button').click();
			expectOurNodes(await searchNodesPanel(page, 'Shared Gallery', OUR_NODES.length), 'light');
			await saveScreenshot(page, 'nodes-panel-light');
			expectOurNodes(await searchNodesPanel(page, 'Wix', OUR_NODES.length), 'light');
			const light = iconResponses.filter((r) => /sharedGallery\.svg$/.test(r.url));
			expect(light.length).toBeGreaterThan(0);
			expect(light.every((r) => r.status === 200)).toBe(true);
		},
	);

	step('nodes panel, dark theme (Settings → Personal → Theme): dark icons, loaded', async () => {
		expect(await setTheme(page, n8n.url, 'Dark theme')).toBe('dark');
		await openNewWorkflow(page, n8n.url);
		await page.getByTestId('canvas-plus-button').click();
		expectOurNodes(await searchNodesPanel(page, 'Wix', OUR_NODES.length), 'dark');
		await saveScreenshot(page, 'nodes-panel-dark');
		expectOurNodes(await searchNodesPanel(page, 'Shared Gallery', OUR_NODES.length), 'dark');
		const dark = iconResponses.filter((r) => /sharedGallery\.dark\.svg$/.test(r.url));
		expect(dark.length).toBeGreaterThan(0);
		expect(dark.every((r) => r.status === 200)).toBe(true);
		// Back to the light theme for the rest (and for the README's pictures).
		expect(await setTheme(page, n8n.url, 'Light theme')).toBe('light');
	});

	step(
		'Query Items from the nodes panel; API Key credential from the node: a wrong key fails, the right one tests OK',
		async () => {
			await openNewWorkflow(page, n8n.url);
			await page.getByTestId('canvas-plus-button').click();
			await searchNodesPanel(page, QUERY, 1);
			await page
				.getByTestId('node-creator')
				.getByTestId('node-creator-item-name')
				.filter({ hasText: QUERY })
				.click();
			// A community node opens its details first ("Installed", "Via npm"): add it from there.
			await page.getByTestId('node-creator').getByText('Add to workflow').click();
			await ndv(page).waitFor();
			// The first node is not a trigger: the editor puts a manual trigger before it.
			await expect(canvasNode(page, 'When clicking ‘Execute workflow’').count()).resolves.toBe(1);

			await ndv(page).getByTestId('node-credentials-empty-state').locator('button').first().click();
			await credentialModal(page).waitFor();
			await chooseCredentialAuth(page, 'API Key');
			await fillCredential(page, {
				apiKey: 'not-the-key',
				siteId: emu.credentials.siteId,
				baseUrl: emu.baseUrl,
			});
			const wrong = await saveCredential(page);
			expect(wrong.status).toBe('Error');
			const banner = credentialModal(page)
				.getByTestId('credentials-config-container-test-error')
				.or(credentialModal(page).getByText(/Couldn.t connect with these settings/));
			await banner.first().waitFor();
			const more = credentialModal(page).getByText('More details');
			if (await more.isVisible()) await more.click();
			wrongKeyText = `${wrong.message ?? ''}\n${await credentialModal(page).innerText()}`;
			process.stdout.write(
				`[ui] a wrong API key: the credential test said ${JSON.stringify(wrong.message)}\n`,
			);
			await saveScreenshot(page, 'credential-wrong-key');

			await fillCredential(page, { apiKey: emu.credentials.apiKey });
			await renameCredential(page, CRED_API_KEY);
			const right = await saveCredential(page);
			expect(right.status).toBe('OK');
			// From a node, a credential that tests OK closes its dialog and is selected in the node.
			await credentialModal(page).waitFor({ state: 'hidden' });
			await waitUntil(
				async () =>
					(await ndv(page).getByTestId('node-credentials-select').locator('input').inputValue()) ===
					CRED_API_KEY,
				'the new credential selected in the node',
			);
		},
	);

	step(
		"Albums picker (Filters → Albums → Add Album → From List) lists the emulator's albums and searches them by name",
		async () => {
			await addCollectionEntry(page, 0, 'Albums');
			const expected = emu.store.items
				.filter((i) => i.album !== undefined && i.id !== emu.store.rootAlbumId)
				.map((i) => i.name)
				.sort((a, b) => a.localeCompare(b));
			expect(expected.length).toBeGreaterThan(0);
			// The list comes from the node's searchAlbums (a query to the emulator) when it opens.
			const shown = await openPickerList(page, 'Add Album');
			await waitUntil(
				async () => ((await shown()).length === expected.length ? true : undefined),
				`${expected.length} albums in the picker`,
			);
			expect(await shown()).toEqual(expected);
			await saveScreenshot(page, 'albums-picker');
			await pickerSearch(page).fill('night');
			await waitUntil(
				async () => ((await shown()).join() === 'Night Walks' ? true : undefined),
				'the search for "night" to leave Night Walks alone',
			);
			// Leave the album empty (no album restriction): close the list.
			await page.keyboard.press('Escape');
		},
	);

	step(
		'Query Items set up as in the example, the two members picked by name (one by her last name): 5 most-liked media of Dana and Zoë',
		async () => {
			await fillParameter(page, 'limit', '5');
			await addCollectionEntry(page, 0, 'Created By');
			for (const [typed, name] of [
				['Dana', 'Dana Whitfield'],
				// A word inside the name, found by its start (the Members API has no "contains").
				['okafor', 'Zoë Okafor'],
			]) {
				const shown = await openPickerList(page, 'Add Member');
				if (typed === 'okafor') {
					// The middle of a word finds no one: n8n's own "No results" under the empty field,
					// whose placeholder says to type the start of a name.
					await pickerSearch(page).fill('kafor');
					await page
						.getByText('No results', { exact: true })
						.filter({ visible: true })
						.first()
						.waitFor();
					const field = ndv(page).getByTestId('rlc-input').filter({ visible: true }).last();
					await expect(field.getAttribute('placeholder')).resolves.toBe(
						MEMBER_LIST_MODE.placeholder,
					);
				}
				await pickerSearch(page).fill(typed);
				await waitUntil(
					async () => ((await shown()).join() === name ? true : undefined),
					`the member search for "${typed}" to list ${name}`,
				);
				await page
					.getByTestId('rlc-item')
					.filter({ visible: true })
					.filter({ hasText: name })
					.click();
				await waitUntil(
					async () =>
						(await ndv(page)
							.getByTestId('rlc-input')
							.filter({ visible: true })
							.last()
							.inputValue()) === name
							? true
							: undefined,
					`${name} shown in the picker`,
				);
			}
			// Under each picked member, the list mode's hint: how Wix's Members API searches.
			const hints = ndv(page)
				.getByText(MEMBER_LIST_MODE.hint!, { exact: true })
				.filter({ visible: true });
			await waitUntil(async () => ((await hints.count()) === 2 ? true : undefined), 'two hints');
			await saveScreenshot(page, 'member-picker');
			await addCollectionEntry(page, 0, 'Item Types');
			await chooseOption(page, 'itemTypes', /^Visual Media/);
			await ndv(page).getByText('Sort By', { exact: true }).click();
			await chooseOption(page, 'sortField', /^Like Count/);
			await chooseOption(page, 'sortOrder', /^Descending/);
			await closeNdv(page);
		},
	);

	step(
		'OAuth App (Client Credentials) credential from Overview → Credentials: Test OK',
		async () => {
			// A second tab, as a user would open it, keeps the workflow under construction.
			const editorPage = page;
			const tab = await session.context.newPage();
			session.diagnostics.attach(tab);
			try {
				page = tab;
				await tab.goto(`${n8n.url}/home/credentials`, { waitUntil: 'domcontentloaded' });
				await newCredentialFromList(tab);
				await chooseCredentialAuth(tab, 'OAuth App (Client Credentials)');
				await fillCredential(tab, {
					clientId: emu.credentials.clientId,
					clientSecret: emu.credentials.clientSecret,
					instanceId: emu.credentials.instanceId,
					baseUrl: emu.baseUrl,
				});
				await renameCredential(tab, CRED_OAUTH);
				expect((await saveCredential(tab)).status).toBe('OK');
				await credentialModal(tab).getByText('Connection tested successfully').waitFor();
				await saveScreenshot(tab, 'credential-dialog');
				await closeCredentialModal(tab);

				await newCredentialFromList(tab);
				await chooseCredentialAuth(tab, 'App Instance Token (Legacy)');
				await fillCredential(tab, {
					instanceToken: emu.credentials.instanceToken,
					baseUrl: emu.baseUrl,
				});
				await renameCredential(tab, CRED_INSTANCE);
				expect((await saveCredential(tab)).status).toBe('OK');
				await credentialModal(tab).getByText('Connection tested successfully').waitFor();
				await closeCredentialModal(tab);
				// Each mode really reached the emulator with its own scheme.
				expect(emu.issuedAccessTokens.length).toBeGreaterThan(0);
			} finally {
				page = editorPage;
				await tab.close();
				await page.bringToFront();
			}
		},
	);

	step(
		'Get Download after Query Items; the workflow runs from the canvas: 5 binary items, the image preview shows',
		async () => {
			await addDownloadAfterQuery(/^Download files$/);
			await chooseNodeCredential(page, CRED_API_KEY);
			await closeNdv(page);

			await page.getByTestId('zoom-to-fit').click();
			await page.getByTestId('execute-workflow-button').click();
			await canvasNode(page, DOWNLOAD)
				.getByTestId('canvas-node-status-success')
				.waitFor({ timeout: 60_000 });
			// The canvas labels the connections with their item counts: 1 → 5 → 5.
			await page.getByTestId('edge-label').filter({ hasText: '5 items' }).first().waitFor();
			// The run is over when the button reads "Execute workflow" again; no pointer over the canvas.
			await page.mouse.move(5, 400);
			await page
				.getByTestId('execute-workflow-button')
				.filter({ hasText: 'Execute workflow' })
				.waitFor();
			await saveScreenshot(page, 'workflow-canvas');

			await canvasNode(page, DOWNLOAD).dblclick();
			const out = page.getByTestId('output-panel');
			await out.getByTestId('ndv-binary-data_4').waitFor();
			await expect(out.getByTestId('ndv-binary-data_5').count()).resolves.toBe(0);
			const names = [];
			for (let i = 0; i < 5; i++) {
				const text = await out.getByTestId(`ndv-binary-data_${i}`).innerText();
				names.push(/File Name:\s*(.+)/.exec(text)?.[1]?.trim());
			}
			expect(names).toEqual(HEADLINE_FILES);
			// The members picked by name became the seed's query: their IDs, most liked first. (The
			// other queries are the pickers' album search and Get Download's look-up by item ID.)
			const queries = emu.requestLog
				.filter((e) => e.path === '/shared-gallery/v1/items/query')
				.map((e) => e.body as { sort?: { field?: string } });
			expect(queries.filter((body) => body.sort?.field === 'LIKE_COUNT')).toEqual([
				{ ...SEED.headline.request, fieldset: ['Profiles'] },
			]);
			await saveScreenshot(page, 'output-binary-items');

			await out.getByTestId('ndv-binary-data_0').getByTestId('ndv-view-binary-data').click();
			const preview = out
				.getByTestId('ndv-data-container')
				.locator('img[src*="/rest/binary-data"]');
			await preview.waitFor();
			const size = await waitUntil(
				async () =>
					preview.evaluate((img: HTMLImageElement) =>
						img.complete && img.naturalWidth > 0
							? { w: img.naturalWidth, h: img.naturalHeight }
							: undefined,
					),
				'the image preview to load',
			);
			expect(size).toEqual({ w: 640, h: 480 });
			await saveScreenshot(page, 'output-binary-preview');
			await closeNdv(page);
		},
	);

	step(
		"Get Display URLs (a second Get Download, OAuth credential): 5 URLs on the emulator's file host",
		async () => {
			await addDownloadAfterQuery(/^Get display URLs$/);
			const title = ndv(page).getByTestId('node-title-container');
			await title.getByTestId('inline-edit-preview').click();
			await title.getByTestId('inline-edit-input').fill(DISPLAY);
			await title.getByTestId('inline-edit-input').press('Enter');
			await chooseNodeCredential(page, CRED_OAUTH);
			await expect(
				ndv(page).getByTestId('parameter-input-operation').locator('input').inputValue(),
			).resolves.toBe('Get Display URLs');

			await ndv(page).getByTestId('node-execute-button').click();
			const out = page.getByTestId('output-panel');
			await out.getByTestId('node-run-status-success').waitFor({ timeout: 60_000 });
			await out.getByTestId('radio-button-table').click();
			const rows = await waitUntil(async () => {
				const texts = await out
					.getByTestId('ndv-data-container')
					.locator('table tbody tr')
					.allInnerTexts();
				return texts.length === 5 ? texts : undefined;
			}, 'five rows in the output table');
			rows.forEach((row, i) => {
				expect(row).toContain(HEADLINE_FILES[i]);
				expect(row).toContain(`${emu.fileBaseUrl}/`);
			});
			await expect(out.getByTestId('ndv-items-count').innerText()).resolves.toMatch(/5 items/);
			await saveScreenshot(page, 'output-display-urls');
			await closeNdv(page);
		},
	);

	test("a wrong API key: the dialog shows the credential's 401 rule (what to check in each mode)", () => {
		// Seen on 2.41.1 before the credential had rules: "Couldn't connect with these settings", "Unauthorized".
		// n8n 2.8.4 applies no rule (it loses the status on the way): its own words for a 401.
		const rule = new SharedGalleryApi().test.rules?.find(
			(r) => r.type === 'responseCode' && r.properties.value === 401,
		);
		expect(wrongKeyText).toContain(
			TARGET.n8n === '2.8.4'
				? 'Authorization failed - please check your credentials'
				: rule?.type === 'responseCode'
					? rule.properties.message
					: 'no 401 rule',
		);
	});

	test('output schemas: every schema the editor asked for was served', () => {
		// Before the package shipped them: GET /schemas/n8n-nodes-shared-gallery.sharedGalleryQueryItems/1.0.0.json → 404.
		process.stdout.write(
			`[ui] schema requests: ${schemaResponses.map((r) => `${r.url.replace(n8n.url, '')} → ${r.status}`).join(', ') || 'none'}\n`,
		);
		expect(schemaResponses.filter((r) => r.status !== 200)).toEqual([]);
	});

	test('the browser showed no error from this package (console, failed requests, 4xx/5xx)', () => {
		// Left out: the editor's own look-up of the package on the public registry
		// (GET https://registry.npmjs.org/n8n-nodes-shared-gallery, for the community node's details
		// panel). The package is not published and this machine's network answers registry.npmjs.org
		// with an untrusted certificate; nothing in the package can change that.
		const ours = session.diagnostics
			.fromPackage()
			.filter((e) => !(e.url ?? '').startsWith('https://registry.npmjs.org/'));
		if (ours.length)
			process.stdout.write(`[ui] errors from this package:\n${session.diagnostics.format(ours)}\n`);
		expect(session.diagnostics.format(ours)).toBe('');
	});
});
