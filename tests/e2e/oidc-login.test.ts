/**
 * Single sign-on by OpenID Connect in the browser, against a real provider started inside the
 * test (oidc-provider, tests/support/oidc-provider.ts): the app is configured by environment only.
 * A person whose account exists is signed in and lands where they wanted to go; the first login
 * links the account by its verified e-mail; a person without an account is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { freePort, startApp, type RunningApp } from './app-server';
import { chromiumAvailable, launchBrowser } from './browser';
import { seedDatabase, type Seeded } from './seed-users';
import { startOidcProvider } from '../support/oidc-provider';
import { openDatabase } from '../../src/lib/server/db/connect';

// Wait until the page's scripts have run: input typed before hydration would be reset.
const HYDRATED = { waitUntil: 'networkidle' } as const;

let app: RunningApp;
let provider: { issuer: string; stop(): Promise<void> };
let browser: Browser;
let seeded: Seeded;

describe.skipIf(!chromiumAvailable)('OpenID Connect single sign-on', () => {
	beforeAll(async () => {
		seeded = await seedDatabase();
		const port = await freePort();
		provider = await startOidcProvider({
			clientId: 'ikz-atlas', clientSecret: 'test-geheimnis-123', redirectUris: [`http://127.0.0.1:${port}/anmelden/oidc/rueckruf`],
			accounts: [
				{ sub: 'krz-4711', email: 'redaktion@kamen.de', name: 'Redaktion Kamen', password: 'KRZ-Passwort-Kamen' },
				{ sub: 'krz-0815', email: 'fremd@hamm.de', name: 'Fremde Person', password: 'KRZ-Passwort-Hamm' }
			]
		});
		app = await startApp({
			PORT: String(port), OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'ikz-atlas', OIDC_CLIENT_SECRET: 'test-geheimnis-123',
			OIDC_ALLOW_HTTP: 'true', OIDC_LABEL: 'Mit dem Konto des KRZ anmelden'
		}, seeded.database);
		browser = await launchBrowser();
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		await provider?.stop();
		if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
	});

	async function ssoLogin(login: string, password: string, start = '/anmelden?ziel=%2Ferhebung'): Promise<Page> {
		const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await page.goto(`${app.url}${start}`, HYDRATED);
		await page.getByRole('link', { name: 'Mit dem Konto des KRZ anmelden' }).click();
		await page.waitForURL((u) => u.href.startsWith(provider.issuer));
		await page.fill('input[name="login"]', login);
		await page.fill('input[name="password"]', password);
		await page.getByRole('button', { name: 'Anmelden beim Testanbieter' }).click();
		await page.waitForURL((u) => u.href.startsWith(app.url));
		await page.waitForLoadState('load');
		return page;
	}

	it('signs in an existing account through the provider, links it and lands on the page asked for', async () => {
		const page = await ssoLogin('redaktion@kamen.de', 'KRZ-Passwort-Kamen');
		expect(new URL(page.url()).pathname).toBe('/erhebung');
		await page.goto(`${app.url}/konto`, HYDRATED);
		const text = await page.locator('main').textContent();
		expect(text).toContain('redaktion@kamen.de');
		expect(text).toContain('Einmalanmeldung (OIDC)');
		const h = openDatabase(seeded.database);
		const user = await h.db.selectFrom('app_user').select(['oidc_subject', 'oidc_issuer']).where('email', '=', 'redaktion@kamen.de').executeTakeFirstOrThrow();
		await h.close();
		expect(user.oidc_subject).toBe('krz-4711');
		expect(user.oidc_issuer).toBe(provider.issuer);
	});

	it('refuses a person the provider knows but IKZ-Atlas does not', async () => {
		const page = await ssoLogin('fremd@hamm.de', 'KRZ-Passwort-Hamm');
		expect(new URL(page.url()).pathname).toBe('/anmelden');
		expect(await page.locator('main').textContent()).toContain('kein Benutzerkonto');
		await page.goto(`${app.url}/konto`, HYDRATED);
		expect(new URL(page.url()).pathname).toBe('/anmelden');
	});

	it('a callback that was not started here is refused', async () => {
		const res = await fetch(`${app.url}/anmelden/oidc/rueckruf?code=abc&state=xyz`, { redirect: 'manual' });
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/anmelden?fehler=sso-abgelaufen');
		expect(res.headers.get('set-cookie') ?? '').not.toContain('__Host-ikz-sitzung=');
	});
});
