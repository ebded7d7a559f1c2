import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { passwordLogin } from '#lib/server/auth/users.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { safeAddress, safeTarget, startSession } from '#lib/server/auth/guard.ts';
import { parseForm, problems } from '#lib/server/forms/form-data.ts';
import { userById } from '#lib/server/registry/route-reads.ts';
import { loginForm, loginRequired } from './_schema.ts';

const SSO_ERRORS: Record<string, string> = {
	'sso-unbekannt': 'Für dieses Konto des Rechenzentrums gibt es im IKZ-Atlas kein Benutzerkonto. Bitte wenden Sie sich an den Steuerungsdienst des Kreises.',
	'sso-gesperrt': 'Dieses Benutzerkonto ist gesperrt.',
	'sso-fehler': 'Die Einmalanmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.',
	'sso-abgelaufen': 'Die Anmeldung ist abgelaufen oder wurde nicht hier begonnen. Bitte starten Sie sie erneut.'
};

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.actor.userId) redirect(303, safeTarget(url.searchParams.get('ziel')));
	const s = settings();
	return {
		target: safeTarget(url.searchParams.get('ziel')),
		oidc: s.OIDC_ISSUER && s.OIDC_CLIENT_ID ? { label: s.OIDC_LABEL } : null,
		message: url.searchParams.get('hinweis') === 'abgemeldet' ? 'Sie sind abgemeldet.' : null,
		ssoError: SSO_ERRORS[url.searchParams.get('fehler') ?? ''] ?? null
	};
};

export const actions: Actions = {
	default: async (event) => {
		const post = await parseForm(event.request, loginForm);
		if (!post.ok) return fail(400, { email: '', errors: post.errors });
		const { email, password } = post.data;
		const target = safeTarget(post.data.ziel);
		const errors = problems(loginRequired, post.data);
		if (errors.length) return fail(400, { email, errors });
		const s = settings();
		const address = safeAddress(event) ?? 'unbekannt';
		const result = await passwordLogin(db(), email, password, address, {
			maxAccount: s.LOGIN_MAX_FAILURES_ACCOUNT, maxAddress: s.LOGIN_MAX_FAILURES_ADDRESS, lockMinutes: s.LOGIN_LOCK_MINUTES
		});
		if (!result.ok) {
			await audit(db(), null, { action: 'anmeldung', outcome: 'failed', actorLabel: email.toLowerCase().slice(0, 200), detail: { reason: result.reason }, address });
			const message = result.reason === 'locked'
				? `Zu viele Fehlversuche. Die Anmeldung ist bis ${result.until?.toLocaleTimeString('de-DE', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Berlin' })} Uhr gesperrt.`
				: 'E-Mail-Adresse oder Passwort sind nicht richtig.';
			return fail(result.reason === 'locked' ? 429 : 400, { email, errors: [{ field: 'email', message }] });
		}
		await startSession(event, result.userId);
		const user = await userById(db(), result.userId);
		if (!user) redirect(303, target);
		await audit(db(), { role: 'member', userId: user.id, name: user.name, email: user.email, bodyId: null, regionId: null }, { action: 'anmeldung', address });
		redirect(303, target);
	}
};
