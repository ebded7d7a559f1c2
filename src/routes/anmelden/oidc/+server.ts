import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { settings } from '#lib/server/context.ts';
import { beginOidcLogin, serializePending } from '#lib/server/auth/oidc.ts';
import { OIDC_COOKIE, OIDC_PENDING_MAX_MS, oidcConfig } from '#lib/server/auth/oidc-settings.ts';
import { safeTarget } from '#lib/server/auth/guard.ts';

/** Starts single sign-on: state, nonce and PKCE verifier go into a short-lived HttpOnly cookie. */
export const GET: RequestHandler = async ({ url, cookies }) => {
	const cfg = oidcConfig(settings(), url.origin);
	if (!cfg) error(404, 'Die Einmalanmeldung ist nicht eingerichtet.');
	let started: Awaited<ReturnType<typeof beginOidcLogin>>;
	try {
		started = await beginOidcLogin(cfg);
	} catch {
		error(502, 'Der Anmeldedienst ist nicht erreichbar. Bitte melden Sie sich mit Passwort an oder versuchen Sie es später erneut.');
	}
	const target = safeTarget(url.searchParams.get('ziel'));
	cookies.set(OIDC_COOKIE, `${serializePending(started.pending)}.${Buffer.from(target).toString('base64url')}`, {
		path: '/', httpOnly: true, secure: true, sameSite: 'lax', maxAge: OIDC_PENDING_MAX_MS / 1000
	});
	// SvelteKit's redirect() refuses other origins on purpose; going to the provider is the one wanted case.
	return new Response(null, { status: 303, headers: { location: started.url.href } });
};
