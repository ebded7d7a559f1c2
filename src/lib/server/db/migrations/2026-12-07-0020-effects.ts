/**
 * Issue 19, part 1: effect figures per cooperation (costs before and now, one-off costs, expected
 * and realised savings, service indicators). One row per figure; a figure names the body it is
 * about (null = the whole cooperation), its year, its value as a range (min = max when exact),
 * whether it is an estimate, its source and who entered it. Like the legal tables, no foreign key
 * (read joined with the cooperation). History: record_version (entity 'effect', one snapshot of all
 * figures of a cooperation per change). Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('effect_figure')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cooperation_id', 'text', (c) => c.notNull())
		.addColumn('body_id', 'text')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('indicator', 'text')
		.addColumn('label', 'text')
		.addColumn('unit', 'text')
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('value_min', 'double precision', (c) => c.notNull())
		.addColumn('value_max', 'double precision', (c) => c.notNull())
		.addColumn('estimate', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('note', 'text')
		.addColumn('entered_at', 'text', (c) => c.notNull())
		.addColumn('entered_by', 'text', (c) => c.notNull())
		.addColumn('entered_by_id', 'text')
		.execute();
	await db.schema.createIndex('effect_figure_cooperation').on('effect_figure').column('cooperation_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('effect_figure').execute();
}
