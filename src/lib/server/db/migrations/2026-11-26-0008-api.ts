/**
 * API v1 (issue 8, item 4): personal API tokens (only their SHA-256 is stored), the request
 * counters of the rate limit (in the database, so several app instances share them) and links to
 * OParl objects of bodies and cooperations. Schema builder only (SQLite and PostgreSQL); text ids.
 * Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('api_token')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('scopes_json', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('last_used_at', 'text')
		.addColumn('revoked_at', 'text')
		.execute();
	await db.schema.createIndex('api_token_user').on('api_token').columns(['user_id', 'created_at']).execute();

	await db.schema
		.createTable('api_rate')
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('window_start', 'text', (c) => c.notNull())
		.addColumn('count', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('api_rate_pk', ['key', 'window_start'])
		.execute();
	await db.schema.createIndex('api_rate_window').on('api_rate').column('window_start').execute();

	await db.schema
		.createTable('oparl_link')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('url', 'text', (c) => c.notNull())
		.addColumn('label', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('created_by', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('oparl_link_entity').on('oparl_link').columns(['entity', 'entity_id', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const t of ['oparl_link', 'api_rate', 'api_token']) await db.schema.dropTable(t).execute();
}
