import type { Handle, ServerInit } from '@sveltejs/kit/hooks';
import { initServer } from '#lib/server/context.ts';

/** Opens the database, migrates and loads the shipped data once, before the first request. */
export const init: ServerInit = async () => {
	await initServer();
};

/**
 * Security headers on every response (OWASP ASVS V14/V50). HTML pages get their CSP from
 * SvelteKit's csp option (with hashes for its inline scripts); other responses (JSON, CSV) get a
 * CSP that allows nothing, since they are never meant to render as a page.
 */
export const handle: Handle = async ({ event, resolve }) => {
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
	return response;
};
