/**
 * The one lookup in the route table per request (pages and API alike): which permission the
 * route and method need. A route missing from the table, or a method or form action it does not
 * list, needs nothing that anyone has: the request is refused (fail closed).
 */
import type { RequestEvent } from '@sveltejs/kit';
import type { Action } from '../auth/policy';
import { actionName, ROUTES } from '../auth/routes';
import { isSafeMethod } from './paths';

export interface RouteNeed {
	/** The route id SvelteKit matched (null: no route). */
	routeId: string | null;
	/** Whether the route table lists the route at all. */
	listed: boolean;
	/** The permission the method (or form action) needs; undefined when the table lists none. */
	needed: Action | undefined;
}

export function routeRule(event: Pick<RequestEvent, 'route' | 'request' | 'url'>): RouteNeed {
	const routeId = event.route.id;
	const rule = routeId ? ROUTES[routeId] : undefined;
	const needed = isSafeMethod(event.request.method) ? rule?.page : rule?.actions?.[actionName(event.url)];
	return { routeId, listed: rule !== undefined, needed };
}
