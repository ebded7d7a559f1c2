/** Who gets which mail (issue 19, part 3): active accounts with a body, by role and region. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export interface Recipient {
	id: string;
	name: string;
	email: string;
	role: string;
	bodyId: string | null;
	regionId: string | null;
}

/** Every account that is not disabled, with the region of its body. */
export async function activeRecipients(db: Kysely<Database>): Promise<Recipient[]> {
	const rows = await db.selectFrom('app_user').leftJoin('body', 'body.id', 'app_user.body_id')
		.select(['app_user.id', 'app_user.name', 'app_user.email', 'app_user.role', 'app_user.body_id', 'body.region_id'])
		.where('app_user.disabled_at', 'is', null).orderBy('app_user.id').execute();
	return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, role: r.role, bodyId: r.body_id, regionId: r.region_id ?? null }));
}

/** Editors and coordinators whose body is one of `bodyIds` (the people who answer for those bodies). */
export function editorsOf(all: readonly Recipient[], bodyIds: readonly string[]): Recipient[] {
	const set = new Set(bodyIds);
	return all.filter((u) => (u.role === 'editor' || u.role === 'coordinator') && u.bodyId !== null && set.has(u.bodyId));
}

/** The coordinators of a region (they steer it). */
export function coordinatorsOf(all: readonly Recipient[], regionId: string): Recipient[] {
	return all.filter((u) => u.role === 'coordinator' && u.regionId === regionId);
}

/** Both lists without duplicates. */
export function union(...lists: Recipient[][]): Recipient[] {
	const seen = new Map<string, Recipient>();
	for (const l of lists) for (const u of l) seen.set(u.id, u);
	return [...seen.values()];
}
