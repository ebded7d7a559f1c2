import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, mailSettings, settings } from '#lib/server/context.ts';
import { mailPreferences, saveMailPreferences } from '#lib/server/mail/preferences.ts';
import { OPTIONAL_KINDS } from '#lib/server/mail/kinds.ts';
import { accountOf, changePassword } from '#lib/server/auth/users.ts';
import { proposalsBy } from '#lib/server/registry/route-reads.ts';
import { parseForm, readForm } from '#lib/server/forms/form-data.ts';
import { apiTokenForm, mailChoiceForm, passwordChangeForm, revokeTokenForm } from '#lib/server/forms/account.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { safeAddress } from '#lib/server/auth/guard.ts';
import { MAIL_KIND_LABEL, ROLE_LABEL_USER } from '#lib/i18n/de.ts';
import { calendarTokenCreated, issueCalendarToken } from '#lib/server/steering/deadlines.ts';
import { API_SCOPES, createApiToken, listApiTokens, revokeApiToken, SCOPE_LABEL, TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS, TOKEN_NAME_MAX } from '#lib/server/api/tokens.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const a = locals.actor;
	const user = await accountOf(db(), a.userId!);
	if (!user) throw new Error('The signed-in account does not exist.');
	const ownProposals = await proposalsBy(db(), a.userId!, 20);
	return {
		account: { name: user.name, email: user.email, role: ROLE_LABEL_USER[user.role], body: user.body_name, hasPassword: !!user.password_hash, sso: !!user.oidc_subject },
		proposals: ownProposals.map((p) => ({ id: p.id, kind: p.kind, status: p.status, createdAt: p.created_at, comment: p.decision_comment, title: p.title })),
		notice: url.searchParams.get('hinweis') === 'eingerichtet' ? 'Ihr Passwort ist festgelegt, Sie sind angemeldet.' : null,
		minLength: settings().PASSWORD_MIN_LENGTH,
		calendar: { since: await calendarTokenCreated(db(), a.userId!), hasBody: !!user.body_name },
		// -- e-mail (issue 19, part 3) --
		mail: await (async () => {
			const prefs = await mailPreferences(db(), a.userId!);
			return { enabled: !!mailSettings(), kinds: OPTIONAL_KINDS.map((id) => ({ id, label: MAIL_KIND_LABEL[id] ?? id, on: prefs[id] })) };
		})(),
		// -- API tokens (issue 8) --
		api: {
			tokens: await listApiTokens(db(), a.userId!),
			scopes: API_SCOPES.map((id) => ({ id, label: SCOPE_LABEL[id] })),
			defaultDays: TOKEN_DEFAULT_DAYS, maxDays: TOKEN_MAX_DAYS, nameMax: TOKEN_NAME_MAX
		}
	};
};

export const actions: Actions = {
	passwort: async (event) => {
		const post = await parseForm(event.request, passwordChangeForm);
		if (!post.ok) return fail(400, { errors: post.errors });
		const { current, next } = post.data;
		const problems = await changePassword(db(), event.locals.actor.userId!, current, next, settings().PASSWORD_MIN_LENGTH);
		if (problems.length) {
			await audit(db(), event.locals.actor, { action: 'passwort.geaendert', outcome: 'failed', address: safeAddress(event) });
			return fail(400, { errors: problems.map((message) => ({ field: message.includes('bisherige') ? 'current' : 'next', message })) });
		}
		await audit(db(), event.locals.actor, { action: 'passwort.geaendert', address: safeAddress(event) });
		return { changed: true };
	},
	/** What to receive by e-mail: the checked kinds on, every other optional kind off (an unchecked box sends nothing). */
	benachrichtigungen: async (event) => {
		const wanted = (await readForm(event.request, mailChoiceForm)).data.mail_kinds;
		await saveMailPreferences(db(), event.locals.actor.userId!, wanted);
		await audit(db(), event.locals.actor, { action: 'email.auswahl', entity: 'user', entityId: event.locals.actor.userId, detail: { kinds: wanted.join(' ') }, address: safeAddress(event) });
		return { mailSaved: true };
	},
	/** A new personal calendar address (the old one stops working); shown once, only its hash is stored. */
	kalender: async (event) => {
		const token = await issueCalendarToken(db(), event.locals.actor.userId!);
		await audit(db(), event.locals.actor, { action: 'kalender.token', entity: 'user', entityId: event.locals.actor.userId, address: safeAddress(event) });
		return { calendarUrl: `${event.url.origin}/kalender/${token}.ics` };
	},
	/** A personal API token: shown once in the answer, only its hash is stored. */
	token: async (event) => {
		const { name, scopes, days, daysText } = (await readForm(event.request, apiTokenForm)).data;
		const r = await createApiToken(db(), event.locals.actor.userId!, { name, scopes, days });
		const tokenForm = { name: name.trim().slice(0, 200), scopes, days: daysText.slice(0, 10) };
		if (!r.ok) return fail(400, { tokenErrors: r.problems.map((p) => ({ field: `token_${p.field}`, message: p.message })), tokenForm });
		await audit(db(), event.locals.actor, { action: 'api.token.erstellt', entity: 'api_token', entityId: r.id, detail: { scopes: scopes.join(' ') }, address: safeAddress(event) });
		return { apiToken: r.token, apiTokenName: name.trim(), apiTokenExpires: r.expiresAt };
	},
	token_widerrufen: async (event) => {
		const { token_id: id } = (await readForm(event.request, revokeTokenForm)).data;
		const ok = await revokeApiToken(db(), event.locals.actor.userId!, id);
		if (!ok) return fail(404, { revokeError: 'Diesen Schlüssel gibt es nicht (mehr) in Ihrem Konto.' });
		await audit(db(), event.locals.actor, { action: 'api.token.widerrufen', entity: 'api_token', entityId: id, address: safeAddress(event) });
		return { revoked: true };
	}
};
