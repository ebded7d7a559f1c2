import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { respond } from '#lib/server/api/respond.ts';
import { getBody } from '#lib/server/api/service.ts';

/** GET: one body with its cooperations and OParl links. */
export const GET: RequestHandler = async ({ request, url, params }) => respond(request, await getBody(db(), params.id, url.origin), url.pathname);
