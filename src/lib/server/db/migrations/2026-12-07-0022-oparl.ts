/**
 * Council information systems via OParl 1.1 (issue 21): the systems connected per body, the
 * harvest cursor of each list (papers, meetings), the runs with their log, the harvested papers
 * and meetings, and the hits of the IKZ recognition (each one proposed once, never again).
 * Schema builder only (SQLite and PostgreSQL). Frozen once shipped.
 */
import { type Kysely, SqliteAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	const pg = !(db.getExecutor().adapter instanceof SqliteAdapter);
	await db.schema
		.createTable('oparl_source')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('region_id', 'text', (c) => c.notNull())
		.addColumn('body_id', 'text', (c) => c.notNull())
		.addColumn('system_url', 'text', (c) => c.notNull())
		.addColumn('system_name', 'text')
		.addColumn('oparl_version', 'text')
		.addColumn('body_url', 'text', (c) => c.notNull())
		.addColumn('body_name', 'text', (c) => c.notNull())
		.addColumn('paper_url', 'text')
		.addColumn('meeting_url', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.notNull())
		.addColumn('last_run_at', 'text')
		.execute();
	await db.schema.createIndex('oparl_source_body').on('oparl_source').columns(['body_id', 'body_url']).unique().execute();
	await db.schema
		.createTable('oparl_cursor')
		.addColumn('source_id', 'text', (c) => c.notNull())
		.addColumn('list', 'text', (c) => c.notNull())
		.addColumn('next_url', 'text')
		.addColumn('since', 'text')
		.addColumn('pass_started_at', 'text')
		.addColumn('etag', 'text')
		.addColumn('last_modified', 'text')
		.addPrimaryKeyConstraint('oparl_cursor_pk', ['source_id', 'list'])
		.execute();
	await db.schema
		.createTable('oparl_run')
		.$call((t) => pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
		.addColumn('source_id', 'text', (c) => c.notNull())
		.addColumn('started_at', 'text', (c) => c.notNull())
		.addColumn('finished_at', 'text')
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('pages', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('papers', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('meetings', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('proposals', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('log_json', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('oparl_run_source').on('oparl_run').columns(['source_id', 'id']).execute();
	await db.schema
		.createTable('oparl_paper')
		.addColumn('oparl_id', 'text', (c) => c.primaryKey())
		.addColumn('source_id', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('reference', 'text')
		.addColumn('paper_type', 'text')
		.addColumn('date', 'text')
		.addColumn('web_url', 'text')
		.addColumn('modified', 'text')
		.addColumn('consultations_json', 'text', (c) => c.notNull())
		.addColumn('text', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('oparl_paper_source').on('oparl_paper').columns(['source_id']).execute();
	await db.schema
		.createTable('oparl_meeting')
		.addColumn('oparl_id', 'text', (c) => c.primaryKey())
		.addColumn('source_id', 'text', (c) => c.notNull())
		.addColumn('name', 'text')
		.addColumn('start', 'text')
		.addColumn('agenda_json', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createTable('oparl_hit')
		.$call((t) => pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
		.addColumn('hit_key', 'text', (c) => c.notNull().unique())
		.addColumn('source_id', 'text', (c) => c.notNull())
		.addColumn('paper_id', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('cooperation_id', 'text')
		.addColumn('body_id', 'text', (c) => c.notNull())
		.addColumn('decision_date', 'text')
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('reference', 'text')
		.addColumn('web_url', 'text')
		.addColumn('passage', 'text', (c) => c.notNull())
		.addColumn('proposal_id', 'integer')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('oparl_hit_proposal').on('oparl_hit').columns(['proposal_id']).execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const t of ['oparl_hit', 'oparl_meeting', 'oparl_paper', 'oparl_run', 'oparl_cursor', 'oparl_source']) await db.schema.dropTable(t).execute();
}
