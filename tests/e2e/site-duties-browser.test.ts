/**
 * The duties of a public website and the survey round in Chromium (issue 17, items 3 and 5), at
 * 1366 × 900 and 390 × 844: axe finds nothing on the legal pages, the feedback form in every state
 * and the survey round; a visitor's message reaches the coordinators; a body confirms all its
 * unchanged cooperations in one step (with and without JavaScript); the header menu folds on a
 * phone and opens without JavaScript; result tables show every column at both widths.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, type SeededBrowser } from './seeded-browser';

const WIDTHS = [
	{ width: 1366, height: 900 },
	{ width: 390, height: 844 }
] as const;

// The machine may be shared and slow: each test walks several pages with axe.
describe.skipIf(!chromiumAvailable)('duties of a public website and the survey round in the browser', { timeout: 240_000 }, () => {
	let sb: SeededBrowser;
	beforeAll(async () => {
		sb = await startSeededBrowser();
	}, 120_000);
	afterAll(async () => {
		await sb?.stop();
	});

	const visitor = async (viewport: { width: number; height: number }, javaScriptEnabled = true): Promise<Page> =>
		(await sb.browser.newContext({ locale: 'de-DE', viewport, javaScriptEnabled })).newPage();
	/** A signed-in page without JavaScript: the session cookie of a seeded user. */
	const signedInNoJs = async (who: 'editorBoenen' | 'coordinator', viewport: { width: number; height: number }): Promise<Page> => {
		const signedIn = await sb.signIn(sb.seeded.users[who].email);
		const storageState = await signedIn.context().storageState();
		await signedIn.context().close();
		return (await sb.browser.newContext({ locale: 'de-DE', viewport, javaScriptEnabled: false, storageState })).newPage();
	};

	for (const vp of WIDTHS) {
		it(`legal pages and the feedback form in each state pass axe at ${vp.width} px`, async () => {
			sb.violations.length = 0;
			const page = await visitor(vp);
			for (const p of ['/impressum', '/datenschutz', '/barrierefreiheit', '/leichte-sprache', '/barrierefreiheit?gesendet=1']) {
				await page.goto(`${sb.app.url}${p}`, HYDRATED);
				expect(await page.locator('h1').count()).toBe(1);
				await sb.axe(page);
			}
			// The form sent empty: the error summary and the fields' messages.
			await page.goto(`${sb.app.url}/barrierefreiheit`, HYDRATED);
			await page.getByRole('button', { name: 'Nachricht senden' }).click();
			await page.waitForURL(/\?\/rueckmeldung/, { timeout: 30_000 });
			await page.locator('#fehler').waitFor({ timeout: 30_000 });
			expect(await page.locator('#fehler').innerText()).toContain('Bitte wählen Sie, worum es geht.');
			await sb.axe(page);
			expect(sb.violations).toEqual([]);
			await page.context().close();
		});
	}

	it('a visitor reports a barrier (with JavaScript), the coordinator reads it and marks it done; axe stays clean', async () => {
		sb.violations.length = 0;
		const page = await visitor(WIDTHS[1]);
		await page.goto(`${sb.app.url}/barrierefreiheit?seite=/analyse/karte`, HYDRATED);
		expect(await page.getByLabel(/Seite, um die es geht/).inputValue()).toBe('/analyse/karte');
		await page.getByLabel(/Barriere: etwas ist für mich nicht zugänglich/).check();
		await page.getByLabel('Ihre Nachricht').fill('Die Beschriftungen der Karte überlagern sich bei 200 % Zoom – Testmeldung Zebra');
		await page.getByLabel(/Ihre E-Mail-Adresse/).fill('zebra@beispiel.example');
		await page.getByRole('button', { name: 'Nachricht senden' }).click();
		await page.waitForURL(/gesendet=1/);
		await page.getByText('Ihre Nachricht ist angekommen').waitFor({ timeout: 30_000 });
		await page.context().close();

		for (const vp of WIDTHS) {
			const coord = await sb.signIn(sb.seeded.users.coordinator.email);
			await coord.setViewportSize(vp);
			await coord.goto(`${sb.app.url}/verwaltung`, HYDRATED);
			await coord.getByRole('link', { name: 'Rückmeldungen' }).click();
			await coord.waitForURL(/\/verwaltung\/rueckmeldungen/);
			const open = coord.locator('#offen + ul');
			if (vp.width === 1366) {
				await open.getByText('Testmeldung Zebra').waitFor({ timeout: 30_000 });
				expect(await open.innerText()).toContain('zebra@beispiel.example');
				expect(await open.innerText()).toContain('/analyse/karte');
				await sb.axe(coord);
				await coord.getByRole('button', { name: /Als erledigt markieren/ }).first().click();
				await coord.waitForURL(/hinweis=erledigt/);
				expect(await coord.locator('main').innerText()).toContain('Offen (0)');
			} else {
				expect(await coord.locator('main').innerText()).toContain('Testmeldung Zebra'); // now under "Erledigt"
			}
			await sb.axe(coord);
			await coord.context().close();
		}
		expect(sb.violations).toEqual([]);
	});

	it('survey round: the buttons are not squashed, a single confirmation, then all unchanged in one step; the facts show in each row', async () => {
		sb.violations.length = 0;
		const editor = await sb.signIn(sb.seeded.users.editorKamen.email);
		await editor.setViewportSize(WIDTHS[0]);
		await editor.goto(`${sb.app.url}/erhebung`, HYDRATED);
		await sb.axe(editor);
		const rows = editor.locator('#kooperationen tbody tr');
		const total = await rows.count();
		expect(total).toBeGreaterThan(5);
		// The facts to check: Volkshochschule (Kommunen 2) of Kamen and Bönen, a Zweckverband since 1975.
		const vhs = editor.locator('#zeile-kommunen-2');
		const facts = await vhs.locator('dl').innerText();
		expect(facts).toMatch(/Beteiligte:?\s*Kamen, Bönen/);
		expect(facts).toMatch(/Rechtsform:?\s*Zweckverband/);
		expect(facts).toMatch(/Beginn:?\s*1975/);
		expect(facts).toMatch(/Aufgabenerledigung:?\s*Beteiligte gemeinsam/);
		// The confirm button is as wide as its label and overlaps nothing in its row.
		const button = vhs.getByRole('button', { name: /^Bestätigen/ });
		const box = (await button.boundingBox())!;
		expect(box.width).toBeGreaterThan(80);
		const link = (await vhs.getByRole('link', { name: /^Korrigieren/ }).boundingBox())!;
		expect(box.x + box.width <= link.x || link.y >= box.y + box.height).toBe(true);

		await button.click();
		await editor.waitForURL(/hinweis=bestaetigt/);
		expect(await editor.locator('#zeile-kommunen-2').innerText()).toContain('bestätigt');
		// One reported as ended: it must stay so.
		const second = rows.nth(1);
		const secondId = (await second.getAttribute('id'))!;
		await second.getByRole('button', { name: /^Als beendet melden/ }).click();
		await editor.waitForURL(/hinweis=beendet/);
		const allButton = editor.getByRole('button', { name: `Alle ${total - 2} unveränderten bestätigen` });
		expect(await allButton.count()).toBe(1);
		await allButton.click();
		await editor.waitForURL(/hinweis=alle/);
		expect(await editor.getByRole('status').innerText()).toContain(`${total - 2} unveränderte Kooperationen sind als bestätigt vermerkt.`);
		expect(await editor.locator('main').innerText()).toContain(`${total} von ${total}`);
		expect(await editor.locator(`#${secondId}`).innerText()).toContain('beendet gemeldet');
		expect(await editor.getByRole('button', { name: /unveränderten bestätigen/ }).count()).toBe(0);
		await sb.axe(editor);
		await editor.setViewportSize(WIDTHS[1]);
		await sb.axe(editor);
		// On a phone every row is a card that fits the screen.
		expect(await editor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
		const card = (await editor.locator('#zeile-kommunen-2').boundingBox())!;
		expect(card.x + card.width).toBeLessThanOrEqual(390);
		expect(sb.violations).toEqual([]);
		await editor.context().close();
	});

	it('survey round without JavaScript: all unchanged confirmed in one post, on a phone', async () => {
		const page = await signedInNoJs('editorBoenen', WIDTHS[1]);
		await page.goto(`${sb.app.url}/erhebung`);
		const total = await page.locator('#kooperationen tbody tr').count();
		expect(total).toBeGreaterThan(3);
		await page.getByRole('button', { name: `Alle ${total} unveränderten bestätigen` }).click();
		await page.waitForURL(/hinweis=alle/);
		expect(await page.locator('main').innerText()).toContain(`${total} von ${total}`);
		await page.context().close();
	});

	it('mobile header: the navigation folds behind "Menü" at 390 px (also without JavaScript) and is open at 1366 px', async () => {
		sb.violations.length = 0;
		for (const js of [true, false]) {
			const phone = await visitor(WIDTHS[1], js);
			await phone.goto(`${sb.app.url}/kooperationen`, js ? HYDRATED : undefined);
			const nav = phone.getByRole('navigation', { name: 'Hauptnavigation' });
			expect(await phone.getByRole('link', { name: 'Körperschaften', exact: true }).isVisible()).toBe(false);
			await phone.locator('summary', { hasText: 'Menü' }).click();
			await phone.getByRole('link', { name: 'Körperschaften', exact: true }).waitFor({ state: 'visible', timeout: 30_000 });
			expect(await nav.getByRole('link').count()).toBeGreaterThanOrEqual(8);
			if (js) await sb.axe(phone);
			await phone.getByRole('link', { name: 'Körperschaften', exact: true }).click();
			await phone.waitForURL(/\/koerperschaften$/);
			await phone.context().close();
		}
		const wide = await visitor(WIDTHS[0]);
		await wide.goto(`${sb.app.url}/`, HYDRATED);
		expect(await wide.getByRole('link', { name: 'Körperschaften', exact: true }).isVisible()).toBe(true);
		expect(await wide.locator('summary', { hasText: 'Menü' }).isVisible()).toBe(false);
		await wide.context().close();
		expect(sb.violations).toEqual([]);
	});

	it('result tables show every column: nothing cut off at 1366 px, cards within the screen at 390 px', async () => {
		sb.violations.length = 0;
		for (const vp of WIDTHS) {
			const page = await visitor(vp);
			await page.goto(`${sb.app.url}/kooperationen?q=schule`, HYDRATED);
			const table = page.locator('table.result-table');
			const rows = table.locator('tbody tr');
			expect(await rows.count()).toBeGreaterThan(3);
			// The start column ("seit") of every row is on screen horizontally, not hidden in a scroll box.
			const cells = rows.locator('td[data-label="seit"]');
			for (let i = 0; i < (await cells.count()); i++) {
				const b = (await cells.nth(i).boundingBox())!;
				expect(b.x).toBeGreaterThanOrEqual(0);
				expect(b.x + b.width).toBeLessThanOrEqual(vp.width);
				expect(await cells.nth(i).isVisible()).toBe(true);
			}
			const box = table.locator('xpath=..');
			expect(await box.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
			expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(vp.width);
			if (vp.width === 390) {
				// A card: the title first, then the facts with their column names.
				const first = rows.first();
				const title = (await first.locator('th').boundingBox())!;
				const nr = (await first.locator('td[data-label="Nr."]').boundingBox())!;
				expect(title.y).toBeLessThan(nr.y);
				// Each fact carries its column name (generated content, as the header row is hidden).
				const labels = await first.locator('td').evaluateAll((tds) => tds.map((td) => getComputedStyle(td, '::before').content));
				expect(labels).toEqual(['"Nr.: "', '"Partner: "', '"Aufgabenerledigung durch: "', '"Rechtsform: "', '"seit: "']);
			}
			await sb.axe(page);
			await page.context().close();
		}
		expect(sb.violations).toEqual([]);
	});
});
