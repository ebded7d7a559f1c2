/**
 * The smaller findings of issue 18 against the built app over HTTP, each a test that fails without
 * its fix: 400 instead of 500 for unreadable bodies and odd login targets, the import size limit
 * and the server's body limit giving one German answer, static files with the security headers,
 * /kooperationen/neu keeping its empty partner rows, and version histories without staff e-mail
 * addresses for members.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { startApp, type RunningApp } from './app-server';
import { PASSWORD, seedDatabase, type Seeded } from './seed-users';
import { formEntries } from '../support/form-entries';

// A small import limit, so that the uploads of the test stay small; scripts/serve.js derives the
// server's BODY_SIZE_LIMIT from it.
const IMPORT_MAX_BYTES = 200_000;

describe('robustness findings (issue 18)', () => {
	let seeded: Seeded;
	let app: RunningApp;
	beforeAll(async () => {
		seeded = await seedDatabase();
		app = await startApp({ IMPORT_MAX_BYTES: String(IMPORT_MAX_BYTES) }, seeded.database);
	}, 180_000);
	afterAll(async () => {
		await app?.stop();
		if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
	});

	const cookieOf = (who: keyof Seeded['users']) => `__Host-ikz-sitzung=${seeded.users[who].token}`;
	const post = (path: string, body: BodyInit, headers: Record<string, string> = {}) =>
		fetch(`${app.url}${path}`, { method: 'POST', redirect: 'manual', body, headers: { origin: app.url, accept: 'text/html', ...headers } });

	it('answers 400, not 500, to a text/plain or broken multipart body for the setup link and the login', async () => {
		const cases: [string, string, string][] = [
			['/einrichtung/abcdef0123456789', 'text/plain;charset=UTF-8', 'password=x'],
			['/einrichtung/abcdef0123456789', 'multipart/form-data; boundary=zz', '--zz\r\nContent-Disposition: form-data; name="password"\r\n\r\nx'],
			['/einrichtung/abcdef0123456789', 'multipart/form-data', 'password=x'],
			['/anmelden', 'multipart/form-data', 'email=a%40b.de&password=x'],
			['/anmelden', 'text/plain', 'email=a@b.de'],
			['/kooperationen/neu?/speichern', 'multipart/form-data; boundary=', '--\r\n']
		];
		for (const [path, type, body] of cases) {
			const res = await post(path, body, { 'content-type': type, ...(path.startsWith('/kooperationen') ? { cookie: cookieOf('editorKamen') } : {}) });
			expect(res.status, `${path} ${type}`).toBe(400);
			const html = await res.text();
			expect(html).toContain('Die gesendeten Formulardaten sind nicht lesbar');
		}
	});

	it('answers 404, not 500, for a proposal id that is no number (PostgreSQL refused NaN for an integer column)', async () => {
		for (const id of ['x', 'vCZ%7D%2F', '1e3', '0', '99999999999', '-1']) {
			const res = await fetch(`${app.url}/vorschlaege/${id}`, { redirect: 'manual', headers: { cookie: cookieOf('coordinator'), accept: 'text/html' } });
			expect(res.status, id).toBe(404);
		}
	});

	it('follows a login target with control characters nowhere but to /konto (303, no error page)', async () => {
		for (const ziel of ['/kooperationen\r\nSet-Cookie: x=y', '/\t/evil.example', '/kooperationen\u0000', '/wissen\u2028x', '/ä']) {
			const res = await post('/anmelden', new URLSearchParams({ email: seeded.users.member.email, password: PASSWORD, ziel }), { 'content-type': 'application/x-www-form-urlencoded' });
			expect(res.status, JSON.stringify(ziel)).toBe(303);
			expect(res.headers.get('location')).toBe('/konto');
		}
		const ok = await post('/anmelden', new URLSearchParams({ email: seeded.users.member.email, password: PASSWORD, ziel: '/kooperationen?q=sch%C3%BCle' }), { 'content-type': 'application/x-www-form-urlencoded' });
		expect(ok.headers.get('location')).toBe('/kooperationen?q=sch%C3%BCle');
	});

	it('gives static files the security headers of pages', async () => {
		const page = await (await fetch(`${app.url}/`)).text();
		const asset = /\/_app\/immutable\/[^"']+\.(?:js|css)/.exec(page)?.[0];
		expect(asset).toBeDefined();
		for (const path of ['/favicon.svg', asset!]) {
			const res = await fetch(`${app.url}${path}`);
			expect(res.status, path).toBe(200);
			expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
			expect(res.headers.get('x-frame-options'), path).toBe('DENY');
			expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
			expect(res.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
			expect(res.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
		}
		// Pages keep their own CSP (scripts by hash), not the deny-all one of files.
		expect((await fetch(`${app.url}/`)).headers.get('content-security-policy')).toContain('script-src');
	});

	it('answers an import above the limit in German, whether the app or the server body limit catches it', async () => {
		const upload = (bytes: number) => {
			const form = new FormData();
			form.append('datei', new File([Buffer.alloc(bytes, 'a')], 'gross.csv', { type: 'text/csv' }));
			return post('/verwaltung/import?/hochladen', form, { cookie: cookieOf('coordinator') });
		};
		// Just above the import limit: the app's own check.
		const app1 = await upload(IMPORT_MAX_BYTES + 10_000);
		expect(app1.status).toBe(400);
		expect(await app1.text()).toMatch(/erlaubt sind höchstens 0,2 MB/);
		// Far above: the server's body limit; still German and naming the same limit.
		const big = await upload(IMPORT_MAX_BYTES * 4);
		expect(big.status).toBe(413);
		const text = await big.text();
		expect(text).not.toContain('Payload Too Large');
		expect(text).toContain('höchstens 0,2 MB');
	});

	it('keeps the empty partner rows of /kooperationen/neu after a validation error (4 stay 4)', async () => {
		const page = await (await fetch(`${app.url}/kooperationen/neu`, { headers: { cookie: cookieOf('editorKamen') } })).text();
		const entries = formEntries(page, '?/speichern');
		expect(entries.filter(([k]) => /^participants\.\d+\.body$/.test(k))).toHaveLength(4);
		// No title: a validation error.
		const res = await post('/kooperationen/neu?/speichern', new URLSearchParams(entries), { cookie: cookieOf('editorKamen'), 'content-type': 'application/x-www-form-urlencoded' });
		expect(res.status).toBe(400);
		const again = formEntries(await res.text(), '?/speichern');
		expect(again.filter(([k]) => /^participants\.\d+\.body$/.test(k)).map(([, v]) => v)).toEqual(['Kamen', '', '', '']);
	});

	it('shows name and function in version histories; e-mail addresses only to coordinators', async () => {
		const edit = await (await fetch(`${app.url}/kooperationen/kommunen-12/bearbeiten`, { headers: { cookie: cookieOf('coordinator') } })).text();
		const entries = formEntries(edit, '?/speichern').map(([k, v]): [string, string] => [k, k === 'notes' ? 'Geprüft in der Erhebung' : v]);
		const saved = await post('/kooperationen/kommunen-12/bearbeiten?/speichern', new URLSearchParams(entries), { cookie: cookieOf('coordinator'), 'content-type': 'application/x-www-form-urlencoded' });
		expect(saved.status).toBe(303);
		const coordinatorEmail = seeded.users.coordinator.email;
		const asMember = await (await fetch(`${app.url}/kooperationen/kommunen-12/historie`, { headers: { cookie: cookieOf('member') } })).text();
		expect(asMember).toContain('steuerung (Koordination (Steuerungsdienst), Kreis Unna)');
		expect(asMember).not.toContain(coordinatorEmail);
		const asEditor = await (await fetch(`${app.url}/kooperationen/kommunen-12/historie`, { headers: { cookie: cookieOf('editorKamen') } })).text();
		expect(asEditor).not.toContain(coordinatorEmail);
		const asCoordinator = await (await fetch(`${app.url}/kooperationen/kommunen-12/historie`, { headers: { cookie: cookieOf('coordinator') } })).text();
		expect(asCoordinator).toContain(coordinatorEmail);
	});
});
