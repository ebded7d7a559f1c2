import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { cooperationProfile } from '#lib/server/registry/profiles.ts';

export const load: PageServerLoad = async ({ params }) => {
	if (!/^[a-z0-9][a-z0-9-]{0,80}$/.test(params.id)) error(404, 'Diese Kooperation gibt es nicht.');
	const profile = await cooperationProfile(db(), params.id);
	if (!profile) error(404, 'Diese Kooperation gibt es nicht.');
	return { profile };
};
