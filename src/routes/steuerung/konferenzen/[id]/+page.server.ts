import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { conferenceDetail } from '#lib/server/steering/measures.ts';

export const load: PageServerLoad = async ({ params }) => {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(params.id)) error(404, 'Diese Konferenz gibt es nicht.');
	const c = await conferenceDetail(db(), params.id);
	if (!c) error(404, 'Diese Konferenz gibt es nicht.');
	return { conference: c };
};
