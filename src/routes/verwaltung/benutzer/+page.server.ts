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

interface FieldError {
	field: string;
	message: string;
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'de');

/** The bodies a person may be assigned to: all for administrators, the own region's for coordinators. */
export async function _bodiesFor(actor: Actor) {
	// Bodies only the national directory holds belong to no region yet (decision 0007): not listed.
	let q = db().selectFrom('body').select(['id', 'name', 'region_id']).where('region_id', '!=', DIRECTORY_REGION);
	if (actor.role !== 'administrator' && actor.regionId) q = q.where('region_id', '=', actor.regionId);
	return (await q.execute()).sort(byName);
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
	return ['email', 'name', 'role', 'body'].filter((f) => errors[f]).map((f) => ({ field: f, message: errors[f]! }));
}

export const load: PageServerLoad = async ({ locals }) => {
	const actor = locals.actor;
	const bodies = await _bodiesFor(actor);
	const regionOf = new Map(bodies.map((b) => [b.id, b.region_id]));
	const all = await listUsers(db());
	// Coordinators see the accounts of their own region (and accounts without a body).
	const visible = actor.role === 'administrator' ? all : all.filter((u) => !u.body_id || regionOf.has(u.body_id));
	return {
		users: visible.sort(byName).map((u) => ({
			id: u.id, name: u.name, email: u.email, role: u.role, body: u.body_name, status: _statusOf(u), lastLogin: u.last_login_at
		})),
		bodies: bodies.map((b) => ({ id: b.id, label: b.name })),
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
			bodyId: String(form.get('body') ?? '') || null
		};
		const errors = _fieldErrors(await validateNewUser(db(), values));
		if (errors.length) return fail(400, { values, errors });
		// A coordinator may not make administrators, nor invite people of another region.
		await requireCan(event, 'users.manage', { grantRole: values.role, regionId: await _regionOfBody(values.bodyId) }, { entity: 'user' });
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
				action: 'benutzer.angelegt', entity: 'user', entityId: id, detail: { role: values.role, body: values.bodyId, mail: !!mail }, address: safeAddress(event)
			});
			return { id, token };
		});
		// With e-mail the link goes only to the person; without, it is shown here once as before.
		return { created: { id, name: values.name, email: values.email.toLowerCase(), link: mail ? null : _setupLink(event.url.origin, token), mailed: !!mail, hours } };
	}
};
