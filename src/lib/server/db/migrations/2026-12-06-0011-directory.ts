/**
 * The national municipality directory (issue 13): one row per unit of the official directory
 * (Land, Regierungsbezirk, Kreis, Gemeindeverband, Gemeinde) keyed by its Amtlicher
 * Regionalschlüssel, linked to the body that stands for it (a shipped region body such as
 * `luenen`, or a body the directory created). Units that merged away keep their row with the end
 * date and successor. Plus indexes on body.ags and body.parent_id for a register of 12,000 bodies.
 * Schema builder only (SQLite and PostgreSQL). Frozen once shipped.
 */
import { type Kysely, SqliteAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const real = db.getExecutor().adapter instanceof SqliteAdapter ? 'real' : 'double precision';
	await db.schema
		.createTable('directory_unit')
		.addColumn('ars', 'text', (c) => c.primaryKey())
		.addColumn('level', 'integer', (c) => c.notNull())
		.addColumn('tk', 'text')
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('ags', 'text')
		.addColumn('body_id', 'text', (c) => c.notNull())
		.addColumn('parent_ars', 'text')
		.addColumn('population', 'integer')
		.addColumn('area_km2', real)
		.addColumn('postcode', 'text')
		.addColumn('lat', real)
		.addColumn('lon', real)
		.addColumn('valid_to', 'text')
		.addColumn('successor_ars', 'text')
		.addColumn('former_names_json', 'text', (c) => c.notNull().defaultTo('[]'))
		.addColumn('stand', 'text')
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('directory_unit_body').on('directory_unit').column('body_id').execute();
	await db.schema.createIndex('directory_unit_ags').on('directory_unit').column('ags').execute();
	await db.schema.createIndex('body_ags').on('body').column('ags').execute();
	await db.schema.createIndex('body_parent').on('body').column('parent_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropIndex('body_parent').execute();
	await db.schema.dropIndex('body_ags').execute();
	await db.schema.dropTable('directory_unit').execute();
}
