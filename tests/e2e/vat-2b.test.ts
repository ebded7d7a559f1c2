/**
 * Issue 22 in Chromium, as a coordinator new to the § 2b questionnaire would use it: records the
 * Optionserklärung of three bodies (from the body profile and the dashboard), records the legal
 * lifecycle of two agreements (mandating, open-ended), assesses the shared data protection officer
 * (Kreis list no. 38), the Zentrale Vergabestelle Unna/Bönen/Fröndenberg (kommunen-47) and the
 * exchange of gritting routes (Kreis list no. 19, two relationships), and sees on the dashboard the
 * results and the dates that follow from each body's Optionserklärung. The results and reasoning
 * asserted are those of the case table (src/lib/domain/vat-2b.test.ts, cases 1, 3 and 14). axe
 * checks every page visited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningApp } from './app-server';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, submitTo, type SeededBrowser } from './seeded-browser';
import { fillRelationship } from './vat-form';

const DSB = 'kreis-38';
const VERGABE = 'kommunen-47';
const GRITTING = 'kreis-19';

let app: RunningApp;
let t: SeededBrowser;
let page: Page;
const main = async () => (await page.locator('main').textContent()) ?? '';
const figure = async (name: string) => Number(((await page.locator(`[data-figure="${name}"]`).textContent()) ?? '').replace(/\D/g, ''));

describe.skipIf(!chromiumAvailable)('§ 2b UStG per service relationship and the Optionserklärung, in the browser', () => {
	beforeAll(async () => {
		t = await startSeededBrowser();
		app = t.app;
		page = await t.signIn('steuerung@kreis-unna.de');
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	}, 240_000);

	it('records the Optionserklärung of Unna (filed), Bönen (not filed) and Fröndenberg (revoked in 2022)', async () => {
		await page.goto(`${app.url}/koerperschaften/unna`, HYDRATED);
		await page.getByRole('link', { name: 'Optionserklärung (§ 2b UStG)' }).click();
		await page.waitForURL(/\/koerperschaften\/unna\/umsatzsteuer$/);
		await page.waitForLoadState('networkidle');
		expect(await main()).toContain('Ab wann § 2b UStG für Unna gilt, ist nicht bekannt.');
		await t.axe(page);
		await page.check('#filed-yes');
		await submitTo(page, 'Angaben speichern', /umsatzsteuer\?gespeichert=1/);
		expect(await main()).toContain('§ 2b UStG gilt für Unna ab dem 01.01.2027.');
		await t.axe(page);

		await page.goto(`${app.url}/koerperschaften/boenen/umsatzsteuer`, HYDRATED);
		await page.check('#filed-no');
		await submitTo(page, 'Angaben speichern', /umsatzsteuer\?gespeichert=1/);
		expect(await main()).toContain('§ 2b UStG gilt für Bönen ab dem 01.01.2017.');

		// A revocation without a filed declaration is refused at the field.
		await page.goto(`${app.url}/koerperschaften/froendenberg/umsatzsteuer`, HYDRATED);
		await page.check('#filed-no');
		await page.fill('#revoked_on', '2022-11-15');
		await submitTo(page, 'Angaben speichern', /umsatzsteuer/);
		expect(await main()).toContain('Ein Widerruf setzt eine abgegebene Optionserklärung voraus.');
		await t.axe(page);
		await page.check('#filed-yes');
		await submitTo(page, 'Angaben speichern', /umsatzsteuer\?gespeichert=1/);
		expect(await main()).toContain('§ 2b UStG gilt für Fröndenberg/Ruhr ab dem 01.01.2023.');
	}, 240_000);

	it('records the two agreements as mandating and open-ended in the legal lifecycle', async () => {
		for (const id of [DSB, VERGABE]) {
			await page.goto(`${app.url}/kooperationen/${id}/recht`, HYDRATED);
			await page.selectOption('#sub_type', 'mandating');
			await page.check('#open_ended');
			await submitTo(page, 'Rechtlichen Stand speichern', /recht\?gespeichert=1/);
		}
	}, 240_000);

	it('the shared data protection officer: steuerbar, the Nr. 2 presumption rebutted by the private market (case 1)', async () => {
		await page.goto(`${app.url}/steuerung/umsatzsteuer`, HYDRATED);
		const before = { assessed: await figure('assessed'), taxable: await figure('taxable'), notTaxable: await figure('not-taxable') };
		await page.goto(`${app.url}/kooperationen/${DSB}/umsatzsteuer`, HYDRATED);
		await t.axe(page);
		expect(await main()).toContain('ersetzt sie nicht');
		await fillRelationship(page, 0, {
			provider: 'unna', recipients: 'all', service: 'Gemeinsamer Datenschutzbeauftragter', consideration: 'Kostenanteile nach Einwohnerzahl', amount: '64.000',
			payment: 'money', abs4: 'none',
			answers: { public_law_basis: 'yes', small_turnover: 'no', exempt_if_private: 'no', only_public_by_law: 'no', shared_public_task: 'yes', cost_reimbursement_only: 'yes', serves_public_bodies: 'yes', private_market: 'yes', support_service: 'no' }
		});
		await submitTo(page, 'Prüfung speichern', /umsatzsteuer\?gespeichert=1/);
		const text = await main();
		expect(text).toContain('Leistungsbeziehung 1: Unna für Kreis Unna');
		expect(text).toContain('steuerbar – § 2b Abs. 3 Nr. 2 UStG widerlegt (private Anbieter');
		for (const s of ['unbefristet', 'nur eine Vermutung', 'BMF-Schreiben vom 14.11.2019', '§ 1 Abs. 1 Nr. 1 UStG']) expect(text).toContain(s);
		await t.axe(page);

		await page.goto(`${app.url}/steuerung/umsatzsteuer`, HYDRATED);
		expect(await figure('taxable')).toBe(before.taxable + 1);
		expect(await figure('assessed')).toBe(before.assessed + 1);
		expect(await figure('not-taxable')).toBe(before.notTaxable);
	}, 240_000);

	it('the Zentrale Vergabestelle: nicht steuerbar under Abs. 3 Nr. 2, "langfristig" from the lifecycle (case 3)', async () => {
		await page.goto(`${app.url}/kooperationen/${VERGABE}/umsatzsteuer`, HYDRATED);
		expect(await main()).toContain('Langfristig (§ 2b Abs. 3 Nr. 2 Buchst. a UStG): ja – Die Vereinbarung ist nach dem Rechtlichen Stand unbefristet.');
		await fillRelationship(page, 0, {
			provider: 'unna', recipients: ['boenen', 'froendenberg'], service: 'Durchführung der Vergabeverfahren', consideration: 'Kostenerstattung nach Fallzahl', amount: '48.000',
			payment: 'money', abs4: 'none',
			answers: { public_law_basis: 'yes', small_turnover: 'no', exempt_if_private: 'no', only_public_by_law: 'no', shared_public_task: 'yes', cost_reimbursement_only: 'yes', serves_public_bodies: 'yes', private_market: 'no', support_service: 'no' }
		});
		await submitTo(page, 'Prüfung speichern', /umsatzsteuer\?gespeichert=1/);
		const text = await main();
		expect(text).toContain('nicht steuerbar – § 2b Abs. 3 Nr. 2 UStG');
		for (const s of ['nach dem Rechtlichen Stand unbefristet', 'BMF-Schreiben vom 16.12.2016', 'gemeinsame spezifische öffentliche Interessen']) expect(text).toContain(s);
		await t.axe(page);
	}, 240_000);

	it('the exchange of gritting routes: two relationships, each nicht steuerbar under Abs. 2 Nr. 1 (case 14)', async () => {
		await page.goto(`${app.url}/kooperationen/${GRITTING}/umsatzsteuer`, HYDRATED);
		await fillRelationship(page, 0, {
			provider: 'kreis-unna', recipients: ['luenen', 'schwerte', 'strassen-nrw'], service: 'Winterdienst auf Streustrecken der Partner', consideration: 'Tausch gegen Streustrecken der Partner', amount: '6.500',
			payment: 'exchange', abs4: 'none', answers: { public_law_basis: 'yes', small_turnover: 'yes' }
		});
		await submitTo(page, 'Prüfung speichern', /umsatzsteuer\?gespeichert=1/);
		// After saving, an empty block for a further relationship is offered: the reverse direction.
		expect(await page.locator('#r1-service').inputValue()).toBe('');
		await fillRelationship(page, 1, {
			provider: 'strassen-nrw', recipients: ['kreis-unna'], service: 'Winterdienst auf Kreisstraßen-Abschnitten', consideration: 'Tausch gegen Streustrecken des Kreises', amount: '4.000',
			payment: 'exchange', abs4: 'none', answers: { public_law_basis: 'yes', small_turnover: 'yes' }
		});
		await submitTo(page, 'Prüfung speichern', /umsatzsteuer\?gespeichert=1/);
		const text = await main();
		expect(text).toContain('Ergebnis der Kooperation: nicht steuerbar');
		expect(await page.locator('[data-relationship-result]').count()).toBe(2);
		for (const n of [0, 1]) expect(await page.locator(`[data-relationship-result="${n}"]`).textContent()).toContain('nicht steuerbar – § 2b Abs. 2 Nr. 1 UStG');
		for (const s of ['tauschähnlicher Umsatz', '§ 3 Abs. 12 Satz 2', 'Wert der Gegenleistung gilt als Entgelt']) expect(text).toContain(s);
		await t.axe(page);
	}, 240_000);

	it('an IT Zweckverband serving its members (kommunen-49, citkomm): the members\' question, then steuerbar as a support service (case 38); a Zweckverband not recorded as a body gets a hint', async () => {
		await page.goto(`${app.url}/kooperationen/kommunen-49/umsatzsteuer`, HYDRATED);
		expect(await main()).toContain('Leistet er seinen Mitgliedern, wird gefragt');
		await fillRelationship(page, 0, {
			provider: 'citkomm', recipients: ['froendenberg', 'schwerte', 'holzwickede'], service: 'Betrieb der Fachverfahren und des Rechenzentrums für die Verwaltungen', consideration: 'Umlage nach genutzten Verfahren', amount: '900.000',
			payment: 'money', abs4: 'none',
			answers: { member_specific_service: 'yes', public_law_basis: 'yes', small_turnover: 'no', exempt_if_private: 'no', only_public_by_law: 'no', long_term_agreement: 'yes', shared_public_task: 'yes', cost_reimbursement_only: 'yes', serves_public_bodies: 'yes', private_market: 'yes', support_service: 'yes' }
		});
		await submitTo(page, 'Prüfung speichern', /umsatzsteuer\?gespeichert=1/);
		const text = await main();
		expect(text).toContain('steuerbar – § 2b Abs. 3 Nr. 2 UStG nicht anwendbar (Unterstützungsleistung');
		for (const s of ['§§ 4 ff. GkG NRW', 'eine eigene Leistung', 'in der Regel nicht begünstigt']) expect(text).toContain(s);
		await t.axe(page);

		await page.goto(`${app.url}/kooperationen/kommunen-2/umsatzsteuer`, HYDRATED);
		const vhs = await main();
		expect(vhs).toContain('der Verband selbst ist aber nicht als beteiligte Stelle erfasst');
		expect(await page.locator('#r0-q-member_specific_service-yes').count()).toBe(0);
		await t.axe(page);
	}, 240_000);

	it('the dashboard shows the dates that follow from each body\'s Optionserklärung and what is due when', async () => {
		await page.goto(`${app.url}/steuerung/umsatzsteuer`, HYDRATED);
		await t.axe(page);
		const text = await main();
		expect(text).toContain('nicht nur für Leistungen zwischen öffentlichen Stellen');
		expect(text).not.toContain('gilt § 2b UStG für Leistungen zwischen öffentlichen Stellen');
		const at = async (id: string) => (await page.locator(`[data-applies-from="${id}"]`).textContent())?.trim();
		expect(await at('unna')).toBe('01.01.2027');
		expect(await at('boenen')).toBe('01.01.2017');
		expect(await at('froendenberg')).toBe('01.01.2023');
		expect(await at('kamen')).toBe('unbekannt');
		// Unna provides the data protection officer (taxable) and the Vergabestelle (not taxable).
		expect((await page.locator('[data-provides-taxable="unna"]').textContent())?.trim()).toBe('1');
		const due = (await page.locator('#faelligkeit').textContent()) ?? '';
		expect(due).toContain('01.01.2017 (gilt schon)');
		expect(due).toContain('01.01.2023 (gilt schon)');
		expect(due).toContain('01.01.2027');
		expect(due).toContain('unbekannt – Optionserklärung nicht erfasst');
		// Three assessed cooperations, none of them listed as open any more.
		for (const id of [DSB, VERGABE, GRITTING]) {
			const rows = page.locator('table', { hasText: 'Kooperationen ohne abschließendes Ergebnis' }).locator(`a[href="/kooperationen/${id}/umsatzsteuer"]`);
			expect(await rows.count(), id).toBe(0);
		}
		const csv = await page.request.get(`${app.url}/steuerung/umsatzsteuer.csv`);
		const lines = (await csv.text()).split('\r\n').filter((l) => l.endsWith(`;${GRITTING}`));
		expect(lines).toHaveLength(2);
	}, 240_000);

	it('axe found no violations', () => {
		expect(t.violations).toEqual([]);
	});
});
