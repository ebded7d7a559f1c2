import { error, redirect } from '@sveltejs/kit';
import type { Handle, ServerInit } from '@sveltejs/kit/hooks';
import { db, initServer, settings } from '#lib/server/context.ts';
import { actorOfSession, COOKIE_OPTIONS, SESSION_COOKIE } from '#lib/server/auth/session.ts';
import { canAtAll, VISITOR } from '#lib/server/auth/policy.ts';
import { actionName, ROUTES } from '#lib/server/auth/routes.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { safeAddress } from '#lib/server/auth/guard.ts';
import { resolveApiToken } from '#lib/server/api/tokens.ts';
import { countRequest } from '#lib/server/api/rate.ts';
import { problem } from '#lib/server/api/http.ts';

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
	if (API_PATH.test(event.url.pathname)) return securityHeaders(await handleApi(event, resolve), event.url, event.locals.actor, true);
	const s = settings();
	const token = event.cookies.get(SESSION_COOKIE) ?? null;
	const { actor, valid } = await actorOfSession(db(), token ?? undefined, { idleMinutes: s.SESSION_IDLE_MINUTES, maxHours: s.SESSION_MAX_HOURS });
	event.locals.actor = actor;
	event.locals.sessionToken = valid ? token : null;
	event.locals.apiScopes = [];
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

	return securityHeaders(await resolve(event), event.url, actor, false);
};

function securityHeaders(response: Response, url: URL, actor: App.Locals['actor'], api: boolean): Response {
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set('Cross-Origin-Resource-Policy', 'same-origin');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
	if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
	if (url.protocol === 'https:') h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	// Pages seen by a signed-in user may hold contacts: never keep them in shared caches. API answers
	// hold no contacts; with a token they stay private but may be revalidated by ETag.
	if (actor !== VISITOR) h.set('Cache-Control', api ? 'private, no-cache' : 'private, no-store');
	return response;
}

// -- API v1 (issue 8) --
const API_PATH = /^\/api(?:\/|$)/;
const REALM = 'Bearer realm="ikz-atlas"';

/**
 * Requests under /api/: no cookie session (so no CSRF question: writing needs a token), the actor
 * of an `Authorization: Bearer ikz_…` token, its scopes (`lesen` for reading, `schreiben` for
 * writing), the rate limit per token or address, the same route table as the pages (refusals as
 * 401/403, never a redirect), and every error as problem details (RFC 9457).
 */
async function handleApi(event: Parameters<Handle>[0]['event'], resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
	event.locals.actor = VISITOR;
	event.locals.sessionToken = null;
	event.locals.apiScopes = [];
	const instance = event.url.pathname;
	const method = event.request.method;
	const address = safeAddress(event);
	let rateKey = `a:${address ?? 'unbekannt'}`;
	const auth = event.request.headers.get('authorization');
	if (auth !== null) {
		const m = /^Bearer +([^\s]{1,200})$/i.exec(auth.trim());
		const resolved = m ? await resolveApiToken(db(), m[1]!) : null;
		if (!resolved) {
			return problem(401, { code: 'invalid-token', detail: 'Der API-Schlüssel ist unbekannt, abgelaufen oder widerrufen.', instance, headers: { 'www-authenticate': `${REALM}, error="invalid_token"` } });
		}
		event.locals.actor = resolved.actor;
		event.locals.apiScopes = resolved.scopes;
		rateKey = `t:${resolved.tokenId}`;
	}
	const rate = await countRequest(db(), rateKey, new Date(), settings().API_RATE_PER_MINUTE);
	const rateHeaders: Record<string, string> = { 'ratelimit-limit': String(rate.limit), 'ratelimit-remaining': String(rate.remaining), 'ratelimit-reset': String(rate.resetSeconds) };
	if (!rate.allowed) {
		return problem(429, { code: 'rate-limit', detail: `Mehr als ${rate.limit} Anfragen in der Minute. Bitte warten Sie ${rate.resetSeconds} Sekunden.`, instance, headers: { ...rateHeaders, 'retry-after': String(rate.resetSeconds) } });
	}
	const actor = event.locals.actor;
	const rule = event.route.id ? ROUTES[event.route.id] : undefined;
	const needed = SAFE.has(method) ? rule?.page : rule?.actions?.[actionName(event.url)];
	const scope = SAFE.has(method) ? 'lesen' : 'schreiben';
	let response: Response;
	if (!event.route.id) {
		response = problem(404, { code: 'not-found', detail: 'Diese Adresse gibt es in der API nicht.', instance });
	} else if (!needed) {
		response = problem(rule ? 405 : 404, { code: rule ? 'method' : 'not-found', detail: rule ? `${method} ist hier nicht möglich.` : 'Diese Adresse gibt es in der API nicht.', instance });
	} else if (!canAtAll(actor, needed)) {
		await audit(db(), actor, { action: 'zugriff', outcome: 'refused', detail: { route: event.route.id, method, needed, via: 'api' }, address });
		response = actor === VISITOR
			? problem(401, { code: 'unauthenticated', detail: 'Dafür ist ein API-Schlüssel nötig (Authorization: Bearer …), erstellt unter /konto.', instance, headers: { 'www-authenticate': REALM } })
			: problem(403, { code: 'forbidden', detail: 'Dafür fehlt Ihrer Rolle die Berechtigung.', instance });
	} else if (actor !== VISITOR && !event.locals.apiScopes.includes(scope)) {
		response = problem(403, { code: 'insufficient-scope', detail: `Dem API-Schlüssel fehlt die Berechtigung „${scope}“.`, instance, headers: { 'www-authenticate': `${REALM}, error="insufficient_scope", scope="${scope}"` } });
	} else {
		response = await resolve(event);
		if (response.status >= 400 && !(response.headers.get('content-type') ?? '').startsWith('application/problem+json')) {
			// SvelteKit's own errors (unknown method, a thrown error): the same problem format.
			const text = await response.text();
			let detail: string | undefined;
			try {
				detail = (JSON.parse(text) as { message?: string }).message;
			} catch {
				detail = undefined;
			}
			response = problem(response.status, { code: response.status === 404 ? 'not-found' : response.status === 405 ? 'method' : undefined, detail, instance, headers: response.headers.get('allow') ? { allow: response.headers.get('allow')! } : {} });
		}
	}
	for (const [k, v] of Object.entries(rateHeaders)) response.headers.set(k, v);
	return response;
}
