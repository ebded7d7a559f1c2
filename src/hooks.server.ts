import { ServerResponse } from 'node:http';
import { error, isHttpError, isRedirect, redirect } from '@sveltejs/kit';
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit/hooks';
import { db, initServer, settings } from '#lib/server/context.ts';
import { startSchedule } from '#lib/server/oparl/service.ts';
import { actorOfSession, COOKIE_OPTIONS, SESSION_COOKIE } from '#lib/server/auth/session.ts';
import { canAtAll, VISITOR } from '#lib/server/auth/policy.ts';
import { actionName, ROUTES } from '#lib/server/auth/routes.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { safeAddress } from '#lib/server/auth/guard.ts';
import { resolveApiToken } from '#lib/server/api/tokens.ts';
import { countRequest } from '#lib/server/api/rate.ts';
import { problem } from '#lib/server/api/http.ts';
import { logLine } from '#lib/server/ops/log.ts';
import { isDatabaseUnavailable, reason, RETRY_AFTER_SECONDS } from '#lib/server/ops/unavailable.ts';
import { requestIdOf, UNAVAILABLE_MESSAGE, unavailableResponse } from '#lib/server/ops/requests.ts';
import { observeDatabaseUnavailable, observeRequest } from '#lib/server/ops/metrics.ts';
import { compressResponse } from '#lib/server/ops/compress.ts';

/** Opens the database, migrates and loads the shipped data once, before the first request. */
export const init: ServerInit = async () => {
	staticFileHeaders();
	await initServer();
	// Scheduled harvests of the connected council information systems (issue 21).
	startSchedule(db(), settings());
};

/** The headers every response carries, pages, API and static files alike. */
const BASE_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'strict-origin-when-cross-origin',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'
};

/**
 * adapter-node answers requests for files of build/client (scripts, styles, favicon) itself,
 * before this hook runs, and has no setting for headers. So that those carry the same security
 * headers as pages (issue 18), the headers are added to every Node response at `writeHead`
 * unless the response already set them (pages keep SvelteKit's CSP).
 */
function staticFileHeaders(): void {
	const proto = ServerResponse.prototype as ServerResponse & { ikzHeaders?: true };
	if (proto.ikzHeaders) return;
	proto.ikzHeaders = true;
	const writeHead = proto.writeHead;
	proto.writeHead = function (this: ServerResponse, ...args: unknown[]) {
		if (!this.headersSent) {
			for (const [name, value] of Object.entries(BASE_HEADERS)) if (!this.hasHeader(name)) this.setHeader(name, value);
			if (!this.hasHeader('Content-Security-Policy')) this.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
		}
		return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
	} as typeof writeHead;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every request: who is asking (session cookie), CSRF origin check for every state-changing
 * request that carries the session cookie (SvelteKit checks form posts itself; this also covers
 * JSON), the route table (a route missing from it is refused), then the security headers.
 */
const appHandle: Handle = async ({ event, resolve }) => {
	// A path SvelteKit cannot decode ("/%ff") reaches this hook outside SvelteKit's own error
	// handling: anything thrown here would end the process (issue 18). Such a request is answered
	// 400 without looking at sessions or routes, and nothing below may run for it.
	if (!decodable(event.url.pathname)) return malformed(event, resolve);
	if (API_PATH.test(event.url.pathname)) return securityHeaders(await handleApi(event, resolve), event.url, event.locals.actor, true);
	guardFormBody(event.request);
	const s = settings();
	const token = event.cookies.get(SESSION_COOKIE) ?? null;
	const { actor, valid } = await actorOfSession(db(), token ?? undefined, { idleMinutes: s.SESSION_IDLE_MINUTES, maxHours: s.SESSION_MAX_HOURS });
	event.locals.actor = actor;
	event.locals.sessionToken = valid ? token : null;
	event.locals.apiScopes = [];
	if (token && !valid) {
		try {
			event.cookies.delete(SESSION_COOKIE, COOKIE_OPTIONS);
		} catch {
			// A path such as "/\x" (URL "//x") makes SvelteKit's cookie path resolution throw (a 500
			// found by the fuzz test); the stale cookie is harmless, the next normal request drops it.
		}
	}

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

function decodable(pathname: string): boolean {
	try {
		// The result is used: a bundler drops a call to decodeURI whose result is not (it counts as pure).
		return decodeURI(pathname).length >= 0;
	} catch {
		return false;
	}
}

async function malformed(event: Parameters<Handle>[0]['event'], resolve: Parameters<Handle>[0]['resolve']): Promise<Response> {
	event.locals.actor = VISITOR;
	event.locals.sessionToken = null;
	event.locals.apiScopes = [];
	const api = API_PATH.test(event.url.pathname);
	try {
		// SvelteKit renders its 400 "Malformed URI" with the app's error page (German text from handleError).
		const response = api ? problem(400, { code: 'http', detail: 'Die Adresse ist fehlerhaft kodiert.' }) : await resolve(event);
		return securityHeaders(response, event.url, VISITOR, api);
	} catch {
		return new Response('Die Adresse ist fehlerhaft kodiert.', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
}

/** German texts for the errors SvelteKit raises itself (English "Malformed URI", "Payload Too Large", …). */
const ERROR_TEXT: Record<number, string> = {
	400: 'Die Anfrage ist fehlerhaft und kann nicht bearbeitet werden.',
	404: 'Seite nicht gefunden',
	405: 'Diese Aktion gibt es hier nicht.',
	413: 'Die Anfrage ist zu groß.',
	415: 'Dieses Format wird hier nicht angenommen.'
};

/**
 * A form body that cannot be read (text/plain, multipart without or with a wrong boundary, a body
 * larger than the server's limit) made `request.formData()` throw a TypeError in the form action:
 * a 500. Every route reads forms through this one place instead: 400 (or 413) with a German text.
 */
function guardFormBody(request: Request): void {
	const read = request.formData.bind(request);
	request.formData = async () => {
		try {
			return await read();
		} catch (e) {
			if ((e as { status?: unknown }).status === 413) error(413, tooLargeText());
			error(400, 'Die gesendeten Formulardaten sind nicht lesbar. Bitte senden Sie das Formular erneut von der Seite aus.');
		}
	};
}

function tooLargeText(): string {
	// The same figure as the import page's own check (IMPORT_MAX_BYTES; the server's BODY_SIZE_LIMIT lies a little above it).
	const mb = (settings().IMPORT_MAX_BYTES / (1024 * 1024)).toLocaleString('de-DE', { maximumFractionDigits: 1 });
	return `Die gesendeten Daten sind zu groß. Eine Datei für den Import darf höchstens ${mb} MB groß sein.`;
}

function securityHeaders(response: Response, url: URL, actor: App.Locals['actor'], api: boolean): Response {
	const h = response.headers;
	for (const [name, value] of Object.entries(BASE_HEADERS)) h.set(name, value);
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

// -- Operations (issue 23) --
/** Health and readiness for load balancers: no session lookup, so they answer without the database. */
const OPS_PATHS = new Set(['/healthz', '/readyz']);
const unavailableFlag = new WeakSet<Request>();
const requestIds = new WeakMap<Request, string>();

/**
 * Around every request: a request id (the balancer's X-Request-Id or a new one, sent back in the
 * answer), one JSON log line, the figures for /metrics, and 503 with Retry-After instead of 500
 * when the database is away (a lost connection fails the request; the next one reconnects).
 */
export const handle: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const requestId = requestIdOf(event.request.headers);
	requestIds.set(event.request, requestId);
	const path = event.url.pathname;
	const api = API_PATH.test(path);
	let response: Response;
	try {
		if (OPS_PATHS.has(path)) {
			event.locals.actor = VISITOR;
			event.locals.sessionToken = null;
			event.locals.apiScopes = [];
			response = await resolve(event);
		} else {
			response = await appHandle({ event, resolve });
		}
	} catch (e) {
		const status = isRedirect(e) || isHttpError(e) ? e.status : 500;
		if (!isDatabaseUnavailable(e)) {
			logRequest(event.request.method, path, status, requestId, started);
			throw e;
		}
		observeDatabaseUnavailable();
		logLine('warn', 'Datenbank nicht erreichbar: Anfrage mit 503 beantwortet', { requestId, error: reason(e) });
		response = securityHeaders(unavailableResponse(api, path), event.url, VISITOR, api);
	}
	if (response.status === 503 && unavailableFlag.has(event.request)) {
		if (api) {
			response = securityHeaders(unavailableResponse(true, path), event.url, VISITOR, true);
		} else {
			response.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
			response.headers.set('cache-control', 'no-store');
		}
	}
	response.headers.set('x-request-id', requestId);
	logRequest(event.request.method, path, response.status, requestId, started);
	return compressResponse(event.request, response, api);
};

function logRequest(method: string, path: string, status: number, requestId: string, started: number): void {
	const seconds = (performance.now() - started) / 1000;
	observeRequest(status, seconds);
	// Health checks come every few seconds from every balancer: only their failures are logged.
	if (OPS_PATHS.has(path) && status < 400) return;
	logLine(status >= 500 ? 'error' : 'info', 'request', { requestId, method, path, status, ms: Math.round(seconds * 10000) / 10 });
}

/** Errors: a database that is away answers 503 (the German error page, or problem details under /api/); unknown errors (5xx) never show details; errors SvelteKit raises itself get a German text; the app's own `error(…)` messages stay. */
export const handleError: HandleServerError = (input) => {
	const { error: e, event, kind } = input;
	if (kind === 'app') return;
	if (kind === 'unknown') {
		if (isDatabaseUnavailable(e)) {
			unavailableFlag.add(event.request);
			observeDatabaseUnavailable();
			logLine('warn', 'Datenbank nicht erreichbar: Anfrage mit 503 beantwortet', { requestId: requestIds.get(event.request), path: event.url.pathname, error: reason(e) });
			return { status: 503, message: UNAVAILABLE_MESSAGE };
		}
		logLine('error', 'Unerwarteter Fehler', { requestId: requestIds.get(event.request), path: event.url.pathname, error: reason(e), stack: e instanceof Error ? e.stack : undefined });
		// Unknown errors (5xx) never show details.
		return { message: 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.' };
	}
	// Errors SvelteKit raises itself ("Malformed URI", "Payload Too Large", unknown method): a German text.
	return { message: ERROR_TEXT[input.error.status] ?? 'Die Anfrage kann nicht bearbeitet werden.' };
};
