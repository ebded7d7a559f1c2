/**
 * CSRF origin check for every state-changing page request that carries the session cookie
 * (SvelteKit checks form posts itself; this also covers JSON). The API takes no cookies, so it
 * has no CSRF question: writing there needs a token.
 */
import { error } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { db } from '../context';
import { audit } from '../auth/audit';
import { carriesSessionCookie } from './session';
import { isSafeMethod, kindOf } from './paths';

export const csrf: Handle = async ({ event, resolve }) => {
	const method = event.request.method;
	if (kindOf(event) !== 'page' || isSafeMethod(method) || !carriesSessionCookie(event.request)) return resolve(event);
	const origin = event.request.headers.get('origin');
	const fetchSite = event.request.headers.get('sec-fetch-site');
	const sameOrigin = origin ? origin === event.url.origin : fetchSite === 'same-origin';
	if (!sameOrigin) {
		await audit(db(), event.locals.actor, { action: 'csrf', outcome: 'refused', detail: { path: event.url.pathname, method }, address: event.getClientAddress() });
		error(403, 'Anfrage von einer fremden Seite abgelehnt (CSRF-Schutz).');
	}
	return resolve(event);
};
