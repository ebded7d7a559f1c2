/**
 * HTTP tests against the built app on a real SQLite file: start-up, security headers, the JSON
 * and CSV forms of a result list, and errors.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, type RunningApp } from './app-server';

let app: RunningApp;
beforeAll(async () => {
	app = await startApp();
});
afterAll(async () => app?.stop());

const get = (p: string) => fetch(`${app.url}${p}`);

describe('start', () => {
	it('migrates and loads the Kreis Unna data, reporting what it did', () => {
		expect(app.log()).toContain('Migrationen ausgeführt');
		expect(app.log()).toContain('Kooperationen: 103 neu');
	});

});

describe('restarts and data:load', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ikz-restart-'));
	const dbFile = path.join(dir, 'restart.sqlite');
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	it('a second start on the same database duplicates nothing and says so', async () => {
		const first = await startApp({}, dbFile);
		const before = await (await fetch(`${first.url}/kooperationen.json`)).json();
		await first.stop();
		const second = await startApp({}, dbFile);
		try {
			expect(second.log()).not.toContain('Migrationen ausgeführt');
			expect(second.log()).toContain('Kooperationen: 0 neu, 0 geändert, 0 entfernt, 103 unverändert');
			const after = await (await fetch(`${second.url}/kooperationen.json`)).json();
			expect(after.total).toBe(before.total);
			expect(after.total).toBe(103);
		} finally {
			await second.stop();
		}
	});

	it('npm run data:load applies a changed data file and reports the change', () => {
		const dataDir = path.join(dir, 'data');
		fs.cpSync('data', dataDir, { recursive: true });
		const file = path.join(dataDir, 'kreis-unna/cooperations-kommunen.yaml');
		fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('title: Sparkassenzweckverband', 'title: Sparkassenzweckverband Lünen-Selm-Werne'));
		const out = execFileSync('npm', ['run', '--silent', 'data:load'], {
			env: { ...process.env, DATABASE_URL: `file:${dbFile}`, DATA_DIR: dataDir },
			encoding: 'utf8'
		});
		expect(out).toContain('Kooperationen: 0 neu, 1 geändert, 0 entfernt, 102 unverändert');
		expect(out).toContain('~ kommunen-55');
	});
});

describe('security headers', () => {
	it.each(['/', '/kooperationen?q=rettung', '/kooperationen/kreis-38', '/koerperschaften/kamen', '/kooperationen.json', '/kooperationen.csv', '/gibt-es-nicht'])('%s', async (p) => {
		const res = await get(p);
		const h = res.headers;
		expect(h.get('x-content-type-options')).toBe('nosniff');
		expect(h.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
		expect(h.get('x-frame-options')).toBe('DENY');
		const csp = h.get('content-security-policy') ?? '';
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).not.toContain('unsafe-inline');
		expect(csp).not.toContain('unsafe-eval');
		expect(h.get('strict-transport-security')).toBeNull(); // plain http here
	});
});

describe('JSON and CSV from the same query', () => {
	it('JSON gives the page, facets and totals of the HTML result', async () => {
		const qs = 'q=rettung&partner=unna';
		const data = await (await get(`/kooperationen.json?${qs}`)).json();
		expect(data.total).toBeGreaterThan(0);
		expect(data.items.every((i: { partners: { id: string }[] }) => i.partners.some((p) => p.id === 'unna'))).toBe(true);
		expect(data.facets.partner.find((f: { value: string }) => f.value === 'unna').count).toBe(data.total);
		const html = await (await get(`/kooperationen?${qs}`)).text();
		expect(html).toContain(`${data.total} Kooperation`);
		for (const item of data.items) expect(html).toContain(`/kooperationen/${item.id}"`);
	});

	it('CSV holds every row of the result, UTF-8 with BOM, comma or semicolon', async () => {
		const all = await (await get('/kooperationen.json?liste=kommunen&alle=1')).json();
		const res = await get('/kooperationen.csv?liste=kommunen&trenner=semikolon');
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toContain('attachment');
		const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
		expect(text.charCodeAt(0)).toBe(0xfeff);
		const lines = text.slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toBe('Liste;Nr.;Aufgabenbereich;Partner;Aufgabenerledigung durch;Rechtsform;Rechtsform (Quelle);seit;bis;Status;Themenfeld;Org.;ID;Quelle');
		expect(lines).toHaveLength(all.total + 1);
		expect(text).toContain('Fröndenberg/Ruhr');
		const comma = await (await get('/kooperationen.csv?liste=kommunen')).text();
		expect(comma).toContain('Liste,Nr.,Aufgabenbereich');
	});

	it('bodies as JSON', async () => {
		const data = await (await get('/koerperschaften.json')).json();
		const kamen = data.items.find((b: { id: string }) => b.id === 'kamen');
		expect(kamen).toMatchObject({ name: 'Kamen', ags: '05978020', kind: 'stadt' });
		expect(kamen.cooperations).toBeGreaterThan(20);
		const filtered = await (await get('/koerperschaften.json?q=kreis&art=kreis')).json();
		expect(filtered.items.every((b: { kind: string }) => b.kind === 'kreis')).toBe(true);
		expect(filtered.items.map((b: { id: string }) => b.id)).toContain('kreis-unna');
		const csv = await (await get('/koerperschaften.csv?q=kreis&art=kreis&trenner=semikolon')).text();
		expect(csv.trimEnd().split('\r\n')).toHaveLength(filtered.total + 1);
		expect(csv).toContain('Kreis Unna;Kreis;');
	});
});

describe('errors', () => {
	it('unknown records give a German 404 page', async () => {
		for (const p of ['/kooperationen/kreis-999', '/koerperschaften/atlantis', '/kooperationen/..%2F..%2Fetc']) {
			const res = await get(p);
			expect(res.status).toBe(404);
			expect(await res.text()).toContain('gibt es nicht');
		}
	});
	it('hostile query input is handled, not executed', async () => {
		const res = await get('/kooperationen?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E&jahr=abc&seite=-5&partner=%27%3B+DROP+TABLE+body%3B--');
		expect(res.status).toBe(200);
		const html = await res.text();
		expect(html).not.toContain('<script>alert(1)</script>');
		expect(html).toContain('&lt;script>alert(1)&lt;/script>');
		const still = await (await get('/koerperschaften.json')).json();
		expect(still.total).toBeGreaterThan(70);
	});
});
