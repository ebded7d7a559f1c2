/**
 * Liveness for load balancers and supervisors (issue 23): the process is alive and answers. It
 * does not touch the database (a database outage must not make a balancer kill healthy
 * processes); /readyz says whether the instance can serve.
 */
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => new Response(JSON.stringify({ status: 'ok' }), {
	headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }
});
