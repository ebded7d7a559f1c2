/**
 * The timeline and the region map in a real browser (Debian's Chromium): axe (WCAG 2.1 AA),
 * keyboard access to the bodies in the map, use without JavaScript, and the downloads.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser';
import { useBrowserApp } from './harness';

describe.skipIf(!chromiumAvailable)('timeline and map in the browser', () => {
	const { url, open, axeViolations } = useBrowserApp();

	describe('axe (WCAG 2.1 AA) finds no violations', () => {
		it.each([
			'/analyse/zeitleiste',
			'/analyse/zeitleiste?thema=verwaltung-it',
			'/analyse/karte',
			'/analyse/karte?thema=verwaltung-it'
		])('%s', async (path) => {
			const page = await open(path);
			expect(await axeViolations(page)).toEqual([]);
			await page.context().close();
		});
	});

	it('timeline: charts with titles, a table with one row per year, the unknown starts stated', async () => {
		const page = await open('/analyse/zeitleiste');
		const charts = page.locator('main svg[role="img"]');
		expect(await charts.count()).toBeGreaterThanOrEqual(2);
		for (let i = 0; i < (await charts.count()); i++) {
			expect(await charts.nth(i).getAttribute('aria-labelledby')).toBeTruthy();
		}
		const rows = page.locator('table').first().locator('tbody tr');
		const first = Number.parseInt(await rows.first().locator('th').innerText(), 10);
		expect(first).toBe(1961);
		expect(await rows.count()).toBe(new Date().getFullYear() - first + 1);
		expect(await page.locator('#beginn-unbekannt').innerText()).toMatch(/7\s+Beginn unbekannt/);
		await page.context().close();
	});

	it('map: Tab reaches a body link inside the SVG, Enter opens its profile', async () => {
		const page = await open('/analyse/karte?thema=verwaltung-it');
		let inMap = false;
		for (let i = 0; i < 60 && !inMap; i++) {
			await page.keyboard.press('Tab');
			inMap = await page.evaluate(() => !!document.activeElement?.closest('svg.region-map') && document.activeElement?.tagName.toLowerCase() === 'a');
		}
		expect(inMap).toBe(true);
		const href = await page.evaluate(() => document.activeElement?.getAttribute('href'));
		expect(href).toMatch(/^\/koerperschaften\/[a-z0-9-]+$/);
		await page.keyboard.press('Enter');
		await page.waitForURL(new RegExp(`${href}$`));
		expect(await page.locator('h1').innerText()).toBeTruthy();
		await page.context().close();
	});

	it('works without JavaScript: the filter forms are plain GET forms', async () => {
		const page = await open('/analyse/karte', { javaScriptEnabled: false });
		await page.getByLabel('Themenfeld', { exact: true }).selectOption('verwaltung-it');
		await page.getByRole('button', { name: 'Anzeigen' }).click();
		await page.waitForURL(/thema=verwaltung-it/);
		expect(await page.locator('h1').innerText()).toContain('Kreis Unna');
		// The connections table is paged (25 pairs a page): follow "next" until the pair shows up.
		let table = await page.locator('table').innerText();
		for (let i = 0; i < 20 && !/Bönen\s+Kamen|Kamen\s+Bönen/.test(table); i++) {
			const next = page.locator('nav.pager a[rel="next"]');
			if ((await next.count()) === 0) break;
			await next.click();
			await page.waitForLoadState('load');
			table = await page.locator('table').innerText();
		}
		expect(table).toMatch(/Bönen\s+Kamen|Kamen\s+Bönen/);
		expect(await page.locator('svg.region-map a[href="/koerperschaften/kamen"]').count()).toBe(1);

		await page.goto(`${url()}/analyse/zeitleiste`, { waitUntil: 'networkidle' });
		await page.getByLabel('Rechtsform', { exact: true }).selectOption('oerv');
		await page.getByRole('button', { name: 'Anzeigen' }).click();
		await page.waitForURL(/rechtsform=oerv/);
		expect(await page.locator('main svg[role="img"]').count()).toBeGreaterThanOrEqual(2);
		await page.context().close();
	});

	it('downloads: the map as SVG (image/svg+xml, well-formed XML) and the timeline as CSV', async () => {
		const res = await fetch(`${url()}/analyse/karte.svg?thema=verwaltung-it`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
		const svg = await res.text();
		expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
		// Parse it as XML in the browser: a parser error would show up as <parsererror>.
		const page = await open('/analyse/karte');
		const parsed = await page.evaluate((text) => {
			const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
			return {
				error: doc.getElementsByTagName('parsererror').length,
				root: doc.documentElement.localName,
				ns: doc.documentElement.namespaceURI,
				links: doc.getElementsByTagName('a').length
			};
		}, svg);
		expect(parsed).toMatchObject({ error: 0, root: 'svg', ns: 'http://www.w3.org/2000/svg' });
		expect(parsed.links).toBeGreaterThan(5);
		await page.context().close();

		const csv = await fetch(`${url()}/analyse/zeitleiste.csv?thema=verwaltung-it`);
		expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
		const bytes = new Uint8Array(await csv.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
		expect(lines[0]).toMatch(/^Jahr,Beginn sicher/);
		expect(lines.at(-1)).toMatch(new RegExp(`^${new Date().getFullYear()},`));
	});
});
