import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { completeOidcLogin, parsePending } from '#lib/server/auth/oidc.ts';
import { OIDC_COOKIE, OIDC_PENDING_MAX_MS, oidcConfig } from '#lib/server/auth/oidc-settings.ts';
import { userForOidc } from '#lib/server/auth/users.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { safeAddress, safeTarget, startSession } from '#lib/server/auth/guard.ts';
import { userById } from '#lib/server/registry/route-reads.ts';

/**
 * Back to the login page with a fixed message code (never text from the request). The status is
 * only seen by clients that do not follow redirects; browsers land on the login page.
 */
function back(status: number, code: string): Response {
	return new Response(null, { status: 303, headers: { location: `/anmelden?fehler=${code}`, 'x-ikz-status': String(status) } });
}

/** The provider sends the browser back here with a code; the account must exist in IKZ-Atlas. */
export const GET: RequestHandler = async (event) => {
	const { url, cookies } = event;
	const cfg = oidcConfig(settings(), url.origin);
	if (!cfg) error(404, 'Die Einmalanmeldung ist nicht eingerichtet.');
	const raw = cookies.get(OIDC_COOKIE) ?? '';
	cookies.delete(OIDC_COOKIE, { path: '/', httpOnly: true, secure: true, sameSite: 'lax' });
	const [pendingText, targetText] = raw.split('.');
	const pending = parsePending(pendingText, OIDC_PENDING_MAX_MS);
	if (!pending) return back(400, 'sso-abgelaufen');
	const address = safeAddress(event);
	let identity;
	try {
		identity = await completeOidcLogin(cfg, url, pending);
	} catch (e) {
		await audit(db(), null, { action: 'anmeldung.oidc', outcome: 'failed', actorLabel: 'Einmalanmeldung', detail: { reason: e instanceof Error ? e.message.slice(0, 200) : 'Fehler' }, address });
		return back(400, 'sso-fehler');
	}
	const found = await userForOidc(db(), identity);
	if ('error' in found) {
		await audit(db(), null, { action: 'anmeldung.oidc', outcome: 'refused', actorLabel: identity.email ?? identity.subject, address });
		return back(403, found.error.includes('gesperrt') ? 'sso-gesperrt' : 'sso-unbekannt');
	}
	await startSession(event, found.userId);
	const user = await userById(db(), found.userId);
	if (!user) throw new Error('The account vanished during the sign-in.');
	await audit(db(), { role: user.role, userId: user.id, name: user.name, email: user.email, bodyId: null, regionId: null }, { action: 'anmeldung.oidc', address });
	redirect(303, safeTarget(targetText ? Buffer.from(targetText, 'base64url').toString() : null));
};
