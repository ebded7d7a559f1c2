/**
 * Issue 7, items 1 and 2, as a coordinator would use them, in Chromium: records the council
 * decisions and the approval of the Zentrale Vergabestelle Unna/Bönen/Fröndenberg (kommunen-47),
 * sees it in the list "approved but not published", records the publication and sees it leave the
 * list; completes the § 2b UStG questionnaire and sees the dashboard move; downloads the CSV for
 * the tax advisers. A visitor sees the lifecycle but not the assessment. axe checks every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningApp } from './app-server';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, submitTo, type SeededBrowser } from './seeded-browser';
import { fillRelationship } from './vat-form';

const VERGABE = 'kommunen-47';

let app: RunningApp;
let browser: Browser;
let t: SeededBrowser;
const axe = (page: Page) => t.axe(page);
const signIn = (email: string) => t.signIn(email);

async function figure(page: Page, name: string): Promise<number> {
	const text = (await page.locator(`[data-figure="${name}"]`).textContent()) ?? '';
	return Number(text.replace(/\D/g, ''));
}

describe.skipIf(!chromiumAvailable)('legal lifecycle and § 2b UStG, in the browser', () => {
	let coordinator: Page;

	beforeAll(async () => {
		t = await startSeededBrowser();
		({ app, browser } = t);
		coordinator = await signIn('steuerung@kreis-unna.de');
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it('the coordinator records approval without publication; the list shows "genehmigt, aber nicht bekannt gemacht"', async () => {
		await coordinator.goto(`${app.url}/kooperationen/${VERGABE}`, HYDRATED);
		const profile = (await coordinator.locator('main').textContent()) ?? '';
		expect(profile).toContain('Rechtlicher Stand');
		expect(profile).toContain('noch nicht erfasst');
		await coordinator.getByRole('link', { name: 'Rechtlichen Stand ansehen und bearbeiten' }).click();
		await coordinator.waitForURL(/\/kooperationen\/kommunen-47\/recht$/);
		await coordinator.waitForLoadState('networkidle');
		await axe(coordinator);

		await coordinator.selectOption('#sub_type', 'mandating');
		await coordinator.fill('#council-unna-date', '2025-03-10');
		await coordinator.fill('#council-unna-reference', 'DS 12/2025');
		await coordinator.fill('#council-boenen-date', '2025-03-12');
		await coordinator.fill('#council-froendenberg-date', '2025-03-20');
		await coordinator.fill('#authority', 'Landrat des Kreises Unna');
		await coordinator.fill('#submitted_at', '2025-04-01');
		await coordinator.fill('#approval_date', '2025-04-25');
		await coordinator.check('#open_ended');
		await coordinator.fill('#termination_rule', 'Kündigung mit einer Frist von einem Jahr zum Ende eines Kalenderjahres');
		await submitTo(coordinator, 'Rechtlichen Stand speichern', /recht\?gespeichert=1/);
		const page = (await coordinator.locator('main').textContent()) ?? '';
		expect(page).toContain('Genehmigt am 25.04.2025 durch Landrat des Kreises Unna.');
		expect(page).toContain('genehmigt, aber nicht bekannt gemacht');
		await axe(coordinator);

		await coordinator.goto(`${app.url}/steuerung/rechtsstand?befund=approved_not_published`, HYDRATED);
		await axe(coordinator);
		const link = coordinator.locator(`a[href="/kooperationen/${VERGABE}/recht"]`);
		expect(await link.count()).toBe(1);
		expect(await link.textContent()).toContain('Zentrale Vergabestelle');
	});

	it('the coordinator records the publication; the effective day is derived and the finding is gone', async () => {
		await coordinator.goto(`${app.url}/kooperationen/${VERGABE}/recht`, HYDRATED);
		await coordinator.fill('#gazette', 'Amtsblatt des Kreises Unna');
		await coordinator.fill('#issue', 'Nr. 14/2025');
		await coordinator.fill('#publication_date', '2025-05-30');
		await submitTo(coordinator, 'Rechtlichen Stand speichern', /recht\?gespeichert=1/);
		let page = (await coordinator.locator('main').textContent()) ?? '';
		expect(page).toContain('Amtsblatt des Kreises Unna, Ausgabe Nr. 14/2025, vom 30.05.2025.');
		expect(page).toContain('Am Tag nach der Bekanntmachung vom 30.05.2025: 31.05.2025.');
		// Published: each party must now point to the publication in its own gazette (§ 24 Abs. 3 S. 2 GkG NRW).
		expect(page).toContain('Kein Hinweis von Bönen auf die Veröffentlichung erfasst');
		expect(page).not.toContain('Keine Lücken gefunden.');
		await coordinator.fill('#notice-unna-date', '2025-06-04');
		await coordinator.fill('#notice-unna-reference', 'Amtsblatt der Kreisstadt Unna Nr. 9/2025');
		await coordinator.fill('#notice-boenen-date', '2025-06-05');
		await coordinator.fill('#notice-froendenberg-date', '2025-06-06');
		await submitTo(coordinator, 'Rechtlichen Stand speichern', /recht\?gespeichert=1/);
		page = (await coordinator.locator('main').textContent()) ?? '';
		expect(page).toContain('Hingewiesen am 04.06.2025 (Amtsblatt der Kreisstadt Unna Nr. 9/2025).');
		expect(page).toContain('Keine Lücken gefunden.');
		await axe(coordinator);

		await coordinator.goto(`${app.url}/steuerung/rechtsstand?befund=approved_not_published`, HYDRATED);
		expect(await coordinator.locator(`a[href="/kooperationen/${VERGABE}/recht"]`).count()).toBe(0);
		await coordinator.goto(`${app.url}/kooperationen/${VERGABE}`, HYDRATED);
		expect(await coordinator.locator('main').textContent()).toContain('Alle Schritte des Verfahrens nach GkG NRW sind erfasst.');
	});

	it('§ 24 Abs. 2 GkG in two steps: changes announced in time but no meeting set → deemed approved; a meeting set in time stops it', async () => {
		// Gemeinsame Adoptionsvermittlungsstelle (kommunen-7), an öffentlich-rechtliche Vereinbarung. Received Friday
		// 6 March 2026: the four weeks end on Karfreitag (3 April 2026) and so on Tuesday 7 April 2026; the further
		// four weeks end on Tuesday 5 May 2026.
		await coordinator.goto(`${app.url}/kooperationen/kommunen-7/recht`, HYDRATED);
		await coordinator.fill('#authority', 'Landrat des Kreises Unna');
		await coordinator.fill('#submitted_at', '2026-03-06');
		await coordinator.selectOption('#objection_kind', 'changes');
		await coordinator.fill('#objection_date', '2026-04-07');
		await submitTo(coordinator, 'Rechtlichen Stand speichern', /recht\?gespeichert=1/);
		let page = (await coordinator.locator('main').textContent()) ?? '';
		expect(page).toContain('Gilt als genehmigt (§ 24 Abs. 2 GkG NRW)');
		expect(page).toContain('innerhalb der weiteren vier Wochen keinen Erörterungstermin bestimmt (Frist endete am 05.05.2026)');
		expect(page).toContain('genehmigt, aber nicht bekannt gemacht');
		await axe(coordinator);

		await coordinator.fill('#meeting_set_at', '2026-05-05');
		await submitTo(coordinator, 'Rechtlichen Stand speichern', /recht\?gespeichert=1/);
		page = (await coordinator.locator('main').textContent()) ?? '';
		expect(page).toContain('Eine Genehmigung durch Fristablauf gibt es daher nicht');
		expect(page).toContain('Aufsichtsbehörde hat Bedenken erhoben, Entscheidung steht aus');
		expect(page).not.toContain('genehmigt, aber nicht bekannt gemacht');
	});

	it('an open-ended Zweckverband without a termination rule is not a § 23 Abs. 5 case', async () => {
		await coordinator.goto(`${app.url}/kooperationen/kommunen-2/recht`, HYDRATED);
		await coordinator.check('#open_ended');
		await submitTo(coordinator, 'Rechtlichen Stand speichern', /recht\?gespeichert=1/);
		const page = (await coordinator.locator('main').textContent()) ?? '';
		expect(page).toContain('§ 23 Abs. 5 GkG NRW gilt nur für öffentlich-rechtliche Vereinbarungen');
		expect(page).not.toContain('keine Kündigungsregelung');
		await axe(coordinator);
	});

	it('the coordinator completes the § 2b assessment for one service relationship; the dashboard counts it as assessed, not taxable', async () => {
		await coordinator.goto(`${app.url}/steuerung/umsatzsteuer`, HYDRATED);
		await axe(coordinator);
		const assessedBefore = await figure(coordinator, 'assessed');
		const notTaxableBefore = await figure(coordinator, 'not-taxable');
		const openBefore = await figure(coordinator, 'open');
		expect(await coordinator.locator('main').textContent()).toMatch(/Noch \d+ Tage? bis zum 01\.01\.2027/);

		await coordinator.goto(`${app.url}/kooperationen/${VERGABE}/umsatzsteuer`, HYDRATED);
		await axe(coordinator);
		const before = (await coordinator.locator('main').textContent()) ?? '';
		expect(before).toContain('ersetzt sie nicht');
		expect(before).toContain('Erhält die leistende Stelle für diese Leistung eine Gegenleistung?');
		expect(before).toContain('Könnten private Anbieter dieselbe Leistung anbieten?');
		// The lifecycle recorded above (mandating, open-ended) answers "langfristig".
		expect(before).toContain('Langfristig (§ 2b Abs. 3 Nr. 2 Buchst. a UStG): ja – Die Vereinbarung ist nach dem Rechtlichen Stand unbefristet.');
		await fillRelationship(coordinator, 0, {
			provider: 'unna', recipients: ['boenen', 'froendenberg'], service: 'Durchführung der Vergabeverfahren', consideration: 'Kostenerstattung nach Fallzahl', amount: '48.000',
			payment: 'money', abs4: 'none',
			answers: { public_law_basis: 'yes', small_turnover: 'no', exempt_if_private: 'no', only_public_by_law: 'no', shared_public_task: 'yes', cost_reimbursement_only: 'yes', serves_public_bodies: 'yes', private_market: 'no', support_service: 'no' }
		});
		await coordinator.fill('#note', 'Mit der Steuerberatung am 20.11.2026 abgestimmt.');
		await coordinator.fill('#review_date', '2027-06-30');
		await submitTo(coordinator, 'Prüfung speichern', /umsatzsteuer\?gespeichert=1/);
		const after = (await coordinator.locator('main').textContent()) ?? '';
		expect(after).toContain('Ergebnis der Kooperation: nicht steuerbar');
		expect(after).toContain('nicht steuerbar – § 2b Abs. 3 Nr. 2 UStG');
		expect(after).toContain('Bewertet von steuerung <steuerung@kreis-unna.de>');
		expect(after).toContain('Wiedervorlage: 30.06.2027');
		await axe(coordinator);

		await coordinator.goto(`${app.url}/steuerung/umsatzsteuer`, HYDRATED);
		expect(await figure(coordinator, 'assessed')).toBe(assessedBefore + 1);
		expect(await figure(coordinator, 'not-taxable')).toBe(notTaxableBefore + 1);
		expect(await figure(coordinator, 'open')).toBe(openBefore - 1);
		expect(await coordinator.locator(`a[href="/kooperationen/${VERGABE}/umsatzsteuer"]`).count()).toBe(0);

		const csv = await coordinator.request.get(`${app.url}/steuerung/umsatzsteuer.csv`);
		expect(csv.headers()['content-type']).toContain('text/csv');
		const text = await csv.text();
		expect(text.startsWith('\uFEFFListe;')).toBe(true);
		const row = text.split('\r\n').find((l) => l.endsWith(`;${VERGABE}`)) ?? '';
		expect(row).toContain('Zentrale Vergabestelle');
		expect(row).toContain('nicht steuerbar');
	}, 240_000);

	it('a visitor sees the lifecycle, but neither the assessment nor the dashboard', async () => {
		const visitor = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await visitor.goto(`${app.url}/kooperationen/${VERGABE}/recht`, HYDRATED);
		await axe(visitor);
		expect(await visitor.locator('#rechtsstand').count()).toBe(0);
		expect(await visitor.locator('main').textContent()).toContain('Öffentliche Bekanntmachung');
		await visitor.goto(`${app.url}/kooperationen/${VERGABE}`, HYDRATED);
		expect(await visitor.locator('main').textContent()).not.toContain('nicht steuerbar');
		await visitor.goto(`${app.url}/steuerung/umsatzsteuer`, HYDRATED);
		expect(visitor.url()).toContain('/anmelden?ziel=');
		await visitor.goto(`${app.url}/steuerung/rechtsstand`, HYDRATED);
		await axe(visitor);
	});

	it('axe found no violations', () => {
		expect(t.violations).toEqual([]);
	});
});
