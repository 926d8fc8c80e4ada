/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync } from 'fs';
import { join, resolve } from 'path';
import type { Locator, Page } from 'playwright-core';

/**
 * The editor's parts, by the data-test-id values n8n's editor sets (the same ones n8n's own
 * Playwright pages use: packages/testing/playwright/pages in n8n-io/n8n). Read off n8n 2.41.1.
 */

export const IMAGES_DIR = resolve(__dirname, '..', '..', '..', 'docs', 'images');
export const PACKAGE_NODE_PREFIX = 'n8n-nodes-shared-gallery.';

/** Poll `probe` until it returns a truthy value (no fixed sleeps); the last value explains a timeout. */
export async function waitUntil<T>(
	probe: () => Promise<T>,
	what: string,
	{ timeoutMs = 30_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	let last: T | undefined;
	let lastError: unknown;
	for (;;) {
		try {
			last = await probe();
			if (last) return last as NonNullable<T>;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) {
			const detail = lastError
				? ` (last error: ${String(lastError)})`
				: ` (last value: ${JSON.stringify(last)})`;
			throw new Error(`[ui] timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
		}
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}

/** A PNG of the whole viewport into docs/images/<name>.png. */
export async function saveScreenshot(page: Page, name: string, target?: Locator): Promise<string> {
	mkdirSync(IMAGES_DIR, { recursive: true });
	const file = join(IMAGES_DIR, `${name}.png`);
	// Notifications (toasts) cover part of the picture and come and go: leave them out.
	await page
		.locator('.el-notification')
		.evaluateAll((els) => els.forEach((e) => ((e as HTMLElement).style.visibility = 'hidden')));
	if (target) await target.screenshot({ path: file });
	else await page.screenshot({ path: file });
	return file;
}

// ---- owner set-up and settings ----

export async function setupOwner(
	page: Page,
	baseUrl: string,
	owner: { email: string; firstName: string; lastName: string; password: string },
): Promise<void> {
	await page.goto(`${baseUrl}/`, { waitUntil: 'domcontentloaded' });
	await page.waitForURL(/\/setup/, { waitUntil: 'commit' });
	const form = page.getByTestId('setup-form');
	await form.getByTestId('email').locator('input').fill(owner.email);
	await form.getByTestId('firstName').locator('input').fill(owner.firstName);
	await form.getByTestId('lastName').locator('input').fill(owner.lastName);
	await form.getByTestId('password').locator('input').fill(owner.password);
	await form.getByTestId('form-submit-button').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/setup'), {
		timeout: 60_000,
		waitUntil: 'commit',
	});
}

/** Settings → Personal → Theme, as a user switches it; returns the editor's body[data-theme]. */
export async function setTheme(
	page: Page,
	baseUrl: string,
	label: 'Light theme' | 'Dark theme',
): Promise<string | undefined> {
	await page.goto(`${baseUrl}/settings/personal`, { waitUntil: 'domcontentloaded' });
	const select = page.getByTestId('theme-select');
	await select.click();
	await visibleOption(page, label).click();
	await page.getByTestId('save-settings-button').click();
	const want = label === 'Dark theme' ? 'dark' : 'light';
	return await waitUntil(async () => {
		const theme = await page.evaluate(() => document.body.dataset.theme);
		return theme === want ? theme : undefined;
	}, `body[data-theme="${want}"]`);
}

/** The open dropdown's option with this text (Element Plus keeps closed dropdowns in the DOM, hidden). */
export function visibleOption(page: Page, text: string | RegExp): Locator {
	return page
		.locator('.el-select-dropdown__item')
		.filter({ visible: true })
		.filter({ hasText: text })
		.first();
}

// ---- canvas and nodes panel ----

export async function openNewWorkflow(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/new`, { waitUntil: 'domcontentloaded' });
	await page.getByTestId('canvas-wrapper').waitFor();
}

export function canvasNode(page: Page, name: string): Locator {
	return page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
}

export interface PanelItem {
	/** The node type, from the item's keyboard-navigation id (`<type>-<uuid>`). */
	type: string;
	name: string;
	icons: Array<{ src: string; complete: boolean; naturalWidth: number }>;
}

/** The nodes panel's listed items, with their icon images as the browser loaded them. */
export async function nodePanelItems(page: Page): Promise<PanelItem[]> {
	return await page
		.getByTestId('node-creator')
		.getByTestId('item-iterator-item')
		.evaluateAll((els) =>
			els
				.filter((e) => (e as HTMLElement).offsetParent !== null)
				.map((e) => ({
					type: (e.getAttribute('data-keyboard-nav-id') ?? '').replace(
						/-[0-9a-f]{8}-[0-9a-f-]{27}$/,
						'',
					),
					name: (
						e.querySelector('[data-test-id="node-creator-item-name"]')?.textContent ?? ''
					).trim(),
					icons: [...e.querySelectorAll('img')].map((img) => ({
						src: img.src,
						complete: img.complete,
						naturalWidth: img.naturalWidth,
					})),
				})),
		);
}

/** Type into the nodes panel's search and wait until `count` of this package's nodes show, icons loaded. */
export async function searchNodesPanel(
	page: Page,
	text: string,
	count: number,
): Promise<PanelItem[]> {
	await page.getByTestId('node-creator-search-bar').fill(text);
	return await waitUntil(
		async () => {
			const ours = (await nodePanelItems(page)).filter((i) =>
				i.type.startsWith(PACKAGE_NODE_PREFIX),
			);
			const loaded =
				ours.length === count &&
				ours.every(
					(i) => i.icons.length > 0 && i.icons.every((img) => img.complete && img.naturalWidth > 0),
				);
			return loaded ? ours : undefined;
		},
		`${count} Shared Gallery nodes with loaded icons for "${text}"`,
		{ timeoutMs: 20_000 },
	);
}

// ---- node details view (NDV) ----

export function ndv(page: Page): Locator {
	return page.getByTestId('ndv');
}

export async function closeNdv(page: Page): Promise<void> {
	await ndv(page).getByTestId('ndv-close-button').click();
	await ndv(page).waitFor({ state: 'hidden' });
}

/** "Add Filter" / "Add Option" of a collection parameter, then the named entry. */
export async function addCollectionEntry(
	page: Page,
	collectionIndex: number,
	entry: string,
): Promise<void> {
	await ndv(page).getByTestId('collection-parameter-add').nth(collectionIndex).click();
	await page
		.getByTestId('collection-parameter-option')
		.filter({ visible: true })
		.filter({ hasText: entry })
		.first()
		.click();
}

export async function fillParameter(page: Page, name: string, value: string): Promise<void> {
	const input = ndv(page).getByTestId(`parameter-input-${name}`).locator('input, textarea').first();
	await input.fill(value);
	// Leave the field: its hint popover ("Tip: Execute previous nodes…") covers what is below it.
	await input.press('Tab');
}

export async function chooseOption(
	page: Page,
	parameter: string,
	option: string | RegExp,
): Promise<void> {
	await ndv(page).getByTestId(`parameter-input-${parameter}`).click();
	await visibleOption(page, option).click();
}

export async function chooseNodeCredential(page: Page, name: string): Promise<void> {
	await ndv(page).getByTestId('node-credentials-select').click();
	await visibleOption(page, name).click();
	await waitUntil(
		async () =>
			(await ndv(page).getByTestId('node-credentials-select').locator('input').inputValue()) ===
			name,
		`credential "${name}" selected`,
	);
}

// ---- credential dialog ----

export function credentialModal(page: Page): Locator {
	return page.getByTestId('editCredential-modal');
}

export async function fillCredential(page: Page, fields: Record<string, string>): Promise<void> {
	const modal = credentialModal(page);
	for (const [key, value] of Object.entries(fields)) {
		const input = modal.getByTestId(`parameter-input-${key}`).locator('input, textarea').first();
		await input.fill(value);
	}
}

export async function chooseCredentialAuth(page: Page, label: string): Promise<void> {
	await credentialModal(page).getByTestId('parameter-input-authentication').click();
	await visibleOption(page, label).click();
}

export async function renameCredential(page: Page, name: string): Promise<void> {
	const title = credentialModal(page).getByTestId('credential-name');
	await title.getByTestId('inline-edit-preview').click();
	await title.getByTestId('inline-edit-input').fill(name);
	await title.getByTestId('inline-edit-input').press('Enter');
}

/** Save: n8n stores the credential, then tests it (POST /rest/credentials/test); the test's answer. */
export async function saveCredential(page: Page): Promise<{ status: string; message?: string }> {
	const tested = page.waitForResponse(
		(r) => r.url().includes('/rest/credentials/test') && r.request().method() === 'POST',
		{ timeout: 60_000 },
	);
	await credentialModal(page).getByTestId('credential-save-button').click();
	const res = await tested;
	const body = (await res.json()) as { data?: { status: string; message?: string } };
	return body.data ?? { status: `HTTP ${res.status()}` };
}

export async function closeCredentialModal(page: Page): Promise<void> {
	const modal = credentialModal(page);
	if (await modal.isVisible()) {
		await modal.locator('.el-dialog__headerbtn').first().click();
	}
	await modal.waitFor({ state: 'hidden' });
}
