/**
 * Issue 15: a names generation (meta 'names_generation') beside the data generation, so the caches
 * built from bodies, aliases and directory units are not rebuilt by every cooperation save
 * (src/lib/server/db/generation.ts); and indexes on the cooperation's created/updated/confirmed
 * stamps, which "what changed since" counts and the data date reads. Frozen once shipped.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.insertInto('meta').values({ key: 'names_generation', value: randomUUID() })
		.onConflict((oc) => oc.column('key').doNothing())
		.execute();
	await db.schema.createIndex('cooperation_created_at').ifNotExists().on('cooperation').column('created_at').execute();
	await db.schema.createIndex('cooperation_updated_at').ifNotExists().on('cooperation').column('updated_at').execute();
	// The data date of every page's footer reads max(confirmed_at) after each change (site/data-date.ts).
	await db.schema.createIndex('cooperation_confirmed_at').ifNotExists().on('cooperation').column('confirmed_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.schema.dropIndex('cooperation_confirmed_at').ifExists().execute();
	await db.schema.dropIndex('cooperation_updated_at').ifExists().execute();
	await db.schema.dropIndex('cooperation_created_at').ifExists().execute();
	await db.deleteFrom('meta').where('key', '=', 'names_generation').execute();
}
