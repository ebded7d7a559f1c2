/**
 * The services behind the administration area, on a real SQLite database with the Kreis Unna
 * data: the review setting per region, accounts (validation, setup links, passwords, login
 * throttling, disabling), sessions (idle and absolute timeouts) and the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { reviewRequired, setReviewRequired } from '../../src/lib/server/registry/region-settings';
import {
	completeSetup, createSetupToken, createUser, passwordLogin, setDisabled, updateUser, userOfSetupToken, validateNewUser, type NewUser
} from '../../src/lib/server/auth/users';
import { actorOfSession, createSession } from '../../src/lib/server/auth/session';
import { audit, auditActions, readAudit } from '../../src/lib/server/auth/audit';
import { verifyPassword } from '../../src/lib/server/auth/password';
import { tokenHash } from '../../src/lib/server/auth/tokens';
import { readSettings } from '../../src/lib/server/settings';
import type { Actor } from '../../src/lib/server/auth/policy';
import { toCsv } from '../../src/lib/server/registry/present';
import { presentAudit, protocolQuery } from '../../src/lib/server/auth/audit-view';

let h: Awaited<ReturnType<typeof loadedDatabase>>;
const settings = readSettings({});
const LIMITS = { maxAccount: settings.LOGIN_MAX_FAILURES_ACCOUNT, maxAddress: settings.LOGIN_MAX_FAILURES_ADDRESS, lockMinutes: settings.LOGIN_LOCK_MINUTES };
const SESSION = { idleMinutes: settings.SESSION_IDLE_MINUTES, maxHours: settings.SESSION_MAX_HOURS };
const MIN = settings.PASSWORD_MIN_LENGTH;
const GOOD = 'Lindenblüte am Seseke-Ufer 7';
const T0 = new Date('2026-03-02T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let serial = 0;
/** A new account with a password set through its setup link. */
async function userWithPassword(role: NewUser['role'] = 'editor', bodyId = 'kamen'): Promise<{ id: string; email: string }> {
	const email = `person${++serial}@kamen.de`;
	const id = await createUser(h.db, { email, name: `Person ${serial}`, role, bodyId }, T0);
	const token = await createSetupToken(h.db, id, 72, T0);
	const done = await completeSetup(h.db, token, GOOD, MIN, T0);
	expect(done).toEqual({ problems: [], userId: id });
	return { id, email };
}
const sessionCount = async (userId: string) =>
	Number((await h.db.selectFrom('session').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', userId).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
	h = await loadedDatabase();
});
afterAll(async () => h.close());

describe('region settings: review of editors\' changes', () => {
	it('is off by default and can be switched on and off per region', async () => {
		expect(await reviewRequired(h.db, 'kreis-unna')).toBe(false);
		await setReviewRequired(h.db, 'kreis-unna', true);
		expect(await reviewRequired(h.db, 'kreis-unna')).toBe(true);
		expect(await reviewRequired(h.db, 'kreis-soest')).toBe(false);
		const rows = await h.db.selectFrom('region_setting').selectAll().where('region_id', '=', 'kreis-unna').execute();
		expect(rows).toEqual([{ region_id: 'kreis-unna', key: 'review_required', value: 'true' }]);
		await setReviewRequired(h.db, 'kreis-unna', false);
		expect(await reviewRequired(h.db, 'kreis-unna')).toBe(false);
		expect(await h.db.selectFrom('region_setting').select('value').where('region_id', '=', 'kreis-unna').execute()).toEqual([{ value: 'false' }]);
	});
});

describe('accounts: validation of a new person', () => {
	const valid: NewUser = { email: 'neu@kamen.de', name: 'Neue Person', role: 'editor', bodyId: 'kamen' };

	it('accepts a complete entry', async () => {
		expect(await validateNewUser(h.db, valid)).toEqual({});
	});

	it('names each problem in German', async () => {
		const errors = await validateNewUser(h.db, { email: 'keine-adresse', name: '  ', role: 'chef' as NewUser['role'], bodyId: null });
		expect(errors.email).toMatch(/gültige E-Mail-Adresse/);
		expect(errors.name).toBe('Bitte den Namen angeben.');
		expect(errors.role).toBe('Bitte eine Rolle wählen.');
		expect(errors.body).toMatch(/Bitte die Körperschaft wählen/);
		expect((await validateNewUser(h.db, { ...valid, bodyId: 'atlantis' })).body).toBe('Diese Körperschaft gibt es nicht.');
		expect((await validateNewUser(h.db, { ...valid, name: 'x'.repeat(201) })).name).toMatch(/höchstens 200 Zeichen/);
	});

	it('refuses an e-mail address that already has an account, whatever its case', async () => {
		await createUser(h.db, { ...valid, email: 'Doppelt@Kamen.de' });
		expect((await validateNewUser(h.db, { ...valid, email: 'doppelt@kamen.DE ' })).email).toBe('Für diese E-Mail-Adresse gibt es schon ein Konto.');
		// Editing an existing account does not trip over its own address.
		expect(await validateNewUser(h.db, { ...valid, email: 'doppelt@kamen.de' }, 'any-id')).toEqual({});
	});
});

describe('accounts: setup link and password', () => {
	it('sets an argon2id password once; the link then stops working', async () => {
		const id = await createUser(h.db, { email: 'Setup@Kamen.de', name: 'Sabine Setup', role: 'editor', bodyId: 'kamen' }, T0);
		const stored = await h.db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(stored.email).toBe('setup@kamen.de');
		expect(stored.password_hash).toBeNull();
		const token = await createSetupToken(h.db, id, 72, T0);
		// Only the token's hash is stored.
		const tokens = await h.db.selectFrom('one_time_token').selectAll().where('user_id', '=', id).execute();
		expect(tokens.map((t) => t.token_hash)).toEqual([tokenHash(token)]);
		expect(JSON.stringify(tokens)).not.toContain(token);

		expect(await completeSetup(h.db, token, GOOD, MIN, at(10))).toEqual({ problems: [], userId: id });
		const hash = (await h.db.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash!;
		expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
		expect(hash).not.toContain(GOOD);
		expect(await verifyPassword(GOOD, hash)).toBe(true);
		expect(await verifyPassword('Lindenblüte am Seseke-Ufer 8', hash)).toBe(false);

		const again = await completeSetup(h.db, token, 'Ein ganz anderes Passwort 42', MIN, at(11));
		expect(again.userId).toBeUndefined();
		expect(again.problems).toEqual(['Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.']);
		expect(await verifyPassword(GOOD, (await h.db.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash)).toBe(true);
	});

	it('expires after the given hours, and a new link replaces the old one', async () => {
		const id = await createUser(h.db, { email: 'ablauf@kamen.de', name: 'Anton Ablauf', role: 'member', bodyId: 'kamen' }, T0);
		const old = await createSetupToken(h.db, id, 72, T0);
		const fresh = await createSetupToken(h.db, id, 72, T0);
		expect((await completeSetup(h.db, old, GOOD, MIN, at(1))).problems).toEqual(['Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.']);
		expect(await userOfSetupToken(h.db, fresh, at(72 * 60 - 1))).not.toBeNull();
		expect(await userOfSetupToken(h.db, fresh, at(72 * 60 + 1))).toBeNull();
		const late = await completeSetup(h.db, fresh, GOOD, MIN, at(72 * 60 + 1));
		expect(late.userId).toBeUndefined();
		expect(late.problems).toEqual(['Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt.']);
	});

	it('refuses common and too short passwords in German, and keeps the link usable', async () => {
		const id = await createUser(h.db, { email: 'regeln@kamen.de', name: 'Rita Regel', role: 'editor', bodyId: 'kamen' }, T0);
		const token = await createSetupToken(h.db, id, 72, T0);
		const common = await completeSetup(h.db, token, 'passwort123456', MIN, at(1));
		expect(common.userId).toBeUndefined();
		expect(common.problems).toEqual(['Dieses Passwort ist zu verbreitet und steht auf Listen, die bei Angriffen zuerst probiert werden.']);
		const short = await completeSetup(h.db, token, 'Kurz 1', MIN, at(2));
		expect(short.problems).toEqual([`Das Passwort muss mindestens ${MIN} Zeichen lang sein.`]);
		const personal = await completeSetup(h.db, token, 'ritaregel2026', MIN, at(3));
		expect(personal.problems.join(' ')).toMatch(/Namen, Ihrer E-Mail-Adresse/);
		expect((await h.db.selectFrom('app_user').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash).toBeNull();
		expect((await completeSetup(h.db, token, GOOD, MIN, at(4))).userId).toBe(id);
	});
});

describe('accounts: password login and throttling', () => {
	it('lets the right password in and refuses a wrong one', async () => {
		const u = await userWithPassword();
		const ok = await passwordLogin(h.db, u.email.toUpperCase(), GOOD, '192.0.2.1', LIMITS, at(5));
		expect(ok).toEqual({ ok: true, userId: u.id });
		expect((await h.db.selectFrom('app_user').select('last_login_at').where('id', '=', u.id).executeTakeFirstOrThrow()).last_login_at).toBe(at(5).toISOString());
		expect(await passwordLogin(h.db, u.email, 'falsches Passwort', '192.0.2.1', LIMITS, at(6))).toEqual({ ok: false, reason: 'invalid', until: undefined });
		expect(await passwordLogin(h.db, 'niemand@kamen.de', GOOD, '192.0.2.1', LIMITS, at(6))).toMatchObject({ ok: false, reason: 'invalid' });
	});

	it(`locks an account after ${LIMITS.maxAccount} failures, even for the right password and from another address`, async () => {
		const u = await userWithPassword();
		for (let i = 1; i < LIMITS.maxAccount; i++) {
			expect(await passwordLogin(h.db, u.email, `falsch ${i}`, `198.51.100.${i}`, LIMITS, at(i))).toMatchObject({ ok: false, reason: 'invalid' });
		}
		const last = await passwordLogin(h.db, u.email, 'noch einmal falsch', '198.51.100.99', LIMITS, at(LIMITS.maxAccount));
		expect(last).toMatchObject({ ok: false, reason: 'locked' });
		expect(await passwordLogin(h.db, u.email, GOOD, '203.0.113.50', LIMITS, at(LIMITS.maxAccount + 1))).toMatchObject({ ok: false, reason: 'locked' });
		// After the lock period the right password works again.
		expect(await passwordLogin(h.db, u.email, GOOD, '203.0.113.50', LIMITS, at(LIMITS.maxAccount + LIMITS.lockMinutes + 1))).toEqual({ ok: true, userId: u.id });
	});

	it(`locks an address after ${LIMITS.maxAddress} failures, also for other accounts' right passwords`, async () => {
		const u = await userWithPassword();
		const address = '203.0.113.7';
		for (let i = 0; i < LIMITS.maxAddress; i++) {
			await passwordLogin(h.db, `versuch${i}@kamen.de`, 'irgendwas', address, LIMITS, at(1));
		}
		expect(await passwordLogin(h.db, u.email, GOOD, address, LIMITS, at(2))).toMatchObject({ ok: false, reason: 'locked' });
		expect(await passwordLogin(h.db, u.email, GOOD, '203.0.113.8', LIMITS, at(2))).toEqual({ ok: true, userId: u.id });
	});
});

describe('accounts and sessions', () => {
	it('a session names the actor with body and region', async () => {
		const u = await userWithPassword('editor', 'kamen');
		const token = await createSession(h.db, u.id, SESSION, T0);
		const { actor, valid } = await actorOfSession(h.db, token, SESSION, at(1));
		expect(valid).toBe(true);
		expect(actor).toMatchObject({ role: 'editor', userId: u.id, email: u.email, bodyId: 'kamen', regionId: 'kreis-unna' });
		expect((await actorOfSession(h.db, 'ein-erfundenes-token', SESSION, at(1))).valid).toBe(false);
	});

	it('disabling ends every session at once and stops logins; enabling allows them again', async () => {
		const u = await userWithPassword();
		const a = await createSession(h.db, u.id, SESSION, T0);
		const b = await createSession(h.db, u.id, SESSION, T0);
		expect(await sessionCount(u.id)).toBe(2);
		const link = await createSetupToken(h.db, u.id, 72, T0);
		await setDisabled(h.db, u.id, true, at(1));
		expect(await sessionCount(u.id)).toBe(0);
		expect((await actorOfSession(h.db, a, SESSION, at(2))).valid).toBe(false);
		expect((await actorOfSession(h.db, b, SESSION, at(2))).actor.role).toBe('visitor');
		expect(await userOfSetupToken(h.db, link, at(2))).toBeNull();
		expect(await passwordLogin(h.db, u.email, GOOD, '192.0.2.77', LIMITS, at(3))).toMatchObject({ ok: false, reason: 'invalid' });
		await setDisabled(h.db, u.id, false, at(4));
		expect(await passwordLogin(h.db, u.email, GOOD, '192.0.2.77', LIMITS, at(5))).toEqual({ ok: true, userId: u.id });
	});

	it('a change of role or body ends the sessions, a change of name does not', async () => {
		const u = await userWithPassword('editor', 'kamen');
		const token = await createSession(h.db, u.id, SESSION, T0);
		await updateUser(h.db, u.id, { role: 'editor', bodyId: 'kamen', name: 'Neuer Name' }, at(1));
		expect((await actorOfSession(h.db, token, SESSION, at(2))).actor.name).toBe('Neuer Name');
		await updateUser(h.db, u.id, { role: 'coordinator', bodyId: 'kamen', name: 'Neuer Name' }, at(3));
		expect((await actorOfSession(h.db, token, SESSION, at(4))).valid).toBe(false);
		const second = await createSession(h.db, u.id, SESSION, at(5));
		await updateUser(h.db, u.id, { role: 'coordinator', bodyId: 'bergkamen', name: 'Neuer Name' }, at(6));
		expect((await actorOfSession(h.db, second, SESSION, at(7))).valid).toBe(false);
	});

	it('ends a session after the idle timeout', async () => {
		const u = await userWithPassword();
		const token = await createSession(h.db, u.id, SESSION, T0);
		expect((await actorOfSession(h.db, token, SESSION, at(SESSION.idleMinutes - 1))).valid).toBe(true);
		// The request above counted as activity; idle time runs from there.
		expect((await actorOfSession(h.db, token, SESSION, at(2 * SESSION.idleMinutes - 2))).valid).toBe(true);
		expect((await actorOfSession(h.db, token, SESSION, at(3 * SESSION.idleMinutes))).valid).toBe(false);
		// Gone for good, even if asked at an earlier time again.
		expect((await actorOfSession(h.db, token, SESSION, at(1))).valid).toBe(false);
	});

	it('ends an active session after the absolute timeout', async () => {
		const u = await userWithPassword();
		const limits = { idleMinutes: 60, maxHours: 2 };
		const token = await createSession(h.db, u.id, limits, T0);
		for (let m = 50; m <= 100; m += 50) expect((await actorOfSession(h.db, token, limits, at(m))).valid).toBe(true);
		expect((await actorOfSession(h.db, token, limits, at(119))).valid).toBe(true);
		expect((await actorOfSession(h.db, token, limits, at(121))).valid).toBe(false);
	});
});

describe('audit log', () => {
	const anna: Actor = { role: 'coordinator', userId: 'anna-1', name: 'Anna Audit', email: 'anna@kreis-unna.de', bodyId: 'kreis-unna', regionId: 'kreis-unna' };
	const bernd: Actor = { role: 'editor', userId: 'bernd-1', name: 'Bernd Beispiel', email: 'bernd@kamen.de', bodyId: 'kamen', regionId: 'kreis-unna' };

	it('drops detail keys that look like secrets and keeps the rest', async () => {
		await audit(h.db, anna, {
			action: 'test.geheim', entity: 'user', entityId: 'geheim-1',
			detail: { role: 'editor', password: 'x', newPassword: 'y', token: 'z', setupToken: 'z', sessionId: 's', cookie: 'c', passwordHash: 'h', secret: 'q', apiSecret: 'q', ok: true }
		}, T0);
		const [row] = (await readAudit(h.db, { action: 'test.geheim' })).rows;
		expect(JSON.parse(row!.detail!)).toEqual({ role: 'editor', ok: true });
		expect(row).toMatchObject({ actor_id: 'anna-1', actor_label: 'Anna Audit <anna@kreis-unna.de>', outcome: 'ok', entity: 'user', entity_id: 'geheim-1', at: T0.toISOString() });

		await audit(h.db, null, { action: 'test.nur-geheim', outcome: 'failed', actorLabel: 'versuch@kamen.de', detail: { token: 'abc', session: 'def' } }, T0);
		const [only] = (await readAudit(h.db, { action: 'test.nur-geheim' })).rows;
		expect(only).toMatchObject({ detail: null, actor_id: null, actor_label: 'versuch@kamen.de', outcome: 'failed' });
	});

	it('filters by action, outcome, actor, record and time; newest first, paged', async () => {
		const day = (d: number, hour = 12) => new Date(Date.UTC(2026, 4, d, hour));
		await audit(h.db, anna, { action: 'filter.a', entity: 'cooperation', entityId: 'k-1' }, day(1));
		await audit(h.db, bernd, { action: 'filter.a', entity: 'cooperation', entityId: 'k-2' }, day(2));
		await audit(h.db, bernd, { action: 'filter.b', outcome: 'refused', entity: 'cooperation', entityId: 'k-1' }, day(3));
		await audit(h.db, anna, { action: 'filter.b', outcome: 'failed' }, day(4));

		const byAction = await readAudit(h.db, { action: 'filter.a' });
		expect(byAction.total).toBe(2);
		expect(byAction.rows.map((r) => r.entity_id)).toEqual(['k-2', 'k-1']);
		expect((await readAudit(h.db, { action: 'filter.b', outcome: 'refused' })).rows.map((r) => r.actor_id)).toEqual(['bernd-1']);
		expect((await readAudit(h.db, { actor: 'BERND', action: 'filter.b' })).total).toBe(1);
		// Wildcards typed by a user are not wildcards.
		expect((await readAudit(h.db, { actor: '%', action: 'filter.a' })).total).toBe(2);
		expect((await readAudit(h.db, { actor: 'niemand', action: 'filter.a' })).total).toBe(0);
		expect((await readAudit(h.db, { entityId: 'k-1' })).rows.map((r) => r.action)).toEqual(['filter.b', 'filter.a']);
		const window = await readAudit(h.db, { from: day(2, 0).toISOString(), to: day(4, 0).toISOString() });
		expect(window.rows.map((r) => `${r.action}/${r.entity_id}`)).toEqual(['filter.b/k-1', 'filter.a/k-2']);
		const page2 = await readAudit(h.db, { from: day(1, 0).toISOString(), to: day(5, 0).toISOString(), limit: 3, offset: 3 });
		expect(page2.total).toBe(4);
		expect(page2.rows.map((r) => r.at)).toEqual([day(1).toISOString()]);
		const actions = await auditActions(h.db);
		expect(actions).toEqual(expect.arrayContaining(['filter.a', 'filter.b', 'test.geheim']));
		expect(actions).toEqual([...actions].sort());
		expect(new Set(actions).size).toBe(actions.length);
	});
});

describe('the protocol page: filter parameters and CSV', () => {
	it('reads Berlin calendar days, the "bis" day included, also across the summer time switch', () => {
		const q = protocolQuery(new URLSearchParams('von=2026-03-29&bis=2026-03-29&ergebnis=refused&aktion=anmeldung&person=anna&kennung=k-1&seite=3'));
		expect(q.filter).toEqual({
			action: 'anmeldung', outcome: 'refused', actor: 'anna', entityId: 'k-1',
			from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z'
		});
		expect(q.page).toBe(3);
		expect(protocolQuery(new URLSearchParams('von=2026-07-01&bis=2026-12-31')).filter).toMatchObject({
			from: '2026-06-30T22:00:00.000Z', to: '2026-12-31T23:00:00.000Z'
		});
	});

	it('drops invalid values instead of failing', () => {
		const q = protocolQuery(new URLSearchParams('von=2026-02-30&bis=morgen&ergebnis=vielleicht&seite=-4'));
		expect(q.filter).toEqual({ action: undefined, outcome: undefined, actor: undefined, entityId: undefined, from: undefined, to: undefined });
		expect(q.values).toMatchObject({ von: '', bis: '', ergebnis: '' });
		expect(q.page).toBe(1);
	});

	it('shows times in Berlin and neutralises formula-like cells in the CSV', async () => {
		await audit(h.db, null, { action: 'anmeldung', outcome: 'failed', actorLabel: '=HYPERLINK("http://example.org")', detail: { reason: 'invalid' } }, new Date('2026-07-01T10:05:00Z'));
		const { rows } = await readAudit(h.db, protocolQuery(new URLSearchParams('von=2026-07-01&bis=2026-07-01')).filter);
		const shown = rows.map(presentAudit);
		expect(shown).toHaveLength(1);
		expect(shown[0]).toMatchObject({ local: '01.07.2026, 12:05:00', outcomeLabel: 'fehlgeschlagen', detail: 'reason: invalid' });
		const csv = toCsv(['Zeit', 'Person'], shown.map((r) => [r.at, r.actor]), ';');
		expect(csv.startsWith('\uFEFFZeit;Person\r\n')).toBe(true);
		expect(csv).toContain(`2026-07-01T10:05:00.000Z;"'=HYPERLINK(""http://example.org"")"`);
	});
});
