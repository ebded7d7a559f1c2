/**
 * Issue 4 as a new user would try it, in Chromium: the towns' table typed into a spreadsheet
 * (saved as XLSX by LibreOffice), imported through the browser with a preview that catches a
 * misspelt town and an unreadable date; then the papers for the next mayors' conference
 * downloaded as PPTX and PDF and opened in LibreOffice / read with pdftotext. axe checks every page.
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
const axe = (page: Page) => t.axe(page);
const signIn = (email: string) => t.signIn(email, { acceptDownloads: true });
let work: string;

/** The towns' table as a person types it: a title row, the deck's headers, a known row and a new one with two mistakes. */
function typedSpreadsheet(dir: string): string {
	const csv = [
		'Kooperationen der Städte und Gemeinden (soweit bekannt);;;;;',
		'Nr.;Aufgabenbereich;Partner;Aufgabenerledigung durch;Rechtsform;seit',
		'1;Gemeinsame Erziehungsberatungsstelle;Lünen, Selm, Werne;Caritas;e.V.;1969',
		';Gemeinsamer Winterdienst an Kreisgrenzen;Kamen, Frödenberg;Kamen;ö-rV;Frühjahr zwanzigsiebzehn',
		''
	].join('\r\n');
	const file = path.join(dir, 'Kooperationen Städte.csv');
	fs.writeFileSync(file, csv, 'utf-8');
	// Read as CSV with separator ; (59), quote " (34), UTF-8 (76), from line 1; saved as Excel 2007+.
	return sofficeConvert(file, 'xlsx', dir, 'CSV:59,34,76,1');
}

describe.skipIf(!chromiumAvailable || !officeAvailable)('import and conference papers, in the browser', () => {
	let coordinator: Page;

	beforeAll(async () => {
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-import-e2e-'));
		t = await startSeededBrowser();
		({ app } = t);
		coordinator = await signIn('steuerung@kreis-unna.de');
	}, 180_000);

	afterAll(async () => {
		await t?.stop();
		if (work) fs.rmSync(work, { recursive: true, force: true });
	});

	it('imports the typed table through the preview', async () => {
		const xlsx = typedSpreadsheet(work);
		const page = coordinator;
		await page.goto(`${app.url}/verwaltung/import`, HYDRATED);
		await axe(page);
		await page.setInputFiles('#datei', xlsx);
		await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
		await page.waitForURL(/\/verwaltung\/import\/[0-9a-f]{16}/);
		const main = page.locator('main');
		await expect.poll(() => main.textContent()).toMatch(/Vorschau/);
		const text = (await main.textContent()) ?? '';
		// The mapping was suggested from the headers, the title row skipped.
		expect(await page.locator('#kopfzeile').inputValue()).toBe('2');
		expect(await page.locator('#spalte-2').inputValue()).toBe('partners');
		// The misspelt town and the unreadable date are caught; nothing is saved yet.
		expect(text).toMatch(/„Frödenberg“/);
		expect(text).toMatch(/Datum „Frühjahr zwanzigsiebzehn“ \(seit\) nicht lesbar/);
		expect(text).toMatch(/1 mit Fehlern/);
		expect(text).toMatch(/1 unverändert/);
		await axe(page);

		// The suggestion is Fröndenberg/Ruhr: pick it and check again.
		const choice = page.getByLabel('Zuordnung für „Frödenberg“');
		const suggested = await choice.locator('optgroup[label="Vorschläge"] option').first().textContent();
		// Each suggestion says where it is (issue 14): the nearest first.
		expect(suggested).toBe('Fröndenberg/Ruhr (Stadt, Kreis Unna)');
		await choice.selectOption({ label: 'Fröndenberg/Ruhr (Stadt, Kreis Unna)' });
		await page.getByRole('button', { name: 'Vorschau aktualisieren' }).click();
		await page.waitForLoadState('load');
		await expect.poll(async () => (await main.textContent()) ?? '').toMatch(/1 neu/);
		expect((await main.textContent()) ?? '').toMatch(/0 mit Fehlern/);

		await page.getByRole('button', { name: /Import ausführen/ }).click();
		await page.waitForURL(/hinweis=ausgefuehrt/);
		expect((await main.textContent()) ?? '').toMatch(/1 Kooperation\(en\) neu angelegt/);
		await axe(page);
		await page.getByRole('link', { name: 'Gemeinsamer Winterdienst an Kreisgrenzen' }).click();
		await page.waitForURL(/\/kooperationen\/kommunen-/);
		const profile = (await main.textContent()) ?? '';
		expect(profile).toMatch(/Fröndenberg\/Ruhr/);
		expect(profile).toMatch(/Frühjahr zwanzigsiebzehn/);
	}, 180_000);

	it('downloads the papers for the next conference as PPTX and PDF, and LibreOffice opens them', async () => {
		const page = coordinator;
		await page.goto(`${app.url}/berichte`, HYDRATED);
		await axe(page);
		await page.locator('#koerperschaft').selectOption('kamen');
		await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
		await page.waitForURL(/koerperschaft=kamen/);
		const main = page.locator('main');
		await expect.poll(async () => (await main.textContent()) ?? '').toMatch(/Kooperationen auf \d+ Folien/);
		const slides = Number(/Kooperationen auf (\d+) Folien/.exec((await main.textContent()) ?? '')![1]);
		const pdfPagesShown = Number(/\((\d+) PDF-Seiten\)/.exec((await main.textContent()) ?? '')![1]);
		await axe(page);

		const download = async (label: string): Promise<string> => {
			const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: label }).click()]);
			const file = path.join(work, d.suggestedFilename());
			await d.saveAs(file);
			return file;
		};
		const pptx = await download('PowerPoint (PPTX) herunterladen');
		expect(path.basename(pptx)).toMatch(/^sitzungsunterlage-kreis-unna-\d{4}-\d{2}-\d{2}\.pptx$/);
		const pptxPdf = sofficeConvert(pptx, 'pdf', work);
		expect(pdfPages(pptxPdf)).toBe(slides);
		const pptxText = pdfText(pptxPdf, { layout: true }).replace(/\s+/g, ' ');
		// The cooperation imported a moment ago is in the paper, with the partner picked in the preview.
		// Its title may wrap in its cell (columns are sized to their longest word), so its words are read
		// in order, with the neighbouring cells' lines allowed in between.
		expect(pptxText).toMatch(/Gemeinsamer\b[\s\S]{0,200}?\bWinterdienst\b[\s\S]{0,200}?\ban\b[\s\S]{0,200}?\bKreisgrenzen/);
		expect(pptxText).toContain('Fröndenberg/Ruhr');
		expect(pptxText).toContain('Kreis Unna – Steuerungsdienst');

		const pdf = await download('PDF herunterladen');
		expect(pdfPages(pdf)).toBe(pdfPagesShown);
		const own = pdfText(pdf, { layout: true }).replace(/\s+/g, ' ');
		expect(own).toMatch(/Gemeinsamer\b[\s\S]{0,200}?\bWinterdienst\b[\s\S]{0,200}?\ban\b[\s\S]{0,200}?\bKreisgrenzen/);
		expect(own).toContain('Bönen');
	}, 300_000);

	it('refuses a file that is no table, with a clear message', async () => {
		const page = coordinator;
		const fake = path.join(work, 'bericht.xlsx');
		fs.writeFileSync(fake, '%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n');
		await page.goto(`${app.url}/verwaltung/import`, HYDRATED);
		await page.setInputFiles('#datei', fake);
		await page.getByRole('button', { name: 'Hochladen und prüfen' }).click();
		await page.waitForLoadState('load');
		const alert = page.locator('.error-summary');
		await expect.poll(() => alert.textContent()).toMatch(/PDF/);
		expect(page.url()).toMatch(/\/verwaltung\/import/);
		await axe(page);
	}, 60_000);

	it('leaves no accessibility violations on the pages visited', () => {
		expect(t.violations).toEqual([]);
	});
});
