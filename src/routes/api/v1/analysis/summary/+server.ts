import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { respond } from '#lib/server/api/respond.ts';
import { analysisSummary } from '#lib/server/api/service.ts';

/** GET: the figures of the overview page. */
export const GET: RequestHandler = async ({ request, url }) => respond(request, await analysisSummary(db()), url.pathname);
