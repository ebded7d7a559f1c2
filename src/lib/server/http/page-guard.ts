/**
 * The route table for pages and form actions: a route missing from it is refused (404, a method or
 * action it does not list 405); a visitor asking to see a page that needs more is sent to the
 * login; any other refusal is written to the audit log and answered 401 or 403.
 */
import { error, redirect } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { db } from '../context';
import { audit } from '../auth/audit';
import { canAtAll, VISITOR } from '../auth/policy';
import { isSafeMethod, kindOf } from './paths';
import { routeRule } from './route-rule';

export const pageGuard: Handle = async ({ event, resolve }) => {
	if (kindOf(event) !== 'page' || !event.route.id) return resolve(event);
	const { routeId, listed, needed } = routeRule(event);
	const method = event.request.method;
	const actor = event.locals.actor;
	if (!needed) {
		error(listed ? 405 : 404, listed ? 'Diese Aktion gibt es hier nicht.' : 'Seite nicht gefunden');
	}
	if (!canAtAll(actor, needed)) {
		if (actor === VISITOR && isSafeMethod(method)) {
			redirect(303, `/anmelden?ziel=${encodeURIComponent(event.url.pathname + event.url.search)}`);
		}
		await audit(db(), actor, { action: 'zugriff', outcome: 'refused', detail: { route: routeId, method, needed }, address: event.getClientAddress() });
		error(actor === VISITOR ? 401 : 403, actor === VISITOR ? 'Bitte melden Sie sich an.' : 'Dafür fehlt Ihrer Rolle die Berechtigung.');
	}
	return resolve(event);
};
