/**
 * Issue 17 in the browser: the ranking people see for "IT" and "kamen", and org units labelled
 * with their names where the register knows them.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable } from './browser';
import { useBrowserApp } from './harness';

/** The titles of the result table's rows, in order. */
async function titles(page: Page): Promise<string[]> {
	return page.locator('tbody tr th a').allInnerTexts();
}

describe.skipIf(!chromiumAvailable)('search and filters (issue 17)', () => {
	const { open } = useBrowserApp();

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
