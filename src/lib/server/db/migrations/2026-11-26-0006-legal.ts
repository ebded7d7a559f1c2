/**
 * Legal lifecycle under GkG NRW and § 2b UStG assessments (issue 7): one row per cooperation
 * each, the record kept whole as JSON (read and written whole, versioned in record_version),
 * with an optimistic-lock version. No foreign key to cooperation: like contacts, the rows name
 * the cooperation by its id and are only read joined with it. Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('cooperation_legal')
		.addColumn('cooperation_id', 'text', (c) => c.primaryKey())
		.addColumn('record_json', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('vat_assessment')
		.addColumn('cooperation_id', 'text', (c) => c.primaryKey())
		.addColumn('answers_json', 'text', (c) => c.notNull())
		.addColumn('result', 'text', (c) => c.notNull())
		.addColumn('reasoning_json', 'text', (c) => c.notNull())
		.addColumn('assessed_by_label', 'text', (c) => c.notNull())
		.addColumn('assessed_at', 'text', (c) => c.notNull())
		.addColumn('review_date', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.execute();
	await db.schema.createIndex('vat_assessment_result').on('vat_assessment').column('result').execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const t of ['vat_assessment', 'cooperation_legal']) await db.schema.dropTable(t).execute();
}
