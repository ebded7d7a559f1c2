/**
 * Light pages (issue 17, item 4), measured the way a first visitor loads them: a fresh Chromium
 * profile at 390 × 844, every byte the network delivered (headers and compressed bodies, as the
 * DevTools protocol counts them) until the network is idle. Also: pages and stylesheets arrive
 * compressed, only the subset fonts are loaded, and no page logs a console error (a CSP violation
 * included). The budget is the 150 KB, for the main pages and the profiles alike. KERN's
 * stylesheet is trimmed to the classes the app uses at build time (src/lib/server/ops/used-css.ts):
 * a test here checks, element by element, that the whole stylesheet would style no element differently.
 */
import fs from 'node:fs';
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

	it('profiles: at most 150 KB on the first visit, no console error', async () => {
		const figures: Record<string, number> = {};
		for (const path of PROFILES) {
			const v = await visit(path);
			figures[path] = Math.round(v.bytes / KB);
			expect(v.errors, path).toEqual([]);
			expect(v.bytes, `${path}: ${Math.round(v.bytes / KB)} KB`).toBeLessThanOrEqual(150 * KB);
		}
		console.log(`Erstbesuch Profile (KB): ${JSON.stringify(figures)}`);
	}, 120_000);

	it('hashed assets (scripts, styles, fonts under /_app/immutable/) are cached for a year as immutable, pages are not', async () => {
		// The search page hydrates (profiles, the start page and the analyses are plain HTML without scripts).
		const res = await fetch(`${app.url}/kooperationen`, { headers: { 'accept-encoding': 'br' } });
		expect(res.headers.get('cache-control') ?? '').not.toMatch(/immutable|max-age=[1-9]/);
		const html = await res.text();
		// SvelteKit writes relative addresses ("../_app/immutable/…").
		const asset = (re: RegExp) => [...html.matchAll(re)].map((m) => new URL(m[1]!, res.url).pathname);
		const css = asset(/href="([^"]*_app\/immutable\/[^"]+\.css)"/g);
		const js = asset(/["']([^"']*_app\/immutable\/[^"']+\.js)["']/g);
		expect(css.length).toBeGreaterThan(0);
		expect(js.length).toBeGreaterThan(0);
		const sheet = await (await fetch(`${app.url}${css[0]}`)).text();
		const fonts = [...sheet.matchAll(/url\(["']?([^"')]+\.woff2)/g)].map((m) => new URL(m[1]!, `${app.url}${css[0]}`).pathname);
		expect(fonts.length).toBeGreaterThan(0);
		for (const file of [css[0]!, js[0]!, fonts[0]!]) {
			const r = await fetch(`${app.url}${file}`, { headers: { 'accept-encoding': 'br, gzip' } });
			expect(r.status, file).toBe(200);
			const cc = r.headers.get('cache-control') ?? '';
			expect(cc, file).toMatch(/\bimmutable\b/);
			expect(Number(/max-age=(\d+)/.exec(cc)?.[1]), file).toBeGreaterThanOrEqual(365 * 24 * 3600);
		}
	});

	it('the trimmed KERN stylesheet: the whole one added would style no element differently (390 and 1366 px)', async () => {
		const whole = fs.readFileSync('node_modules/@kern-ux/native/dist/kern.min.css', 'utf8');
		const pages = ['/', '/kooperationen', ...PROFILES, '/anmelden', '/barrierefreiheit', '/steuerung'];
		for (const width of [390, 1366]) {
			// bypassCSP: the test adds a <style> element, which the app's CSP rightly forbids.
			const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
			const page = await context.newPage();
			for (const path of pages) {
				await page.goto(`${app.url}${path}`, { waitUntil: 'networkidle' });
				const differences = await page.evaluate((css) => {
					// What a rule of a design system sets: box, layout, type, colour, border, visibility, generated content.
					const PROPS = ['display', 'position', 'box-sizing', 'width', 'height', 'margin', 'padding', 'border', 'border-radius', 'outline',
						'color', 'background-color', 'background-image', 'font-family', 'font-size', 'font-weight', 'font-style', 'line-height',
						'letter-spacing', 'text-decoration-line', 'text-transform', 'text-align', 'white-space', 'flex-direction', 'flex-wrap', 'gap',
						'align-items', 'justify-content', 'grid-template-columns', 'list-style-type', 'overflow', 'visibility', 'opacity', 'clip',
						'content', 'mask-image', 'vertical-align', 'cursor', 'box-shadow', 'transform', 'z-index', 'top', 'left'];
					const snapshot = () => [...document.querySelectorAll('body *')].map((el) => ['', '::before', '::after'].map((pseudo) => {
						const s = getComputedStyle(el, pseudo || null);
						return PROPS.map((p) => `${p}=${s.getPropertyValue(p)}`);
					}));
					const before = snapshot();
					const style = document.createElement('style');
					style.textContent = css;
					// Before the app's stylesheet, where KERN's rules stand in it.
					const first = document.querySelector('link[rel="stylesheet"], style');
					document.head.insertBefore(style, first);
					const after = snapshot();
					const found: string[] = [];
					const elements = [...document.querySelectorAll('body *')];
					before.forEach((pseudos, i) => pseudos.forEach((props, p) => {
						const now = after[i]![p]!;
						const changed = props.map((x, k) => (x === now[k] ? '' : `${x} → ${now[k]}`)).filter(Boolean);
						if (changed.length && found.length < 5) {
							const el = elements[i]!;
							found.push(`<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}">${['', '::before', '::after'][p]}: ${changed.join('; ')}`);
						}
					}));
					return found;
				}, whole);
				expect(differences, `${path} @ ${width}px`).toEqual([]);
			}
			await context.close();
		}
	}, 600_000);
});
