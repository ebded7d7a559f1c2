/**
 * Pages are served as one-byte (Latin-1) HTML (issue 15): every character above U+00FF, from the
 * templates („…“ around a search word, – in every title, › in breadcrumbs) and from the data (a
 * cooperation titled with „…“, – and …), is written as a numeric reference, and the browser shows
 * the same text as before. SvelteKit's hydration script is JavaScript, not HTML: the search page's
 * data cross in it as one JSON text whose wide characters are \uXXXX escapes (json-data.ts), so
 * that page is one-byte as a whole too, and the browser shows the title from those data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { decodeNumericReferences } from '../support/html-text';
import { chromiumAvailable } from './browser';
import { HYDRATED, startSeededBrowser, submitTo, type SeededBrowser } from './seeded-browser';

const TITLE = '„Grüne Welle“ – gemeinsame Ampelsteuerung Kamen–Bönen …';
const SEARCH = '/kooperationen?q=Ampelsteuerung';

let s: SeededBrowser;
let id = '';
beforeAll(async () => { s = await startSeededBrowser(); }, 300_000);
afterAll(async () => { await s?.stop(); });

/** The characters above U+00FF in `text`. */
const wide = (text: string): string => [...text].filter((c) => c.codePointAt(0)! > 0xff).join('');

/** SvelteKit's hydration script (`__sveltekit_…` start-up data: JavaScript, not HTML). */
const HYDRATION = /<script nonce="[^"]*">\s*\{\s*__sveltekit_[\s\S]*?<\/script>/g;

/** The page as served, decoded as UTF-8 (the way the browser reads it). */
async function served(path: string): Promise<string> {
	const res = await fetch(`${s.app.url}${path}`, { headers: { accept: 'text/html' } });
	expect(res.status, path).toBe(200);
	expect(res.headers.get('content-type')).toBe('text/html');
	return new TextDecoder('utf-8', { fatal: true }).decode(await res.arrayBuffer());
}

async function visibleTexts(page: Page, selector: string): Promise<string[]> {
	return (await page.locator(selector).allTextContents()).map((t) => t.trim());
}

describe.skipIf(!chromiumAvailable)('pages as one-byte HTML', () => {
	it('the coordinator records a cooperation whose title holds „…“, – and …', async () => {
		const page = await s.signIn('steuerung@kreis-unna.de');
		await page.goto(`${s.app.url}/kooperationen/neu`, HYDRATED);
		await page.fill('#title', TITLE);
		await page.selectOption('#legal_form', 'oerv');
		await page.check('#topic-verwaltung-it');
		await page.fill('#participants\\.0\\.body', 'Kamen');
		await page.fill('#participants\\.1\\.body', 'Bönen');
		await page.fill('#start', '2026');
		await submitTo(page, 'Kooperation speichern', /\/kooperationen\/[a-z0-9-]+\?gespeichert=1/);
		id = new URL(page.url()).pathname.split('/')[2]!;
		await page.context().close();
	});

	it('serves no character above U+00FF outside the hydration script, and the same text once decoded', async () => {
		// The search page hydrates (its data hold the title); the profile is rendered without client-side scripts.
		for (const [path, hydrated] of [[SEARCH, 1], [`/kooperationen/${id}`, 0]] as const) {
			const html = await served(path);
			expect(html.match(HYDRATION) ?? [], path).toHaveLength(hydrated);
			const markup = html.replace(HYDRATION, '');
			expect(wide(markup), path).toBe('');
			// The data arrive as references and read as the title again.
			expect(markup, path).toContain('&#8222;Grüne Welle&#8220; &#8211; gemeinsame Ampelsteuerung Kamen&#8211;Bönen &#8230;');
			expect(decodeNumericReferences(markup), path).toContain(TITLE);
		}
		const search = await served(SEARCH);
		expect(search).toContain('<title>Suche &#8222;Ampelsteuerung&#8220;: 1 Kooperation &#8211; IKZ-Atlas</title>');
		// The hydration data hold the title as JSON escapes: the whole page is one-byte.
		expect(wide(search)).toBe('');
		expect(search.match(HYDRATION)![0]).toContain('Ampelsteuerung Kamen\\\\u2013B\u00f6nen');
	});

	it('serves a page whose data hold nothing above U+00FF entirely as Latin-1, references from the templates included', async () => {
		for (const path of ['/ueber', '/analyse/netzwerk', '/koerperschaften/kamen']) {
			const html = await served(path);
			expect(wide(html), path).toBe('');
			expect(html, path).toMatch(/&#8211; IKZ-Atlas<\/title>/);
		}
	});

	it('shows the same text in Chromium, with and without JavaScript, title included', async () => {
		for (const javaScriptEnabled of [false, true]) {
			const context = await s.browser.newContext({ locale: 'de-DE', javaScriptEnabled });
			const page = await context.newPage();
			await page.goto(`${s.app.url}${SEARCH}`, javaScriptEnabled ? HYDRATED : { waitUntil: 'load' });
			expect(await page.title()).toBe('Suche „Ampelsteuerung“: 1 Kooperation – IKZ-Atlas');
			expect(await visibleTexts(page, `main a[href="/kooperationen/${id}"]`)).toContain(TITLE);
			await page.goto(`${s.app.url}/kooperationen/${id}`, javaScriptEnabled ? HYDRATED : { waitUntil: 'load' });
			expect(await page.title()).toBe(`${TITLE} – Steckbrief – IKZ-Atlas`);
			expect(await visibleTexts(page, 'main h1')).toEqual([TITLE]);
			// axe runs in the page, which needs JavaScript.
			if (javaScriptEnabled) await s.axe(page);
			await context.close();
		}
		expect(s.violations).toEqual([]);
	});
});
