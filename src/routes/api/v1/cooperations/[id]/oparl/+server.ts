import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { readJson } from '#lib/server/api/http.ts';
import { respond, whoOf } from '#lib/server/api/respond.ts';
import { addOparl, listOparl } from '#lib/server/api/service.ts';

/** GET: the OParl links of the cooperation; POST: store one (scope schreiben, the cooperation edit rights). */
export const GET: RequestHandler = async ({ request, url, params }) => respond(request, await listOparl(db(), 'cooperation', params.id), url.pathname);

export const POST: RequestHandler = async (event) => {
	const body = await readJson(event.request, 8_000);
	if (!body.ok) return body.response;
	return respond(event.request, await addOparl(db(), whoOf(event), 'cooperation', event.params.id, body.value, event.url.origin), event.url.pathname);
};
