/**
 * Issue 15: the data date of every page ("zuletzt in IKZ-Atlas geändert") is the newest
 * `updated_at` of the cooperations edited in the app (`origin = 'app'`). With only the index on
 * `updated_at`, a register that was loaded from files has no such row, and the query walked all
 * 100,000 rows backwards through that index (0.4–0.6 s at the first page after every change).
 * This index answers it from one entry. Schema builder only. Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema.createIndex('cooperation_origin_updated_at').ifNotExists().on('cooperation').columns(['origin', 'updated_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropIndex('cooperation_origin_updated_at').ifExists().execute();
}
