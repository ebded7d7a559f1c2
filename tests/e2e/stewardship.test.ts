/**
 * Issue 3 as a new user would try it, in Chromium: an administrator created by the documented
 * command (`npm run user:create`), a coordinator and an editor of Kamen invited through the
 * browser, the editor corrects a Kamen cooperation and proposes a new one, the coordinator accepts
 * it and runs a survey round. Along the way: the error summary takes focus, two people editing
 * the same record do not overwrite each other unseen, contacts stay hidden from visitors, the
 * forms work without JavaScript, and axe finds no WCAG 2.1 AA violations on the new pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startApp, type RunningApp } from './app-server';
import { chromiumAvailable, launchBrowser } from './browser';

// Wait until the page's scripts have run: input typed before hydration would be reset.
const HYDRATED = { waitUntil: 'networkidle' } as const;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-steward-'));
const dbFile = path.join(dir, 'steward.sqlite');
let app: RunningApp;
let browser: Browser;
const contexts: BrowserContext[] = [];

async function axe(page: Page): Promise<string[]> {
	const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	return r.violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

async function newPage(js = true): Promise<Page> {
	const ctx = await browser.newContext({ locale: 'de-DE', javaScriptEnabled: js });
	contexts.push(ctx);
	return ctx.newPage();
}

/** Opens a one-time link and sets the password; returns the signed-in page. */
async function setUp(link: string, password: string): Promise<Page> {
	const page = await newPage();
	await page.goto(`${app.url}${new URL(link).pathname}`, HYDRATED);
	await page.fill('#password', password);
	await page.fill('#repeat', password);
	await page.getByRole('button', { name: 'Passwort festlegen' }).click();
	await page.waitForLoadState('load');
	expect(page.url(), (await page.locator('main').textContent()) ?? '').toMatch(/\/konto/);
	return page;
}

/** Click a submit button and expect to land on a URL; on failure the page's text says why. */
async function submitTo(page: Page, button: string, url: RegExp): Promise<void> {
	await page.getByRole('button', { name: button }).first().click();
	await page.waitForLoadState('load');
	expect(page.url(), (await page.locator('main').textContent()) ?? '').toMatch(url);
}

async function invite(admin: Page, email: string, name: string, role: string, body: string): Promise<string> {
	await admin.goto(`${app.url}/verwaltung/benutzer`, HYDRATED);
	await admin.fill('#email', email);
	await admin.fill('#name', name);
	await admin.selectOption('#role', role);
	await admin.selectOption('#body', body);
	await admin.getByRole('button', { name: 'Person einladen' }).click();
	const link = (await admin.locator('.setup-link code').textContent())?.trim() ?? '';
	expect(link).toMatch(/\/einrichtung\/[A-Za-z0-9_-]{20,}$/);
	return link;
}

const violations: string[] = [];

describe.skipIf(!chromiumAvailable)('keeping the register true, in the browser', () => {
	let admin: Page;
	let coordinator: Page;
	let editor: Page;
	let proposalTitle = '';

	beforeAll(async () => {
		// The documented command, on the database the app will use (it migrates and loads the data itself).
		const out = execFileSync('npm', ['run', '--silent', 'user:create', '--', '--email', 'admin@kreis-unna.de', '--name', 'Anna Admin'], {
			env: { ...process.env, DATABASE_URL: `file:${dbFile}` }, encoding: 'utf8'
		});
		const link = /https?:\/\/\S+\/einrichtung\/\S+/.exec(out)?.[0];
		expect(link, out).toBeTruthy();
		app = await startApp({}, dbFile);
		browser = await launchBrowser();
		(globalThis as { adminLink?: string }).adminLink = link!;
	}, 120_000);

	afterAll(async () => {
		for (const c of contexts) await c.close();
		await browser?.close();
		await app?.stop();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it('the administrator sets a password through the printed link; a common one is refused with a focused error summary', async () => {
		const link = (globalThis as { adminLink?: string }).adminLink!;
		const page = await newPage();
		await page.goto(`${app.url}${new URL(link).pathname}`, HYDRATED);
		await page.fill('#password', 'passwort123456');
		await page.fill('#repeat', 'passwort123456');
		await page.getByRole('button', { name: 'Passwort festlegen' }).click();
		await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('fehler');
		expect(await page.locator('#fehler').textContent()).toContain('zu verbreitet');
		expect(await page.title()).toMatch(/^Fehler: /);
		violations.push(...(await axe(page)));
		await page.fill('#password', 'Steuerungsdienst tagt in Sundern');
		await page.fill('#repeat', 'Steuerungsdienst tagt in Sundern');
		await page.getByRole('button', { name: 'Passwort festlegen' }).click();
		await page.waitForURL(/\/konto/);
		expect(await page.locator('main').textContent()).toContain('Administration');
		admin = page;
		// The link works once only.
		const again = await newPage();
		await again.goto(`${app.url}${new URL(link).pathname}`, HYDRATED);
		expect(await again.locator('main').textContent()).toContain('ungültig');
	});

	it('the administrator invites a coordinator and an editor of Kamen; both set their passwords', async () => {
		const coordLink = await invite(admin, 'steuerung@kreis-unna.de', 'Sven Steuer', 'coordinator', 'kreis-unna');
		violations.push(...(await axe(admin)));
		const editorLink = await invite(admin, 'redaktion@kamen.de', 'Katrin Kamen', 'editor', 'kamen');
		coordinator = await setUp(coordLink, 'Klausurtagung im Sauerland 2016');
		editor = await setUp(editorLink, 'Erziehungsberatung gemeinsam mit Bergkamen');
		expect(await editor.locator('main').textContent()).toContain('Kamen');
	});

	it('the editor corrects a Kamen cooperation; the profile and the history show it', async () => {
		await editor.goto(`${app.url}/kooperationen/kommunen-12`, HYDRATED);
		await editor.getByRole('link', { name: 'Bearbeiten', exact: true }).click();
		await editor.waitForURL(/bearbeiten/);
		violations.push(...(await axe(editor)));
		await editor.fill('#end', 'Schuljahr 2026/27');
		await editor.fill('#notes', 'Vereinbarung 2026 neu gefasst');
		await editor.fill('#comment', 'Korrektur durch die Stadt Kamen');
		await editor.getByRole('button', { name: 'Änderungen speichern' }).first().click();
		await editor.waitForURL(/kommunen-12\?gespeichert=1/);
		const text = await editor.locator('main').textContent();
		expect(text).toContain('Gespeichert (Version 2)');
		expect(text).toContain('Vereinbarung 2026 neu gefasst');
		await editor.goto(`${app.url}/kooperationen/kommunen-12/historie`, HYDRATED);
		const history = await editor.locator('main').textContent();
		expect(history).toContain('Version 2');
		expect(history).toContain('Katrin Kamen');
		expect(history).toContain('Korrektur durch die Stadt Kamen');
		expect(history).toContain('Schuljahr 2026/27');
		expect(history).toContain('aus Datendatei');
		violations.push(...(await axe(editor)));
	});

	it('an editor cannot edit a cooperation Kamen does not take part in', async () => {
		const res = await editor.goto(`${app.url}/kooperationen/kommunen-47/bearbeiten`, HYDRATED);
		expect(res?.status()).toBe(403);
	});

	it('two people editing the same record: the later save is refused and shows what changed', async () => {
		await coordinator.goto(`${app.url}/kooperationen/kommunen-12/bearbeiten`, HYDRATED);
		await editor.goto(`${app.url}/kooperationen/kommunen-12/bearbeiten`, HYDRATED);
		await coordinator.fill('#title', 'Gemeinsame Erziehungsberatungsstelle Kamen/Bergkamen');
		await coordinator.getByRole('button', { name: 'Änderungen speichern' }).first().click();
		await coordinator.waitForURL(/gespeichert=1/);
		await editor.fill('#description', 'Beratung für Familien aus beiden Städten');
		await editor.getByRole('button', { name: 'Änderungen speichern' }).first().click();
		await expect.poll(() => editor.evaluate(() => document.activeElement?.id)).toBe('fehler');
		const text = await editor.locator('main').textContent();
		expect(text).toContain('Jemand anderes hat diese Kooperation gespeichert');
		expect(await editor.locator('.diff-table').textContent()).toContain('Gemeinsame Erziehungsberatungsstelle Kamen/Bergkamen');
		// The editor's input is kept; saving again (after seeing the change) goes through.
		expect(await editor.inputValue('#description')).toBe('Beratung für Familien aus beiden Städten');
		violations.push(...(await axe(editor)));
		await editor.getByRole('button', { name: 'Änderungen speichern' }).first().click();
		await editor.waitForURL(/gespeichert=1/);
		expect(await editor.locator('main').textContent()).toContain('Beratung für Familien aus beiden Städten');
	});

	it('contacts are shown to members only, never to visitors', async () => {
		await editor.goto(`${app.url}/kooperationen/kommunen-12/ansprechpartner`, HYDRATED);
		await editor.fill('#name', 'Erika Musterfrau');
		await editor.fill('#function', 'Leitung Erziehungsberatung');
		await editor.fill('#email', 'e.musterfrau@kamen.de');
		await editor.getByRole('button', { name: 'Hinzufügen' }).click();
		expect(await editor.locator('main').textContent()).toContain('Ansprechpartner hinzugefügt');
		violations.push(...(await axe(editor)));
		await editor.goto(`${app.url}/kooperationen/kommunen-12`, HYDRATED);
		expect(await editor.locator('main').textContent()).toContain('Erika Musterfrau');
		const visitor = await newPage();
		await visitor.goto(`${app.url}/kooperationen/kommunen-12`, HYDRATED);
		expect(await visitor.content()).not.toContain('Musterfrau');
		const json = await (await fetch(`${app.url}/kooperationen.json?alle=1`)).text();
		expect(json).not.toContain('Musterfrau');
	});

	it('with review switched on, the editor proposes a new cooperation (typed as people write it) and the coordinator accepts it', async () => {
		await coordinator.goto(`${app.url}/verwaltung/einstellungen`, HYDRATED);
		await coordinator.check('#pruefung-kreis-unna');
		await coordinator.getByRole('button', { name: 'Einstellungen speichern' }).click();
		await coordinator.waitForURL(/hinweis=gespeichert/);
		violations.push(...(await axe(coordinator)));

		await editor.goto(`${app.url}/kooperationen/neu`, HYDRATED);
		violations.push(...(await axe(editor)));
		proposalTitle = 'Gemeinsamer Einkauf von Streusalz';
		await editor.fill('#title', proposalTitle);
		await editor.check('#topic-umwelt-ver-entsorgung');
		expect(await editor.inputValue('#participants\\.0\\.body')).toBe('Kamen');
		// "Bergk." is how the source lists write Bergkamen: the alias resolves to the body.
		await editor.fill('#participants\\.1\\.body', 'Bergk.');
		await editor.fill('#start', 'geplant 2027');
		await submitTo(editor, 'Kooperation speichern', /\/vorschlaege\/\d+\?eingereicht=1/);
		expect(await editor.locator('main').textContent()).toContain('Ihr Vorschlag ist eingereicht');
		// Not in the register yet.
		expect(await (await fetch(`${app.url}/kooperationen.json?q=streusalz`)).text()).not.toContain(proposalTitle);

		await coordinator.goto(`${app.url}/vorschlaege`, HYDRATED);
		await coordinator.getByRole('link', { name: proposalTitle }).click();
		const diff = await coordinator.locator('.diff-table').textContent();
		expect(diff).toContain('Bergkamen');
		expect(diff).toContain('geplant 2027');
		violations.push(...(await axe(coordinator)));
		await coordinator.fill('#decision_comment', 'Passt, danke.');
		await coordinator.getByRole('button', { name: 'Annehmen' }).click();
		await expect.poll(async () => coordinator.locator('main').textContent()).toContain('angenommen');
		await coordinator.getByRole('link', { name: 'Zum Steckbrief der Kooperation' }).click();
		const profile = await coordinator.locator('main').textContent();
		expect(profile).toContain(proposalTitle);
		expect(profile).toContain('Bergkamen');
		expect(await (await fetch(`${app.url}/kooperationen.json?q=streusalz`)).text()).toContain(proposalTitle);

		// The editor sees the outcome.
		await editor.goto(`${app.url}/konto`, HYDRATED);
		expect(await editor.locator('main').textContent()).toMatch(/Gemeinsamer Einkauf von Streusalz – angenommen/);
	});

	it('the coordinator runs a survey round: open, the editor confirms, the dashboard moves, closing records the date', async () => {
		await coordinator.goto(`${app.url}/verwaltung/erhebungen`, HYDRATED);
		await coordinator.fill('#title', 'Erhebung 2026');
		await coordinator.fill('#deadline', '2099-12-31');
		await coordinator.getByRole('button', { name: 'Erhebung eröffnen' }).click();
		await coordinator.waitForURL(/\/verwaltung\/erhebungen\/\d+/);
		const dashboard = coordinator.url().split('?')[0]!;
		violations.push(...(await axe(coordinator)));

		await editor.goto(`${app.url}/erhebung`, HYDRATED);
		violations.push(...(await axe(editor)));
		await editor.locator('#zeile-kommunen-12').getByRole('button', { name: /Bestätigen/ }).click();
		await editor.waitForURL(/hinweis=bestaetigt/);
		expect(await editor.locator('#zeile-kommunen-12').textContent()).toContain('bestätigt');

		await coordinator.goto(dashboard, HYDRATED);
		const kamenRow = await coordinator.locator('tr', { hasText: 'Kamen' }).filter({ hasNotText: 'Bergkamen' }).first().textContent();
		expect(kamenRow).toMatch(/\b1\b/);
		await coordinator.getByRole('button', { name: 'Erhebung jetzt schließen' }).click();
		await coordinator.goto(`${app.url}/kooperationen/kommunen-12`, HYDRATED);
		const text = await coordinator.locator('main').textContent();
		expect(text).not.toContain('noch in keiner Erhebung bestätigt');
		expect(text).toMatch(/Zuletzt bestätigt\s*\d{1,2}\.\d{1,2}\.\d{4} \(Erhebung\)/);
		// The register filter for entries not confirmed for 12 months leaves the confirmed one out.
		const stale = await (await fetch(`${app.url}/kooperationen.json?unbestaetigt=12&alle=1`)).json() as { items: { id: string }[] };
		expect(stale.items.map((r) => r.id)).not.toContain('kommunen-12');
		expect(stale.items.map((r) => r.id)).toContain('kommunen-47');
	});

	it('the edit form works without JavaScript, including adding rows', async () => {
		const nojs = await newPage(false);
		await nojs.goto(`${app.url}/anmelden`, HYDRATED);
		await nojs.fill('#email', 'steuerung@kreis-unna.de');
		await nojs.fill('#password', 'Klausurtagung im Sauerland 2016');
		await nojs.getByRole('button', { name: 'Anmelden', exact: true }).click();
		await nojs.goto(`${app.url}/kooperationen/kommunen-47/bearbeiten`, HYDRATED);
		const bodies = nojs.locator('input[id$=".body"][id^="participants."]');
		const filled = async () => (await bodies.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).filter(Boolean).length;
		const before = await filled();
		await nojs.fill('#notes', 'ohne JavaScript gepflegt');
		await nojs.getByRole('button', { name: 'Weitere Zeilen für Beteiligte' }).click();
		// The partners stay, and three empty rows are there to fill.
		expect(await filled()).toBe(before);
		expect(await bodies.count()).toBe(before + 3);
		expect(await nojs.inputValue('#notes')).toBe('ohne JavaScript gepflegt');
		await nojs.getByRole('button', { name: 'Änderungen speichern' }).first().click();
		await nojs.waitForURL(/kommunen-47\?gespeichert=1/);
		expect(await nojs.locator('main').textContent()).toContain('ohne JavaScript gepflegt');
	});

	it('a version is restored from the history page', async () => {
		await coordinator.goto(`${app.url}/kooperationen/kommunen-47/historie`, HYDRATED);
		expect(await coordinator.locator('main').textContent()).toContain('ohne JavaScript gepflegt');
		await submitTo(coordinator, 'Version 1 wiederherstellen', /historie\?wiederhergestellt=1/);
		expect(await coordinator.locator('main').textContent()).toContain('Version 1 wurde als neue Version wiederhergestellt');
		await coordinator.goto(`${app.url}/kooperationen/kommunen-47`, HYDRATED);
		expect(await coordinator.locator('main').textContent()).not.toContain('ohne JavaScript gepflegt');
	});

	it('a new body keeps its spellings, and a spelling of another body is refused', async () => {
		await coordinator.goto(`${app.url}/koerperschaften/neu`, HYDRATED);
		violations.push(...(await axe(coordinator)));
		await coordinator.fill('#name', 'Zweckverband Winterdienst Hellweg');
		await coordinator.selectOption('#kind', 'zweckverband');
		await coordinator.fill('#aliases', 'ZV Winterdienst\nFrönd.');
		await coordinator.getByRole('button', { name: 'Körperschaft anlegen' }).click();
		await expect.poll(() => coordinator.evaluate(() => document.activeElement?.id)).toBe('fehler');
		expect(await coordinator.locator('#fehler').textContent()).toContain('Fröndenberg');
		await coordinator.fill('#aliases', 'ZV Winterdienst');
		await submitTo(coordinator, 'Körperschaft anlegen', /\/koerperschaften\/[a-z0-9-]+\?gespeichert=1/);
		expect(await coordinator.locator('main').textContent()).toContain('ZV Winterdienst');
		await coordinator.getByRole('link', { name: 'Historie' }).click();
		await coordinator.waitForURL(/\/historie$/);
		const history = await coordinator.locator('main').textContent();
		expect(history).toContain('Version 1');
		expect(history).toContain('ZV Winterdienst');
		expect(history).toContain('Sven Steuer');
		await axe(coordinator).then((v) => violations.push(...v));
	});

	it('the audit log shows logins and changes to the coordinator, filterable and as CSV', async () => {
		await coordinator.goto(`${app.url}/verwaltung/protokoll`, HYDRATED);
		const text = await coordinator.locator('main').textContent();
		expect(text).toContain('kooperation.bearbeitet');
		expect(text).toContain('anmeldung');
		violations.push(...(await axe(coordinator)));
		const res = await editor.goto(`${app.url}/verwaltung/protokoll`, HYDRATED);
		expect(res?.status()).toBe(403);
	});

	it('axe found no violations on the pages visited', () => {
		expect(violations).toEqual([]);
	});
});
