/**
 * Every component example (src/lib/components/<Name>/examples.ts) rendered on the server, as a
 * page without JavaScript gets it, and checked with axe in Chromium against WCAG 2.1 AA with the
 * app's styles (contrast). Also checks what axe does not: every aria-describedby and label points
 * to an element that exists, and every header cell of a table has a scope.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { chromiumAvailable, launchBrowser } from '../../../tests/e2e/browser';
import type { Example } from './examples.ts';
import { examples as bodyForm } from './BodyForm/examples.ts';
import { examples as dataTable } from './DataTable/examples.ts';
import { examples as selectField } from './SelectField/examples.ts';
import { examples as textField } from './TextField/examples.ts';
import { examples as rowAction } from './RowAction/examples.ts';
import { examples as versionTable } from './VersionTable/examples.ts';
import { examples as articleForm } from './ArticleForm/examples.ts';
import { examples as bar } from './Bar/examples.ts';
import { examples as cooperationForm } from './CooperationForm/examples.ts';
import { examples as countTable } from './CountTable/examples.ts';
import { examples as derivedMark } from './DerivedMark/examples.ts';
import { examples as errorSummary } from './ErrorSummary/examples.ts';
import { examples as fuzzyDateText } from './FuzzyDateText/examples.ts';
import { examples as markdown } from './Markdown/examples.ts';
import { examples as networkSvg } from './NetworkSvg/examples.ts';
import { examples as operatorMissing } from './OperatorMissing/examples.ts';
import { examples as rangeBars } from './RangeBars/examples.ts';
import { examples as regionMapSvg } from './RegionMapSvg/examples.ts';
import { examples as resultTable } from './ResultTable/examples.ts';
import { examples as steckbrief } from './Steckbrief/examples.ts';
import { examples as yearBars } from './YearBars/examples.ts';

const all: Example[] = [
	...dataTable, ...selectField, ...textField, ...rowAction, ...bodyForm, ...versionTable,
	...articleForm, ...bar, ...cooperationForm, ...countTable, ...derivedMark, ...errorSummary, ...fuzzyDateText, ...markdown, ...networkSvg, ...operatorMissing, ...rangeBars, ...regionMapSvg, ...resultTable, ...steckbrief, ...yearBars
];
const require = createRequire(import.meta.url);
const styles = [require.resolve('@kern-ux/native/dist/kern.min.css'), new URL('./app.css', import.meta.url).pathname]
	.map((f) => fs.readFileSync(f, 'utf8'))
	.join('\n');

const pageOf = (e: Example) =>
	`<!doctype html><html lang="de"><head><meta charset="utf-8"><title>${e.name}</title><style>${styles}</style></head>` +
	`<body><main><h1 class="kern-heading-large">Beispiel</h1>${e.html()}</main></body></html>`;

describe.skipIf(!chromiumAvailable)('component examples', () => {
	let browser: Browser;
	let page: Page;
	beforeAll(async () => {
		browser = await launchBrowser();
		page = await (await browser.newContext()).newPage();
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('has examples of every component folder', () => {
		// Field is the frame of TextField and SelectField (it needs their control as a snippet): its examples are theirs.
		const folders = fs.readdirSync(new URL('.', import.meta.url), { withFileTypes: true })
			.filter((d) => d.isDirectory() && fs.existsSync(new URL(`./${d.name}/${d.name}.svelte`, import.meta.url)) && d.name !== 'Field')
			.map((d) => d.name);
		expect(folders.length).toBeGreaterThanOrEqual(21);
		expect(fs.readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.svelte')), 'components outside their folder').toEqual([]);
		for (const c of folders) expect(all.filter((e) => e.name.startsWith(`${c}:`)).length, c).toBeGreaterThanOrEqual(2);
	});

	it('has examples of each component', () => {
		for (const c of ['DataTable', 'SelectField', 'TextField', 'RowAction', 'BodyForm', 'VersionTable', 'ArticleForm', 'Bar', 'CooperationForm', 'CountTable', 'DerivedMark', 'ErrorSummary', 'FuzzyDateText', 'Markdown', 'NetworkSvg', 'OperatorMissing', 'RangeBars', 'RegionMapSvg', 'ResultTable', 'Steckbrief', 'YearBars']) expect(all.filter((e) => e.name.startsWith(`${c}:`)).length).toBeGreaterThanOrEqual(2);
	});

	for (const e of all) {
		it(`${e.name}: no axe violation, references resolve`, async () => {
			// Phones are checked for tables (their narrow layout differs); forms look the same at both widths.
			for (const width of /^(DataTable|CountTable|ResultTable):/.test(e.name) ? [390, 1366] : [1366]) {
				await page.setViewportSize({ width, height: 900 });
				await page.setContent(pageOf(e));
				const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
				expect(r.violations.map((v) => `${width}px ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
			}
			const broken = await page.evaluate(() => {
				const missing: string[] = [];
				for (const el of document.querySelectorAll('[aria-describedby]'))
					for (const id of el.getAttribute('aria-describedby')!.split(/\s+/)) if (!document.getElementById(id)) missing.push(`describedby ${id}`);
				for (const l of document.querySelectorAll('label[for]')) if (!document.getElementById(l.getAttribute('for')!)) missing.push(`label ${l.getAttribute('for')}`);
				for (const th of document.querySelectorAll('th')) if (!th.getAttribute('scope')) missing.push(`th without scope: ${th.textContent}`);
				return missing;
			});
			expect(broken).toEqual([]);
		});
	}
});
