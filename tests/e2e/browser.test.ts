/**
 * The register in a real browser (Debian's Chromium): search, filters, facets, both profile
 * pages, without JavaScript, by keyboard alone, and every page checked with axe (WCAG 2.1 AA).
 */
import { describe, expect, it } from 'vitest';
import { chromiumAvailable } from './browser';
import { useBrowserApp } from './harness';

describe.skipIf(!chromiumAvailable)('in the browser', () => {
	const { url, open, axeViolations } = useBrowserApp();

	describe('every page passes axe (WCAG 2.1 AA) with no violations', () => {
		it.each([
			'/',
			'/kooperationen',
			'/kooperationen?q=rettung&partner=kamen&thema=sicherheit-ordnung&jahr=2010',
			'/kooperationen?q=xqzxqz',
			'/kooperationen/kreis-14',
			'/kooperationen/kommunen-49',
			'/koerperschaften',
			'/koerperschaften/kamen',
			'/koerperschaften/kreis-unna',
			'/ueber',
			'/gibt-es-nicht'
		])('%s', async (path) => {
			const page = await open(path);
			expect(await axeViolations(page)).toEqual([]);
			await page.context().close();
		});
	});

	it('start page shows the computed overview', async () => {
		const page = await open('/');
		const text = await page.locator('main').innerText();
		expect(text).toMatch(/48\s+Kooperationen, an denen der Kreis Unna beteiligt ist/);
		expect(text).toContain('103');
		await page.context().close();
	});

	it('searches, filters by facet with counts, and keeps the state in the URL', async () => {
		const page = await open('/kooperationen');
		await page.getByLabel('Suchbegriff').fill('müll');
		await page.getByRole('button', { name: 'Suchen' }).click();
		await page.waitForURL(/q=m%C3%BCll/);
		// The four waste cooperations (Müll, Abfall: one synonym group, issue 17).
		await expect.poll(() => page.locator('#ergebnis').innerText()).toContain('4 Kooperationen');
		expect(await page.locator('tbody tr').count()).toBe(4);

		await page.goto(`${url()}/kooperationen?q=rettung`, { waitUntil: 'networkidle' });
		const option = page.locator('#f-partner-unna');
		// Options after the first eight are folded behind "mehr anzeigen" (issue 17).
		const fold = page.locator('details.facet-more', { has: option });
		if (await fold.count()) await fold.locator('summary').click();
		const label = await page.locator('label[for="f-partner-unna"]').innerText();
		const count = Number(/\((\d+)\)/.exec(label)?.[1]);
		await option.check();
		await page.getByRole('button', { name: 'Filter anwenden' }).click();
		await page.waitForURL(/partner=unna/);
		expect(await page.locator('tbody tr').count()).toBe(count);
		await expect.poll(() => page.getByRole('link', { name: /Beteiligte: Unna entfernen/ }).count()).toBe(1);

		// The URL alone restores the state (bookmark, e-mail).
		const again = await open(new URL(page.url()).pathname + new URL(page.url()).search);
		expect(await again.getByLabel('Suchbegriff').inputValue()).toBe('rettung');
		expect(await again.locator('#f-partner-unna').isChecked()).toBe(true);
		await again.context().close();
		await page.context().close();
	});

	it('works without JavaScript', async () => {
		const page = await open('/kooperationen', { javaScriptEnabled: false });
		await page.getByLabel('Suchbegriff').fill('vergabe');
		await page.getByLabel(/^Rechtsform$/).isVisible().catch(() => false);
		await page.getByLabel(/Öffentlich-rechtliche Vereinbarung \(\d+\)/).check();
		await page.getByRole('button', { name: 'Filter anwenden' }).click();
		await page.waitForURL(/q=vergabe/);
		expect(page.url()).toContain('rechtsform=oerv');
		const rows = page.locator('tbody tr');
		expect(await rows.count()).toBe(2);
		await rows.first().getByRole('link', { name: 'Zentrale Vergabestelle' }).click();
		await page.waitForURL(/\/kooperationen\/kommunen-4[67]/);
		expect(await page.locator('h1').innerText()).toBe('Zentrale Vergabestelle');
		await page.context().close();
	});

	it('can be used by keyboard alone: skip link, search, open a profile', async () => {
		const page = await open('/kooperationen');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Zum Inhalt springen');
		await page.keyboard.press('Enter');
		await page.waitForURL(/#inhalt$/);
		// Tab through until the search field has focus, type, submit with Enter.
		for (let i = 0; i < 10 && (await page.evaluate(() => document.activeElement?.id)) !== 'q'; i++) await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
		await page.keyboard.type('Datenschutz');
		await page.keyboard.press('Enter');
		await page.waitForURL(/q=Datenschutz/);
		const link = page.getByRole('link', { name: 'Bestellung eines gemeinsamen Datenschutzbeauftragten' });
		await link.focus();
		await page.keyboard.press('Enter');
		await page.waitForURL(/kreis-38$/);
		// Focus is visible on the focused element (WCAG 2.4.7).
		await page.keyboard.press('Tab');
		const outline = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement;
			const s = getComputedStyle(el);
			return `${s.outlineStyle} ${s.outlineWidth} ${s.boxShadow}`;
		});
		expect(outline).not.toBe('none 0px none');
		await page.context().close();
	});

	it('cooperation profile: partners with their dates, lifecycle, source and derived marks', async () => {
		const page = await open('/kooperationen/kreis-14');
		const main = await page.locator('main').innerText();
		expect(main).toContain('Ausgleichsflächenmanagement');
		for (const t of ['Kreis Unna', 'Unna', 'Bönen', 'Fröndenberg/Ruhr', 'Holzwickede', 'Kamen']) expect(main).toContain(t);
		expect(main).toContain('2015 gepl.');
		expect(main).toContain('geplant');
		expect(main).toContain('abgeleitet');
		expect(main).toContain('Folie 38');
		expect(main).toContain('2015 gepl. (Kamen) (01.01.2003 bis 31.12.2003');
		const musik = await open('/kooperationen/kommunen-6');
		const m = await musik.locator('main').innerText();
		expect(m).toContain('Neufassung');
		expect(m).toMatch(/Selm[\s\S]*2006/);
		await musik.context().close();
		await page.context().close();
	});

	it('body profile: cooperations, frequent partners, topics, ended ones; links into the search', async () => {
		const page = await open('/koerperschaften/kamen');
		const main = await page.locator('main').innerText();
		expect(main).toContain('05978020');
		expect(main).toContain('Stadt (kreisangehörig) im Kreis Unna');
		expect(main).toContain('Häufigste Partner');
		expect(main).toContain('Beendet oder ausgetreten');
		expect(main).toContain('Zusammenarbeit im Büchereiwesen');
		await page.getByRole('table', { name: /am häufigsten kooperiert/ }).getByRole('link', { name: 'Bönen', exact: true }).click();
		await page.waitForURL(/partner=kamen&partner=boenen/);
		expect(await page.locator('tbody tr').count()).toBeGreaterThan(3);
		await page.context().close();
	});
});
