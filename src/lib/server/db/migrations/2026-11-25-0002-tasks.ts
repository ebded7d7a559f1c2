/**
 * Tasks (Aufgaben) shared by several cooperations: the taxonomy behind coverage analysis and the
 * partner finder. Frozen: never edit after it has shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('task')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('topic_id', 'text')
		.addColumn('match_json', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();
	// Make the next data load rewrite the taxonomies, so the new table is filled.
	await db.deleteFrom('meta').where('key', '=', 'taxonomy_hash').execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('task').execute();
}
