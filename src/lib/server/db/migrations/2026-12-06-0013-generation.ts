/**
 * Issue 23: every database gets a random data generation id (meta 'generation') at once, so that
 * caches are keyed by something a restore or a second database cannot repeat even before the
 * first change (src/lib/server/db/generation.ts). Data only, no schema change. Frozen once shipped.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
	await db.insertInto('meta').values({ key: 'generation', value: randomUUID() })
		.onConflict((oc) => oc.column('key').doNothing())
		.execute();
}

export async function down(db: AnyDb): Promise<void> {
	await db.deleteFrom('meta').where('key', '=', 'generation').execute();
}
