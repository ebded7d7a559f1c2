/**
 * The API reference on a phone (issue 17, issue 20 part 3): every operation folds into a native
 * <details> (the schemas too), so the page is short at 390 px, each operation opens by keyboard
 * (Enter, Space) and by a tap without JavaScript, and the page is axe-clean folded and unfolded.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable } from './browser';
import { useBrowserApp } from './harness';

const PHONE = { width: 390, height: 844 };

async function operationStates(page: Page): Promise<boolean[]> {
	return page.locator('details.op').evaluateAll((els) => els.map((e) => (e as HTMLDetailsElement).open));
}

describe.skipIf(!chromiumAvailable)('API reference folded per operation', () => {
	const app = useBrowserApp();

	it('without JavaScript at 390 px: every operation folded, the page short, a tap opens one', async () => {
		const page = await app.open('/api/v1/docs', { javaScriptEnabled: false, viewport: PHONE });
		const operations = await page.locator('details.op').count();
		const listed = await (await fetch(`${app.url()}/api/v1/openapi.json`)).json() as { paths: Record<string, Record<string, unknown>> };
		expect(operations).toBe(Object.values(listed.paths).reduce((n, methods) => n + Object.keys(methods).length, 0));
		expect(await operationStates(page)).toEqual(Array(operations).fill(false));
		const folded = await page.evaluate(() => document.documentElement.scrollHeight);
		console.log(`API reference at 390 px: ${folded} px folded`);
		// The parameter and response tables are out of the flow while folded.
		const table = page.getByRole('table', { name: 'Parameter von GET /api/v1/cooperations' });
		expect(await table.isVisible()).toBe(false);
		await page.locator('#op-listCooperations > summary').click();
		expect(await table.isVisible()).toBe(true);
		const opened = await page.evaluate(() => document.documentElement.scrollHeight);
		expect(opened).toBeGreaterThan(folded);
		// The schemas fold too; a link to one lands on its summary.
		expect(await page.locator('details.schema').count()).toBeGreaterThan(10);
		expect(await page.locator('details.schema[open]').count()).toBe(0);
		// Everything opened (as a reader who wants it all): the page as tall as it was before.
		await page.locator('details').evaluateAll((els) => els.forEach((e) => ((e as HTMLDetailsElement).open = true)));
		const all = await page.evaluate(() => document.documentElement.scrollHeight);
		console.log(`API reference at 390 px: ${all} px with everything open`);
		expect(folded).toBeLessThan(all / 4);
	});

	it('with the keyboard: Tab reaches the summary, Enter opens, Space closes; axe-clean folded and unfolded', async () => {
		const page = await app.open('/api/v1/docs', { viewport: PHONE });
		expect(await app.axeViolations(page)).toEqual([]);
		const summary = page.locator('#op-getCooperation > summary');
		await summary.focus();
		expect(await page.evaluate(() => document.activeElement?.closest('details')?.id)).toBe('op-getCooperation');
		await page.keyboard.press('Enter');
		expect(await page.locator('#op-getCooperation').evaluate((e) => (e as HTMLDetailsElement).open)).toBe(true);
		expect(await page.getByRole('table', { name: 'Antworten von GET /api/v1/cooperations/{id}' }).isVisible()).toBe(true);
		await page.keyboard.press('Space');
		expect(await page.locator('#op-getCooperation').evaluate((e) => (e as HTMLDetailsElement).open)).toBe(false);
		// The next Tab leaves the folded operation for the next summary, not into its hidden links.
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
		// axe (it needs scripts) with an operation and a schema open: their tables scroll sideways on a
		// phone and must be reachable by keyboard. (axe over all 200 open tables takes minutes.)
		await page.locator('details').evaluateAll((els) => els.forEach((e) => ((e as HTMLDetailsElement).open = ['op-createCooperation', 'schema-CooperationRecord'].includes(e.id))));
		expect(await page.locator('details[open]').count()).toBe(2);
		expect(await app.axeViolations(page)).toEqual([]);
	});
});
