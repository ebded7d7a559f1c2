/**
 * Issue 17, the last gaps, on the built app:
 * - the downloaded map (karte.svg) names every body it draws: a label, or a number at the circle
 *   that the numbered key below the legend explains; the bodies without a place are listed in it;
 * - bodies drawn at their seat are marked, on the SVG and on the page (legend, list, table);
 * - the start page is plain HTML: no script, no module preload, no hydration data, and its search
 *   form is an ordinary GET form.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser';
import { useBrowserApp } from './harness';

describe.skipIf(!chromiumAvailable)('map key, seats, the script-free start page', () => {
	const { url, open, axeViolations } = useBrowserApp();

	it.each(['', '?thema=verwaltung-it', '?partner=luenen'])('karte.svg%s: every drawn body has a label or a number from the key', async (query) => {
		const svg = await (await fetch(`${url()}/analyse/karte.svg${query}`)).text();
		const page = await open('/analyse/karte?seite=999', { javaScriptEnabled: false });
		const r = await page.evaluate((text) => {
			const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
			const nodes = [...doc.querySelectorAll('a.map-node')].map((a) => ({
				title: a.querySelector('title')?.textContent ?? '',
				label: a.querySelector('text.label-wide')?.textContent ?? null,
				number: a.querySelector('text.key-number')?.textContent ?? null,
				seat: a.querySelector('circle.seat') !== null
			}));
			const key = [...doc.querySelectorAll('g.map-key text')].slice(1).map((t) => t.textContent ?? '');
			const off = [...doc.querySelectorAll('g.map-off text')].slice(1).map((t) => t.textContent ?? '');
			return { error: doc.getElementsByTagName('parsererror').length, nodes, key, off, height: Number(doc.documentElement.getAttribute('height')) };
		}, svg);
		expect(r.error).toBe(0);
		expect(r.nodes.length).toBeGreaterThan(3);
		const numbers = new Map(r.key.map((line) => [line.split(' ')[0]!, line.slice(line.indexOf(' ') + 1)]));
		expect(numbers.size).toBe(r.key.length);
		for (const n of r.nodes) {
			expect(n.label !== null || n.number !== null, n.title).toBe(true);
			if (n.label !== null) continue;
			// The key line for the number names the body (the tooltip repeats the number and the name).
			const name = numbers.get(n.number!);
			expect(name, n.title).toBeTruthy();
			expect(n.title.startsWith(`${n.number}: ${name!.replace(/…$/, '')}`), `${n.title} / ${name}`).toBe(true);
		}
		expect(r.nodes.filter((n) => n.number !== null).length).toBe(r.key.length);
		if (query === '') {
			// The full map has crowded labels, seated bodies and bodies without a place.
			expect(r.key.length).toBeGreaterThan(0);
			expect(r.nodes.filter((n) => n.seat).length).toBeGreaterThan(0);
			for (const n of r.nodes.filter((x) => x.seat)) expect(n.title).toMatch(/\(Lage: Sitz in [A-ZÄÖÜ]/);
			// "ohne Ort" in the SVG: the same bodies as on the page.
			const pageOff = await page.locator('#ohne-lage + p + ul li').allInnerTexts();
			expect(r.off.length).toBe(pageOff.length);
			expect(r.off.length).toBeGreaterThan(0);
			for (const [i, line] of r.off.entries()) expect(pageOff[i]!.startsWith(line.replace(/ \(.*$/, ''))).toBe(true);
		}
		await page.context().close();
	});

	it('the map page marks the seated bodies (legend, list, table) and stays axe-clean', async () => {
		const page = await open('/analyse/karte');
		expect(await page.locator('.map-legend').innerText()).toMatch(/am Ort ihres Sitzes/);
		const seated = await page.locator('#am-sitz-liste li').allInnerTexts();
		expect(seated.length).toBeGreaterThan(0);
		for (const s of seated) expect(s).toMatch(/ – Lage: Sitz in \S.* \(Gemeindemittelpunkt laut Gemeindeverzeichnis\)$/);
		expect(await axeViolations(page)).toEqual([]);
		await page.context().close();
		const table = await open('/analyse/karte?partner=lwl', { javaScriptEnabled: false });
		expect(await table.locator('#verbindungen ~ div table').innerText()).toMatch(/Landschaftsverband Westfalen-Lippe \(Lage: Sitz in Münster \(Gemeindemittelpunkt laut Gemeindeverzeichnis\)\)/);
		await table.context().close();
	});

	it('the start page has no script, no module preload and no hydration data; its search is a GET form', async () => {
		const res = await fetch(`${url()}/`, { headers: { 'accept-encoding': 'identity' } });
		const html = await res.text();
		expect(res.status).toBe(200);
		expect(html).not.toMatch(/<script\b/i);
		expect(html).not.toMatch(/modulepreload/);
		expect(html).toMatch(/<form method="get" action="\/kooperationen"/);
		const page = await open('/', { javaScriptEnabled: false });
		await page.getByLabel('Kooperation oder Partner suchen').fill('abfall');
		await page.getByRole('button', { name: 'Suchen' }).click();
		await page.waitForURL(/\/kooperationen\?q=abfall/);
		expect(await page.locator('h1').innerText()).toBeTruthy();
		await page.context().close();
	});
});
