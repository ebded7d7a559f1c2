/**
 * Login throttling per account and per client address (OWASP ASVS V6.3.1), counted in the
 * database so that all app instances count together. A window opens with the first failure;
 * reaching the limit locks the key until the window's lock time has passed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { isPostgres } from '../db/dialect';

export interface ThrottleLimits {
	maxAccount: number;
	maxAddress: number;
	lockMinutes: number;
}

export const accountKey = (email: string) => `konto:${email.trim().toLowerCase()}`;
export const addressKey = (address: string) => `adresse:${address}`;

/** The time until which any of the keys is locked, or null. */
export async function lockedUntil(db: Kysely<Database>, keys: string[], now = new Date()): Promise<Date | null> {
	const rows = await db.selectFrom('login_throttle').select('locked_until').where('key', 'in', keys).execute();
	let until: Date | null = null;
	for (const r of rows) {
		if (!r.locked_until) continue;
		const d = new Date(r.locked_until);
		if (d > now && (!until || d > until)) until = d;
	}
	return until;
}

export async function recordFailure(db: Kysely<Database>, key: string, max: number, lockMinutes: number, now = new Date()): Promise<boolean> {
	return db.transaction().execute(async (trx) => {
		// Several app instances may count the same key at once: make sure the row exists, then read
		// it locked (PostgreSQL: FOR UPDATE; SQLite: the insert already took the write lock), so no
		// failure is lost between read and write.
		await trx.insertInto('login_throttle').values({ key, failures: 0, window_start: now.toISOString(), locked_until: null })
			.onConflict((oc) => oc.column('key').doNothing()).execute();
		const select = trx.selectFrom('login_throttle').selectAll().where('key', '=', key);
		const row = await (isPostgres(trx) ? select.forUpdate() : select).executeTakeFirstOrThrow();
		const windowMs = lockMinutes * 60_000;
		const fresh = row.failures === 0 || now.getTime() - Date.parse(row.window_start) > windowMs;
		const failures = fresh ? 1 : row.failures + 1;
		const locked = failures >= max ? new Date(now.getTime() + windowMs).toISOString() : null;
		await trx.updateTable('login_throttle')
			.set({ failures, window_start: fresh ? now.toISOString() : row.window_start, locked_until: locked ?? (fresh ? null : row.locked_until) })
			.where('key', '=', key).execute();
		return locked !== null;
	});
}

export async function clearFailures(db: Kysely<Database>, key: string): Promise<void> {
	await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
