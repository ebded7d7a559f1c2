/**
 * The setup of browser tests that sign in as seeded users (tests/e2e/seed-users.ts): the built app
 * on the seeded database, Chromium, sign-in, an axe check collecting WCAG 2.1 AA violations, and a
 * form submit that waits for the page it leads to.
 */
import fs from 'node:fs';
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startApp, type RunningApp } from './app-server';
import { launchBrowser } from './browser';
import { PASSWORD, seedDatabase, type Seeded } from './seed-users';

/** Wait until the page's scripts have run: input typed before hydration would be reset. */
export const HYDRATED = { waitUntil: 'networkidle' } as const;

export interface SeededBrowser {
	seeded: Seeded;
	app: RunningApp;
	browser: Browser;
	violations: string[];
	/** A new German-locale context signed in as a seeded user, on /konto. */
	signIn(email: string, options?: { acceptDownloads?: boolean }): Promise<Page>;
	/** Record the page's WCAG 2.1 AA violations in `violations`. */
	axe(page: Page): Promise<void>;
	stop(): Promise<void>;
}

export async function startSeededBrowser(env: Record<string, string> = {}): Promise<SeededBrowser> {
	const seeded = await seedDatabase();
	const app = await startApp(env, seeded.database);
	const browser = await launchBrowser();
	const violations: string[] = [];
	return {
		seeded, app, browser, violations,
		async signIn(email, options = {}) {
			const page = await (await browser.newContext({ locale: 'de-DE', acceptDownloads: options.acceptDownloads ?? false })).newPage();
			await page.goto(`${app.url}/anmelden`, HYDRATED);
			await page.fill('#email', email);
			await page.fill('#password', PASSWORD);
			await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
			await page.waitForURL(/\/konto/);
			return page;
		},
		async axe(page) {
			const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			violations.push(...r.violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
		},
		async stop() {
			await browser.close();
			await app.stop();
			fs.rmSync(seeded.dir, { recursive: true, force: true });
		}
	};
}

/**
 * Press a form's button and wait for the page it leads to. GET forms are followed by SvelteKit's
 * router without a new page load, so the URL is what tells that the answer has arrived.
 */
export async function submitTo(page: Page, button: string, url: RegExp): Promise<void> {
	await page.getByRole('button', { name: button }).first().click();
	await page.waitForURL(url, { timeout: 15_000 }).catch(() => undefined);
	await page.waitForLoadState('networkidle');
	expect(page.url(), (await page.locator('main').textContent()) ?? '').toMatch(url);
}
