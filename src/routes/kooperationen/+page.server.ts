import type { PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { searchPage } from '#lib/server/registry/search-service.ts';
import { toSearchParams } from '#lib/domain/search-query.ts';

export const load: PageServerLoad = async ({ url }) => {
	const s = settings();
	const page = await searchPage(db(), url.searchParams, s);
	return { ...page, queryString: toSearchParams(page.query, { pageSizeDefault: s.PAGE_SIZE_DEFAULT, pageSizeMax: s.PAGE_SIZE_MAX, queryMaxLength: s.QUERY_MAX_LENGTH, filterMaxValues: s.FILTER_MAX_VALUES }).toString(), pageSizeDefault: s.PAGE_SIZE_DEFAULT };
};
