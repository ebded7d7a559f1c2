import { DIRECTORY_REGION } from '#lib/server/directory/apply.ts';
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, mailSettings, settings } from '#lib/server/context.ts';
import { enqueueMail } from '#lib/server/mail/queue.ts';
import { invitationMail } from '#lib/server/mail/messages.ts';
import { createSetupToken, createUser, listUsers, USER_ROLES, validateNewUser } from '#lib/server/auth/users.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { requireCan, safeAddress } from '#lib/server/auth/guard.ts';
import { can, type Actor } from '#lib/server/auth/policy.ts';
import type { Role } from '#lib/server/db/schema.ts';
import { ROLE_LABEL_USER } from '#lib/i18n/de.ts';
import { listRegions, regionsOfBody } from '#lib/server/registry/regions.ts';

interface FieldError {
	field: string;
	message: string;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'de');

/**
 * The bodies a person may be assigned to: those of a region (its home bodies and its members,
 * decision 0008): all regions' for administrators, the own region's for coordinators. Bodies only
 * the national directory holds and no region has taken in are not listed (decision 0007).
 */
export async function _bodiesFor(actor: Actor, regionId: string | null = null) {
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
export async function _regionOptions(actor: Actor) {
	const regions = await listRegions(db());
	return regions.filter((r) => can(actor, 'users.manage', { regionId: r.id })).map((r) => ({ id: r.id, label: r.name }));
}

/** The roles this actor may grant (only administrators make administrators), as select options. */
export function _roleOptions(actor: Actor, regionId: string | null): { id: Role; label: string }[] {
	return USER_ROLES.filter((r) => can(actor, 'users.manage', { grantRole: r, regionId })).map((r) => ({ id: r, label: ROLE_LABEL_USER[r] ?? r }));
}

export async function _regionOfBody(bodyId: string | null): Promise<string | null> {
	if (!bodyId) return null;
	return (await db().selectFrom('body').select('region_id').where('id', '=', bodyId).executeTakeFirst())?.region_id ?? null;
}

export function _statusOf(u: { disabled_at: string | null; password_hash: string | null; oidc_subject: string | null }): 'active' | 'disabled' | 'pending' {
	if (u.disabled_at) return 'disabled';
	return u.password_hash || u.oidc_subject ? 'active' : 'pending';
}

/** The one-time link as the person opens it. */
export const _setupLink = (origin: string, token: string) => `${origin}/einrichtung/${token}`;

/** Maps the field names of validateNewUser to the ids of this page's inputs. */
export function _fieldErrors(errors: Record<string, string>): FieldError[] {
	return ['email', 'name', 'role', 'body', 'region'].filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
}

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = locals.actor;
	const regions = await _regionOptions(actor);
	const asked = url.searchParams.get('region');
	const region = regions.find((r) => r.id === asked)?.id ?? null;
	const bodies = await _bodiesFor(actor, region);
	const own = new Set((await _bodiesFor(actor)).map((b) => b.id));
	const all = await listUsers(db());
	// Coordinators see the accounts of their own region (invited for it, or with a body of it; and accounts without a body).
	const visible = actor.role === 'administrator' ? all
		: all.filter((u) => u.region_id ? u.region_id === actor.regionId : !u.body_id || own.has(u.body_id));
	return {
		users: visible.sort(byName).map((u) => ({
			id: u.id, name: u.name, email: u.email, role: u.role, body: u.body_name, status: _statusOf(u), lastLogin: u.last_login_at
		})),
		bodies: bodies.map((b) => ({ id: b.id, label: b.name })),
		regions,
		region,
		roles: _roleOptions(actor, actor.regionId),
		hours: settings().SETUP_LINK_HOURS
	};
};

export const actions: Actions = {
	anlegen: async (event) => {
		const form = await event.request.formData();
		const values = {
			email: String(form.get('email') ?? '').trim().slice(0, 320),
			name: String(form.get('name') ?? '').trim().slice(0, 300),
			role: String(form.get('role') ?? '') as Role,
			bodyId: String(form.get('body') ?? '') || null,
			regionId: String(form.get('region') ?? '').slice(0, 100) || null
		};
		const errors = _fieldErrors(await validateNewUser(db(), values));
		// Invited per region (issue 13, part 3): the body must belong to the region.
		const bodyRegions = values.bodyId ? await regionsOfBody(db(), values.bodyId) : [];
		if (values.regionId && !(await db().selectFrom('region').select('id').where('id', '=', values.regionId).executeTakeFirst())) {
			errors.push({ field: 'region', message: 'Diese Region gibt es nicht.' });
		} else if (values.regionId && values.bodyId && bodyRegions.length && !bodyRegions.includes(values.regionId)) {
			errors.push({ field: 'body', message: 'Diese Körperschaft gehört nicht zur gewählten Region.' });
		}
		if (errors.length) return fail(400, { values, errors });
		// A coordinator may not make administrators, nor invite people of another region.
		const regionId = values.regionId ?? await _regionOfBody(values.bodyId);
		await requireCan(event, 'users.manage', { grantRole: values.role, regionId }, { entity: 'user' });
		const hours = settings().SETUP_LINK_HOURS;
		const mail = mailSettings();
		// Account, link and (with SMTP) the invitation mail in one transaction: the mail exists exactly when the account does.
		const { id, token } = await db().transaction().execute(async (trx) => {
			const id = await createUser(trx, values);
			const token = await createSetupToken(trx, id, hours);
			if (mail) {
				const m = invitationMail({ origin: mail.origin, name: values.name, invitedBy: event.locals.actor.name, token, hours });
				await enqueueMail(trx, { ...m, userId: id, to: values.email.toLowerCase() });
			}
			await audit(trx, event.locals.actor, {
				action: 'benutzer.angelegt', entity: 'user', entityId: id, detail: { role: values.role, body: values.bodyId, region: values.regionId, mail: !!mail }, address: safeAddress(event)
			});
			return { id, token };
		});
		// With e-mail the link goes only to the person; without, it is shown here once as before.
		return { created: { id, name: values.name, email: values.email.toLowerCase(), link: mail ? null : _setupLink(event.url.origin, token), mailed: !!mail, hours } };
	}
};
