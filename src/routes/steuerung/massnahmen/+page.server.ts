import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { measureBoard, regionName, STATUS_ORDER, type MeasureStatus } from '#lib/server/steering/measures.ts';

/** The board: measures by field with their status; `?status=` narrows it (a plain GET form). */
export const load: PageServerLoad = async ({ locals, url }) => {
	const regionId = await regionFor(db(), locals.actor, url.searchParams.get('region'));
	const board = await measureBoard(db(), regionId);
	const raw = url.searchParams.get('status') ?? '';
	const status = (STATUS_ORDER as readonly string[]).includes(raw) ? (raw as MeasureStatus) : null;
	const fields = board.fields
		.map((f) => ({ ...f, measures: status ? f.measures.filter((m) => m.status === status) : f.measures }))
		.filter((f) => !status || f.measures.length > 0);
	return {
		regionName: await regionName(db(), regionId),
		statuses: STATUS_ORDER,
		status,
		fields,
		allFields: board.fields.map((f) => ({ id: f.id, number: f.number, title: f.title, counts: f.counts, total: f.measures.length })),
		counts: board.counts,
		total: board.total,
		shown: fields.reduce((n, f) => n + f.measures.length, 0)
	};
};
