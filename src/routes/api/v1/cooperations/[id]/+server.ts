import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { readJson } from '#lib/server/api/http.ts';
import { respond, whoOf } from '#lib/server/api/respond.ts';
import { getCooperation, updateCooperation } from '#lib/server/api/service.ts';

/** GET: the full public record (ETag "<version>-…"); PUT: replace it (If-Match required, scope schreiben). */
export const GET: RequestHandler = async ({ request, url, params }) => respond(request, await getCooperation(db(), params.id, url.origin), url.pathname);

export const PUT: RequestHandler = async (event) => {
	const body = await readJson(event.request);
	if (!body.ok) return body.response;
	const outcome = await updateCooperation(db(), whoOf(event), event.params.id, event.request.headers.get('if-match'), body.value, event.url.origin);
	return respond(event.request, outcome, event.url.pathname);
};
