import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { regionMap } from '#lib/server/analysis/map.ts';
import { pickRegion } from '#lib/server/analysis/scope.ts';
import { facetIndex } from '#lib/server/search/facet-index.ts';

/** GET parameters: region (default: Kreis Unna), thema, partner (one body). Unknown values are dropped. */
export const load: PageServerLoad = async ({ url }) => {
	const p = url.searchParams;
	const param = (name: string) => p.get(name)?.slice(0, 100) || null;
	const regionId = pickRegion(await facetIndex(db()), param('region'));
	if (!regionId) error(404, 'Es sind noch keine Regionen geladen.');
	return { map: await regionMap(db(), { regionId, topic: param('thema'), body: param('partner') }) };
};
