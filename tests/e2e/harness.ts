/**
 * One browser test file's setup: the built app on a fresh database and Chromium, started before
 * the file's tests and stopped after them; `open` gives a page in a new German-locale context.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startApp, type RunningApp } from './app-server';
import { launchBrowser } from './browser';

export interface BrowserApp {
	url: () => string;
	/** `viewport` sizes the page before it loads (a resize after the load lays a long page out twice). */
	open: (path: string, opts?: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } }) => Promise<Page>;
	axeViolations: (page: Page) => Promise<string[]>;
}

/** Call inside a `describe`: registers beforeAll/afterAll for the app and the browser. */
export function useBrowserApp(): BrowserApp {
	let app: RunningApp | undefined;
	let browser: Browser | undefined;
	beforeAll(async () => {
		app = await startApp();
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});
	return {
		url: () => app!.url,
		open: async (path, opts = {}) => {
			const context = await browser!.newContext({
				javaScriptEnabled: opts.javaScriptEnabled ?? true, locale: 'de-DE', ...(opts.viewport ? { viewport: opts.viewport } : {})
			});
			const page = await context.newPage();
			// With scripts on, wait until they have run: text typed before hydration would be reset.
			const res = await page.goto(`${app!.url}${path}`, { waitUntil: opts.javaScriptEnabled === false ? 'load' : 'networkidle' });
			expect(res?.status()).toBeLessThan(500);
			return page;
		},
		axeViolations: async (page) => {
			const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			return result.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
		}
	};
}
