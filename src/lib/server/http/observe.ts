/**
 * Operations (issue 23), the outermost handle: a request id (the balancer's X-Request-Id or a new
 * one, sent back in the answer), one JSON log line, the figures for /metrics, 503 with Retry-After
 * instead of 500 when the database is away (a lost connection fails the request; the next one
 * reconnects), and compression of the answer.
 */
import { isHttpError, isRedirect } from '@sveltejs/kit';
import type { Handle } from '@sveltejs/kit/hooks';
import { logLine } from '../ops/log';
import { isDatabaseUnavailable, reason, RETRY_AFTER_SECONDS } from '../ops/unavailable';
import { requestIdOf, unavailableResponse } from '../ops/requests';
import { observeDatabaseUnavailable, observeRequest } from '../ops/metrics';
import { compressResponse } from '../ops/compress';
import { VISITOR } from '../auth/policy';
import { securityHeaders } from './headers';
import { isApiPath, isOpsPath } from './paths';
import { withOneGenerationPerRequest } from '../db/generation';

const unavailableFlag = new WeakSet<Request>();
const requestIds = new WeakMap<Request, string>();

/** The id given to a request (for log lines written while it runs). */
export const requestIdFor = (request: Request): string | undefined => requestIds.get(request);

/** Marks a request whose rendering failed because the database is away (set by handleError). */
export const markUnavailable = (request: Request): void => {
	unavailableFlag.add(request);
};

export const observe: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	const requestId = requestIdOf(event.request.headers);
	requestIds.set(event.request, requestId);
	const path = event.url.pathname;
	const api = isApiPath(path);
	let response: Response;
	try {
		const method = event.request.method;
		response = await (method === 'GET' || method === 'HEAD' ? withOneGenerationPerRequest(() => resolve(event)) : resolve(event));
	} catch (e) {
		const status = isRedirect(e) || isHttpError(e) ? e.status : 500;
		if (!isDatabaseUnavailable(e)) {
			logRequest(event.request.method, path, status, requestId, started);
			throw e;
		}
		observeDatabaseUnavailable();
		logLine('warn', 'Datenbank nicht erreichbar: Anfrage mit 503 beantwortet', { requestId, error: reason(e) });
		response = securityHeaders(unavailableResponse(api, path), event.url, VISITOR, api);
	}
	if (response.status === 503 && unavailableFlag.has(event.request)) {
		if (api) {
			response = securityHeaders(unavailableResponse(true, path), event.url, VISITOR, true);
		} else {
			response.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
			response.headers.set('cache-control', 'no-store');
		}
	}
	response.headers.set('x-request-id', requestId);
	logRequest(event.request.method, path, response.status, requestId, started);
	return compressResponse(event.request, response, api);
};

function logRequest(method: string, path: string, status: number, requestId: string, started: number): void {
	const seconds = (performance.now() - started) / 1000;
	observeRequest(status, seconds);
	// Health checks come every few seconds from every balancer: only their failures are logged.
	if (isOpsPath(path) && status < 400) return;
	logLine(status >= 500 ? 'error' : 'info', 'request', { requestId, method, path, status, ms: Math.round(seconds * 10000) / 10 });
}
