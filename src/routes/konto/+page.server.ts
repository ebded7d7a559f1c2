import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { changePassword } from '#lib/server/auth/users.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { safeAddress } from '#lib/server/auth/guard.ts';
import { ROLE_LABEL_USER } from '#lib/i18n/de.ts';
import { calendarTokenCreated, issueCalendarToken } from '#lib/server/steering/deadlines.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const a = locals.actor;
	const user = await db().selectFrom('app_user').leftJoin('body', 'body.id', 'app_user.body_id')
		.select(['app_user.name', 'app_user.email', 'app_user.role', 'body.name as body_name', 'app_user.password_hash', 'app_user.oidc_subject'])
		.where('app_user.id', '=', a.userId!).executeTakeFirstOrThrow();
	const ownProposals = await db().selectFrom('proposal').select(['id', 'kind', 'status', 'created_at', 'decision_comment', 'proposed_json'])
		.where('proposer_id', '=', a.userId!).orderBy('id', 'desc').limit(20).execute();
	return {
		account: { name: user.name, email: user.email, role: ROLE_LABEL_USER[user.role], body: user.body_name, hasPassword: !!user.password_hash, sso: !!user.oidc_subject },
		proposals: ownProposals.map((p) => ({ id: p.id, kind: p.kind, status: p.status, createdAt: p.created_at, comment: p.decision_comment, title: (JSON.parse(p.proposed_json) as { title?: string }).title ?? '' })),
		notice: url.searchParams.get('hinweis') === 'eingerichtet' ? 'Ihr Passwort ist festgelegt, Sie sind angemeldet.' : null,
		minLength: settings().PASSWORD_MIN_LENGTH,
		calendar: { since: await calendarTokenCreated(db(), a.userId!), hasBody: !!user.body_name }
	};
};

export const actions: Actions = {
	passwort: async (event) => {
		const form = await event.request.formData();
		const current = String(form.get('current') ?? '');
		const next = String(form.get('next') ?? '');
		const problems = await changePassword(db(), event.locals.actor.userId!, current, next, settings().PASSWORD_MIN_LENGTH);
		if (problems.length) {
			await audit(db(), event.locals.actor, { action: 'passwort.geaendert', outcome: 'failed', address: safeAddress(event) });
			return fail(400, { errors: problems.map((message) => ({ field: message.includes('bisherige') ? 'current' : 'next', message })) });
		}
		await audit(db(), event.locals.actor, { action: 'passwort.geaendert', address: safeAddress(event) });
		return { changed: true };
	},
	/** A new personal calendar address (the old one stops working); shown once, only its hash is stored. */
	kalender: async (event) => {
		const token = await issueCalendarToken(db(), event.locals.actor.userId!);
		await audit(db(), event.locals.actor, { action: 'kalender.token', entity: 'user', entityId: event.locals.actor.userId, address: safeAddress(event) });
		return { calendarUrl: `${event.url.origin}/kalender/${token}.ics` };
	}
};
