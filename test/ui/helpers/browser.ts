import { existsSync } from 'fs';
import { chromium, selectors, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium); the suite never downloads a browser. */
export const CHROMIUM = process.env.SG_UI_CHROMIUM || '/usr/bin/chromium';

/**
 * Without these, Chromium's own background connections (QUIC, component updates, sync) fail on a
 * closed network and can take the page's connections down with them.
 */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export const VIEWPORT = { width: 1280, height: 800 };

export interface Diagnostic {
	kind: 'console' | 'pageerror' | 'requestfailed' | 'http';
	text: string;
	url?: string;
	status?: number;
}

/** Everything that went wrong in the browser during the run. */
export class Diagnostics {
	readonly entries: Diagnostic[] = [];

	attach(page: Page): void {
		page.on('console', (msg) => {
			if (msg.type() !== 'error') return;
			const loc = msg.location();
			this.entries.push({ kind: 'console', text: msg.text(), url: loc?.url });
		});
		page.on('pageerror', (err) =>
			this.entries.push({
				kind: 'pageerror',
				text: `${err.name}: ${err.message}\n${err.stack ?? ''}`,
			}),
		);
		page.on('requestfailed', (req) =>
			this.entries.push({
				kind: 'requestfailed',
				text: `${req.method()} ${req.url()}: ${req.failure()?.errorText ?? ''}`,
				url: req.url(),
			}),
		);
		page.on('response', (res) => {
			if (res.status() < 400) return;
			this.entries.push({
				kind: 'http',
				text: `${res.request().method()} ${res.url()} → ${res.status()}`,
				url: res.url(),
				status: res.status(),
			});
		});
	}

	/** Entries that mention this package (its name, node types, icon or schema paths). */
	fromPackage(pattern = /shared-?gallery/i): Diagnostic[] {
		return this.entries.filter(
			(e) => pattern.test(e.text) || (e.url !== undefined && pattern.test(e.url)),
		);
	}

	format(list: Diagnostic[] = this.entries): string {
		return list.map((e) => `  [${e.kind}] ${e.text.split('\n')[0].slice(0, 300)}`).join('\n');
	}
}

export interface BrowserSession {
	browser: Browser;
	context: BrowserContext;
	page: Page;
	diagnostics: Diagnostics;
	close(): Promise<void>;
}

export function checkChromium(): void {
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`[ui] ${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium); .ci/run does.`,
		);
	}
}

export async function launchBrowser(): Promise<BrowserSession> {
	checkChromium();
	// n8n's editor marks its elements with data-test-id (n8n's own Playwright suite does the same).
	selectors.setTestIdAttribute('data-test-id');
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		args: CHROMIUM_ARGS,
		headless: true,
	});
	const context = await browser.newContext({
		viewport: VIEWPORT,
		locale: 'en-US',
		timezoneId: 'UTC',
	});
	context.setDefaultTimeout(30_000);
	const page = await context.newPage();
	const diagnostics = new Diagnostics();
	diagnostics.attach(page);
	return {
		browser,
		context,
		page,
		diagnostics,
		async close() {
			await context.close().catch(() => undefined);
			await browser.close().catch(() => undefined);
		},
	};
}
