import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { conferences, lastReport, measureBoard, regionName, STATUS_ORDER, steeringCounts } from '#lib/server/steering/measures.ts';
import { serverRenderedOnly } from '#lib/site/server-rendered.ts';

/**
 * Plain HTML (tables, links, a GET form): no client-side rendering, so the board loads no
 * JavaScript and does not carry its data a second time as JSON (Lighthouse 94–98 with hydration,
 * blocking time up to 245 ms on a quiet machine).
 */
export const csr = false;

/** The overview of the steering part: conferences, measures by status, links to the other views. */
export const load: PageServerLoad = async (event) => {
	const { locals, url } = event;
	const regionId = await regionFor(db(), locals.actor, url.searchParams.get('region'));
	const board = await measureBoard(db(), regionId);
	const last = await lastReport(db(), regionId);
	return serverRenderedOnly(event, {
		regionName: await regionName(db(), regionId),
		conferences: await conferences(db(), regionId),
		statusCounts: STATUS_ORDER.map((s) => ({ status: s, count: board.counts[s] })),
		total: board.total,
		fieldCount: board.fields.length,
		counts: await steeringCounts(db(), regionId),
		lastReport: last ? { date: last.record.date, title: last.record.title } : null
	});
};
