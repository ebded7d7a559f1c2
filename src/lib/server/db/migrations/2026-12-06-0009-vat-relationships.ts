/**
 * Issue 22: the Optionserklärung of each body under § 27 Abs. 22/22a UStG (filed yes/no/unknown,
 * revoked on which day, from which year), from which the day § 2b UStG applies to the body
 * follows. One row per body; like the legal tables, no foreign key (read joined with the body).
 * The assessments per service relationship need no schema change: they are kept whole in
 * vat_assessment.answers_json (schema 2); older rows stay readable as they are.
 * Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('body_vat_option')
		.addColumn('body_id', 'text', (c) => c.primaryKey())
		.addColumn('filed', 'text', (c) => c.notNull())
		.addColumn('revoked_on', 'text')
		.addColumn('revoked_from_year', 'integer')
		.addColumn('note', 'text')
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('updated_by', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('body_vat_option').execute();
}
