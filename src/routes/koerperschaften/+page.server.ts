import type { PageServerLoad } from './$types';
import { db, settings } from '#lib/server/context.ts';
import { pageOf, searchBodies } from '#lib/server/registry/profiles.ts';

export const load: PageServerLoad = async ({ url }) => {
	const result = await searchBodies(db(), url.searchParams);
	const requested = Number(url.searchParams.get('seite') ?? '1');
	const { items, page, pageCount } = pageOf(result.bodies, Number.isInteger(requested) ? requested : 1, settings().PAGE_SIZE_MAX);
	const keep = new URLSearchParams();
	if (result.q) keep.set('q', result.q);
	if (result.kind) keep.set('art', result.kind);
	return { ...result, bodies: items, found: result.bodies.length, page, pageCount, queryString: keep.toString() };
};
