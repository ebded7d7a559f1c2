/**
 * Small reads the pages need that belong to no larger capability: moved here from route files,
 * so routes never touch SQL (docs/architecture.md).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import { DIRECTORY_REGION } from '../directory/apply';
import { PROPOSAL_TITLE, readJson, REGION_LISTS } from '../db/json-columns';

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

/** A body's id, name, kind and home region; undefined for an unknown body. */
export async function bodyBasics(db: Kysely<Database>, bodyId: string) {
	return db.selectFrom('body').select(['id', 'name', 'kind', 'region_id']).where('id', '=', bodyId).executeTakeFirst();
}

/** The newest proposals a person made (their account page). */
export async function proposalsBy(db: Kysely<Database>, userId: string, limit = 20) {
	const rows = await db.selectFrom('proposal').select(['id', 'kind', 'status', 'created_at', 'decision_comment', 'proposed_json'])
		.where('proposer_id', '=', userId).orderBy('id', 'desc').limit(limit).execute();
	return rows.map(({ proposed_json, ...p }) => ({ ...p, title: readJson(PROPOSAL_TITLE, proposed_json).title }));
}

/** Archived cooperations, newest archiving first, with the label of their list; one region's or (null) all. */
export async function archivedCooperations(db: Kysely<Database>, regionId: string | null) {
	let q = db.selectFrom('cooperation').select(['id', 'region_id', 'list', 'number', 'title', 'archived_at'])
		.where('archived_at', 'is not', null);
	if (regionId) q = q.where('region_id', '=', regionId);
	const rows = await q.orderBy('archived_at', 'desc').orderBy('title').execute();
	const lists = new Map<string, string>();
	for (const r of await db.selectFrom('region').select(['id', 'lists_json']).execute()) {
		for (const l of readJson(REGION_LISTS, r.lists_json)) lists.set(`${r.id}/${l.id}`, l.label);
	}
	return rows.map((r) => ({ id: r.id, title: r.title, list: lists.get(`${r.region_id}/${r.list}`) ?? r.list, number: r.number, archivedAt: r.archived_at! }));
}

/** What waits for the coordination (the administration start page): one region's numbers, or (null) all. */
export async function administrationCounts(db: Kysely<Database>, region: string | null, since: Date) {
	const count = (row: { n: number | string | bigint } | undefined) => Number(row?.n ?? 0);
	let users = db.selectFrom('app_user').leftJoin('body', 'body.id', 'app_user.body_id').select((eb) => eb.fn.countAll().as('n'));
	// The accounts of the region: invited for it, or (invited for no region) with a body of it.
	if (region) users = users.where((eb) => eb.or([eb('app_user.region_id', '=', region), eb.and([eb('app_user.region_id', 'is', null), eb('body.region_id', '=', region)])]));
	let proposals = db.selectFrom('proposal').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'open');
	if (region) proposals = proposals.where('region_id', '=', region);
	let rounds = db.selectFrom('survey_round').select((eb) => eb.fn.countAll().as('n')).where('closed_at', 'is', null);
	if (region) rounds = rounds.where('region_id', '=', region);
	let archived = db.selectFrom('cooperation').select((eb) => eb.fn.countAll().as('n')).where('archived_at', 'is not', null);
	if (region) archived = archived.where('region_id', '=', region);
	const outcomes = await db.selectFrom('audit_log').select(['outcome', (eb) => eb.fn.countAll().as('n')])
		.where('at', '>=', since.toISOString()).where('outcome', 'in', ['refused', 'failed']).groupBy('outcome').execute();
	const regionName = region ? (await db.selectFrom('region').select('name').where('id', '=', region).executeTakeFirst())?.name ?? null : null;
	return {
		regionName,
		users: count(await users.executeTakeFirst()),
		proposals: count(await proposals.executeTakeFirst()),
		rounds: count(await rounds.executeTakeFirst()),
		archived: count(await archived.executeTakeFirst()),
		refused: count(outcomes.find((o) => o.outcome === 'refused')),
		failed: count(outcomes.find((o) => o.outcome === 'failed'))
	};
}
