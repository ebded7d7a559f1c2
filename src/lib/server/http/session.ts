/**
 * Who is asking on a page: the user of a valid session cookie, or the visitor. Every request starts
 * as the visitor (health checks, undecodable paths and the API, whose token is read in `api.ts`).
 */
import type { Handle } from '@sveltejs/kit/hooks';
import { db, settings } from '../context';
import { actorOfSession, COOKIE_OPTIONS, SESSION_COOKIE } from '../auth/session';
import { VISITOR } from '../auth/policy';
import { kindOf } from './paths';

export function asVisitor(locals: App.Locals): void {
	locals.actor = VISITOR;
	locals.sessionToken = null;
	locals.apiScopes = [];
}

const withCookie = new WeakSet<Request>();

/** Whether the request came with a session cookie (valid or not): the CSRF check needs it. */
export const carriesSessionCookie = (request: Request): boolean => withCookie.has(request);

export const session: Handle = async ({ event, resolve }) => {
	asVisitor(event.locals);
	if (kindOf(event) !== 'page') return resolve(event);
	const s = settings();
	const token = event.cookies.get(SESSION_COOKIE) ?? null;
	if (token) withCookie.add(event.request);
	const { actor, valid } = await actorOfSession(db(), token ?? undefined, { idleMinutes: s.SESSION_IDLE_MINUTES, maxHours: s.SESSION_MAX_HOURS });
	event.locals.actor = actor;
	event.locals.sessionToken = valid ? token : null;
	if (token && !valid) {
		try {
			event.cookies.delete(SESSION_COOKIE, COOKIE_OPTIONS);
		} catch {
			// A path such as "/\x" (URL "//x") makes SvelteKit's cookie path resolution throw (a 500
			// found by the fuzz test); the stale cookie is harmless, the next normal request drops it.
		}
	}
	return resolve(event);
};
