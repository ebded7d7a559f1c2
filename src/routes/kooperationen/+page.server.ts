import type { PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { searchPageData } from '#lib/server/registry/search-page-data.ts';
import { jsonData } from '#lib/site/json-data.ts';

export const load: PageServerLoad = async ({ url }) => {
	// Plain JSON: it crosses to the browser as one JSON text, not walked by devalue (json-data.ts).
	return jsonData(await searchPageData(db(), url.searchParams, settings()));
};
