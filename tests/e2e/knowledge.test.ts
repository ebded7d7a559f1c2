/**
 * Issue 7, items 3 and 4, as a user would try them in Chromium: a visitor searching the register
 * for "Checkliste" finds the checklist and opens it; the coordinator runs the funding check from an
 * idea page; the editor of Kamen ticks a checklist item for a Kamen cooperation and the profile
 * shows the progress, while the editor of Bönen is refused for that cooperation; the coordinator
 * edits an article (raw HTML stays text) and the version list shows it. axe checks every page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RunningApp } from './app-server';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, submitTo, type SeededBrowser } from './seeded-browser';

const KAMEN_COOP = 'kommunen-12';
const CHECKLIST = 'checkliste-oerv';
const CHECKLIST_TITLE = 'Vom Ratsbeschluss zur wirksamen öffentlich-rechtlichen Vereinbarung';

let app: RunningApp;
let browser: Browser;
let t: SeededBrowser;
const axe = (page: Page) => t.axe(page);
const signIn = (email: string) => t.signIn(email);

describe.skipIf(!chromiumAvailable)('knowledge base and funding check, in the browser', () => {
	let coordinator: Page;

	beforeAll(async () => {
		t = await startSeededBrowser();
		({ app, browser } = t);
		coordinator = await signIn('steuerung@kreis-unna.de');
	}, 120_000);

	afterAll(async () => {
		await t?.stop();
	});

	it('a visitor searching the register for "Checkliste" finds the checklist and opens it', async () => {
		const visitor = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await visitor.goto(`${app.url}/kooperationen?q=Checkliste`, HYDRATED);
		await axe(visitor);
		await visitor.locator('.knowledge-hits').getByRole('link', { name: CHECKLIST_TITLE }).click();
		await visitor.waitForURL(new RegExp(`/wissen/${CHECKLIST}$`));
		await axe(visitor);
		const text = await visitor.locator('main').textContent();
		expect(text).toContain('Amtsblatt');
		expect(text).toContain('vier Wochen');
		// Visitors see the steps, not a form to tick them.
		expect(await visitor.locator('form[action="?/abhaken"]').count()).toBe(0);
		// "Amtsblatt" finds it too, and the overview lists it among the checklists.
		await visitor.goto(`${app.url}/kooperationen?q=Amtsblatt`, HYDRATED);
		expect(await visitor.locator('.knowledge-hits').getByRole('link', { name: CHECKLIST_TITLE }).count()).toBe(1);
		await visitor.goto(`${app.url}/wissen`, HYDRATED);
		await axe(visitor);
		expect(await visitor.locator('#art-checklist').count()).toBe(1);
		await visitor.goto(`${app.url}/wissen?art=ruling`, HYDRATED);
		await axe(visitor);
		expect(await visitor.locator('table').textContent()).toContain('C-480/06');
	});

	it('the coordinator runs the funding check from an idea page', async () => {
		await coordinator.goto(`${app.url}/steuerung/ideen/idee-foerderschullandschaft`, HYDRATED);
		await coordinator.getByRole('link', { name: 'Förderung prüfen', exact: true }).click();
		await coordinator.waitForURL(/\/foerderung\?idee=idee-foerderschullandschaft$/);
		await coordinator.waitForLoadState('networkidle');
		await axe(coordinator);
		const intro = await coordinator.locator('main').textContent();
		expect(intro).toContain('Idee „Förderschullandschaft“');
		expect(intro).toContain('Bitte tragen Sie die Zahl der voraussichtlichen Partner ein');
		await coordinator.fill('#partner', '3');
		await coordinator.fill('#kosten', '150.000');
		await coordinator.fill('#jahre', '6');
		await coordinator.fill('#einsparung', '20');
		await coordinator.check('#neu-ja');
		await submitTo(coordinator, 'Förderung prüfen', /\/foerderung\?.*programm=nrw-ikz/);
		await axe(coordinator);
		const result = await coordinator.locator('.funding-result').textContent();
		expect(result).toContain('Förderfähig');
		// min(175.000 € + 35.000 €, 90 % of 150.000 €) = 135.000 €
		expect(result).toContain('135.000 €');
		// The idea stays the subject of the check.
		expect(coordinator.url()).toContain('idee=idee-foerderschullandschaft');

		// Four years are below the rule of five, which has exceptions: open, and the page says why.
		await coordinator.fill('#jahre', '4');
		await submitTo(coordinator, 'Förderung prüfen', /jahre=4/);
		const shorter = await coordinator.locator('.funding-result').textContent();
		expect(shorter).toContain('Noch offen');
		expect(shorter).toContain('eine Ausnahme ist möglich');

		// One partner in NRW and one across the border: the 75,000 € case; an existing cooperation is no new project.
		await coordinator.fill('#jahre', '6');
		await coordinator.fill('#partner', '1');
		await coordinator.fill('#partner_aussen', '1');
		await submitTo(coordinator, 'Förderung prüfen', /partner_aussen=1/);
		await axe(coordinator);
		const crossBorder = await coordinator.locator('.funding-result').textContent();
		expect(crossBorder).toContain('Förderfähig');
		expect(crossBorder).toContain('75.000 €');
		await coordinator.check('#neu-nein');
		await submitTo(coordinator, 'Förderung prüfen', /neu=nein/);
		const refused = await coordinator.locator('.funding-result').textContent();
		expect(refused).toContain('Nicht förderfähig');
		expect(refused).toContain('nur neue Projekte');

		// Bayern's stored version ended on 31.12.2025 and an extension was not checked: open, not refused.
		await coordinator.selectOption('#programm', 'by-ikz');
		await coordinator.check('#neu-ja');
		await submitTo(coordinator, 'Förderung prüfen', /programm=by-ikz/);
		await axe(coordinator);
		const bavaria = await coordinator.locator('.funding-result').textContent();
		expect(bavaria).toContain('Noch offen');
		expect(bavaria).toContain('ob die Richtlinie verlängert oder neu gefasst wurde');
		expect(await coordinator.locator('main').textContent()).toContain('Erhöhter Höchstbetrag');
	});

	it('the cooperation profile links to the funding check with its partners filled in', async () => {
		const visitor = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await visitor.goto(`${app.url}/kooperationen/${KAMEN_COOP}`, HYDRATED);
		await axe(visitor);
		await visitor.getByRole('link', { name: 'Förderung prüfen', exact: true }).click();
		await visitor.waitForURL(new RegExp(`/foerderung\\?kooperation=${KAMEN_COOP}$`));
		expect(await visitor.inputValue('#partner')).toBe('2');
		expect(await visitor.locator('.funding-result').textContent()).toContain('175.000 €');
	});

	it('the editor of Kamen ticks a checklist item for a Kamen cooperation; the profile shows the progress', async () => {
		const editor = await signIn('redaktion@kamen.de');
		await editor.goto(`${app.url}/wissen/${CHECKLIST}`, HYDRATED);
		await editor.selectOption('#kooperation-wahl', KAMEN_COOP);
		await submitTo(editor, 'Kooperation wählen', new RegExp(`kooperation=${KAMEN_COOP}`));
		await axe(editor);
		await editor.check('#punkt-amtsblatt');
		await submitTo(editor, 'Häkchen speichern', /gespeichert=1/);
		await axe(editor);
		expect(await editor.isChecked('#punkt-amtsblatt')).toBe(true);
		const text = await editor.locator('section[aria-labelledby="abhaken"]').textContent();
		expect(text).toMatch(/1 von \d+ erledigt/);
		// Who ticked: name and function; the e-mail address only for coordinators (issue 18).
		expect(text).toContain('redaktion (Redakteur/in, Kamen)');
		expect(text).not.toContain('redaktion@kamen.de');

		await editor.goto(`${app.url}/kooperationen/${KAMEN_COOP}`, HYDRATED);
		const section = await editor.locator('section[aria-labelledby="wissen-foerderung"]').textContent();
		expect(section).toContain(CHECKLIST_TITLE);
		expect(section).toMatch(/1 von \d+ Schritten erledigt/);
		expect(section).toContain('Leitfaden');
		expect(section).toContain('Praxisbeispiel: Gemeinsame Erziehungsberatungsstellen');
	});

	it('the editor of Bönen may not tick for the Kamen cooperation', async () => {
		const editor = await signIn('redaktion@boenen.de');
		await editor.goto(`${app.url}/wissen/${CHECKLIST}?kooperation=${KAMEN_COOP}`, HYDRATED);
		// Shown read-only, not as a form.
		expect(await editor.locator('form[action="?/abhaken"]').count()).toBe(0);
		expect(await editor.locator('#kooperation-wahl option[value="' + KAMEN_COOP + '"]').count()).toBe(0);
		const res = await editor.request.post(`${app.url}/wissen/${CHECKLIST}?/abhaken`, {
			form: { kooperation: KAMEN_COOP, punkt: 'schriftform' },
			headers: { origin: app.url, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(res.status()).toBe(403);
		const visitor = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await visitor.goto(`${app.url}/wissen/${CHECKLIST}?kooperation=${KAMEN_COOP}`, HYDRATED);
		expect(await visitor.locator('section[aria-labelledby="abhaken"]').textContent()).toMatch(/1 von \d+ erledigt/);
	});

	it('the coordinator edits an article: raw HTML stays text, the preview and the versions show the change', async () => {
		await coordinator.goto(`${app.url}/wissen/leitfaden-oerv/bearbeiten`, HYDRATED);
		await axe(coordinator);
		const body = await coordinator.inputValue('#body');
		await coordinator.fill('#body', `${body}\n\n## Hinweis des Kreises\n\nDie Kommunalaufsicht berät gern vorab. <script>window.__xss = 1</script> [Link](javascript:alert(1))`);
		await coordinator.fill('#comment', 'Hinweis der Kommunalaufsicht ergänzt');
		await submitTo(coordinator, 'Artikel speichern', /\/wissen\/leitfaden-oerv\/bearbeiten\?gespeichert=1/);
		await axe(coordinator);
		const preview = coordinator.locator('.article-preview');
		expect(await preview.textContent()).toContain('Die Kommunalaufsicht berät gern vorab.');
		expect(await preview.textContent()).toContain('<script>');
		expect(await preview.locator('script').count()).toBe(0);
		expect(await preview.locator('a[href^="javascript"]').count()).toBe(0);
		expect(await coordinator.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

		await coordinator.goto(`${app.url}/wissen/leitfaden-oerv`, HYDRATED);
		await axe(coordinator);
		const versions = await coordinator.locator('table', { hasText: 'Änderungen dieses Artikels' }).textContent();
		expect(versions).toContain('Hinweis der Kommunalaufsicht ergänzt');
		expect(versions).toContain('Stand der Datendatei');
	});

	it('axe found no violations', () => {
		expect(t.violations).toEqual([]);
	});
});
