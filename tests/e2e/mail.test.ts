/**
 * E-mail in the browser (issue 19, part 3, "done when"): the built app sends through a real SMTP
 * server started here. The server refuses mail (451) at first; the invitation waits in the queue
 * (the administrator sees it on /verwaltung/e-mail) and arrives once the server accepts again.
 * The invited editor follows the link from the parsed mail, sets a password, and chooses on
 * /konto – without JavaScript – what to receive. Every page visited is checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startApp, type RunningApp } from './app-server';
import { chromiumAvailable, launchBrowser } from './browser';
import { PASSWORD, seedDatabase, type Seeded } from './seed-users';
import { HYDRATED } from './seeded-browser';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const INVITED = 'g.boehm-strassburger@stadt-kamen.example';
let sink: SmtpSink;
let seeded: Seeded;
let app: RunningApp;
let browser: Browser;
let admin: Page;
/** The invited editor's signed-in browser state. */
let editorState: Awaited<ReturnType<BrowserContext['storageState']>> | null = null;
const violations: string[] = [];

async function axe(page: Page) {
	const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	violations.push(...r.violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
}

const mailsTo = (address: string) => sink.messages.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((v) => v.address === address));

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000) {
	const end = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > end) throw new Error(`Zeit abgelaufen: ${what}\n${app.log().slice(-3000)}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

describe.skipIf(!chromiumAvailable)('an invitation by e-mail, in the browser', () => {
	beforeAll(async () => {
		sink = await startSmtpSink();
		sink.refuse = true;
		seeded = await seedDatabase();
		app = await startApp({
			SMTP_HOST: '127.0.0.1', SMTP_PORT: String(sink.port), SMTP_TLS: 'none', MAIL_FROM: 'IKZ-Atlas Kreis Unna <ikz@kreis-unna.example>',
			MAIL_POLL_SECONDS: '1', MAIL_RETRY_SECONDS: '1'
		}, seeded.database);
		browser = await launchBrowser();
		admin = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await admin.goto(`${app.url}/anmelden`, HYDRATED);
		await admin.fill('#email', seeded.users.administrator.email);
		await admin.fill('#password', PASSWORD);
		await admin.getByRole('button', { name: 'Anmelden', exact: true }).click();
		await admin.waitForURL(/\/konto/);
	}, 180_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		await sink?.close();
		if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
	});

	it('the invitation is queued, not shown; while the server refuses it waits and the queue page says so', async () => {
		await admin.goto(`${app.url}/verwaltung/benutzer`, HYDRATED);
		await admin.fill('#email', INVITED);
		await admin.fill('#name', 'Grete Böhm-Straßburger');
		await admin.selectOption('#role', 'editor');
		await admin.selectOption('#body', 'kamen');
		await admin.getByRole('button', { name: 'Person einladen' }).click();
		await admin.waitForLoadState('networkidle');
		const main = (await admin.locator('main').textContent()) ?? '';
		expect(main).toContain('Das Konto für Grete Böhm-Straßburger ist angelegt');
		expect(main).toContain(`per E-Mail an ${INVITED}`);
		expect(await admin.locator('.setup-link').count()).toBe(0);
		expect(main).not.toMatch(/\/einrichtung\//);
		await axe(admin);

		await until(() => sink.refused >= 2, 'der Server hat zweimal abgelehnt');
		expect(mailsTo(INVITED)).toHaveLength(0);
		await admin.goto(`${app.url}/verwaltung/e-mail`, HYDRATED);
		const row = admin.locator('tr', { hasText: INVITED });
		expect(await row.getAttribute('data-status')).toBe('pending');
		expect(await row.textContent()).toMatch(/451/);
		expect(await row.textContent()).toContain('Einladung in den IKZ-Atlas');
		await axe(admin);
	}, 90_000);

	it('once the server accepts, the mail arrives; its link sets the password', async () => {
		sink.refuse = false;
		await until(() => mailsTo(INVITED).length > 0, 'die Einladung ist angekommen', 60_000);
		const mail = mailsTo(INVITED)[0]!;
		expect(mail.subject).toBe('Einladung in den IKZ-Atlas');
		expect(mail.from?.value[0]?.address).toBe('ikz@kreis-unna.example');
		expect(mail.messageId).toMatch(/@kreis-unna\.example>$/);
		expect(mail.text).toContain('Guten Tag Grete Böhm-Straßburger,');
		const link = new RegExp(`${app.url.replace(/[.:/]/g, '\\$&')}/einrichtung/[A-Za-z0-9_-]{20,}`).exec(mail.text ?? '')?.[0];
		expect(link, mail.text).toBeTruthy();

		const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await page.goto(link!, HYDRATED);
		await axe(page);
		await page.fill('#password', 'Grüne Wiese hinter dem Rathaus Kamen');
		await page.fill('#repeat', 'Grüne Wiese hinter dem Rathaus Kamen');
		await page.getByRole('button', { name: 'Passwort festlegen' }).click();
		await page.waitForURL(/\/konto/);
		expect(await page.locator('main').textContent()).toContain(INVITED);
		editorState = await page.context().storageState();
		// The link works once only.
		const again = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await again.goto(link!, HYDRATED);
		expect(await again.locator('main').textContent()).toContain('ungültig');

		// The queue page counts it as sent, its one-time link is no longer kept.
		await admin.goto(`${app.url}/verwaltung/e-mail`, HYDRATED);
		expect(await admin.locator('tr', { hasText: INVITED }).getAttribute('data-status')).toBe('sent');
		expect(Number(await admin.locator('#anzahl-gesendet').textContent())).toBeGreaterThanOrEqual(1);
	}, 120_000);

	it('the editor chooses what to receive on /konto, without JavaScript', async () => {
		const ctx = await browser.newContext({ locale: 'de-DE', javaScriptEnabled: false, storageState: editorState! });
		const page = await ctx.newPage();
		page.setDefaultTimeout(20_000);
		await page.goto(`${app.url}/konto`);
		for (const kind of ['survey-opened', 'survey-reminder', 'proposal-decided', 'deadline']) expect(await page.isChecked(`#mail_${kind}`)).toBe(true);
		await page.uncheck('#mail_deadline');
		await page.uncheck('#mail_survey-opened');
		await page.getByRole('button', { name: 'Auswahl speichern' }).click();
		await page.waitForLoadState('load');
		expect(await page.locator('main').textContent()).toContain('Ihre Auswahl ist gespeichert.');
		await page.goto(`${app.url}/konto`);
		expect(await page.isChecked('#mail_deadline')).toBe(false);
		expect(await page.isChecked('#mail_survey-opened')).toBe(false);
		expect(await page.isChecked('#mail_survey-reminder')).toBe(true);
		expect(await page.isChecked('#mail_proposal-decided')).toBe(true);
		await ctx.close();
		// axe needs scripts: the same page in a context with JavaScript.
		const withJs = await (await browser.newContext({ locale: 'de-DE', storageState: editorState! })).newPage();
		await withJs.goto(`${app.url}/konto#benachrichtigungen`, HYDRATED);
		expect(await withJs.isChecked('#mail_deadline')).toBe(false);
		await axe(withJs);
	}, 90_000);

	it('every page visited is free of WCAG 2.1 AA violations', () => {
		expect(violations).toEqual([]);
	});
});
