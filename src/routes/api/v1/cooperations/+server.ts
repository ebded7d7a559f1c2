import type { RequestHandler } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { readJson } from '#lib/server/api/http.ts';
import { respond, whoOf } from '#lib/server/api/respond.ts';
import { createCooperation, listCooperations } from '#lib/server/api/service.ts';

/** GET: the register search by cursor (the page's parameters); POST: create (scope schreiben). */
export const GET: RequestHandler = async ({ request, url }) => respond(request, await listCooperations(db(), settings(), url.searchParams), url.pathname);

export const POST: RequestHandler = async (event) => {
	const body = await readJson(event.request);
	if (!body.ok) return body.response;
	return respond(event.request, await createCooperation(db(), whoOf(event), body.value, event.url.origin), event.url.pathname);
};
