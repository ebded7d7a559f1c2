/**
 * Issue 19, parts 1 and 2, as the steering office would use them, in Chromium: the coordinator
 * records before/after costs for the shared data protection officer (Kreis list no. 38, kreis-38)
 * and the Zentrale Vergabestelle Unna/Bönen/Fröndenberg (kommunen-47), without JavaScript tricks
 * (plain form posts), sees measure 7.1's savings and Kamen's yearly savings on /analyse/wirkung,
 * downloads the conference paper and finds the savings section in the PDF and the PPTX. Kamen's
 * editor may enter Kamen's figures only. The figures are the test's own (the data have none).
 * axe checks every page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import type { RunningApp } from './app-server';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, submitTo, type SeededBrowser } from './seeded-browser';
import { pdfText } from '../support/office';

const DSB = 'kreis-38';
const VERGABE = 'kommunen-47';

let app: RunningApp;
let t: SeededBrowser;
let work: string;
const axe = (page: Page) => t.axe(page);

async function record(page: Page, coop: string, f: { art: string; koerperschaft: string; jahr: string; wert: string; bis?: string; schaetzung?: boolean; quelle: string }) {
	await page.goto(`${app.url}/kooperationen/${coop}/wirkung`, HYDRATED);
	await page.selectOption('#art', f.art);
	await page.selectOption('#koerperschaft', f.koerperschaft);
	await page.fill('#jahr', f.jahr);
	await page.fill('#wert', f.wert);
	if (f.bis) await page.fill('#wert_bis', f.bis);
	if (f.schaetzung) await page.check('#schaetzung');
	await page.fill('#quelle', f.quelle);
	await submitTo(page, 'Zahl erfassen', /wirkung\?gespeichert=erfasst/);
}

const rowText = async (page: Page, table: string, header: RegExp) =>
	((await page.locator(`#${table} tbody tr`).filter({ has: page.locator('th', { hasText: header }) }).first().textContent()) ?? '').replace(/\s+/g, ' ');

describe.skipIf(!chromiumAvailable)('effects and savings, in the browser', () => {
	let coordinator: Page;

	beforeAll(async () => {
		t = await startSeededBrowser();
		({ app } = t);
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-effects-'));
		coordinator = await t.signIn('steuerung@kreis-unna.de', { acceptDownloads: true });
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
		if (work) fs.rmSync(work, { recursive: true, force: true });
	});

	it('the coordinator records costs before per partner and the shared officer\'s costs now for Kreis no. 38', async () => {
		const page = coordinator;
		await page.goto(`${app.url}/kooperationen/${DSB}`, HYDRATED);
		await page.getByRole('link', { name: 'Wirkung: Kosten, Einsparungen und Leistungskennzahlen' }).click();
		await page.waitForURL(/\/kooperationen\/kreis-38\/wirkung$/);
		await page.waitForLoadState('networkidle');
		expect(await page.locator('main').textContent()).toContain('Für diese Kooperation liegen keine Kosten- oder Einsparungszahlen vor.');
		await axe(page);

		// A range upside down is refused at its field, nothing is saved.
		await page.selectOption('#art', 'cost_now');
		await page.fill('#jahr', '2015');
		await page.fill('#wert', '72.000');
		await page.fill('#wert_bis', '64.000');
		await page.fill('#quelle', 'Kostenaufstellung');
		await page.getByRole('button', { name: 'Zahl erfassen' }).click();
		await expect.poll(async () => (await page.locator('#fehler').textContent()) ?? '').toContain('Der größte Wert ist kleiner');
		await axe(page);

		await record(page, DSB, { art: 'cost_before', koerperschaft: 'kamen', jahr: '2012', wert: '21.000', quelle: 'Haushaltsplan Kamen 2012, Produkt 01.02' });
		await record(page, DSB, { art: 'cost_before', koerperschaft: 'unna', jahr: '2012', wert: '30000', quelle: 'Haushaltsplan Unna 2012' });
		await record(page, DSB, { art: 'cost_before', koerperschaft: 'kreis-unna', jahr: '2012', wert: '25.000 €', quelle: 'Haushaltsplan Kreis Unna 2012' });
		// The shared officer now: 64,000–72,000 € a year for all eight partners, an estimate.
		await record(page, DSB, { art: 'cost_now', koerperschaft: '', jahr: '2015', wert: '64.000', bis: '72.000', schaetzung: true, quelle: 'Kostenaufstellung der Kreisstadt Unna' });
		const text = ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
		expect(text).toContain('64.000–72.000 €');
		expect(text).toContain('Schätzung');
		// Kamen: 21,000 − an eighth of 64,000–72,000.
		const kamen = await rowText(page, 'anteile', /^\s*Kamen/);
		expect(kamen).toContain('mit gleichem Anteil an Zahlen der ganzen Kooperation');
		expect(kamen).toContain('12.000–13.000 € (Schätzung)');
		expect(text).toContain('Version 4: Wirkungszahl erfasst');
		await axe(page);
	}, 180_000);

	it('the coordinator records before/after costs for the Zentrale Vergabestelle Unna/Bönen/Fröndenberg', async () => {
		const page = coordinator;
		for (const [body, before, now] of [['unna', '50.000', '41.000'], ['boenen', '12.000', '9.500'], ['froendenberg', '15.000', '11.000']] as const) {
			await record(page, VERGABE, { art: 'cost_before', koerperschaft: body, jahr: '2014', wert: before, quelle: 'Vergabestatistik 2014' });
			await record(page, VERGABE, { art: 'cost_now', koerperschaft: body, jahr: '2015', wert: now, quelle: 'Vergabestatistik 2015' });
		}
		expect(await rowText(page, 'anteile', /^\s*Bönen/)).toContain('2.500 €');
		expect(await rowText(page, 'anteile', /^\s*Unna/)).toContain('9.000 €');
		// One-off costs of the whole cooperation (software), split by three.
		await record(page, VERGABE, { art: 'one_off', koerperschaft: '', jahr: '2013', wert: '6.000', quelle: 'Rechnung Vergabesoftware' });
		expect(await rowText(page, 'anteile', /^\s*Bönen/)).toContain('2.000 €');
		await axe(page);
	}, 180_000);

	it('Kamen\'s editor can enter Kamen\'s figures only', async () => {
		const editor = await t.signIn('redaktion@kamen.de');
		await editor.goto(`${app.url}/kooperationen/${DSB}/wirkung`, HYDRATED);
		const options = await editor.locator('#koerperschaft option').allTextContents();
		expect(options).toEqual(['Kamen']);
		// Only Kamen's own figure can be removed by Kamen's editor.
		expect(await editor.getByRole('button', { name: /Entfernen/ }).count()).toBe(1);
		await axe(editor);
		// A forged post for Unna's figures is refused.
		const res = await editor.request.post(`${app.url}/kooperationen/${DSB}/wirkung?/erfassen`, {
			headers: { origin: app.url },
			form: { art: 'cost_before', koerperschaft: 'unna', jahr: '2012', wert: '1', wert_bis: '', schaetzung: '', quelle: 'x', kennzahl: '', bezeichnung: '', einheit: '', anmerkung: '' },
			maxRedirects: 0
		});
		expect(res.status()).toBe(403);
		// Its own: a service indicator for Kamen.
		await editor.selectOption('#art', 'service');
		await editor.selectOption('#kennzahl', 'processing_time');
		await editor.fill('#jahr', '2016');
		await editor.fill('#wert', '14');
		await editor.fill('#quelle', 'Auswertung Kamen');
		await submitTo(editor, 'Zahl erfassen', /wirkung\?gespeichert=erfasst/);
		expect(((await editor.locator('main').textContent()) ?? '').replace(/\s+/g, ' ')).toContain('Bearbeitungszeit');
		await editor.context().close();
	}, 120_000);

	it('/analyse/wirkung shows measure 7.1\'s savings and Kamen\'s yearly savings, as charts and tables', async () => {
		const page = coordinator;
		await page.goto(`${app.url}/analyse`, HYDRATED);
		await page.getByRole('link', { name: 'Wirkung und Einsparungen' }).click();
		await page.waitForURL(/\/analyse\/wirkung$/);
		await page.waitForLoadState('networkidle');
		const main = ((await page.locator('main').textContent()) ?? '').replace(/\s+/g, ' ');
		expect(main).toMatch(/Für \d+ von \d+ Kooperationen liegen keine Zahlen vor\./);
		const [, without, total] = /Für (\d+) von (\d+) Kooperationen/.exec(main)!;
		expect(Number(total) - Number(without)).toBe(2);
		// 2015: DSB (21,000 + 30,000 + 25,000) − 3 × 8,000…9,000; Vergabestelle 9,000 + 2,500 + 4,000.
		expect(await rowText(page, 'massnahmen-tabelle', /^\s*7\.1 /)).toContain('49.000–52.000 € (Schätzung)');
		expect(await rowText(page, 'massnahmen-tabelle', /^\s*5\.1 /)).toContain('15.500 €');
		expect(await rowText(page, 'koerperschaften-tabelle', /^\s*Kamen\s*$/)).toContain('12.000–13.000 € (Schätzung)');
		expect(await rowText(page, 'koerperschaften-tabelle', /^\s*Unna\s*$/)).toContain('30.000–31.000 € (Schätzung)');
		expect(main).toContain('bis zu 2.000.000 €');
		// Kamen over the years: 2013 has only the Vergabestelle's one-off costs (Kamen is no partner), 2015 Kamen's share.
		const years = await page.locator('#koerperschaften-jahre thead th').allTextContents();
		expect(years.slice(1)).toEqual(['2013', '2015']);
		const kamenYears = await rowText(page, 'koerperschaften-jahre', /^\s*Kamen\s*$/);
		expect(kamenYears).toMatch(/Kamen\s*–\s*12\.000–13\.000 € \(Schätzung\)/);
		// Each chart is an image with a title and a description.
		for (const id of ['chart-jahre', 'chart-massnahmen', 'chart-koerperschaften']) {
			const svg = page.locator(`svg[aria-labelledby="${id}-title ${id}-desc"]`);
			expect(await svg.getAttribute('role')).toBe('img');
			expect(await page.locator(`#${id}-desc`).textContent()).toContain('Tabelle');
		}
		await axe(page);

		// The same numbers as CSV and from the API.
		const csv = await (await page.request.get(`${app.url}/analyse/wirkung.csv?jahr=2015`)).text();
		expect(csv.split('\r\n').find((l) => l.startsWith('Körperschaft,kamen,'))).toContain(',2015,12000,13000,');
		const api = await (await page.request.get(`${app.url}/api/v1/effects?jahr=2015`)).json() as { by_measure: { key: string; realised: { min: number; max: number } }[] };
		expect(api.by_measure.find((m) => m.key === 'm-7-1')!.realised).toMatchObject({ min: 49000, max: 52000 });
	}, 120_000);

	it('the conference paper has the savings section, in the PDF and the PPTX', async () => {
		const page = coordinator;
		await page.goto(`${app.url}/berichte`, HYDRATED);
		await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
		await page.waitForLoadState('networkidle');
		await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toMatch(/Kooperationen auf \d+ Folien/);
		await axe(page);
		const download = async (label: string): Promise<string> => {
			const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: label }).click()]);
			const file = path.join(work, d.suggestedFilename());
			await d.saveAs(file);
			return file;
		};
		const pdf = pdfText(await download('PDF herunterladen'), { layout: true }).replace(/\s+/g, ' ');
		expect(pdf).toContain('Einsparungen 2015 je Maßnahme');
		expect(pdf).toMatch(/7\.1 Gemeinsame[\s\S]{0,300}?49\.000–52\.000 € \(Schätzung\)/);
		expect(pdf).toContain('bis zu 2.000.000 €');
		const pptx = unzipSync(new Uint8Array(fs.readFileSync(await download('PowerPoint (PPTX) herunterladen'))));
		const slides = Object.keys(pptx).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).map((n) => strFromU8(pptx[n]!).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
		const savings = slides.filter((s) => s.includes('Einsparungen 2015 je Maßnahme'));
		expect(savings.length).toBeGreaterThanOrEqual(1);
		expect(savings.join(' ')).toContain('49.000–52.000 € (Schätzung)');
	}, 180_000);

	it('axe found no violations', () => {
		expect(t.violations).toEqual([]);
	});
});
