import { error, redirect } from '@sveltejs/kit';
import type { Handle, ServerInit } from '@sveltejs/kit/hooks';
import { db, initServer, settings } from '#lib/server/context.ts';
import { actorOfSession, COOKIE_OPTIONS, SESSION_COOKIE } from '#lib/server/auth/session.ts';
import { canAtAll, VISITOR } from '#lib/server/auth/policy.ts';
import { actionName, ROUTES } from '#lib/server/auth/routes.ts';
import { audit } from '#lib/server/auth/audit.ts';

/** Opens the database, migrates and loads the shipped data once, before the first request. */
export const init: ServerInit = async () => {
	await initServer();
};

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every request: who is asking (session cookie), CSRF origin check for every state-changing
 * request that carries the session cookie (SvelteKit checks form posts itself; this also covers
 * JSON), the route table (a route missing from it is refused), then the security headers.
 */
export const handle: Handle = async ({ event, resolve }) => {
	const s = settings();
	const token = event.cookies.get(SESSION_COOKIE) ?? null;
	const { actor, valid } = await actorOfSession(db(), token ?? undefined, { idleMinutes: s.SESSION_IDLE_MINUTES, maxHours: s.SESSION_MAX_HOURS });
	event.locals.actor = actor;
	event.locals.sessionToken = valid ? token : null;
	if (token && !valid) event.cookies.delete(SESSION_COOKIE, COOKIE_OPTIONS);

	const method = event.request.method;
	if (!SAFE.has(method) && token) {
		const origin = event.request.headers.get('origin');
		const fetchSite = event.request.headers.get('sec-fetch-site');
		const sameOrigin = origin ? origin === event.url.origin : fetchSite === 'same-origin';
		if (!sameOrigin) {
			await audit(db(), actor, { action: 'csrf', outcome: 'refused', detail: { path: event.url.pathname, method }, address: event.getClientAddress() });
			error(403, 'Anfrage von einer fremden Seite abgelehnt (CSRF-Schutz).');
		}
	}

	const routeId = event.route.id;
	if (routeId) {
		const rule = ROUTES[routeId];
		const needed = SAFE.has(method) ? rule?.page : rule?.actions?.[actionName(event.url)];
		if (!needed) {
			error(rule ? 405 : 404, rule ? 'Diese Aktion gibt es hier nicht.' : 'Seite nicht gefunden');
		}
		if (!canAtAll(actor, needed)) {
			if (actor === VISITOR && SAFE.has(method)) {
				redirect(303, `/anmelden?ziel=${encodeURIComponent(event.url.pathname + event.url.search)}`);
			}
			await audit(db(), actor, { action: 'zugriff', outcome: 'refused', detail: { route: routeId, method, needed }, address: event.getClientAddress() });
			error(actor === VISITOR ? 401 : 403, actor === VISITOR ? 'Bitte melden Sie sich an.' : 'Dafür fehlt Ihrer Rolle die Berechtigung.');
		}
	}

	const response = await resolve(event);
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set('Cross-Origin-Resource-Policy', 'same-origin');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
	if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
	if (event.url.protocol === 'https:') h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	// Pages seen by a signed-in user may hold contacts: never keep them in shared caches.
	if (actor !== VISITOR) h.set('Cache-Control', 'private, no-store');
	return response;
};
