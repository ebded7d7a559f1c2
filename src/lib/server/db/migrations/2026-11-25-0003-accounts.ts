/**
 * Accounts, sessions, login throttling, one-time links, the audit log, record versions, review
 * proposals, survey rounds and contacts (issue 3). Cooperations get an optimistic-lock version, an
 * archive mark and the date they were last confirmed; bodies get an origin so that the data loader
 * leaves bodies edited in the app alone. Frozen: never edit after it has shipped.
 */
import { type Kysely, SqliteAdapter } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	// PostgreSQL (issue 8) spells an auto-increment key `serial`; the SQLite schema is unchanged.
	const pg = !(db.getExecutor().adapter instanceof SqliteAdapter);
	await db.schema
		.createTable('app_user')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('body_id', 'text')
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('password_hash', 'text')
		.addColumn('oidc_issuer', 'text')
		.addColumn('oidc_subject', 'text')
		.addColumn('disabled_at', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addColumn('last_login_at', 'text')
		.execute();
	await db.schema.createIndex('app_user_oidc').on('app_user').columns(['oidc_issuer', 'oidc_subject']).execute();

	await db.schema
		.createTable('session')
		.addColumn('id_hash', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('last_seen_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('session_user').on('session').column('user_id').execute();

	await db.schema
		.createTable('login_throttle')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('failures', 'integer', (c) => c.notNull())
		.addColumn('window_start', 'text', (c) => c.notNull())
		.addColumn('locked_until', 'text')
		.execute();

	await db.schema
		.createTable('one_time_token')
		.addColumn('token_hash', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('expires_at', 'text', (c) => c.notNull())
		.addColumn('used_at', 'text')
		.execute();

	await db.schema
		.createTable('audit_log')
		.$call((t) => pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('actor_label', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('outcome', 'text', (c) => c.notNull())
		.addColumn('entity', 'text')
		.addColumn('entity_id', 'text')
		.addColumn('detail', 'text')
		.addColumn('address', 'text')
		.execute();
	await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();

	await db.schema
		.createTable('record_version')
		.$call((t) => pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', 'text', (c) => c.notNull())
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull())
		.addColumn('actor_id', 'text')
		.addColumn('actor_label', 'text', (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('snapshot_json', 'text')
		.addColumn('comment', 'text')
		.addUniqueConstraint('record_version_unique', ['entity', 'entity_id', 'version'])
		.execute();

	await db.schema
		.createTable('proposal')
		.$call((t) => pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
		.addColumn('region_id', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('cooperation_id', 'text')
		.addColumn('base_version', 'integer')
		.addColumn('proposed_json', 'text', (c) => c.notNull())
		.addColumn('proposer_id', 'text', (c) => c.notNull())
		.addColumn('body_id', 'text')
		.addColumn('comment', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('decided_by', 'text')
		.addColumn('decided_at', 'text')
		.addColumn('decision_comment', 'text')
		.execute();

	await db.schema
		.createTable('survey_round')
		.$call((t) => pg ? t.addColumn('id', 'serial', (c) => c.primaryKey()) : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement()))
		.addColumn('region_id', 'text', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('opened_at', 'text', (c) => c.notNull())
		.addColumn('opened_by', 'text', (c) => c.notNull())
		.addColumn('deadline', 'text', (c) => c.notNull())
		.addColumn('closed_at', 'text')
		.addColumn('closed_by', 'text')
		.execute();

	await db.schema
		.createTable('survey_answer')
		.addColumn('round_id', 'integer', (c) => c.notNull().references('survey_round.id').onDelete('cascade'))
		.addColumn('cooperation_id', 'text', (c) => c.notNull())
		.addColumn('body_id', 'text', (c) => c.notNull())
		.addColumn('answer', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('survey_answer_pk', ['round_id', 'cooperation_id', 'body_id'])
		.execute();

	await db.schema
		.createTable('contact')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('cooperation_id', 'text', (c) => c.notNull())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('function', 'text')
		.addColumn('body_id', 'text')
		.addColumn('phone', 'text')
		.addColumn('email', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();
	await db.schema.createIndex('contact_cooperation').on('contact').column('cooperation_id').execute();

	await db.schema
		.createTable('region_setting')
		.addColumn('region_id', 'text', (c) => c.notNull())
		.addColumn('key', 'text', (c) => c.notNull())
		.addColumn('value', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('region_setting_pk', ['region_id', 'key'])
		.execute();

	await db.schema.alterTable('cooperation').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
	await db.schema.alterTable('cooperation').addColumn('archived_at', 'text').execute();
	await db.schema.alterTable('cooperation').addColumn('confirmed_at', 'text').execute();
	await db.schema.alterTable('body').addColumn('origin', 'text', (c) => c.notNull().defaultTo('data')).execute();
	await db.schema.alterTable('body').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
}

export async function down(db: AnyDb): Promise<void> {
	for (const t of ['region_setting', 'contact', 'survey_answer', 'survey_round', 'proposal', 'record_version', 'audit_log', 'one_time_token', 'login_throttle', 'session', 'app_user']) {
		await db.schema.dropTable(t).execute();
	}
}
