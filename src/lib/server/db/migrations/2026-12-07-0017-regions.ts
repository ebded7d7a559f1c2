/**
 * Regions by self-service (issue 13, part 3; decision 0008): a region an administrator creates
 * from a unit of the national directory (Land, Regierungsbezirk, Kreis, kreisfreie Stadt), the
 * bodies that belong to it (`region_member`: a body may belong to several regions; a body's
 * `region_id` stays its home region), the order of regions (the data-file regions first) and the
 * region a person was invited for. Schema builder only (SQLite and PostgreSQL). Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('region_member')
		.addColumn('region_id', 'text', (c) => c.notNull())
		.addColumn('body_id', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('region_member_pk', ['region_id', 'body_id'])
		.execute();
	await db.schema.createIndex('region_member_body').on('region_member').column('body_id').execute();
	// The directory unit a self-service region stands for (ARS); null for the data-file regions.
	await db.schema.alterTable('region').addColumn('unit_ars', 'text').execute();
	// Order of the regions: data-file regions 0 (Kreis Unna stays the first), created ones 1, 2, …
	await db.schema.alterTable('region').addColumn('position', 'integer', (c) => c.notNull().defaultTo(0)).execute();
	await db.schema.alterTable('region').addColumn('created_at', 'text').execute();
	// The region a person was invited for; null: the region of the person's body.
	await db.schema.alterTable('app_user').addColumn('region_id', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.alterTable('app_user').dropColumn('region_id').execute();
	await db.schema.alterTable('region').dropColumn('created_at').execute();
	await db.schema.alterTable('region').dropColumn('position').execute();
	await db.schema.alterTable('region').dropColumn('unit_ars').execute();
	await db.schema.dropTable('region_member').execute();
}
