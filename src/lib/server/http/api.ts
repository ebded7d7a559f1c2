/**
 * Requests under /api/ (issue 8): no cookie session (so no CSRF question: writing needs a token),
 * the actor of an `Authorization: Bearer ikz_…` token, its scopes (`lesen` for reading, `schreiben`
 * for writing), the rate limit per token or address, the same route table as the pages (refusals
 * as 401/403, never a redirect), and every error as problem details (RFC 9457).
 */
import type { Handle } from '@sveltejs/kit/hooks';
import { db, settings } from '../context';
import { canAtAll, VISITOR } from '../auth/policy';
import { audit } from '../auth/audit';
import { safeAddress } from '../auth/guard';
import { resolveApiToken } from '../api/tokens';
import { countRequest } from '../api/rate';
import { problem } from '../api/http';
import { isSafeMethod, kindOf } from './paths';
import { routeRule } from './route-rule';

const REALM = 'Bearer realm="ikz-atlas"';

/** Handle: the token's actor and scopes, then the rate limit; the rate headers go on every answer after it. */
export const apiIdentity: Handle = async ({ event, resolve }) => {
	if (kindOf(event) !== 'api') return resolve(event);
	const instance = event.url.pathname;
	let rateKey = `a:${safeAddress(event) ?? 'unbekannt'}`;
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
	const response = await resolve(event);
	for (const [k, v] of Object.entries(rateHeaders)) response.headers.set(k, v);
	return response;
};

/** Handle: the route table and the token's scope; SvelteKit's own errors turned into problem details. */
export const apiGuard: Handle = async ({ event, resolve }) => {
	if (kindOf(event) !== 'api') return resolve(event);
	const refusal = await refuse(event);
	return refusal ?? asProblem(await resolve(event), event.url.pathname);
};

async function refuse(event: Parameters<Handle>[0]['event']): Promise<Response | null> {
	const instance = event.url.pathname;
	const method = event.request.method;
	const actor = event.locals.actor;
	if (!event.route.id) return problem(404, { code: 'not-found', detail: 'Diese Adresse gibt es in der API nicht.', instance });
	const { listed, needed } = routeRule(event);
	const scope = isSafeMethod(method) ? 'lesen' : 'schreiben';
	if (!needed) {
		return problem(listed ? 405 : 404, { code: listed ? 'method' : 'not-found', detail: listed ? `${method} ist hier nicht möglich.` : 'Diese Adresse gibt es in der API nicht.', instance });
	}
	if (!canAtAll(actor, needed)) {
		await audit(db(), actor, { action: 'zugriff', outcome: 'refused', detail: { route: event.route.id, method, needed, via: 'api' }, address: safeAddress(event) });
		return actor === VISITOR
			? problem(401, { code: 'unauthenticated', detail: 'Dafür ist ein API-Schlüssel nötig (Authorization: Bearer …), erstellt unter /konto.', instance, headers: { 'www-authenticate': REALM } })
			: problem(403, { code: 'forbidden', detail: 'Dafür fehlt Ihrer Rolle die Berechtigung.', instance });
	}
	if (actor !== VISITOR && !event.locals.apiScopes.includes(scope)) {
		return problem(403, { code: 'insufficient-scope', detail: `Dem API-Schlüssel fehlt die Berechtigung „${scope}“.`, instance, headers: { 'www-authenticate': `${REALM}, error="insufficient_scope", scope="${scope}"` } });
	}
	return null;
}

/** SvelteKit's own errors (unknown method, a thrown error) in the same problem format as the API's. */
async function asProblem(response: Response, instance: string): Promise<Response> {
	if (response.status < 400 || (response.headers.get('content-type') ?? '').startsWith('application/problem+json')) return response;
	const text = await response.text();
	let detail: string | undefined;
	try {
		detail = (JSON.parse(text) as { message?: string }).message;
	} catch {
		detail = undefined;
	}
	const status = response.status;
	const allow = response.headers.get('allow');
	return problem(status, { code: status === 404 ? 'not-found' : status === 405 ? 'method' : undefined, detail, instance, headers: allow ? { allow } : {} });
}
