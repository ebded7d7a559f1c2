/**
 * Small reads the pages need that belong to no larger capability: moved here from route files,
 * so routes never touch SQL (docs/architecture.md).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import { DIRECTORY_REGION } from '../directory/apply';

/** The regions whose settings the actor steers: all for administrators, the own one otherwise. */
export async function regionsSteeredBy(db: Kysely<Database>, actor: Pick<Actor, 'role' | 'regionId'>): Promise<{ id: string; name: string }[]> {
	let q = db.selectFrom('region').select(['id', 'name']).orderBy('name');
	if (actor.role !== 'administrator') q = q.where('id', '=', actor.regionId ?? '');
	return q.execute();
}

/** Those of the given region ids that exist. */
export async function existingRegionIds(db: Kysely<Database>, ids: string[]): Promise<string[]> {
	if (!ids.length) return [];
	return (await db.selectFrom('region').select('id').where('id', 'in', ids).execute()).map((r) => r.id);
}

/** The region a body belongs to; null for an unknown body. */
export async function regionOfBody(db: Kysely<Database>, bodyId: string): Promise<string | null> {
	return (await db.selectFrom('body').select('region_id').where('id', '=', bodyId).executeTakeFirst())?.region_id ?? null;
}

export async function bodyExists(db: Kysely<Database>, bodyId: string): Promise<boolean> {
	return (await db.selectFrom('body').select('id').where('id', '=', bodyId).executeTakeFirst()) !== undefined;
}

/** Bodies to pick a contact's body from: not the 12,000 of the national directory, only the
 * register's own and those of the cooperation. */
export async function contactBodyChoices(db: Kysely<Database>, involved: string[]): Promise<{ id: string; name: string }[]> {
	return db.selectFrom('body').select(['id', 'name'])
		.where((eb) => eb.or([eb('region_id', '!=', DIRECTORY_REGION), ...(involved.length ? [eb('id', 'in', involved)] : [])]))
		.orderBy('name').execute();
}

/** A user as the audit log and a new session need them. */
export async function userById(db: Kysely<Database>, id: string) {
	return db.selectFrom('app_user').select(['id', 'name', 'email', 'role']).where('id', '=', id).executeTakeFirst();
}

/** A region's bodies by name (hosts to choose for a working group's meeting). */
export async function bodiesOfRegion(db: Kysely<Database>, regionId: string): Promise<{ id: string; name: string }[]> {
	return db.selectFrom('body').select(['id', 'name']).where('region_id', '=', regionId).orderBy('name').execute();
}

/** Contacts added to or removed from a cooperation, newest first (from the audit log). */
export async function contactEventsOf(db: Kysely<Database>, cooperationId: string): Promise<{ at: string; actor_label: string; action: string }[]> {
	return db.selectFrom('audit_log').select(['at', 'actor_label', 'action'])
		.where('entity', '=', 'cooperation').where('entity_id', '=', cooperationId).where('action', 'like', 'ansprechpartner.%')
		.orderBy('at', 'desc').execute();
}

/** A body's name; the id itself when there is no such body. */
export async function bodyNameOf(db: Kysely<Database>, bodyId: string): Promise<string> {
	return (await db.selectFrom('body').select('name').where('id', '=', bodyId).executeTakeFirst())?.name ?? bodyId;
}
