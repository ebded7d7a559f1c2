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
import { execFileSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { officeAvailable, pdfPages, pdfText, sofficeConvert } from '../support/office';
import { makePng } from '../support/png';

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

	it('uploads the office\'s logo; the PPTX has it on every slide and the PDF on its title page; unticked, the paper has none', async () => {
		const page = office;
		const logoFile = path.join(work, 'Logo Kreis Unna.png');
		const png = makePng(480, 160);
		fs.writeFileSync(logoFile, png);
		await page.goto(`${app.url}/berichte`, HYDRATED);
		await page.getByRole('link', { name: 'Logo für die Sitzungsunterlagen hochladen' }).click();
		await page.waitForURL(/\/berichte\/logo$/);
		await t.axe(page);
		// A file that only claims to be an image is refused with the reason at the field.
		const fake = path.join(work, 'logo.png');
		fs.writeFileSync(fake, '<svg xmlns="http://www.w3.org/2000/svg"/>');
		await page.locator('#datei').setInputFiles(fake);
		await page.getByRole('button', { name: 'Hochladen' }).click();
		await expect.poll(async () => (await page.locator('#datei-error').textContent().catch(() => '')) ?? '').toContain('kein PNG- oder JPEG-Bild');
		await t.axe(page);
		await page.locator('#datei').setInputFiles(logoFile);
		await page.getByRole('button', { name: 'Hochladen' }).click();
		await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toContain('ist gespeichert');
		expect(await page.locator('main').textContent()).toContain('480 × 160 Pixel');
		expect(await page.getByRole('img', { name: 'Hinterlegtes Logo der Sitzungsunterlagen' }).count()).toBe(1);
		await t.axe(page);

		await page.goto(`${app.url}/berichte?koerperschaft=kamen`, HYDRATED);
		expect(await page.locator('#logo').isChecked()).toBe(true);
		const pptx = await download(page, 'PowerPoint (PPTX) herunterladen');
		const media = Object.entries(unzipSync(fs.readFileSync(pptx))).filter(([n]) => /^ppt\/media\//.test(n));
		expect(media.some(([, b]) => Buffer.from(b).equals(Buffer.from(png)))).toBe(true);
		// LibreOffice draws the master's logo on every slide.
		const rendered = sofficeConvert(pptx, 'pdf', path.join(work, 'pptx-logo'));
		const images = execFileSync('pdfimages', ['-list', rendered], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => /\bimage\b/.test(l));
		const pages = new Set(images.map((l) => Number(l.trim().split(/\s+/)[0])));
		expect(pages.size).toBe(pdfPages(rendered));
		const pdf = await download(page, 'PDF herunterladen');
		const pdfImages = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => /\bimage\b/.test(l));
		expect(pdfImages.map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual([1]);

		await page.locator('#logo').uncheck();
		await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
		await page.waitForURL(/logo=0/);
		const plain = await download(page, 'PowerPoint (PPTX) herunterladen');
		expect(Object.entries(unzipSync(fs.readFileSync(plain))).some(([, b]) => Buffer.from(b).equals(Buffer.from(png)))).toBe(false);

		await page.goto(`${app.url}/berichte/logo`, HYDRATED);
		await page.getByRole('button', { name: 'Logo entfernen' }).click();
		await expect.poll(async () => (await page.locator('main').textContent()) ?? '').toContain('Das Logo ist entfernt');
	}, 300_000);

	it('takes meeting, date and place from an earlier conference chosen in the form, and keeps the scope', async () => {
		const page = office;
		await page.goto(`${app.url}/berichte?koerperschaft=kamen&laufend=1`, HYDRATED);
		await page.locator('#konferenz').selectOption('bmk-2011');
		await page.getByRole('button', { name: 'Angaben übernehmen' }).click();
		await page.waitForURL(/konferenz=bmk-2011/);
		expect(await page.locator('#datum').inputValue()).toBe('18.07.2011');
		expect(await page.locator('#ort').inputValue()).toBe('Haus Opherdicke');
		expect(await page.locator('#koerperschaft').inputValue()).toBe('kamen');
		expect(await page.locator('#laufend').isChecked()).toBe(true);
		await t.axe(page);
		await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
		await page.waitForURL(/konferenz=bmk-2011.*#vorschau|#vorschau/);
		expect(page.url()).toContain('konferenz=bmk-2011');
		const pdf = await download(page, 'PDF herunterladen');
		expect(squash(pdfText(pdf))).toContain(squash('Bürgermeisterkonferenz · 18.07.2011 · Haus Opherdicke'));
	}, 180_000);

	it('leaves no accessibility violations on the pages visited', () => {
		expect(t.violations).toEqual([]);
	});
});
