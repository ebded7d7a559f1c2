/**
 * The analysis pages in the browser: Lünen's mayor's office opens its profile, sees its network
 * and the tasks it does alone, and the partner finder names the data protection pools it could
 * join and why. Every analysis page passes axe; downloads are CSV and SVG.
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser';
import { useBrowserApp } from './harness';

describe.skipIf(!chromiumAvailable)('analysis in the browser', () => {
	const { url, open, axeViolations } = useBrowserApp();

	it.each([
		'/analyse',
		'/analyse/netzwerk',
		'/analyse/netzwerk?thema=verwaltung-it&rechtsform=oerv&jahr=2010',
		'/analyse/aufgaben',
		'/analyse/partnersuche',
		'/analyse/partnersuche?koerperschaft=luenen&aufgabe=datenschutzbeauftragter',
		'/analyse/partnersuche?koerperschaft=luenen&idee=Vergabestelle+f%C3%BCr+Bauleistungen',
		'/koerperschaften/luenen'
	])('axe: %s has no WCAG 2.1 AA violations', async (path) => {
		const page = await open(path);
		expect(await axeViolations(page)).toEqual([]);
		await page.context().close();
	});

	it('Lünen: profile with network and tasks done alone, then the partner finder for data protection', async () => {
		const page = await open('/koerperschaften/luenen', { javaScriptEnabled: false });
		const svg = page.getByRole('group', { name: /Netzwerk von Lünen/ });
		expect(await svg.count()).toBe(1);
		expect(await svg.locator('a').count()).toBeGreaterThan(5);
		const alone = await page.locator('main').innerText();
		expect(alone).toContain('Aufgaben, die Lünen allein erledigt');
		expect(alone).toContain('Datenschutzbeauftragter');
		await page.getByRole('link', { name: 'Partner für Datenschutzbeauftragter finden' }).click();
		await page.waitForURL(/partnersuche\?koerperschaft=luenen&aufgabe=datenschutzbeauftragter/);
		const text = await page.locator('main').innerText();
		expect(text).toContain('Lünen ist in keinem Verbund für Datenschutzbeauftragter');
		expect(text).toContain('Bestellung eines gemeinsamen Datenschutzbeauftragten');
		expect(text).toContain('federführend: Unna');
		expect(text).toContain('Gemeinsamer Datenschutzbeauftragter');
		expect(text).toContain('federführend: Bergkamen');
		expect(text).toMatch(/bestehende Zusammenarbeit in anderen Aufgaben mit .*Selm/);
		expect(text).toMatch(/Nachbarschaft: \S+ liegt \d+ km entfernt/);
		await page.context().close();
	});

	it('the partner finder form works by keyboard and without JavaScript', async () => {
		const page = await open('/analyse/partnersuche', { javaScriptEnabled: false });
		await page.getByLabel('Körperschaft').selectOption('kamen');
		await page.getByLabel('Aufgabe').selectOption('musikschule');
		// Enter in the text field submits the form (implicit submission), as a keyboard user would.
		await page.getByLabel(/Oder eine neue Idee/).focus();
		await page.keyboard.press('Enter');
		await page.waitForURL(/koerperschaft=kamen&aufgabe=musikschule/);
		expect(page.url()).toContain('idee=');
		const text = await page.locator('main').innerText();
		expect(text).toContain('Kamen ist in keinem Verbund für Musikschule');
		expect(text).toContain('Körperschaften, die die Aufgabe allein erledigen');
		await page.context().close();
	});

	it('network page: matrix links into the search; keyboard reaches the bodies in the drawing', async () => {
		const page = await open('/analyse/netzwerk');
		const cell = page.getByRole('link', { name: /Kooperationen Kamen und Bönen/ });
		const n = Number(await cell.innerText());
		expect(n).toBeGreaterThan(10);
		await page.locator('svg.network-svg a').first().focus();
		expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/Steckbrief öffnen/);
		await cell.click();
		await page.waitForURL(/partner=kamen&partner=boenen/);
		expect(await page.locator('#ergebnis').innerText()).toContain(`${n} Kooperationen`);
		await page.context().close();
	});

	it('downloads: matrix and coverage as CSV, the network as SVG', async () => {
		const csv = await fetch(`${url()}/analyse/netzwerk.csv?trenner=semikolon`);
		expect(csv.headers.get('content-type')).toContain('text/csv');
		const lines = (await csv.text()).trimEnd().split('\r\n');
		expect(lines).toHaveLength(12);
		expect(lines[0]).toContain('Kreis Unna;Bergkamen');
		const cov = await (await fetch(`${url()}/analyse/aufgaben.csv`)).text();
		expect(cov).toContain('Datenschutzbeauftragter,Lünen,in keinem Verbund');
		const svg = await fetch(`${url()}/analyse/netzwerk.svg?thema=verwaltung-it`);
		expect(svg.headers.get('content-type')).toContain('image/svg+xml');
		const text = await svg.text();
		expect(text.startsWith('<?xml')).toBe(true);
		expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
		expect(text).toContain('<line');
		for (const chart of ['', '?grafik=aktiv&thema=verwaltung-it']) {
			const res = await fetch(`${url()}/analyse/zeitleiste.svg${chart}`);
			expect(res.headers.get('content-type')).toContain('image/svg+xml');
			const body = await res.text();
			expect(body).toContain('<rect');
			expect(body).toContain(chart ? 'Aktive Kooperationen pro Jahr' : 'Beginne pro Jahr');
		}
		const page = await open('/');
		const parsed = await page.evaluate((s) => new DOMParser().parseFromString(s, 'image/svg+xml').getElementsByTagName('parsererror').length, text);
		expect(parsed).toBe(0);
		await page.context().close();
	});
});
