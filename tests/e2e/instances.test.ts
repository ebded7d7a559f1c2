/**
 * Several instances (issue 8, item 2): two built app processes on one PostgreSQL database. An edit
 * through one is visible through the other at once (search included), a session made on one works
 * on the other, and failed logins are counted across both. Needs a PostgreSQL server
 * (TEST_POSTGRES_URL; .ci/run starts one); without it the test is skipped with a loud message on a
 * developer machine and fails in CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startApp, type RunningApp } from './app-server';
import { openDatabase, type DatabaseHandle } from '../../src/lib/server/db/connect';
import { createUser } from '../../src/lib/server/auth/users';
import { hashPassword } from '../../src/lib/server/auth/password';
import { createApiToken } from '../../src/lib/server/api/tokens';
import { PASSWORD } from './seed-users';

const server = process.env.TEST_POSTGRES_URL;
if (!server) {
	const message = 'TEST_POSTGRES_URL ist nicht gesetzt: der Test mit zwei App-Instanzen auf PostgreSQL wird übersprungen.';
	if (process.env.CI === 'true') throw new Error(`${message} In CI ist das ein Fehler.`);
	console.warn(`\n!!! ${message}\n`);
}

const COOP = 'kommunen-12';

describe.skipIf(!server)('two app instances on one PostgreSQL database', () => {
	const name = `ikz_e2e_${randomBytes(4).toString('hex')}`;
	let admin: pg.Pool;
	let handle: DatabaseHandle;
	let a: RunningApp;
	let b: RunningApp;
	let token: string;

	beforeAll(async () => {
		admin = new pg.Pool({ connectionString: server, max: 1 });
		await admin.query(`CREATE DATABASE ${name}`);
		const url = new URL(server!);
		url.pathname = `/${name}`;
		// The first instance migrates and loads the data; the second starts on the same database.
		a = await startApp({ DATABASE_URL: url.href });
		b = await startApp({ DATABASE_URL: url.href });
		handle = openDatabase(url.href);
		const userId = await createUser(handle.db, { email: 'steuerung@kreis-unna.de', name: 'Steuerung', role: 'coordinator', bodyId: 'kreis-unna' });
		await handle.db.updateTable('app_user').set({ password_hash: await hashPassword(PASSWORD) }).where('id', '=', userId).execute();
		const t = await createApiToken(handle.db, userId, { name: 'Instanzen-Test', scopes: ['lesen', 'schreiben'], days: 1 });
		if (!t.ok) throw new Error(JSON.stringify(t.problems));
		token = t.token;
	}, 180_000);

	afterAll(async () => {
		await a?.stop();
		await b?.stop();
		await handle?.close();
		await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
		await admin?.end();
	});

	const login = (app: RunningApp, email: string, password: string) => fetch(`${app.url}/anmelden`, {
		method: 'POST', redirect: 'manual',
		headers: { origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password })
	});

	it('a session made on one instance works on the other, and logging out on it ends it for both', async () => {
		const res = await login(a, 'steuerung@kreis-unna.de', PASSWORD);
		expect(res.status).toBe(303);
		const cookie = /(__Host-ikz-sitzung=[^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
		expect(cookie).toBeTruthy();
		const onB = await fetch(`${b.url}/konto`, { headers: { cookie: cookie! }, redirect: 'manual' });
		expect(onB.status).toBe(200);
		expect(await onB.text()).toContain('steuerung@kreis-unna.de');
		const out = await fetch(`${b.url}/abmelden`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie!, origin: b.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
		expect(out.status).toBe(303);
		const onA = await fetch(`${a.url}/konto`, { headers: { cookie: cookie! }, redirect: 'manual' });
		expect(onA.status).toBe(303);
		expect(onA.headers.get('location')).toContain('/anmelden');
	});

	it('an edit through one instance is visible through the other at once, in the profile and the search', async () => {
		const word = `Instanzwechsel${randomBytes(3).toString('hex')}`;
		// The search index of B is built before the edit, so it must notice the change.
		expect((await (await fetch(`${b.url}/kooperationen.json?q=${word}`)).json()).total).toBe(0);
		const url = `${a.url}/api/v1/cooperations/${COOP}`;
		const got = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
		const current = (await got.json()) as { record: Record<string, unknown> };
		const put = await fetch(url, {
			method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': got.headers.get('etag')! },
			body: JSON.stringify({ ...current.record, notes: `Geändert über Instanz A: ${word}` })
		});
		expect(put.status).toBe(200);
		const profile = await (await fetch(`${b.url}/kooperationen/${COOP}`)).text();
		expect(profile).toContain(word);
		const found = (await (await fetch(`${b.url}/kooperationen.json?q=${word}`)).json()) as { total: number; items: { id: string }[] };
		expect(found.total).toBe(1);
		expect(found.items[0]!.id).toBe(COOP);
	});

	it('failed logins are counted across both instances', async () => {
		const email = 'niemand@example.org';
		// Five failures lock the account name (LOGIN_MAX_FAILURES_ACCOUNT), spread over both instances.
		const statuses: number[] = [];
		for (let i = 0; i < 5; i++) statuses.push((await login(i % 2 ? b : a, email, `falsch-${i}`)).status);
		expect(statuses).toEqual([400, 400, 400, 400, 429]);
		expect((await login(b, email, 'noch-einmal-falsch')).status).toBe(429);
		expect((await login(a, email, 'noch-einmal-falsch')).status).toBe(429);
	});
});
