/**
 * Issue 6 as a new user would try it, in Chromium: the coordinator updates measure 1.5 (election
 * software) with a note, the board and the report to the mayors' conference show it; the IT
 * working group's results link to the register; an idea is promoted to a measure; the deadline
 * feed imports into a calendar parser (ical.js). axe checks every page visited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ICAL from 'ical.js';
import type { RunningApp } from './app-server';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, submitTo, type SeededBrowser } from './seeded-browser';


let app: RunningApp;
let browser: Browser;
let t: SeededBrowser;
const axe = (page: Page) => t.axe(page);
const signIn = (email: string) => t.signIn(email);

describe.skipIf(!chromiumAvailable)('steering the cooperation, in the browser', () => {
	let coordinator: Page;

	beforeAll(async () => {
		t = await startSeededBrowser();
		({ app, browser } = t);
		coordinator = await signIn('steuerung@kreis-unna.de');
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it('the coordinator updates measure 1.5 with a note; the measure, the board and the report show it', async () => {
		await coordinator.goto(`${app.url}/steuerung/massnahmen/m-1-5`, HYDRATED);
		await axe(coordinator);
		expect(await coordinator.locator('main').textContent()).toContain('PC-Wahl');
		await coordinator.selectOption('#status', 'realised');
		await coordinator.fill('#note', 'Seit der Kommunalwahl 2025 nutzen alle Kommunen dieselbe Wahlsoftware.');
		await submitTo(coordinator, 'Status speichern', /m-1-5\?gespeichert=1/);
		const detail = await coordinator.locator('main').textContent();
		expect(detail).toContain('Seit der Kommunalwahl 2025 nutzen alle Kommunen dieselbe Wahlsoftware.');
		await axe(coordinator);

		await coordinator.goto(`${app.url}/steuerung/massnahmen`, HYDRATED);
		await axe(coordinator);
		const row = await coordinator.locator('tr', { hasText: 'Wahlsoftware' }).first().textContent();
		expect(row).toContain('realisiert');
		expect(row).not.toContain('teilweise');

		await coordinator.goto(`${app.url}/steuerung/bericht`, HYDRATED);
		await axe(coordinator);
		const report = await coordinator.locator('main').textContent();
		expect(report).toContain('1.5');
		expect(report).toContain('teilweise realisiert');
		expect(report).toContain('Seit der Kommunalwahl 2025 nutzen alle Kommunen dieselbe Wahlsoftware.');
	});

	it('the cooperation that came out of measure 7.1 links back to it', async () => {
		const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await page.goto(`${app.url}/kooperationen/kreis-38`, HYDRATED);
		await page.getByRole('link', { name: /^7\.1 / }).click();
		await page.waitForURL(/\/steuerung\/massnahmen\/m-7-1$/);
		expect(await page.locator('main').textContent()).toContain('Datenschutz');
	});

	it('a visitor sees the board but no status form', async () => {
		const visitor = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await visitor.goto(`${app.url}/steuerung/massnahmen/m-1-5`, HYDRATED);
		expect(await visitor.locator('#status').count()).toBe(0);
		await visitor.goto(`${app.url}/steuerung`, HYDRATED);
		await axe(visitor);
	});

	it('the IT working group lists its successful cooperations, linked to the register', async () => {
		await coordinator.goto(`${app.url}/steuerung/arbeitskreise/it-arbeitskreis`, HYDRATED);
		await axe(coordinator);
		const link = coordinator.locator('.wg-register a').first();
		const title = (await link.textContent())?.trim() ?? '';
		expect(title.length).toBeGreaterThan(5);
		await link.click();
		await coordinator.waitForURL(/\/kooperationen\/[a-z0-9-]+$/);
		expect(await coordinator.locator('h1').textContent()).toContain(title);
	});

	it('the coordinator records a meeting of the IT working group; the next host rotates', async () => {
		await coordinator.goto(`${app.url}/steuerung/arbeitskreise/it-arbeitskreis`, HYDRATED);
		await coordinator.fill('#datum', '12.03.2026');
		await coordinator.fill('#ort', 'Rathaus Kamen');
		await coordinator.fill('#themen', 'Onlinezugangsgesetz\nGemeinsame Zertifikate');
		await submitTo(coordinator, 'Sitzung speichern', /gespeichert=1/);
		const text = await coordinator.locator('main').textContent();
		expect(text).toContain('Rathaus Kamen');
		expect(text).toContain('Onlinezugangsgesetz');
		expect(text).toContain('Nächste Sitzung reihum bei');
		await axe(coordinator);
	});

	it('an idea is promoted to a measure, and the two stay linked', async () => {
		await coordinator.goto(`${app.url}/steuerung/ideen/idee-abfallwirtschaft`, HYDRATED);
		await axe(coordinator);
		await coordinator.selectOption('#field', { index: 0 });
		await coordinator.fill('#number', '8.1');
		await submitTo(coordinator, 'Zur Maßnahme machen', /\/steuerung\/massnahmen\/m-8-1/);
		const measure = await coordinator.locator('main').textContent();
		expect(measure).toContain('Abfallwirtschaft');
		expect(measure).toContain('offen');
		await coordinator.goto(`${app.url}/steuerung/ideen/idee-abfallwirtschaft`, HYDRATED);
		expect(await coordinator.locator('a[href="/steuerung/massnahmen/m-8-1"]').count()).toBeGreaterThan(0);
	});

	it('the deadline board and the feed: the feed imports into a calendar parser', async () => {
		await coordinator.goto(`${app.url}/steuerung/fristen?koerperschaft=kamen`, HYDRATED);
		await axe(coordinator);
		const res = await fetch(`${app.url}/steuerung/fristen.ics?koerperschaft=kamen`);
		expect(res.headers.get('content-type')).toContain('text/calendar');
		const text = await res.text();
		const cal = new ICAL.Component(ICAL.parse(text));
		const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
		expect(events.length).toBeGreaterThan(0);
		for (const e of events) {
			expect(e.summary.length).toBeGreaterThan(0);
			expect(e.uid).toMatch(/@ikz-atlas$/);
			expect(e.startDate.isDate).toBe(true);
		}
		// Every event links back into the app.
		expect(text).toContain(`URL:${app.url}/`);
	});

	it('the register search also finds measures', async () => {
		const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await page.goto(`${app.url}/kooperationen?q=Wahlsoftware`, HYDRATED);
		await axe(page);
		await page.locator('.steering-hits').getByRole('link', { name: /Wahlsoftware/ }).click();
		await page.waitForURL(/\/steuerung\/massnahmen\/m-1-5$/);
	});

	it('axe found no violations', () => {
		expect(t.violations).toEqual([]);
	});
});
