import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';

/** Archived cooperations (hidden from the public register): coordinators see their region's. */
export const load: PageServerLoad = async ({ locals }) => {
	const a = locals.actor;
	const region = a.role === 'administrator' ? null : a.regionId;
	let q = db().selectFrom('cooperation').select(['id', 'region_id', 'list', 'number', 'title', 'archived_at'])
		.where('archived_at', 'is not', null);
	if (region) q = q.where('region_id', '=', region);
	const rows = await q.orderBy('archived_at', 'desc').orderBy('title').execute();
	const lists = new Map<string, string>();
	for (const r of await db().selectFrom('region').select(['id', 'lists_json']).execute()) {
		for (const l of JSON.parse(r.lists_json) as { id: string; label: string }[]) lists.set(`${r.id}/${l.id}`, l.label);
	}
	return {
		rows: rows.map((r) => ({
			id: r.id, title: r.title, list: lists.get(`${r.region_id}/${r.list}`) ?? r.list, number: r.number, archivedAt: r.archived_at!
		}))
	};
};
