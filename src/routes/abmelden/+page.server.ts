import { redirect } from '@sveltejs/kit';
import type { Actions } from './$types';
import { db } from '#lib/server/context.ts';
import { endSession, COOKIE_OPTIONS, SESSION_COOKIE } from '#lib/server/auth/session.ts';
import { audit } from '#lib/server/auth/audit.ts';
import { safeAddress } from '#lib/server/auth/guard.ts';

/** Logout ends the session on the server (the row is deleted), then clears the cookie. */
export const actions: Actions = {
	default: async (event) => {
		if (event.locals.sessionToken) {
			await endSession(db(), event.locals.sessionToken);
			await audit(db(), event.locals.actor, { action: 'abmeldung', address: safeAddress(event) });
		}
		event.cookies.delete(SESSION_COOKIE, COOKIE_OPTIONS);
		redirect(303, '/anmelden?hinweis=abgemeldet');
	}
};
