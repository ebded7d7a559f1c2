/**
 * Session rules over HTTP against the built app (issue 3, item 1): the `__Host-` cookie and its
 * attributes, a new session id at every login, logout that ends the session on the server, a
 * disabled account losing its sessions at once, login throttling per account, and no secrets in
 * the audit log. Timeouts are covered with an injected clock in tests/integration.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { openDatabase } from '../../src/lib/server/db/connect';
import { setDisabled } from '../../src/lib/server/auth/users';
import { startApp, type RunningApp } from './app-server';
import { PASSWORD, seedDatabase, type Seeded } from './seed-users';

let app: RunningApp;
let seeded: Seeded;
beforeAll(async () => {
	seeded = await seedDatabase();
	app = await startApp({ LOGIN_MAX_FAILURES_ACCOUNT: '3' }, seeded.database);
}, 120_000);
afterAll(async () => {
	await app?.stop();
	if (seeded) fs.rmSync(seeded.dir, { recursive: true, force: true });
});

async function login(email: string, password: string, cookie?: string) {
	return fetch(`${app.url}/anmelden`, {
		method: 'POST', redirect: 'manual',
		headers: { accept: 'text/html', origin: app.url, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
		body: new URLSearchParams({ email, password, ziel: '/konto' }).toString()
	});
}
const tokenOf = (res: Response) => /__Host-ikz-sitzung=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1] ?? null;
const asUser = (token: string) => ({ cookie: `__Host-ikz-sitzung=${token}` });
async function whoAmI(token: string): Promise<number> {
	return (await fetch(`${app.url}/konto`, { headers: asUser(token), redirect: 'manual' })).status;
}

describe('login and the session cookie', () => {
	it('sets a __Host- cookie that is Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain', async () => {
		const res = await login('mitglied@kamen.de', PASSWORD);
		expect(res.status).toBe(303);
		expect(res.headers.get('location')).toBe('/konto');
		const c = res.headers.get('set-cookie') ?? '';
		expect(c).toMatch(/^__Host-ikz-sitzung=/);
		expect(c).toMatch(/;\s*Secure/i);
		expect(c).toMatch(/;\s*HttpOnly/i);
		expect(c).toMatch(/;\s*SameSite=Lax/i);
		expect(c).toMatch(/;\s*Path=\//i);
		expect(c).not.toMatch(/Domain=/i);
		expect(await whoAmI(tokenOf(res)!)).toBe(200);
	});

	it('issues a new session id at login instead of keeping one the browser brought along', async () => {
		const old = seeded.users.member.token;
		const res = await login('mitglied@kamen.de', PASSWORD, `__Host-ikz-sitzung=${old}`);
		const fresh = tokenOf(res)!;
		expect(fresh).toBeTruthy();
		expect(fresh).not.toBe(old);
		expect(await whoAmI(old)).toBe(303);
		expect(await whoAmI(fresh)).toBe(200);
	});

	it('an invented session id gives no access', async () => {
		expect(await whoAmI('erfunden-1234567890')).toBe(303);
	});

	it('logout ends the session on the server, not only in the browser', async () => {
		const token = tokenOf(await login('redaktion@kamen.de', PASSWORD))!;
		expect(await whoAmI(token)).toBe(200);
		const out = await fetch(`${app.url}/abmelden`, { method: 'POST', redirect: 'manual', headers: { ...asUser(token), accept: 'text/html', origin: app.url, 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
		expect(out.status).toBe(303);
		expect(out.headers.get('set-cookie')).toMatch(/__Host-ikz-sitzung=;/);
		// The old cookie replayed: the server no longer knows it.
		expect(await whoAmI(token)).toBe(303);
	});

	it('disabling an account ends its sessions at once', async () => {
		const token = tokenOf(await login('redaktion@boenen.de', PASSWORD))!;
		expect(await whoAmI(token)).toBe(200);
		const h = openDatabase(seeded.database);
		await setDisabled(h.db, seeded.users.editorBoenen.id, true);
		await h.close();
		expect(await whoAmI(token)).toBe(303);
		expect(await whoAmI(seeded.users.editorBoenen.token)).toBe(303);
		const again = await login('redaktion@boenen.de', PASSWORD);
		expect(again.status).toBe(400);
	});
});

describe('throttling', () => {
	it('locks an account after the configured failures, even for the right password, and says until when', async () => {
		for (let i = 0; i < 2; i++) {
			const r = await login('steuerung@kreis-unna.de', 'falsch falsch falsch');
			expect(r.status).toBe(400);
			expect(await r.text()).toContain('E-Mail-Adresse oder Passwort sind nicht richtig');
		}
		const third = await login('steuerung@kreis-unna.de', 'falsch falsch falsch');
		expect(third.status).toBe(429);
		const right = await login('steuerung@kreis-unna.de', PASSWORD);
		expect(right.status).toBe(429);
		expect(await right.text()).toContain('Zu viele Fehlversuche');
		// Another account from the same address is not locked by this.
		expect((await login('admin@kreis-unna.de', PASSWORD)).status).toBe(303);
	});

	it('an unknown login name is throttled the same way, so a lock tells nothing about accounts', async () => {
		for (let i = 0; i < 3; i++) await login('gibtesnicht@kamen.de', 'irgendwas irgendwas');
		expect((await login('gibtesnicht@kamen.de', 'irgendwas irgendwas')).status).toBe(429);
	});

	it('the audit log records failed logins without passwords or session ids', async () => {
		const csv = await (await fetch(`${app.url}/verwaltung/protokoll.csv`, { headers: asUser(seeded.users.administrator.token) })).text();
		expect(csv).toContain('anmeldung');
		expect(csv).toContain('gibtesnicht@kamen.de');
		expect(csv).not.toContain('falsch falsch falsch');
		expect(csv).not.toContain(PASSWORD);
		for (const u of Object.values(seeded.users)) expect(csv).not.toContain(u.token);
	});
});
