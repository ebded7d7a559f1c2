/**
 * Server-side sessions (OWASP ASVS V7): a random token in a `__Host-` cookie (Secure, HttpOnly,
 * SameSite=Lax, path /), only its SHA-256 in the database, a new token at every login, idle and
 * absolute timeouts from the settings, and logout / disabling that delete the rows. Because the
 * rows live in the database, every app instance sees the same sessions.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { newToken, tokenHash } from './tokens';
import { VISITOR, type Actor } from './policy';
import { ACTOR_COLUMNS, actorOfRow } from './actor-row';

export const SESSION_COOKIE = '__Host-ikz-sitzung';
export const COOKIE_OPTIONS = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' } as const;

export interface SessionLimits {
	idleMinutes: number;
	maxHours: number;
}

// Writing last_seen_at on every request would turn each page view into a write.
const TOUCH_AFTER_MS = 60_000;

export async function createSession(db: Kysely<Database>, userId: string, limits: SessionLimits, now = new Date()): Promise<string> {
	const token = newToken();
	await db.insertInto('session').values({
		id_hash: tokenHash(token), user_id: userId, created_at: now.toISOString(), last_seen_at: now.toISOString(),
		expires_at: new Date(now.getTime() + limits.maxHours * 3_600_000).toISOString()
	}).execute();
	return token;
}

/** The actor of a session token, or the visitor when the token is unknown, expired or the user disabled. */
export async function actorOfSession(db: Kysely<Database>, token: string | undefined, limits: SessionLimits, now = new Date()): Promise<{ actor: Actor; valid: boolean }> {
	if (!token || token.length > 100) return { actor: VISITOR, valid: false };
	const hash = tokenHash(token);
	const row = await db.selectFrom('session')
		.innerJoin('app_user', 'app_user.id', 'session.user_id')
		.leftJoin('body', 'body.id', 'app_user.body_id')
		.select(['session.created_at', 'session.last_seen_at', ...ACTOR_COLUMNS])
		.where('session.id_hash', '=', hash)
		.executeTakeFirst();
	if (!row) return { actor: VISITOR, valid: false };
	const t = now.getTime();
	const idle = t - Date.parse(row.last_seen_at) > limits.idleMinutes * 60_000;
	const old = t - Date.parse(row.created_at) > limits.maxHours * 3_600_000;
	if (idle || old || row.disabled_at) {
		await db.deleteFrom('session').where('id_hash', '=', hash).execute();
		return { actor: VISITOR, valid: false };
	}
	if (t - Date.parse(row.last_seen_at) > TOUCH_AFTER_MS) {
		await db.updateTable('session').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', hash).execute();
	}
	return { actor: actorOfRow(row), valid: true };
}

export async function endSession(db: Kysely<Database>, token: string | undefined): Promise<void> {
	if (token) await db.deleteFrom('session').where('id_hash', '=', tokenHash(token)).execute();
}
