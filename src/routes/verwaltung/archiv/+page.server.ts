import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { archivedCooperations } from '#lib/server/registry/route-reads.ts';

/** Archived cooperations (hidden from the public register): coordinators see their region's. */
export const load: PageServerLoad = async ({ locals }) => {
	const a = locals.actor;
	const region = a.role === 'administrator' ? null : a.regionId;
	return { rows: await archivedCooperations(db(), region) };
};
