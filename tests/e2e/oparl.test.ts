/**
 * Issue 21 as a coordinator would use it, in Chromium, against a local OParl 1.1 server started in
 * the test: connects Kamen and Bönen on /verwaltung/oparl, harvests through a phase of a 5xx and
 * of malformed JSON (each run noted as interrupted, the next one completes), finds in the review
 * queue the council decisions on the Volkshochschul-Zweckverband Kamen–Bönen and a new
 * cooperation, accepts Kamen's decision (the legal lifecycle then has it), and a second run
 * proposes nothing twice. axe checks every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, submitTo, type SeededBrowser } from './seeded-browser';
import { startOparlServer, type OparlTestServer } from '../support/oparl-server';
import { kamenBoenen } from '../fixtures/oparl/kamen-boenen';

let t: SeededBrowser;
let oparl: OparlTestServer;
let page: Page;

const main = async () => (await page.locator('main').textContent()) ?? '';
const source = (name: string) => page.locator('section.oparl-source', { hasText: `${name}:` });

/** Start a harvest of one connected body and wait until the page shows it finished. */
async function harvest(name: string): Promise<string> {
	await page.goto(`${t.app.url}/verwaltung/oparl`, HYDRATED);
	await source(name).getByRole('button', { name: 'Jetzt abrufen' }).click();
	await page.waitForURL(/gestartet=/);
	for (let i = 0; i < 60; i++) {
		await page.goto(`${t.app.url}/verwaltung/oparl`, HYDRATED);
		const text = (await source(name).textContent()) ?? '';
		if (!text.includes('läuft')) return text;
		await page.waitForTimeout(500);
	}
	throw new Error(`Abruf von ${name} endet nicht`);
}

async function connect(bodyId: string, oparlName: string) {
	await page.goto(`${t.app.url}/verwaltung/oparl`, HYDRATED);
	await page.selectOption('#koerperschaft', bodyId);
	await page.fill('#adresse', oparl.systemUrl);
	await page.getByRole('button', { name: 'Adresse prüfen' }).click();
	await page.getByRole('heading', { name: /Gefunden: Ratsinformationssystem \(Test\)/ }).waitFor();
	await t.axe(page);
	await page.getByLabel(oparlName).check();
	await submitTo(page, 'Verbinden', /verbunden=/);
}

describe.skipIf(!chromiumAvailable)('council information systems (OParl), in the browser', () => {
	beforeAll(async () => {
		oparl = await startOparlServer(kamenBoenen(), { pageSize: 4 });
		t = await startSeededBrowser({ OPARL_REQUEST_INTERVAL_MS: '0', OPARL_HARVEST_HOURS: '0', OPARL_TIMEOUT_MS: '3000' });
		page = await t.signIn('steuerung@kreis-unna.de');
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
		await oparl?.close();
	});

	it('connects Kamen and Bönen after checking the address', async () => {
		await page.goto(`${t.app.url}/verwaltung/oparl`, HYDRATED);
		await t.axe(page);
		// An address that is no OParl system is refused with a message at the field.
		await page.selectOption('#koerperschaft', 'kamen');
		await page.fill('#adresse', `${oparl.url}/gibt-es-nicht`);
		await page.getByRole('button', { name: 'Adresse prüfen' }).click();
		await page.locator('#adresse-error').waitFor();
		await t.axe(page);
		await connect('kamen', 'Stadt Kamen');
		await connect('boenen', 'Gemeinde Bönen');
		const text = await main();
		expect(text).toContain('Kamen: Stadt Kamen');
		expect(text).toContain('Bönen: Gemeinde Bönen');
		expect(text.match(/Noch nicht abgerufen/g)).toHaveLength(2);
	});

	it('harvests through a 5xx and malformed JSON: a note each, the next run completes', async () => {
		oparl.fault('/kamen/papers?page=2', '500', 1);
		let text = await harvest('Kamen');
		expect(text).toContain('unterbrochen');
		await source('Kamen').getByText('Protokoll des Laufs').click();
		expect(await source('Kamen').textContent()).toContain('Antwort 503');
		await t.axe(page);
		text = await harvest('Kamen');
		expect(text).toContain('abgeschlossen');
		oparl.fault('/boenen/papers', 'malformed', 1);
		expect(await harvest('Bönen')).toContain('unterbrochen');
		expect(await harvest('Bönen')).toContain('abgeschlossen');
	});

	it('the review queue has both councils\' decisions on the VHS Zweckverband and a new cooperation', async () => {
		await page.goto(`${t.app.url}/vorschlaege`, HYDRATED);
		await t.axe(page);
		const rows = page.locator('tr', { hasText: 'Ratsbeschluss (Ratsinformationssystem)' });
		expect(await rows.count()).toBe(2);
		expect(await rows.allTextContents()).toEqual([expect.stringContaining('Volkshochschule'), expect.stringContaining('Volkshochschule')]);
		expect(await page.locator('tr', { hasText: 'neue Kooperation (Ratsinformationssystem)' }).textContent()).toContain('Gemeinsames Standesamt');
	});

	it('accepting Kamen\'s decision fills the council decision step of the legal lifecycle', async () => {
		await page.goto(`${t.app.url}/vorschlaege`, HYDRATED);
		await page.locator('tr', { hasText: 'Ratsbeschluss' }).filter({ hasText: 'Verlängerung und Neufassung' }).getByRole('link', { name: 'Volkshochschule' }).click();
		await page.waitForURL(/\/vorschlaege\/\d+$/);
		await page.waitForLoadState('networkidle');
		await t.axe(page);
		const text = await main();
		expect(text).toMatch(/Körperschaft\s*Kamen/);
		expect(text).toContain('V/214/2026');
		expect(text).toContain('08.10.2026');
		expect(text).toMatch(/Fundstelle:.*Zweckverband/s);
		expect(await page.inputValue('#beschlussdatum')).toBe('2026-10-08');
		await submitTo(page, 'Annehmen', /\/vorschlaege\/\d+$/);
		expect(await main()).toContain('angenommen');
		await page.goto(`${t.app.url}/kooperationen/kommunen-2/recht`, HYDRATED);
		expect(await page.inputValue('#council-kamen-date')).toBe('2026-10-08');
		expect(await page.inputValue('#council-kamen-reference')).toBe('V/214/2026');
		expect(await page.inputValue('#council-boenen-date')).toBe('');
	});

	it('a second run proposes nothing twice', async () => {
		await page.goto(`${t.app.url}/vorschlaege`, HYDRATED);
		const before = await page.locator('tr', { hasText: '(Ratsinformationssystem)' }).count();
		const text = await harvest('Kamen');
		expect(text).toContain('abgeschlossen');
		expect(text).toContain('0 neue Vorschläge');
		await page.goto(`${t.app.url}/vorschlaege`, HYDRATED);
		expect(await page.locator('tr', { hasText: '(Ratsinformationssystem)' }).count()).toBe(before);
		expect(t.violations).toEqual([]);
	});
});
