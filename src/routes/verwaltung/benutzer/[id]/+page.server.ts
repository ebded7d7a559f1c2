import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { db, mailSettings, settings } from '#lib/server/context.ts';
import { enqueueMail } from '#lib/server/mail/queue.ts';
import { passwordResetMail } from '#lib/server/mail/messages.ts';
import { accountOf, createSetupToken, setDisabled, updateUser, validateNewUser } from '#lib/server/auth/users.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { requireCan, safeAddress } from '#lib/server/auth/guard.ts';
import { can } from '#lib/server/auth/policy.ts';
import { parseForm, readForm } from '#lib/server/forms/form-data.ts';
import { disableUserForm, editUserForm } from '#lib/server/forms/users.ts';
import { accountStatus, bodiesFor, regionOfBody, roleOptions, setupLink, userFieldErrors } from '#lib/server/auth/user-admin.ts';

async function target(id: string) {
	const u = await accountOf(db(), id);
	if (!u) error(404, 'Dieses Benutzerkonto gibt es nicht.');
	return u;
}

/** Load the account and check that the actor may manage it (coordinators: own region, no administrators). */
async function managed(event: RequestEvent) {
	const u = await target(event.params.id);
	await requireCan(event, 'users.manage', { grantRole: u.role, regionId: u.region_id }, { entity: 'user', entityId: u.id });
	return u;
}

const NOTICES: Record<string, string> = {
	gespeichert: 'Die Änderungen sind gespeichert.',
	abgemeldet: 'Die Änderungen sind gespeichert. Weil sich Rolle oder Körperschaft geändert haben, wurde die Person auf allen Geräten abgemeldet; die neuen Rechte gelten ab ihrer nächsten Anmeldung.',
	gesperrt: 'Das Konto ist gesperrt. Die Person wurde auf allen Geräten abgemeldet und kann sich nicht mehr anmelden; ein noch offener Einmal-Link gilt nicht mehr.',
	entsperrt: 'Das Konto ist entsperrt. Die Person kann sich wieder anmelden.'
};

export const load: PageServerLoad = async (event) => {
	const { locals, url } = event;
	const u = await target(event.params.id);
	// Another region's accounts are not shown to a coordinator at all.
	await requireCan(event, 'users.manage', { regionId: u.region_id }, { entity: 'user', entityId: u.id });
	const actor = locals.actor;
	return {
		user: {
			id: u.id, email: u.email, name: u.name, role: u.role, bodyId: u.body_id, body: u.body_name, status: accountStatus(u),
			createdAt: u.created_at, lastLogin: u.last_login_at, sso: !!u.oidc_subject
		},
		self: u.id === actor.userId,
		manageable: can(actor, 'users.manage', { grantRole: u.role, regionId: u.region_id }),
		roles: roleOptions(actor, u.region_id),
		bodies: (await bodiesFor(actor)).map((b) => ({ id: b.id, label: b.name })),
		hours: settings().SETUP_LINK_HOURS,
		notice: NOTICES[url.searchParams.get('hinweis') ?? ''] ?? null
	};
};

export const actions: Actions = {
	speichern: async (event) => {
		const u = await managed(event);
		const { data: values } = await readForm(event.request, editUserForm);
		const errors = userFieldErrors(await validateNewUser(db(), { ...values, email: u.email }, u.id));
		const self = u.id === event.locals.actor.userId;
		if (self && values.role !== u.role) errors.push({ field: 'role', message: 'Ihre eigene Rolle können Sie nicht ändern. Bitten Sie eine andere Person mit Verwaltungsrechten darum.' });
		if (self && values.bodyId !== u.body_id) errors.push({ field: 'body', message: 'Ihre eigene Körperschaft können Sie nicht ändern. Bitten Sie eine andere Person mit Verwaltungsrechten darum.' });
		if (errors.length) return fail(400, { values, errors });
		// The new role and the new body must be within the actor's rights as well.
		await requireCan(event, 'users.manage', { grantRole: values.role, regionId: await regionOfBody(values.bodyId) }, { entity: 'user', entityId: u.id });
		await updateUser(db(), u.id, values);
		const rightsChanged = values.role !== u.role || values.bodyId !== u.body_id;
		await audit(db(), event.locals.actor, {
			action: 'benutzer.geaendert', entity: 'user', entityId: u.id, address: safeAddress(event),
			detail: {
				role: values.role, role_before: u.role, body: values.bodyId, body_before: u.body_id,
				name_changed: values.name !== u.name, signed_out: rightsChanged
			}
		});
		redirect(303, `/verwaltung/benutzer/${u.id}?hinweis=${rightsChanged ? 'abgemeldet' : 'gespeichert'}`);
	},
	sperren: async (event) => {
		const u = await managed(event);
		if (u.id === event.locals.actor.userId) {
			return fail(400, { errors: [{ field: 'sperren', message: 'Ihr eigenes Konto können Sie nicht sperren.' }] });
		}
		// Disabling signs the person out everywhere: it needs an explicit tick, not just a click.
		const post = await parseForm(event.request, disableUserForm);
		if (!post.ok) return fail(400, { errors: post.errors });
		await setDisabled(db(), u.id, true);
		await audit(db(), event.locals.actor, { action: 'benutzer.gesperrt', entity: 'user', entityId: u.id, address: safeAddress(event) });
		redirect(303, `/verwaltung/benutzer/${u.id}?hinweis=gesperrt`);
	},
	entsperren: async (event) => {
		const u = await managed(event);
		await setDisabled(db(), u.id, false);
		await audit(db(), event.locals.actor, { action: 'benutzer.entsperrt', entity: 'user', entityId: u.id, address: safeAddress(event) });
		redirect(303, `/verwaltung/benutzer/${u.id}?hinweis=entsperrt`);
	},
	link: async (event) => {
		const u = await managed(event);
		if (u.disabled_at) {
			return fail(400, { errors: [{ field: 'link', message: 'Das Konto ist gesperrt. Bitte entsperren Sie es zuerst, dann können Sie einen neuen Link erzeugen.' }] });
		}
		const hours = settings().SETUP_LINK_HOURS;
		const mail = mailSettings();
		const token = await db().transaction().execute(async (trx) => {
			const token = await createSetupToken(trx, u.id, hours);
			if (mail) await enqueueMail(trx, { ...passwordResetMail({ origin: mail.origin, name: u.name, token, hours }), userId: u.id, to: u.email });
			await audit(trx, event.locals.actor, { action: 'benutzer.link', entity: 'user', entityId: u.id, detail: { mail: !!mail }, address: safeAddress(event) });
			return token;
		});
		return { link: mail ? null : setupLink(event.url.origin, token), mailed: !!mail, hours };
	}
};
