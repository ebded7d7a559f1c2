/**
 * What kind of request this is, read from the path alone (no database): each handle of the request
 * hook (`src/hooks.server.ts`) decides by it whether it has anything to do.
 */
import type { RequestEvent } from '@sveltejs/kit';

const API_PATH = /^\/api(?:\/|$)/;
/** Health and readiness for load balancers: no session lookup, so they answer without the database. */
const OPS_PATHS = new Set(['/healthz', '/readyz']);
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * `ops`: health and readiness; `malformed`: a path that cannot be decoded (answered 400 without
 * sessions or routes); `api`: under /api/ (tokens, problem details); `page`: everything else.
 */
export type RequestKind = 'ops' | 'malformed' | 'api' | 'page';

export function requestKind(path: string): RequestKind {
	if (OPS_PATHS.has(path)) return 'ops';
	if (!decodable(path)) return 'malformed';
	return API_PATH.test(path) ? 'api' : 'page';
}

export function decodable(pathname: string): boolean {
	try {
		// The result is used: a bundler drops a call to decodeURI whose result is not (it counts as pure).
		return decodeURI(pathname).length >= 0;
	} catch {
		return false;
	}
}

const kinds = new WeakMap<Request, RequestKind>();

/** The kind of the event's request (worked out once per request). */
export function kindOf(event: Pick<RequestEvent, 'url' | 'request'>): RequestKind {
	let kind = kinds.get(event.request);
	if (!kind) kinds.set(event.request, kind = requestKind(event.url.pathname));
	return kind;
}

export const isApiPath = (path: string): boolean => API_PATH.test(path);
export const isOpsPath = (path: string): boolean => OPS_PATHS.has(path);

/** GET, HEAD and OPTIONS change nothing; every other method does. */
export const isSafeMethod = (method: string): boolean => SAFE.has(method);
