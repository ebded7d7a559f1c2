/**
 * Light pages (issue 17, item 4), measured the way a first visitor loads them: a fresh Chromium
 * profile at 390 × 844, every byte the network delivered (headers and compressed bodies, as the
 * DevTools protocol counts them) until the network is idle. Also: pages and stylesheets arrive
 * compressed, only the subset fonts are loaded, and no page logs a console error (a CSP violation
 * included). The budget is the 150 KB for the main pages; the profiles are heavier (they
 * use the medium and italic faces too) and have their own, measured budget.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startApp, type RunningApp } from './app-server';
import { chromiumAvailable, launchBrowser } from './browser';

const KB = 1024;
const MAIN_PAGES = ['/', '/kooperationen', '/kooperationen?q=abfall&liste=kommunen', '/analyse/netzwerk', '/steuerung', '/berichte', '/wissen'];
const PROFILES = ['/kooperationen/kommunen-3', '/koerperschaften/kamen'];

interface Visit { bytes: number; fonts: string[]; errors: string[]; encodings: Map<string, string> }

describe.skipIf(!chromiumAvailable)('first visit: bytes on the wire, compression, fonts, console', () => {
	let app: RunningApp;
	let browser: Browser;

	beforeAll(async () => {
		app = await startApp();
		browser = await launchBrowser();
	}, 180_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	async function visit(path: string): Promise<Visit> {
		const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		const seen = new Map<string, { url: string; type: string; encoding: string }>();
		const out: Visit = { bytes: 0, fonts: [], errors: [], encodings: new Map() };
		cdp.on('Network.responseReceived', (e) => {
			const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
			seen.set(e.requestId, { url: e.response.url, type: e.type, encoding: h['content-encoding'] ?? '' });
		});
		cdp.on('Network.loadingFinished', (e) => {
			out.bytes += e.encodedDataLength;
			const r = seen.get(e.requestId);
			if (!r) return;
			if (r.type === 'Font') out.fonts.push(r.url.split('/').pop()!);
			out.encodings.set(`${r.type} ${new URL(r.url).pathname}`, r.encoding);
		});
		page.on('console', (m) => { if (m.type() === 'error') out.errors.push(m.text()); });
		page.on('pageerror', (e) => out.errors.push(e.message));
		await page.goto(`${app.url}${path}`, { waitUntil: 'networkidle' });
		await context.close();
		return out;
	}

	it('main pages: at most 150 KB on the first visit, pages and styles compressed, two subset font files, no console error', async () => {
		const figures: Record<string, number> = {};
		for (const path of MAIN_PAGES) {
			const v = await visit(path);
			figures[path] = Math.round(v.bytes / KB);
			expect(v.errors, path).toEqual([]);
			expect(v.bytes, `${path}: ${Math.round(v.bytes / KB)} KB`).toBeLessThanOrEqual(150 * KB);
			for (const [what, enc] of v.encodings) {
				if (/^(Document|Stylesheet|Script) /.test(what)) expect(enc, what).toMatch(/^(br|gzip)$/);
			}
			expect(v.fonts.length, path).toBeLessThanOrEqual(3);
			for (const f of v.fonts) expect(f).toMatch(/^FiraSans-(Regular|SemiBold|Medium|Italic)\.[\w-]+\.woff2$/);
		}
		console.log(`Erstbesuch (KB): ${JSON.stringify(figures)}`);
	}, 180_000);

	it('profiles: at most 200 KB on the first visit, no console error', async () => {
		for (const path of PROFILES) {
			const v = await visit(path);
			expect(v.errors, path).toEqual([]);
			expect(v.bytes, `${path}: ${Math.round(v.bytes / KB)} KB`).toBeLessThanOrEqual(200 * KB);
		}
	}, 120_000);
});
