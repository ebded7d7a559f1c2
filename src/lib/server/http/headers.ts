/** The security headers of every response (issue 18): pages, API answers and static files alike. */
import { ServerResponse } from 'node:http';
import type { Handle } from '@sveltejs/kit/hooks';
import { VISITOR } from '../auth/policy';
import { kindOf } from './paths';

/** The headers every response carries, pages, API and static files alike. */
const BASE_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'strict-origin-when-cross-origin',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'
};

/** The policy of a response that set none itself (pages keep SvelteKit's CSP). */
const DENY_ALL_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * adapter-node answers requests for files of build/client (scripts, styles, favicon) itself,
 * before the request hook runs, and has no setting for headers. So that those carry the same
 * security headers as pages (issue 18), the headers are added to every Node response at
 * `writeHead` unless the response already set them (pages keep SvelteKit's CSP).
 */
export function staticFileHeaders(): void {
	const proto = ServerResponse.prototype as ServerResponse & { ikzHeaders?: true };
	if (proto.ikzHeaders) return;
	proto.ikzHeaders = true;
	const writeHead = proto.writeHead;
	proto.writeHead = function (this: ServerResponse, ...args: unknown[]) {
		if (!this.headersSent) {
			for (const [name, value] of Object.entries(BASE_HEADERS)) if (!this.hasHeader(name)) this.setHeader(name, value);
			if (!this.hasHeader('Content-Security-Policy')) this.setHeader('Content-Security-Policy', DENY_ALL_CSP);
		}
		return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args);
	} as typeof writeHead;
}

/**
 * Sets the security headers on a response. Pages seen by a signed-in user may hold contacts: never
 * kept in shared caches. API answers hold no contacts; with a token they stay private but may be
 * revalidated by ETag.
 */
export function securityHeaders(response: Response, url: URL, actor: App.Locals['actor'], api: boolean): Response {
	const h = response.headers;
	for (const [name, value] of Object.entries(BASE_HEADERS)) h.set(name, value);
	if (!h.has('Content-Security-Policy')) h.set('Content-Security-Policy', DENY_ALL_CSP);
	if (url.protocol === 'https:') h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	if (actor !== VISITOR) h.set('Cache-Control', api ? 'private, no-cache' : 'private, no-store');
	return response;
}

/** Handle: the security headers on every answer of a page or the API (health checks keep theirs). */
export const withSecurityHeaders: Handle = async ({ event, resolve }) => {
	const kind = kindOf(event);
	if (kind === 'ops') return resolve(event);
	const response = await resolve(event);
	return securityHeaders(response, event.url, event.locals.actor, kind === 'api');
};
