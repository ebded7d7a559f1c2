/**
 * A registered person as an actor: the columns of `app_user` (joined with its body) an actor is made
 * of, and the actor they give. A signed-in session, an API token and the command-line import
 * (`--als`) make their actors the same way.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor, ActorRole } from './policy';

/** Select these with `app_user` left-joined to `body` on `app_user.body_id`. */
export const ACTOR_COLUMNS = [
	'app_user.id', 'app_user.name', 'app_user.email', 'app_user.role', 'app_user.body_id', 'app_user.disabled_at',
	'app_user.region_id as invited_region_id', 'body.region_id'
] as const;

export interface ActorRow {
	id: string;
	name: string;
	email: string;
	role: ActorRole;
	body_id: string | null;
	invited_region_id: string | null;
	region_id: string | null;
}

/** The actor of a user row: its region is the one the person was invited for, else its body's. */
export function actorOfRow(row: ActorRow): Actor {
	return { role: row.role, userId: row.id, name: row.name, email: row.email, bodyId: row.body_id, regionId: row.invited_region_id ?? row.region_id ?? null };
}

/** The user with this e-mail address as an actor, or null when there is none or the account is disabled. */
export async function activeUserActor(db: Kysely<Database>, email: string): Promise<Actor | null> {
	const row = await db.selectFrom('app_user').leftJoin('body', 'body.id', 'app_user.body_id')
		.select(ACTOR_COLUMNS).where('app_user.email', '=', email.trim().toLowerCase()).executeTakeFirst();
	return row && !row.disabled_at ? actorOfRow(row) : null;
}
