/**
 * The request hook as a sequence of small named handles (src/lib/server/http/), outermost first:
 * operations (request id, log line, metrics, 503 when the database is away, compression), who is
 * asking (session cookie), undecodable paths (400), security headers, the API's token, rate limit
 * and route table, readable form bodies, the CSRF check and the route table for pages. Each handle
 * decides by the kind of request (paths.ts) whether it has anything to do.
 */
import { sequence } from '@sveltejs/kit/hooks';
import type { ServerInit } from '@sveltejs/kit/hooks';
import { version } from '$app/env';
import { enableIndexSnapshots } from '#lib/server/search/snapshot.ts';
import { db, initServer, settings } from '#lib/server/context.ts';
import { startSchedule } from '#lib/server/oparl/service.ts';
import { staticFileHeaders, withSecurityHeaders } from '#lib/server/http/headers.ts';
import { observe } from '#lib/server/http/observe.ts';
import { session } from '#lib/server/http/session.ts';
import { rejectMalformed } from '#lib/server/http/malformed.ts';
import { apiGuard, apiIdentity } from '#lib/server/http/api.ts';
import { readableFormBody } from '#lib/server/http/form-body.ts';
import { csrf } from '#lib/server/http/csrf.ts';
import { pageGuard } from '#lib/server/http/page-guard.ts';

export { handleError } from '#lib/server/http/errors.ts';

/** Opens the database, migrates and loads the shipped data once, before the first request. */
export const init: ServerInit = async () => {
	staticFileHeaders();
	await initServer();
	// A snapshot of the search index is only reused by the same build of the app (issue 15).
	enableIndexSnapshots(settings().INDEX_SNAPSHOT === 'true' ? version : null);
	// Scheduled harvests of the connected council information systems (issue 21).
	startSchedule(db(), settings());
};

export const handle = sequence(observe, session, rejectMalformed, withSecurityHeaders, apiIdentity, apiGuard, readableFormBody, csrf, pageGuard);
