/**
 * Issue 16 as the steering office would try it, in Chromium: on /berichte it sets the meeting,
 * date, place and "Stand", downloads PPTX, PDF and DOCX for the whole register and for Kamen, and
 * LibreOffice reads them back (meeting on the title slide, "Folie N", ended rows, Selm's end, the
 * measure slides). Then a mayor's Steckbrief of Kamen: the print page (axe-clean) and its PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunningApp } from './app-server';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, type SeededBrowser } from './seeded-browser';
import { officeAvailable, pdfPages, pdfText, sofficeConvert } from '../support/office';

let app: RunningApp;
let t: SeededBrowser;
let work: string;
const squash = (s: string) => s.replace(/[\s\u00ad-]+/g, '');

describe.skipIf(!chromiumAvailable || !officeAvailable)('the conference paper the office sends, in the browser', () => {
	let office: Page;

	beforeAll(async () => {
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-papers-e2e-'));
		t = await startSeededBrowser();
		({ app } = t);
		office = await t.signIn('steuerung@kreis-unna.de', { acceptDownloads: true });
	}, 180_000);

	afterAll(async () => {
		await t?.stop();
		if (work) fs.rmSync(work, { recursive: true, force: true });
	});

	const download = async (page: Page, label: string): Promise<string> => {
		const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: label }).click()]);
		const file = path.join(work, `${Date.now()}-${d.suggestedFilename()}`);
		await d.saveAs(file);
		return file;
	};

	for (const scope of ['alle', 'kamen'] as const) {
		it(`sets meeting, date and place and downloads PPTX, PDF and DOCX (${scope})`, async () => {
			const page = office;
			await page.goto(`${app.url}/berichte`, HYDRATED);
			await t.axe(page);
			// Defaults from the conference record.
			expect(await page.locator('#sitzung').inputValue()).toBe('Klausurtagung der Bürgermeisterkonferenz');
			await page.locator('#koerperschaft').selectOption(scope);
			await page.locator('#sitzung').fill('Sitzung des Kreisausschusses');
			await page.locator('#datum').fill('03.03.2027');
			await page.locator('#ort').fill('Kamen, Rathaus');
			await page.locator('#stand').fill('28.02.2027');
			await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
			await page.waitForURL(/ort=Kamen/);
			const main = page.locator('main');
			await expect.poll(async () => (await main.textContent()) ?? '').toMatch(/Kooperationen auf \d+ Folien/);
			const text = (await main.textContent()) ?? '';
			const slides = Number(/Kooperationen auf (\d+) Folien/.exec(text)![1]);
			expect(text).toContain('Sitzung des Kreisausschusses · 03.03.2027 · Kamen, Rathaus');
			await t.axe(page);

			const pptx = await download(page, 'PowerPoint (PPTX) herunterladen');
			expect(path.basename(pptx)).toMatch(/sitzungsunterlage-kreis-unna-2027-02-28\.pptx$/);
			const pptxPdf = sofficeConvert(pptx, 'pdf', path.join(work, `pptx-${scope}`));
			expect(pdfPages(pptxPdf)).toBe(slides);
			const pt = pdfText(pptxPdf);
			for (const s of ['Sitzung des Kreisausschusses · 03.03.2027 · Kamen, Rathaus', 'Stand 28.02.2027', 'Zusammenarbeit im Büchereiwesen', '1992–2006, beendet', 'Realisierung des Projektes']) {
				expect(squash(pt), s).toContain(squash(s));
			}
			expect(pt).toMatch(new RegExp(`Folie\\s+${slides}\\b`));
			if (scope === 'alle') expect(squash(pt)).toContain(squash('nicht mehr beteiligt: Selm (bis 2006)'));
			if (scope === 'kamen') {
				expect(squash(pt)).toContain(squash('Körperschaft: Kamen'));
				expect(squash(pt)).not.toContain(squash('Musikschule (Neufassung'));
			}

			const pdf = await download(page, 'PDF herunterladen');
			const own = pdfText(pdf);
			expect(squash(own)).toContain(squash('Sitzung des Kreisausschusses · 03.03.2027 · Kamen, Rathaus'));
			expect(squash(own)).toContain(squash('Anhang: Hinweise zur Erstellung'));

			const docx = await download(page, 'Word (DOCX) herunterladen');
			const docxPdf = sofficeConvert(docx, 'pdf', path.join(work, `docx-${scope}`));
			const dt = pdfText(docxPdf);
			for (const s of ['Sitzung des Kreisausschusses · 03.03.2027 · Kamen, Rathaus', '1992–2006, beendet', 'Realisierung des Projektes']) expect(squash(dt), s).toContain(squash(s));
		}, 400_000);
	}

	it('a mayor takes the Steckbrief of Kamen: print page and one-page PDF', async () => {
		const page = office;
		await page.goto(`${app.url}/koerperschaften/kamen`, HYDRATED);
		await page.getByRole('link', { name: 'Druckansicht' }).click();
		await page.waitForURL(/\/koerperschaften\/kamen\/steckbrief$/);
		await expect.poll(async () => (await page.locator('h1').textContent()) ?? '').toBe('Kamen');
		await t.axe(page);
		await page.emulateMedia({ media: 'print' });
		expect(await page.locator('.site-header').first().isVisible().catch(() => false)).toBe(false);
		await page.emulateMedia({ media: 'screen' });
		const pdf = await download(page, 'Steckbrief als PDF herunterladen (eine Seite)');
		expect(pdfPages(pdf)).toBe(1);
		expect(pdfText(pdf)).toContain('Kamen');
	}, 120_000);

	it('leaves no accessibility violations on the pages visited', () => {
		expect(t.violations).toEqual([]);
	});
});
