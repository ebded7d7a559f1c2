import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { regionFor } from '#lib/server/steering/store.ts';
import { workingGroups } from '#lib/server/steering/groups.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
	const regionId = await regionFor(db(), locals.actor, url.searchParams.get('region'));
	const region = await db().selectFrom('region').select('name').where('id', '=', regionId).executeTakeFirst();
	return { regionName: region?.name ?? regionId, groups: await workingGroups(db(), regionId) };
};
