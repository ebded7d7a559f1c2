import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { respond } from '#lib/server/api/respond.ts';
import { measures } from '#lib/server/api/service.ts';

/** GET: the measure board of a region. */
export const GET: RequestHandler = async ({ request, url }) => respond(request, await measures(db(), url.searchParams), url.pathname);
