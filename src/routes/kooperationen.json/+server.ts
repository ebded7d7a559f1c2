import type { RequestHandler } from './$types';
import { jsonBytesResponse } from '#lib/server/api/http.ts';
import { db, settings } from '#lib/server/context.ts';
import { searchPage } from '#lib/server/registry/search-service.ts';
import { cooperationJson } from '#lib/server/registry/present.ts';

/** The result list of /kooperationen as JSON: same parameters, same rows (one page, or all with alle=1). */
export const GET: RequestHandler = async ({ url }) => {
	const all = url.searchParams.get('alle') === '1';
	const { query, result, rows, facets } = await searchPage(db(), url.searchParams, settings(), all ? 'export' : 'page');
	return jsonBytesResponse({
		query: { q: query.q, filters: query.filters, partner_mode: query.partnerMode, year: query.year, unconfirmed_months: query.unconfirmedMonths, sort: query.sort },
		total: result.total,
		uncertain_in_year: result.uncertainInYear,
		page: all ? null : result.page,
		page_count: all ? null : result.pageCount,
		per_page: all ? null : query.perPage,
		facets: Object.fromEntries(facets.map((f) => [f.key, f.options])),
		items: rows.map(cooperationJson)
	}, { 'cache-control': 'no-store' });
};
