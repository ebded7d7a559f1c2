/**
 * The register: regions, taxonomies, bodies, cooperations with participations, partner groups and
 * lifecycle events, and a full-text index. Frozen: never edit after it has shipped; add a new
 * migration instead. It imports nothing from the app so that it stays the same forever.
 */
import { type Kysely, SqliteAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	// PostgreSQL (issue 8): the same tables with its own spelling of an auto-increment key and of
	// a double, and a pg_trgm index instead of FTS5. The SQLite schema is unchanged.
	const pg = !(db.getExecutor().adapter instanceof SqliteAdapter);
	const real = pg ? 'double precision' : 'real';
	await db.schema
		.createTable('meta')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('region')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('kreis_body_id', 'text')
		.addColumn('source_json', 'text', (c) => c.notNull())
		.addColumn('lists_json', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('topic')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('nkf_json', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('legal_form')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('short', 'text', (c) => c.notNull())
		.addColumn('grp', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('body')
		.$call((t) => pg ? t.addColumn('seq', 'serial', (c) => c.primaryKey()) : t.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement()))
		.addColumn('id', 'text', (c) => c.notNull().unique())
		.addColumn('region_id', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('official_name', 'text')
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('ags', 'text')
		.addColumn('parent_id', 'text')
		.addColumn('lat', real)
		.addColumn('lon', real)
		.addColumn('note', 'text')
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('body_region').on('body').columns(['region_id', 'name']).execute();

	await db.schema
		.createTable('body_alias')
		.addColumn('body_id', 'text', (c) => c.notNull().references('body.id').onDelete('cascade'))
		.addColumn('alias', 'text', (c) => c.notNull())
		.addColumn('alias_folded', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('body_alias_pk', ['body_id', 'alias'])
		.execute();
	await db.schema.createIndex('body_alias_folded').on('body_alias').column('alias_folded').execute();

	await db.schema
		.createTable('cooperation')
		.$call((t) => pg ? t.addColumn('seq', 'serial', (c) => c.primaryKey()) : t.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement()))
		.addColumn('id', 'text', (c) => c.notNull().unique())
		.addColumn('region_id', 'text', (c) => c.notNull())
		.addColumn('list', 'text', (c) => c.notNull())
		.addColumn('number', 'integer')
		.addColumn('slide', 'integer')
		.addColumn('org_unit', 'text')
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('title_source', 'text')
		.addColumn('partners_source', 'text')
		.addColumn('performer_source', 'text')
		.addColumn('performer_kind', 'text', (c) => c.notNull())
		.addColumn('performer_body_id', 'text')
		.addColumn('legal_form_id', 'text', (c) => c.notNull())
		.addColumn('legal_form_source', 'text')
		.addColumn('start_text', 'text')
		.addColumn('start_earliest', 'text')
		.addColumn('start_latest', 'text')
		.addColumn('start_precision', 'text')
		.addColumn('start_qualifier', 'text')
		.addColumn('end_text', 'text')
		.addColumn('end_earliest', 'text')
		.addColumn('end_latest', 'text')
		.addColumn('end_precision', 'text')
		.addColumn('end_qualifier', 'text')
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('description', 'text')
		.addColumn('notes', 'text')
		.addColumn('derived_json', 'text', (c) => c.notNull())
		.addColumn('origin', 'text', (c) => c.notNull())
		.addColumn('content_hash', 'text', (c) => c.notNull())
		.addColumn('search_text', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('cooperation_region').on('cooperation').columns(['region_id', 'list', 'number']).execute();

	await db.schema
		.createTable('cooperation_topic')
		.addColumn('cooperation_seq', 'integer', (c) => c.notNull().references('cooperation.seq').onDelete('cascade'))
		.addColumn('topic_id', 'text', (c) => c.notNull())
		.addColumn('position', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('cooperation_topic_pk', ['cooperation_seq', 'topic_id'])
		.execute();

	await db.schema
		.createTable('participation')
		.addColumn('cooperation_seq', 'integer', (c) => c.notNull().references('cooperation.seq').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('body_id', 'text', (c) => c.notNull())
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('joined_text', 'text')
		.addColumn('joined_earliest', 'text')
		.addColumn('joined_latest', 'text')
		.addColumn('joined_qualifier', 'text')
		.addColumn('left_text', 'text')
		.addColumn('left_earliest', 'text')
		.addColumn('left_latest', 'text')
		.addColumn('note', 'text')
		.addPrimaryKeyConstraint('participation_pk', ['cooperation_seq', 'position'])
		.execute();
	await db.schema.createIndex('participation_body').on('participation').column('body_id').execute();

	await db.schema
		.createTable('partner_group')
		.addColumn('cooperation_seq', 'integer', (c) => c.notNull().references('cooperation.seq').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('label', 'text', (c) => c.notNull())
		.addColumn('count', 'integer')
		.addColumn('note', 'text')
		.addPrimaryKeyConstraint('partner_group_pk', ['cooperation_seq', 'position'])
		.execute();

	await db.schema
		.createTable('lifecycle_event')
		.addColumn('cooperation_seq', 'integer', (c) => c.notNull().references('cooperation.seq').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('date_text', 'text')
		.addColumn('date_earliest', 'text')
		.addColumn('date_latest', 'text')
		.addColumn('text', 'text')
		.addPrimaryKeyConstraint('lifecycle_event_pk', ['cooperation_seq', 'position'])
		.execute();

	if (db.getExecutor().adapter instanceof SqliteAdapter) {
		// Trigram index over the folded search text: substring search (compound-word parts) in
		// sub-linear time. External-content table kept in sync by triggers, so every write path
		// (loader today, editing later) updates it without extra code.
		await sql`CREATE VIRTUAL TABLE cooperation_fts USING fts5(search_text, content='cooperation', content_rowid='seq', tokenize='trigram')`.execute(db);
		await sql`CREATE TRIGGER cooperation_fts_ai AFTER INSERT ON cooperation BEGIN
			INSERT INTO cooperation_fts(rowid, search_text) VALUES (new.seq, new.search_text); END`.execute(db);
		await sql`CREATE TRIGGER cooperation_fts_ad AFTER DELETE ON cooperation BEGIN
			INSERT INTO cooperation_fts(cooperation_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text); END`.execute(db);
		await sql`CREATE TRIGGER cooperation_fts_au AFTER UPDATE OF search_text ON cooperation BEGIN
			INSERT INTO cooperation_fts(cooperation_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
			INSERT INTO cooperation_fts(rowid, search_text) VALUES (new.seq, new.search_text); END`.execute(db);
	} else {
		// Substring search on PostgreSQL: a trigram GIN index serves LIKE '%term%' (text-match.ts).
		await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
		await sql`CREATE INDEX cooperation_search_trgm ON cooperation USING gin (search_text gin_trgm_ops)`.execute(db);
	}

	await db.insertInto('meta').values({ key: 'revision', value: '0' }).execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const t of ['lifecycle_event', 'partner_group', 'participation', 'cooperation_topic']) {
		await db.schema.dropTable(t).execute();
	}
	if (db.getExecutor().adapter instanceof SqliteAdapter) await sql`DROP TABLE cooperation_fts`.execute(db);
	for (const t of ['cooperation', 'body_alias', 'body', 'legal_form', 'topic', 'region', 'meta']) {
		await db.schema.dropTable(t).execute();
	}
}
