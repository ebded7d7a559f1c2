import type { PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { searchPage } from '#lib/server/registry/search-service.ts';

export const load: PageServerLoad = async ({ url }) => {
	const s = settings();
	return { ...(await searchPage(db(), url.searchParams, s)), pageSizeDefault: s.PAGE_SIZE_DEFAULT };
};
