import type { RequestHandler } from './$types';
import { jsonBytesResponse } from '#lib/server/api/http.ts';
import { db, settings } from '#lib/server/context.ts';
import { pageOf, searchBodies } from '#lib/server/registry/profiles.ts';
import { bodyJson } from '#lib/server/registry/present.ts';
import { DIRECTORY_SOURCE } from '#lib/server/directory/source.ts';

/** The body list of /koerperschaften as JSON, same parameters (q, art, seite), one page at a time
 * (the national directory holds 12,000 bodies); `total` counts every hit. */
export const GET: RequestHandler = async ({ url }) => {
	const { bodies } = await searchBodies(db(), url.searchParams);
	const requested = Number(url.searchParams.get('seite') ?? '1');
	const { items, page, pageCount } = pageOf(bodies, Number.isInteger(requested) ? requested : 1, settings().PAGE_SIZE_MAX);
	return jsonBytesResponse({ total: bodies.length, page, page_count: pageCount, items: items.map(bodyJson), source: DIRECTORY_SOURCE }, { 'cache-control': 'no-store' });
};
