import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { respond } from '#lib/server/api/respond.ts';
import { effects } from '#lib/server/api/service.ts';

/** GET: the effect roll-ups (issue 19) per year, measure, topic field, body and region. */
export const GET: RequestHandler = async ({ request, url }) => respond(request, await effects(db(), url.searchParams), url.pathname);
