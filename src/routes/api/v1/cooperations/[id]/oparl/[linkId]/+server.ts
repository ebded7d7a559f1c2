import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { respond, whoOf } from '#lib/server/api/respond.ts';
import { deleteOparl } from '#lib/server/api/service.ts';

/** DELETE: remove one OParl link of the cooperation (scope schreiben, the cooperation edit rights). */
export const DELETE: RequestHandler = async (event) =>
	respond(event.request, await deleteOparl(db(), whoOf(event), 'cooperation', event.params.id, event.params.linkId), event.url.pathname);
