/**
 * Feedback from the accessibility statement (issue 17, item 5; BITV 2.0 § 7, BGG NRW § 10b): what
 * a visitor reports about barriers or the site, kept until the operator has dealt with it. The
 * sender's address is never stored (the rate limit counts it in `api_rate`, which forgets it after
 * a minute); an e-mail address is kept only when the sender gives one for an answer.
 * Schema builder only (SQLite and PostgreSQL). Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('feedback')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('page', 'text')
		.addColumn('message', 'text', (c) => c.notNull())
		.addColumn('name', 'text')
		.addColumn('email', 'text')
		.addColumn('done_at', 'text')
		.addColumn('done_by', 'text')
		.execute();
	await db.schema.createIndex('feedback_created').on('feedback').columns(['done_at', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('feedback').execute();
}
