import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { respond } from '#lib/server/api/respond.ts';
import { listBodies } from '#lib/server/api/service.ts';

/** GET: bodies (filter q, art) by cursor. */
export const GET: RequestHandler = async ({ request, url }) => respond(request, await listBodies(db(), url.searchParams), url.pathname);
