/**
 * The source of a cooperation (issue 14): a citation or an http(s) link naming where its facts
 * come from – an imported file's source or link column, or the edit form's field. Nullable text.
 * Schema builder only (SQLite and PostgreSQL). Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema.alterTable('cooperation').addColumn('source', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.alterTable('cooperation').dropColumn('source').execute();
}
