/**
 * Issue 17 in the browser, at 1366 × 900 and 390 × 844, with and without JavaScript: a ticked
 * filter applies at once (and the back button undoes it), the apply button stays in view without
 * JavaScript, long facet lists fold behind "mehr anzeigen", org units carry names, an empty
 * result suggests spellings and topics and keeps the filters; axe checks the states with scripts
 * on (axe itself runs as a script), including a folded list and the empty result.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable } from './browser';
import { useBrowserApp } from './harness';

const WIDTHS = [
	{ width: 1366, height: 900 },
	{ width: 390, height: 844 }
];

/** The titles of the result table's rows, in order. */
async function titles(page: Page): Promise<string[]> {
	return page.locator('tbody tr th a').allInnerTexts();
}

describe.skipIf(!chromiumAvailable)('search and filters (issue 17)', () => {
	const { open, axeViolations } = useBrowserApp();

	it('the register with folded facet lists is axe-clean at both widths', async () => {
		for (const size of WIDTHS) {
			const page = await open('/kooperationen?liste=kreis', { viewport: size });
			await page.locator('details.facet-more summary').first().click();
			expect(await axeViolations(page)).toEqual([]);
			await page.context().close();
		}
	});

	for (const size of WIDTHS) {
		describe(`${size.width} px`, () => {
			it('with JavaScript a ticked filter applies at once, and the back button undoes it', async () => {
				const page = await open('/kooperationen?q=kamen&pro_seite=100', { viewport: size });
				const before = await page.locator('tbody tr').count();
				// The first (visible) option of the topic facet.
				const topics = page.locator('fieldset.facet').filter({ has: page.locator('legend', { hasText: /^Themenfeld$/ }) });
				const box = topics.locator('input[type=checkbox]').first();
				const id = (await box.getAttribute('id'))!;
				const value = (await box.getAttribute('value'))!;
				const label = await page.locator(`label[for="${id}"]`).innerText();
				const count = Number(/\((\d+)\)/.exec(label)?.[1]);
				expect(count).toBeGreaterThan(0);
				expect(count).toBeLessThan(before);
				await box.check();
				// No button pressed: the change itself navigates.
				await page.waitForURL(new RegExp(`thema=${value}`));
				await expect.poll(() => page.locator('tbody tr').count()).toBe(count);
				expect(page.url()).toContain('q=kamen');
				expect(await axeViolations(page)).toEqual([]);
				await page.goBack();
				await page.waitForURL((u) => !u.search.includes('thema='));
				await expect.poll(() => page.locator('tbody tr').count()).toBe(before);
				expect(await page.locator(`#${id}`).isChecked()).toBe(false);
				await page.context().close();
			});

			it('without JavaScript the apply button stays in view beside the last filters', async () => {
				const page = await open('/kooperationen', { javaScriptEnabled: false, viewport: size });
				const last = page.locator('#f-list-kreis');
				await last.scrollIntoViewIfNeeded();
				const apply = page.getByRole('button', { name: 'Filter anwenden' });
				const b = await apply.boundingBox();
				expect(b).not.toBeNull();
				expect(b!.y).toBeGreaterThanOrEqual(0);
				expect(b!.y + b!.height).toBeLessThanOrEqual(size.height + 1);
				// Also near the top of the panel (first partner box): the button is on screen, not 3,000 px below.
				await page.locator('#f-partner-kreis-unna').scrollIntoViewIfNeeded();
				const top = await apply.boundingBox();
				expect(top!.y + top!.height).toBeLessThanOrEqual(size.height + 1);
				await last.check();
				await apply.click();
				await page.waitForURL(/liste=kreis/);
				expect(await page.locator('tbody tr').count()).toBeGreaterThan(0);
				await page.context().close();
			});

			it('long facet lists fold behind "mehr anzeigen", which works without JavaScript', async () => {
				const page = await open('/kooperationen', { javaScriptEnabled: false, viewport: size });
				const partners = page.locator('fieldset.facet').filter({ has: page.locator('legend', { hasText: /^Beteiligte$/ }) });
				const more = partners.locator('details.facet-more');
				expect(await more.count()).toBe(1);
				const hidden = more.locator('input[type=checkbox]').first();
				expect(await hidden.isVisible()).toBe(false);
				await more.locator('summary').click();
				expect(await hidden.isVisible()).toBe(true);
				const value = await hidden.getAttribute('value');
				await hidden.check();
				await page.getByRole('button', { name: 'Filter anwenden' }).click();
				await page.waitForURL(new RegExp(`partner=${value}`));
				// The chosen option is shown before the fold from now on.
				expect(await page.locator(`#f-partner-${value}`).isVisible()).toBe(true);
				await page.context().close();
			});

			it('an empty result suggests spellings and topics and keeps the filters', async () => {
				for (const js of [true, false]) {
					const page = await open('/kooperationen?q=volkshochschle', { javaScriptEnabled: js, viewport: size });
					const alert = page.getByRole('status').filter({ hasText: 'Keine Kooperation gefunden' });
					expect(await alert.isVisible()).toBe(true);
					expect(await page.locator('legend', { hasText: /^Themenfeld$/ }).isVisible()).toBe(true);
					expect(await page.locator('#filter-ohne-suchbegriff').innerText()).toContain('ohne den Suchbegriff');
					if (js) expect(await axeViolations(page)).toEqual([]);
					await alert.getByRole('link', { name: 'Volkshochschule', exact: true }).click();
					await page.waitForURL(/q=Volkshochschule/);
					await expect.poll(() => page.locator('tbody tr').count()).toBe(2);
					await page.goto(page.url().replace(/\?.*/, '?q=volkshochschle'));
					await alert.getByRole('link', { name: 'Bildung / Wissenschaft' }).click();
					await page.waitForURL(/thema=bildung-wissenschaft/);
					expect(page.url()).not.toContain('q=');
					await page.context().close();
				}
			});
		});
	}

	it('ranks IT cooperations first for "IT", and "kamen" is not Bergkamen', async () => {
		const page = await open('/kooperationen?q=IT&pro_seite=10');
		const first = await titles(page);
		expect(first[0]).toMatch(/Datenverarbeitung/);
		expect(first.join(' | ')).not.toMatch(/Straßenreinigung/);
		const kamen = await open('/kooperationen?q=kamen&pro_seite=100');
		const k = await titles(kamen);
		expect(k.length).toBeGreaterThan(20);
		expect(k).not.toContain('Durchführung der Straßenreinigung'); // Bergkamen and Werne only
		expect(k).not.toContain('Gemeinsamer Datenschutzbeauftragter'); // Bergkamen and Schwerte only
		await page.context().close();
		await kamen.context().close();
	});

	it('shows org units with their names where the register knows them', async () => {
		const page = await open('/kooperationen?liste=kreis', { javaScriptEnabled: false });
		const org = page.locator('fieldset.facet').filter({ has: page.locator('legend', { hasText: /^Organisationseinheit des Kreises$/ }) });
		const text = await org.innerText();
		expect(text).toContain('WFG – Wirtschaftsförderungsgesellschaft für den Kreis Unna mbH');
		expect(text).toMatch(/Organisationseinheit 53 \(\d+\)/);
		expect(text).not.toMatch(/^\s*53 \(/m);
		await page.context().close();
	});
});
