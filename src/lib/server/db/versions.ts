/**
 * Shared by every write path (cooperations, bodies, steering records, survey rounds): bumping the
 * database revision that tells all instances to rebuild their indexes, and keeping the state a
 * record had before its first change in the app as its first version.
 */
import { type Kysely, sql } from 'kysely';
import type { Database, RecordVersionTable } from './schema';
import { bumpGeneration } from './generation';

export async function bumpRevision(db: Kysely<Database>): Promise<void> {
	await db.insertInto('meta').values({ key: 'revision', value: '1' })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)` }))
		.execute();
	// The caches are keyed by the generation, which a restore cannot repeat (issue 23).
	await bumpGeneration(db);
}

/** Records from the data files have no version rows yet: store their file state once, before the first change. */
export async function keepFileState(db: Kysely<Database>, s: {
	entity: RecordVersionTable['entity']; id: string; version: number; at: string; origin: string; snapshotJson: string;
}): Promise<void> {
	const hasHistory = await db.selectFrom('record_version').select('id').where('entity', '=', s.entity).where('entity_id', '=', s.id).executeTakeFirst();
	if (hasHistory) return;
	await db.insertInto('record_version').values({
		entity: s.entity, entity_id: s.id, version: s.version, at: s.at, actor_id: null,
		actor_label: s.origin.startsWith('data') ? 'Datendatei' : 'unbekannt', action: 'aus Datendatei', snapshot_json: s.snapshotJson, comment: null
	}).execute();
}

/**
 * Run `fn` in a transaction, or inside the caller's when `db` already is one (Kysely cannot nest
 * them): an import writes many records with the same services, all or nothing.
 */
export function inTransaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
	return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}
