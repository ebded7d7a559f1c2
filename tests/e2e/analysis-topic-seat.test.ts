/**
 * The gaps issues 14 and 17 left, on the built app with a region that is not Kreis Unna (a small
 * Landkreis Görlitz in Sachsen, tests/support/goerlitz-region.ts), without JavaScript and axe-clean:
 * - timeline, map and network with `thema=_ohne`: the cooperations without a topic only, the
 *   option "ohne Themenfeld" chosen in the select, and said in the page's summary;
 * - a body profile lists "ohne Themenfeld" with a link to the search for them;
 * - a body placed at its seat says so, naming the seat Gemeinde.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startApp, type RunningApp } from './app-server';
import { chromiumAvailable, launchBrowser } from './browser';
import { dataWithGoerlitz, GOERLITZ, WITHOUT_TOPIC } from '../support/goerlitz-region';

const SEAT_TEXT = 'Sitz in Herrnhut (Gemeindemittelpunkt laut Gemeindeverzeichnis)';

describe.skipIf(!chromiumAvailable)('thema=_ohne in the analyses, "ohne Themenfeld" and the seat on the profile', () => {
	let dataDir: string;
	let app: RunningApp;
	let browser: Browser;
	beforeAll(async () => {
		dataDir = dataWithGoerlitz();
		app = await startApp({ DATA_DIR: dataDir });
		browser = await launchBrowser();
	}, 180_000);
	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	/** A page without JavaScript (every check below works without it). */
	const open = async (path: string, javaScriptEnabled = false): Promise<Page> => {
		const context = await browser.newContext({ javaScriptEnabled, locale: 'de-DE' });
		context.setDefaultTimeout(30_000);
		const page = await context.newPage();
		const res = await page.goto(`${app.url}${path}`, { waitUntil: javaScriptEnabled ? 'networkidle' : 'load' });
		expect(res?.status(), path).toBe(200);
		return page;
	};
	/** axe runs as a script in the page: the same address in a context with JavaScript. */
	const axe = async (page: Page) => {
		const checked = await open(new URL(page.url()).pathname + new URL(page.url()).search, true);
		try {
			return (await new AxeBuilder({ page: checked }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
		} finally {
			await checked.context().close();
		}
	};
	const chosen = (page: Page) => page.locator('#thema option:checked').innerText();

	it('timeline: three cooperations, "ohne Themenfeld" chosen and in the captions', async () => {
		const page = await open(`/analyse/zeitleiste?region=${GOERLITZ}&thema=_ohne`);
		expect(await chosen(page)).toBe('ohne Themenfeld');
		expect(await page.locator('.figure').first().innerText()).toBe('3');
		expect(await page.locator('caption').first().innerText()).toMatch(/\(Landkreis Görlitz, ohne Themenfeld\)/);
		expect(await axe(page)).toEqual([]);
		// The form without JavaScript: choosing another topic is an ordinary GET.
		await page.selectOption('#thema', 'verwaltung-it');
		await Promise.all([page.waitForURL(/thema=verwaltung-it/), page.locator('form[aria-label="Zeitleiste filtern"] button[type=submit]').click()]);
		expect(await page.locator('.figure').first().innerText()).toBe('1');
		await page.context().close();
	});

	it('map: the pairs of the cooperations without a topic, said in the summary and the table caption', async () => {
		const page = await open(`/analyse/karte?region=${GOERLITZ}&thema=_ohne`);
		expect(await chosen(page)).toBe('ohne Themenfeld');
		expect(await page.locator('#karte-summe').innerText()).toMatch(/^3 Kooperationen \(ohne Themenfeld\):/);
		expect(await page.locator('#karte-paare').innerText()).toBe('5 Verbindungen');
		expect(await page.locator('#verbindungen ~ div table caption').innerText()).toMatch(/\(ohne Themenfeld\)/);
		// The Zweckverband stands at its seat, said with the profile's words.
		expect(await page.locator('#am-sitz-liste').innerText()).toContain(`Zweckverband Wasser Oberlausitz-Süd (Test) – Lage: ${SEAT_TEXT}`);
		expect(await page.locator('#verbindungen ~ div table').innerText()).toContain(`(Lage: ${SEAT_TEXT})`);
		expect(await axe(page)).toEqual([]);
		await page.context().close();
	});

	it('network: the matrix of the cooperations without a topic; the form keeps the region', async () => {
		const page = await open(`/analyse/netzwerk?region=${GOERLITZ}&thema=_ohne`);
		expect(await chosen(page)).toBe('ohne Themenfeld');
		expect(await page.locator('#netz-summe').innerText()).toMatch(/^3 Kooperationen mit Beteiligung der Körperschaften des Kreises \(Auswahl: ohne Themenfeld\); 2 Paare/);
		expect(await page.locator('table a[aria-label^="1 Kooperationen Görlitz und Herrnhut"]').getAttribute('href')).toBe('/kooperationen?partner=gr-goerlitz&partner=gr-herrnhut&thema=_ohne');
		expect(await axe(page)).toEqual([]);
		await page.selectOption('#thema', '');
		await Promise.all([page.waitForURL(/netzwerk\?region=/), page.locator('form[aria-label="Netzwerk filtern"] button[type=submit]').click()]);
		expect(await page.locator('#netz-summe').innerText()).toMatch(/^5 Kooperationen mit Beteiligung der Körperschaften des Kreises; 4 Paare/);
		await page.context().close();
	});

	it('body profile: "ohne Themenfeld" in the topic list, linked to the search that finds them', async () => {
		const page = await open('/koerperschaften/gr-goerlitz');
		const item = page.locator('h2:text-is("Themenfelder") + ul li', { hasText: 'ohne Themenfeld' });
		expect(await item.innerText()).toBe('ohne Themenfeld: 3');
		const href = await item.locator('a').getAttribute('href');
		expect(href).toBe('/kooperationen?partner=gr-goerlitz&thema=_ohne');
		expect(await page.locator('#lage dt').innerText()).toBe('Lage (ungefähr)');
		expect(await axe(page)).toEqual([]);
		await page.goto(`${app.url}${href}`);
		const titles = await page.locator('main').innerText();
		for (const t of WITHOUT_TOPIC) expect(titles).toContain(t);
		expect(titles).not.toContain('Kulturraum Oberlausitz');
		await page.context().close();
	});

	it('body profile: a position taken from the seat names the seat Gemeinde', async () => {
		const page = await open('/koerperschaften/gr-zv-wasser');
		expect(await page.locator('#lage dt').innerText()).toBe('Lage');
		expect(await page.locator('#lage dd').innerText()).toMatch(new RegExp(`^${SEAT_TEXT.replace(/[()]/g, '\\$&')}: 51,0\\d+° N, 14,7\\d+° O$`));
		expect(await axe(page)).toEqual([]);
		await page.context().close();
		// A Verein with its own position keeps "Lage (ungefähr)".
		const own = await open('/koerperschaften/gr-naturschutz');
		expect(await own.locator('#lage dt').innerText()).toBe('Lage (ungefähr)');
		await own.context().close();
	});
});
