/**
 * E-mail (issue 19, part 3): the outgoing mail queue and each person's choice of what to receive.
 *
 * `mail_queue`: one row per message, written in the transaction of the event that causes it. A
 * worker claims a row by a conditional UPDATE (`claimed_until` in the past), sends it and marks it
 * `sent`; a failure counts `attempts` and sets `next_attempt_at` (back-off), after the last
 * attempt the row is `failed`. `dedupe_key` (unique, NULL for one-off messages) makes the daily
 * deadline mails idempotent across days and instances.
 * `mail_preference`: a row only where a person chose something; no row = the kind's default.
 * Schema builder only (SQLite and PostgreSQL). Frozen once shipped.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.schema
		.createTable('mail_queue')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('user_id', 'text')
		.addColumn('recipient', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('body_text', 'text', (c) => c.notNull())
		.addColumn('dedupe_key', 'text', (c) => c.unique())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', 'text', (c) => c.notNull())
		.addColumn('claimed_by', 'text')
		.addColumn('claimed_until', 'text')
		.addColumn('last_error', 'text')
		.addColumn('message_id', 'text')
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addColumn('sent_at', 'text')
		.execute();
	await db.schema.createIndex('mail_queue_due').on('mail_queue').columns(['status', 'next_attempt_at']).execute();
	await db.schema
		.createTable('mail_preference')
		.addColumn('user_id', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('enabled', 'integer', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('mail_preference_pk', ['user_id', 'kind'])
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropTable('mail_preference').execute();
	await db.schema.dropTable('mail_queue').execute();
}
