/**
 * Import (issue 4): uploaded tables wait in `import_job` until the user confirms the preview; the
 * file, the chosen column mapping and every decision live in the row, so any app instance can show
 * the preview and apply it. Applied jobs stay as the record of the import (who, when, what).
 * Legal forms get their source spellings, so the importer can normalise "ö-rV" or "•Zweckverband".
 * Frozen once shipped.
 */
import { type Kysely, SqliteAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	// PostgreSQL (issue 8) keeps bytes in bytea; the SQLite schema is unchanged.
	const pg = !(db.getExecutor().adapter instanceof SqliteAdapter);
	await db.schema
		.createTable('import_job')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('region_id', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text')
		.addColumn('actor_label', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('file_size', 'integer', (c) => c.notNull())
		.addColumn('file_bytes', pg ? 'bytea' : 'blob')
		.addColumn('options_json', 'text', (c) => c.notNull().defaultTo('{}'))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('applied_at', 'text')
		.addColumn('result_json', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
	await db.schema.createIndex('import_job_region').on('import_job').columns(['region_id', 'created_at']).execute();
	await db.schema.alterTable('legal_form').addColumn('spellings_json', 'text', (c) => c.notNull().defaultTo('[]')).execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.alterTable('legal_form').dropColumn('spellings_json').execute();
	await db.schema.dropTable('import_job').execute();
}
