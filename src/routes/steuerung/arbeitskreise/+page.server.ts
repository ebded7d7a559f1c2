import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { workingGroups } from '#lib/server/steering/groups.ts';
import { regionName } from '#lib/server/steering/measures.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const regionId = await regionFor(db(), locals.actor, url.searchParams.get('region'));
	return { regionName: await regionName(db(), regionId), groups: await workingGroups(db(), regionId) };
};
