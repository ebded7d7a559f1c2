/**
 * A path SvelteKit cannot decode ("/%ff") reaches the request hook outside SvelteKit's own error
 * handling: anything thrown there would end the process (issue 18). Such a request is answered 400
 * without looking at sessions or routes (the later handles pass it through untouched).
 */
import type { Handle } from '@sveltejs/kit/hooks';
import { problem } from '../api/http';
import { VISITOR } from '../auth/policy';
import { securityHeaders } from './headers';
import { isApiPath, kindOf } from './paths';

export const rejectMalformed: Handle = async ({ event, resolve }) => {
	if (kindOf(event) !== 'malformed') return resolve(event);
	const api = isApiPath(event.url.pathname);
	try {
		// SvelteKit renders its 400 "Malformed URI" with the app's error page (German text from handleError).
		const response = api ? problem(400, { code: 'http', detail: 'Die Adresse ist fehlerhaft kodiert.' }) : await resolve(event);
		return securityHeaders(response, event.url, VISITOR, api);
	} catch {
		return new Response('Die Adresse ist fehlerhaft kodiert.', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	}
};
