/**
 * The logo of a region's conference papers (issue 16): one PNG or JPEG per region, uploaded by its
 * steering office and placed on the slide master of the PPTX and on the title page of the PDF.
 * The bytes live in the database so every instance serves the same logo (bytea on PostgreSQL).
 * Schema builder only (SQLite and PostgreSQL). Frozen once shipped.
 */
import { type Kysely, SqliteAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pg = !(db.getExecutor().adapter instanceof SqliteAdapter);
	await db.schema
		.createTable('paper_logo')
		.addColumn('region_id', 'text', (c) => c.primaryKey())
		.addColumn('media_type', 'text', (c) => c.notNull())
		.addColumn('width', 'integer', (c) => c.notNull())
		.addColumn('height', 'integer', (c) => c.notNull())
		.addColumn('bytes', pg ? 'bytea' : 'blob', (c) => c.notNull())
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('uploaded_at', 'text', (c) => c.notNull())
		.addColumn('uploaded_by', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('paper_logo').execute();
}
