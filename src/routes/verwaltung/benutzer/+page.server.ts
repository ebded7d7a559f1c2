import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, mailSettings, settings } from '#lib/server/context.ts';
import { enqueueMail } from '#lib/server/mail/queue.ts';
import { invitationMail } from '#lib/server/mail/messages.ts';
import { createSetupToken, createUser, listUsers, validateNewUser } from '#lib/server/auth/users.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { requireCan, safeAddress } from '#lib/server/auth/guard.ts';
import { regionsOfBody } from '#lib/server/registry/regions.ts';
import { existingRegionIds } from '#lib/server/registry/route-reads.ts';
import { readForm } from '#lib/server/forms/form-data.ts';
import { newUserForm } from '#lib/server/forms/users.ts';
import { accountStatus, bodiesFor, byName, regionOfBody, regionOptions, roleOptions, setupLink, userFieldErrors } from '#lib/server/auth/user-admin.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const actor = locals.actor;
	const regions = await regionOptions(actor);
	const asked = url.searchParams.get('region');
	const region = regions.find((r) => r.id === asked)?.id ?? null;
	const bodies = await bodiesFor(actor, region);
	const own = new Set((await bodiesFor(actor)).map((b) => b.id));
	const all = await listUsers(db());
	// Coordinators see the accounts of their own region (invited for it, or with a body of it; and accounts without a body).
	const visible = actor.role === 'administrator' ? all
		: all.filter((u) => u.region_id ? u.region_id === actor.regionId : !u.body_id || own.has(u.body_id));
	return {
		users: visible.sort(byName).map((u) => ({
			id: u.id, name: u.name, email: u.email, role: u.role, body: u.body_name, status: accountStatus(u), lastLogin: u.last_login_at
		})),
		bodies: bodies.map((b) => ({ id: b.id, label: b.name })),
		regions,
		region,
		roles: roleOptions(actor, actor.regionId),
		hours: settings().SETUP_LINK_HOURS
	};
};

export const actions: Actions = {
	anlegen: async (event) => {
		const { data: values } = await readForm(event.request, newUserForm);
		const errors = userFieldErrors(await validateNewUser(db(), values));
		// Invited per region (issue 13, part 3): the body must belong to the region.
		const bodyRegions = values.bodyId ? await regionsOfBody(db(), values.bodyId) : [];
		if (values.regionId && !(await existingRegionIds(db(), [values.regionId])).length) {
			errors.push({ field: 'region', message: 'Diese Region gibt es nicht.' });
		} else if (values.regionId && values.bodyId && bodyRegions.length && !bodyRegions.includes(values.regionId)) {
			errors.push({ field: 'body', message: 'Diese Körperschaft gehört nicht zur gewählten Region.' });
		}
		if (errors.length) return fail(400, { values, errors });
		// A coordinator may not make administrators, nor invite people of another region.
		const regionId = values.regionId ?? await regionOfBody(values.bodyId);
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
		return { created: { id, name: values.name, email: values.email.toLowerCase(), link: mail ? null : setupLink(event.url.origin, token), mailed: !!mail, hours } };
	}
};
