/**
 * API v1 over HTTP against the built app (issue 8, item 4), as its "done when" says: the
 * coordinator creates a token on /konto in Chromium and reads it from the page; a plain HTTP
 * client then lists the cooperations of Lünen with it through all cursor pages. Every answer is
 * validated against /api/v1/openapi.json with ajv (JSON Schema 2020-12). Also: ETag / 304,
 * If-Match (428, 412, 200), OParl links, problem details for errors, the rate limit (429 with
 * Retry-After), a revoked token (401), and axe on /konto and the reference page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { Ajv2020 } from 'ajv/dist/2020';
import { startApp, type RunningApp } from './app-server';
import { chromiumAvailable, launchBrowser } from './browser';
import { PASSWORD, seedDatabase, type Seeded } from './seed-users';

const HYDRATED = { waitUntil: 'networkidle' } as const;
type Json = Record<string, unknown>;

let app: RunningApp;
let browser: Browser;
let seeded: Seeded;
let coordinator: Page;
const violations: string[] = [];

async function axe(page: Page): Promise<void> {
	const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	violations.push(...r.violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`));
}

/** Create a token on /konto like a user would, and read it from the page (it is shown once). */
async function tokenFromKonto(page: Page, name: string, scopes: ('lesen' | 'schreiben')[], days: number): Promise<string> {
	await page.goto(`${app.url}/konto`, HYDRATED);
	await page.fill('#token_name', name);
	for (const s of ['lesen', 'schreiben'] as const) await page.setChecked(`#token_scope_${s}`, scopes.includes(s));
	await page.fill('#token_days', String(days));
	await page.getByRole('button', { name: 'Schlüssel erstellen' }).click();
	await page.waitForLoadState('networkidle');
	const token = ((await page.locator('#api-token-value').textContent()) ?? '').trim();
	expect(token, (await page.locator('main').textContent()) ?? '').toMatch(/^ikz_[A-Za-z0-9_-]{43}$/);
	return token;
}

// ---- validation of every answer against the served OpenAPI document ----
let doc: { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json> } };
const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
const BASE = 'urn:ikz:openapi';
let validated = 0;

/** The document's path template of a concrete path (/api/v1/cooperations/kamen-1 → /api/v1/cooperations/{id}). */
function template(pathname: string): string {
	const hit = Object.keys(doc.paths).find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname));
	if (!hit) throw new Error(`no path in the document for ${pathname}`);
	return hit;
}

/** Check status, media type and body of an answer against the document; returns the parsed body. */
async function checked(res: Response, method: string): Promise<Json | null> {
	const url = new URL(res.url);
	const op = doc.paths[template(url.pathname)]?.[method.toLowerCase()];
	expect(op, `${method} ${url.pathname} is documented`).toBeDefined();
	const responses = op!.responses as Record<string, Json>;
	const spec = responses[String(res.status)] ?? responses.default;
	expect(spec, `${method} ${url.pathname}: status ${res.status} is documented`).toBeDefined();
	const text = await res.text();
	const content = spec!.content as Record<string, { schema: { $ref: string } }> | undefined;
	if (!content) {
		expect(text, `${method} ${url.pathname} ${res.status}: no body`).toBe('');
		validated++;
		return null;
	}
	const [media, { schema }] = Object.entries(content)[0]!;
	expect(res.headers.get('content-type'), `${method} ${url.pathname} ${res.status}`).toContain(media);
	const body = JSON.parse(text) as Json;
	const v = ajv.getSchema(`${BASE}#/$defs/${schema.$ref.split('/').pop()}`)!;
	expect(v(body), `${method} ${url.pathname} ${res.status}: ${ajv.errorsText(v.errors)}`).toBe(true);
	validated++;
	return body;
}

const bearer = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, ...extra });

describe.skipIf(!chromiumAvailable)('API v1 with a token created in the browser', () => {
	let token = '';

	beforeAll(async () => {
		seeded = await seedDatabase();
		app = await startApp({}, seeded.database);
		browser = await launchBrowser();
		coordinator = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await coordinator.goto(`${app.url}/anmelden`, HYDRATED);
		await coordinator.fill('#email', 'steuerung@kreis-unna.de');
		await coordinator.fill('#password', PASSWORD);
		await coordinator.getByRole('button', { name: 'Anmelden', exact: true }).click();
		await coordinator.waitForURL(/\/konto/);
		const res = await fetch(`${app.url}/api/v1/openapi.json`);
		expect(res.status).toBe(200);
		doc = (await res.json()) as typeof doc;
		ajv.addSchema({ $id: BASE, $defs: JSON.parse(JSON.stringify(doc.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/')) as Json });
	}, 120_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
	});

	it('the coordinator creates a token on /konto; it is shown once, then listed without it', async () => {
		token = await tokenFromKonto(coordinator, 'Abgleich Lünen', ['lesen', 'schreiben'], 30);
		await axe(coordinator);
		await coordinator.goto(`${app.url}/konto`, HYDRATED);
		const again = (await coordinator.locator('main').textContent()) ?? '';
		expect(again).toContain('Abgleich Lünen');
		expect(again).not.toContain(token.slice(4));
		await axe(coordinator);
	});

	it('an API client lists the cooperations of Lünen through all cursor pages', async () => {
		const ids: string[] = [];
		let next: string | null = `${app.url}/api/v1/cooperations?partner=luenen&limit=5`;
		let pages = 0;
		while (next && pages < 100) {
			const res = await fetch(next, { headers: bearer(token) });
			expect(res.status).toBe(200);
			const page = (await checked(res, 'GET')) as { items: { id: string; partners: { id: string }[] }[]; next_cursor: string | null; total: number };
			for (const item of page.items) expect(item.partners.map((p) => p.id)).toContain('luenen');
			ids.push(...page.items.map((i) => i.id));
			next = page.next_cursor ? `${app.url}/api/v1/cooperations?partner=luenen&limit=5&cursor=${page.next_cursor}` : null;
			pages++;
		}
		// The same result as the register page's own export for the same parameters.
		const page = (await (await fetch(`${app.url}/kooperationen.json?partner=luenen&alle=1`)).json()) as { items: { id: string }[]; total: number };
		expect(ids).toEqual(page.items.map((i) => i.id));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBe(page.total);
		expect(pages).toBe(Math.ceil(page.total / 5));
		expect(pages).toBeGreaterThan(1);
	});

	it('ETag and 304 on GET; the index, bodies, measures and figures validate too', async () => {
		for (const path of ['/api/v1', '/api/v1/cooperations?partner=luenen', '/api/v1/bodies?art=stadt', '/api/v1/bodies/luenen', '/api/v1/measures', '/api/v1/analysis/summary', '/api/v1/cooperations/kommunen-12']) {
			const first = await fetch(`${app.url}${path}`, { headers: bearer(token) });
			expect(first.status, path).toBe(200);
			const etag = first.headers.get('etag');
			expect(etag, path).toBeTruthy();
			await checked(first, 'GET');
			const again = await fetch(`${app.url}${path}`, { headers: bearer(token, { 'if-none-match': etag! }) });
			expect(again.status, path).toBe(304);
			expect(await again.text()).toBe('');
		}
		// Without a token the public register is readable too.
		const anon = await fetch(`${app.url}/api/v1/cooperations?partner=luenen&limit=1`);
		expect(anon.status).toBe(200);
		await checked(anon, 'GET');
	});

	it('PUT needs If-Match: 428 without, 412 when stale, 200 with the current ETag', async () => {
		const url = `${app.url}/api/v1/cooperations/kommunen-12`;
		const got = await fetch(url, { headers: bearer(token) });
		const etag = got.headers.get('etag')!;
		const current = (await checked(got, 'GET')) as { version: number; record: Json };
		const record = { ...current.record, notes: 'Über die API ergänzt (Test).' };
		const put = (headers: Record<string, string>) => fetch(url, { method: 'PUT', headers: bearer(token, { 'content-type': 'application/json', ...headers }), body: JSON.stringify(record) });

		const without = await put({});
		expect(without.status).toBe(428);
		await checked(without, 'PUT');
		const stale = await put({ 'if-match': `"${current.version + 3}-abc"` });
		expect(stale.status).toBe(412);
		expect(((await checked(stale, 'PUT')) as { type: string }).type).toContain('#problem-version-mismatch');
		const ok = await put({ 'if-match': etag });
		expect(ok.status).toBe(200);
		const saved = (await checked(ok, 'PUT')) as { version: number; record: { notes: string } };
		expect(saved.version).toBe(current.version + 1);
		expect(saved.record.notes).toBe('Über die API ergänzt (Test).');
		// The ETag read before the save is stale now.
		const again = await put({ 'if-match': etag });
		expect(again.status).toBe(412);
		await checked(again, 'PUT');
		// Invalid bodies are problems with the places named.
		const bad = await fetch(url, { method: 'PUT', headers: bearer(token, { 'content-type': 'application/json', 'if-match': ok.headers.get('etag')! }), body: JSON.stringify({ ...record, status: 'vielleicht' }) });
		expect(bad.status).toBe(400);
		expect(((await checked(bad, 'PUT')) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toContain('#/status');
	});

	it('an OParl link to Lünen\'s council system is stored and returned', async () => {
		const add = await fetch(`${app.url}/api/v1/bodies/luenen/oparl`, {
			method: 'POST', headers: bearer(token, { 'content-type': 'application/json' }),
			body: JSON.stringify({ kind: 'system', url: 'https://ratsinfo.example/oparl/v1/system', label: 'Ratsinformationssystem' })
		});
		expect(add.status).toBe(201);
		const link = (await checked(add, 'POST')) as { id: string };
		expect(add.headers.get('location')).toBe(`${app.url}/api/v1/bodies/luenen/oparl/${link.id}`);
		const body = (await checked(await fetch(`${app.url}/api/v1/bodies/luenen`, { headers: bearer(token) }), 'GET')) as { oparl_links: { id: string; kind: string }[] };
		expect(body.oparl_links).toEqual([expect.objectContaining({ id: link.id, kind: 'system' })]);
		const http = await fetch(`${app.url}/api/v1/bodies/luenen/oparl`, { method: 'POST', headers: bearer(token, { 'content-type': 'application/json' }), body: JSON.stringify({ kind: 'system', url: 'http://unsicher.example/oparl' }) });
		expect(http.status).toBe(400);
		await checked(http, 'POST');
	});

	it('errors are problem details: no token for a write, unknown token, unknown address, session cookie ignored', async () => {
		const anonWrite = await fetch(`${app.url}/api/v1/cooperations/kommunen-12/oparl`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		expect(anonWrite.status).toBe(401);
		expect(anonWrite.headers.get('www-authenticate')).toMatch(/^Bearer/);
		await checked(anonWrite, 'POST');
		// A valid session cookie is no credential for the API.
		const cookieWrite = await fetch(`${app.url}/api/v1/cooperations/kommunen-12/oparl`, {
			method: 'POST', headers: { cookie: `__Host-ikz-sitzung=${seeded.users.coordinator.token}`, origin: app.url, 'content-type': 'application/json' },
			body: JSON.stringify({ kind: 'paper', url: 'https://ratsinfo.example/oparl/paper/1' })
		});
		expect(cookieWrite.status).toBe(401);
		await checked(cookieWrite, 'POST');
		const unknown = await fetch(`${app.url}/api/v1/cooperations`, { headers: { authorization: `Bearer ikz_${'A'.repeat(43)}` } });
		expect(unknown.status).toBe(401);
		expect(unknown.headers.get('www-authenticate')).toContain('invalid_token');
		await checked(unknown, 'GET');
		const missing = await fetch(`${app.url}/api/v1/cooperations/gibt-es-nicht`, { headers: bearer(token) });
		expect(missing.status).toBe(404);
		await checked(missing, 'GET');
		const nowhere = await fetch(`${app.url}/api/v1/gibt-es-nicht`, { headers: bearer(token) });
		expect(nowhere.status).toBe(404);
		expect(nowhere.headers.get('content-type')).toContain('application/problem+json');
		const body = (await nowhere.json()) as Json;
		expect(body).toMatchObject({ status: 404, instance: '/api/v1/gibt-es-nicht' });
		const badQuery = await fetch(`${app.url}/api/v1/cooperations?limit=1000`, { headers: bearer(token) });
		expect(badQuery.status).toBe(400);
		await checked(badQuery, 'GET');
	});

	it('a read-only token may not write (403, insufficient scope)', async () => {
		const readOnly = await tokenFromKonto(coordinator, 'Nur lesen', ['lesen'], 7);
		const res = await fetch(`${app.url}/api/v1/bodies/luenen/oparl`, { method: 'POST', headers: bearer(readOnly, { 'content-type': 'application/json' }), body: JSON.stringify({ kind: 'system', url: 'https://a.example/oparl' }) });
		expect(res.status).toBe(403);
		expect(((await checked(res, 'POST')) as { type: string }).type).toContain('insufficient-scope');
	});

	it('more than the limit per minute: 429 with Retry-After and a problem body', async () => {
		const busy = await tokenFromKonto(coordinator, 'Lasttest', ['lesen'], 1);
		let limited: Response | null = null;
		// The limit is 120 a minute per token; a window may end during the loop, so allow two windows' worth.
		for (let i = 0; i < 260 && !limited; i++) {
			const res = await fetch(`${app.url}/api/v1`, { headers: bearer(busy) });
			if (res.status === 429) limited = res;
			else {
				expect(res.status).toBe(200);
				await res.arrayBuffer();
			}
		}
		expect(limited, 'no 429 within 260 requests').not.toBeNull();
		const wait = Number(limited!.headers.get('retry-after'));
		expect(Number.isInteger(wait) && wait >= 1 && wait <= 60).toBe(true);
		await checked(limited!, 'GET');
		// Other tokens are not affected.
		expect((await fetch(`${app.url}/api/v1`, { headers: bearer(token) })).status).toBe(200);
	});

	it('a revoked token gets 401', async () => {
		await coordinator.goto(`${app.url}/konto`, HYDRATED);
		await coordinator.getByRole('button', { name: /^Widerrufen\W+Abgleich Lünen$/ }).click();
		await coordinator.waitForLoadState('networkidle');
		expect(await coordinator.locator('main').textContent()).toContain('Der Schlüssel ist widerrufen.');
		await axe(coordinator);
		const res = await fetch(`${app.url}/api/v1/cooperations?partner=luenen`, { headers: bearer(token) });
		expect(res.status).toBe(401);
		await checked(res, 'GET');
	});

	it('the reference page renders the document and passes axe', async () => {
		const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await page.goto(`${app.url}/api/v1/docs`, HYDRATED);
		const text = (await page.locator('main').textContent()) ?? '';
		expect(text).toContain('GET /api/v1/cooperations');
		expect(text).toContain('CooperationDetail');
		expect(text).toContain('version-mismatch');
		await axe(page);
	});

	it('every answer checked validated; axe found no violations', () => {
		expect(validated).toBeGreaterThan(25);
		expect(violations).toEqual([]);
	});
});
