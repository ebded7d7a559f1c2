/**
 * Steering (issue 6): conferences, fields, measures, working groups and ideas as one document
 * table (a region has dozens of them, not thousands; each is read and written whole and versioned
 * in record_version), comments on ideas, and calendar feed tokens. Frozen once shipped.
 */
import { type Kysely, SqliteAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	// PostgreSQL (issue 8) spells an auto-increment key `serial`; the SQLite schema is unchanged.
	const pg = !(db.getExecutor().adapter instanceof SqliteAdapter);
	await db.schema
		.createTable('steering_record')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('id', 'text', (c) => c.notNull())
		.addColumn('region_id', 'text', (c) => c.notNull())
		.addColumn('record_json', 'text', (c) => c.notNull())
		.addColumn('status', 'text')
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('origin', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('steering_record_pk', ['kind', 'id'])
		.execute();
	await db.schema.createIndex('steering_record_region').on('steering_record').columns(['region_id', 'kind', 'position']).execute();

	await db.schema
		.createTable('idea_comment')
		.$call((t) => pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
		.addColumn('idea_id', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('idea_comment_idea').on('idea_comment').column('idea_id').execute();

	await db.schema
		.createTable('calendar_token')
		.addColumn('token_hash', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const t of ['calendar_token', 'idea_comment', 'steering_record']) await db.schema.dropTable(t).execute();
}
