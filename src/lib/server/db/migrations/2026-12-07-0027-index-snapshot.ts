/**
 * Issue 15 (cold start): the search index of a data generation, kept as one binary snapshot
 * (src/lib/server/search/snapshot.ts), so an instance that starts on unchanged data reads it
 * instead of rebuilding the index from 500,000 rows. The bytes live in the database so every
 * instance, on SQLite or PostgreSQL, finds them (bytea on PostgreSQL). At most one row: a new
 * snapshot replaces the old. Schema builder only. Frozen once shipped.
 */
import { type Kysely, SqliteAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pg = !(db.getExecutor().adapter instanceof SqliteAdapter);
	await db.schema
		.createTable('index_snapshot')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('bytes', pg ? 'bytea' : 'blob', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('index_snapshot').execute();
}
