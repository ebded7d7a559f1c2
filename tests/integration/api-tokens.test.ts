/**
 * API tokens and the rate limit (issue 8, item 4): only the SHA-256 of a token is stored, the
 * token acts with its user's current role, expiry / revocation / a disabled account end it, and
 * the per-minute counter in the database refuses request 121.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadedDatabase } from './helpers';
import { createUser } from '../../src/lib/server/auth/users';
import { checkTokenInput, createApiToken, listApiTokens, resolveApiToken, revokeApiToken, TOKEN_MAX_DAYS, TOKENS_PER_USER } from '../../src/lib/server/api/tokens';
import { API_RATE_PER_MINUTE, countRequest } from '../../src/lib/server/api/rate';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('API tokens', () => {
	it('are shown once and stored only as their SHA-256', async () => {
		const { db, close } = await loadedDatabase();
		const userId = await createUser(db, { email: 'redaktion@luenen.de', name: 'Redaktion Lünen', role: 'editor', bodyId: 'luenen' });
		const now = new Date('2026-11-26T10:00:00Z');
		const r = await createApiToken(db, userId, { name: 'Ratsinfo-Abgleich', scopes: ['lesen', 'schreiben'], days: 30 }, now);
		if (!r.ok) throw new Error(JSON.stringify(r.problems));
		expect(r.token).toMatch(/^ikz_[A-Za-z0-9_-]{43}$/);
		expect(r.expiresAt).toBe('2026-12-26T10:00:00.000Z');
		const rows = await db.selectFrom('api_token').selectAll().execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]!.token_hash).toBe(sha256(r.token));
		// The token itself appears in no column.
		expect(JSON.stringify(rows)).not.toContain(r.token.slice(4));
		const listed = await listApiTokens(db, userId, now);
		expect(listed).toEqual([expect.objectContaining({ id: r.id, name: 'Ratsinfo-Abgleich', scopes: ['lesen', 'schreiben'], revokedAt: null, expired: false })]);
		expect(JSON.stringify(listed)).not.toContain(rows[0]!.token_hash);
		await close();
	});

	it('resolve to the user as actor, with scopes; last use is written at most once a minute', async () => {
		const { db, close } = await loadedDatabase();
		const userId = await createUser(db, { email: 'steuerung@kreis-unna.de', name: 'Steuerung', role: 'coordinator', bodyId: 'kreis-unna' });
		const t0 = new Date('2026-11-26T10:00:00Z');
		const r = await createApiToken(db, userId, { name: 'Skript', scopes: ['lesen'], days: 90 }, t0);
		if (!r.ok) throw new Error('not created');
		const a = await resolveApiToken(db, r.token, new Date('2026-11-26T10:01:00Z'));
		expect(a?.actor).toMatchObject({ role: 'coordinator', userId, bodyId: 'kreis-unna', regionId: 'kreis-unna' });
		expect(a?.scopes).toEqual(['lesen']);
		const used1 = (await db.selectFrom('api_token').select('last_used_at').executeTakeFirstOrThrow()).last_used_at;
		expect(used1).toBe('2026-11-26T10:01:00.000Z');
		await resolveApiToken(db, r.token, new Date('2026-11-26T10:01:30Z'));
		expect((await db.selectFrom('api_token').select('last_used_at').executeTakeFirstOrThrow()).last_used_at).toBe(used1);
		await resolveApiToken(db, r.token, new Date('2026-11-26T10:02:31Z'));
		expect((await db.selectFrom('api_token').select('last_used_at').executeTakeFirstOrThrow()).last_used_at).toBe('2026-11-26T10:02:31.000Z');
		// A changed role applies at once: the token acts with the user's current rights.
		await db.updateTable('app_user').set({ role: 'member' }).where('id', '=', userId).execute();
		expect((await resolveApiToken(db, r.token, t0))?.actor.role).toBe('member');
		// Unknown, malformed or tampered tokens resolve to nothing.
		expect(await resolveApiToken(db, `${r.token.slice(0, -1)}${r.token.endsWith('A') ? 'B' : 'A'}`, t0)).toBeNull();
		expect(await resolveApiToken(db, 'ikz_kurz', t0)).toBeNull();
		expect(await resolveApiToken(db, r.token.slice(4), t0)).toBeNull();
		await close();
	});

	it('end at expiry, at revocation and when the account is disabled', async () => {
		const { db, close } = await loadedDatabase();
		const userId = await createUser(db, { email: 'mitglied@kamen.de', name: 'Mitglied', role: 'member', bodyId: 'kamen' });
		const other = await createUser(db, { email: 'mitglied@unna.de', name: 'Andere', role: 'member', bodyId: 'unna' });
		const t0 = new Date('2026-11-26T10:00:00Z');
		const expiring = await createApiToken(db, userId, { name: 'kurz', scopes: ['lesen'], days: 1 }, t0);
		const revoked = await createApiToken(db, userId, { name: 'widerrufen', scopes: ['lesen'], days: 10 }, t0);
		const disabled = await createApiToken(db, userId, { name: 'gesperrt', scopes: ['lesen'], days: 10 }, t0);
		if (!expiring.ok || !revoked.ok || !disabled.ok) throw new Error('not created');
		expect(await resolveApiToken(db, expiring.token, new Date('2026-11-27T09:59:59Z'))).not.toBeNull();
		expect(await resolveApiToken(db, expiring.token, new Date('2026-11-27T10:00:00Z'))).toBeNull();

		expect(await revokeApiToken(db, other, revoked.id)).toBe(false);
		expect(await resolveApiToken(db, revoked.token, t0)).not.toBeNull();
		expect(await revokeApiToken(db, userId, revoked.id, t0)).toBe(true);
		expect(await revokeApiToken(db, userId, revoked.id, t0)).toBe(false);
		expect(await resolveApiToken(db, revoked.token, t0)).toBeNull();
		expect((await listApiTokens(db, userId, t0)).find((t) => t.id === revoked.id)?.revokedAt).toBe(t0.toISOString());

		expect(await resolveApiToken(db, disabled.token, t0)).not.toBeNull();
		await db.updateTable('app_user').set({ disabled_at: t0.toISOString() }).where('id', '=', userId).execute();
		expect(await resolveApiToken(db, disabled.token, t0)).toBeNull();
		await close();
	});

	it('validate name, scopes and lifetime; at most a fixed number per account', async () => {
		expect(checkTokenInput({ name: 'x', scopes: ['lesen'], days: 90 })).toEqual([]);
		expect(checkTokenInput({ name: ' ', scopes: ['lesen'], days: 90 }).map((p) => p.field)).toEqual(['name']);
		expect(checkTokenInput({ name: 'x'.repeat(81), scopes: ['lesen'], days: 90 }).map((p) => p.field)).toEqual(['name']);
		expect(checkTokenInput({ name: 'a\u0007b', scopes: ['lesen'], days: 90 }).map((p) => p.field)).toEqual(['name']);
		expect(checkTokenInput({ name: 'x', scopes: [], days: 90 }).map((p) => p.field)).toEqual(['scopes']);
		expect(checkTokenInput({ name: 'x', scopes: ['admin'], days: 90 }).map((p) => p.field)).toEqual(['scopes']);
		expect(checkTokenInput({ name: 'x', scopes: ['lesen'], days: 0 }).map((p) => p.field)).toEqual(['days']);
		expect(checkTokenInput({ name: 'x', scopes: ['lesen'], days: TOKEN_MAX_DAYS + 1 }).map((p) => p.field)).toEqual(['days']);
		expect(checkTokenInput({ name: 'x', scopes: ['lesen'], days: null }).map((p) => p.field)).toEqual(['days']);

		const { db, close } = await loadedDatabase();
		const userId = await createUser(db, { email: 'viele@kamen.de', name: 'Viele', role: 'member', bodyId: 'kamen' });
		for (let i = 0; i < TOKENS_PER_USER; i++) expect((await createApiToken(db, userId, { name: `t${i}`, scopes: ['lesen'], days: 5 })).ok).toBe(true);
		const over = await createApiToken(db, userId, { name: 'noch einer', scopes: ['lesen'], days: 5 });
		expect(over.ok).toBe(false);
		await close();
	});
});

describe('rate limit', () => {
	it('counts per key and minute in the database and refuses above the limit until the window ends', async () => {
		const { db, close } = await loadedDatabase();
		const t = new Date('2026-11-26T10:00:15Z');
		for (let i = 1; i <= API_RATE_PER_MINUTE; i++) {
			const v = await countRequest(db, 't:abc', t);
			expect(v.allowed, `request ${i}`).toBe(true);
			expect(v.remaining).toBe(API_RATE_PER_MINUTE - i);
		}
		const over = await countRequest(db, 't:abc', new Date('2026-11-26T10:00:59Z'));
		expect(over).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 1 });
		// Another key has its own count; the next minute starts again and clears the old windows.
		expect((await countRequest(db, 'a:127.0.0.1', t)).allowed).toBe(true);
		const next = await countRequest(db, 't:abc', new Date('2026-11-26T10:01:00Z'));
		expect(next).toMatchObject({ allowed: true, remaining: API_RATE_PER_MINUTE - 1, resetSeconds: 60 });
		expect((await db.selectFrom('api_rate').selectAll().execute()).map((r) => r.window_start)).toEqual(['2026-11-26T10:01:00.000Z']);
		await close();
	});
});
