/**
 * What the user administration pages (/verwaltung/benutzer and /verwaltung/benutzer/[id]) share:
 * the bodies, regions and roles an actor may assign, an account's status, the setup link and the
 * field errors of the invitation and edit forms.
 */
import { DIRECTORY_REGION } from '../directory/apply';
import { db } from '../context';
import { can, type Actor } from './policy';
import { listRegions } from '../registry/regions';
import { USER_ROLES } from './users';
import type { Role } from '../db/schema';
import { ROLE_LABEL_USER } from '../../i18n/de';

export interface FieldError {
	field: string;
	message: string;
}

export const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'de');

/**
 * The bodies a person may be assigned to: those of a region (its home bodies and its members,
 * decision 0008): all regions' for administrators, the own region's for coordinators. Bodies only
 * the national directory holds and no region has taken in are not listed (decision 0007).
 */
export async function bodiesFor(actor: Actor, regionId: string | null = null) {
	const only = actor.role !== 'administrator' && actor.regionId ? actor.regionId : regionId;
	let home = db().selectFrom('body').select(['id', 'name', 'region_id']).where('region_id', '!=', DIRECTORY_REGION);
	if (only) home = home.where('region_id', '=', only);
	let member = db().selectFrom('region_member').innerJoin('body', 'body.id', 'region_member.body_id').select(['body.id', 'body.name', 'region_member.region_id']);
	if (only) member = member.where('region_member.region_id', '=', only);
	const byId = new Map<string, { id: string; name: string; region_id: string }>();
	for (const b of [...await home.execute(), ...await member.execute()]) if (!byId.has(b.id)) byId.set(b.id, b);
	return [...byId.values()].sort(byName);
}

/** The regions a person may be invited for: every region for administrators, the own one for coordinators. */
export async function regionOptions(actor: Actor) {
	const regions = await listRegions(db());
	return regions.filter((r) => can(actor, 'users.manage', { regionId: r.id })).map((r) => ({ id: r.id, label: r.name }));
}

/** The roles this actor may grant (only administrators make administrators), as select options. */
export function roleOptions(actor: Actor, regionId: string | null): { id: Role; label: string }[] {
	return USER_ROLES.filter((r) => can(actor, 'users.manage', { grantRole: r, regionId })).map((r) => ({ id: r, label: ROLE_LABEL_USER[r] ?? r }));
}

export async function regionOfBody(bodyId: string | null): Promise<string | null> {
	if (!bodyId) return null;
	return (await db().selectFrom('body').select('region_id').where('id', '=', bodyId).executeTakeFirst())?.region_id ?? null;
}

export function accountStatus(u: { disabled_at: string | null; password_hash: string | null; oidc_subject: string | null }): 'active' | 'disabled' | 'pending' {
	if (u.disabled_at) return 'disabled';
	return u.password_hash || u.oidc_subject ? 'active' : 'pending';
}

/** The one-time link as the person opens it. */
export const setupLink = (origin: string, token: string) => `${origin}/einrichtung/${token}`;

/** Maps the field names of validateNewUser to the ids of the pages' inputs. */
export function userFieldErrors(errors: Record<string, string>): FieldError[] {
	return ['email', 'name', 'role', 'body', 'region'].filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
}
