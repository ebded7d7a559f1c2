/** What a person wants to receive by e-mail (issue 19, part 3): every optional kind is on unless turned off. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { OPTIONAL_KINDS, isOptionalKind, type MailKind } from './kinds';

/** The person's choice per optional kind (true = receive). */
export async function mailPreferences(db: Kysely<Database>, userId: string): Promise<Record<MailKind, boolean>> {
	const rows = await db.selectFrom('mail_preference').select(['kind', 'enabled']).where('user_id', '=', userId).execute();
	const chosen = new Map(rows.map((r) => [r.kind, Number(r.enabled) === 1]));
	return Object.fromEntries(OPTIONAL_KINDS.map((k) => [k, chosen.get(k) ?? true])) as Record<MailKind, boolean>;
}

/** Store the choice: `wanted` lists the optional kinds to receive; all others are turned off. */
export async function saveMailPreferences(db: Kysely<Database>, userId: string, wanted: readonly string[], now = new Date()): Promise<void> {
	const on = new Set(wanted.filter(isOptionalKind));
	await db.transaction().execute(async (trx) => {
		for (const kind of OPTIONAL_KINDS) {
			const values = { user_id: userId, kind, enabled: on.has(kind) ? 1 : 0, updated_at: now.toISOString() };
			await trx.insertInto('mail_preference').values(values)
				.onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ enabled: values.enabled, updated_at: values.updated_at }))
				.execute();
		}
	});
}

/** Whether a person receives mails of this kind (the non-optional kinds always). */
export async function wantsMail(db: Kysely<Database>, userId: string, kind: MailKind): Promise<boolean> {
	if (!isOptionalKind(kind)) return true;
	const row = await db.selectFrom('mail_preference').select('enabled').where('user_id', '=', userId).where('kind', '=', kind).executeTakeFirst();
	return row ? Number(row.enabled) === 1 : true;
}
