/**
 * Readiness for load balancers (issue 23): 200 when the database answers, migrations are current
 * and the search index is built; otherwise 503 with Retry-After and which check failed.
 */
import type { RequestHandler } from './$types';
import { databaseHandle } from '#lib/server/context.ts';
import { readiness } from '#lib/server/ops/readiness.ts';
import { RETRY_AFTER_SECONDS } from '#lib/server/ops/unavailable.ts';

export const GET: RequestHandler = async () => {
	const r = await readiness(databaseHandle()?.db ?? null);
	return new Response(JSON.stringify({ status: r.ready ? 'ready' : 'not ready', checks: r.checks }), {
		status: r.ready ? 200 : 503,
		headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...(r.ready ? {} : { 'retry-after': String(RETRY_AFTER_SECONDS) }) }
	});
};
