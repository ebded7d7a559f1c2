import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { chooseRegion, mapRegions, regionMap } from '#lib/server/analysis/map.ts';

/** GET parameters: region (default: Kreis Unna), thema, partner (one body). Unknown values are dropped. */
export const load: PageServerLoad = async ({ url }) => {
	const p = url.searchParams;
	const param = (name: string) => p.get(name)?.slice(0, 100) || null;
	const regionId = chooseRegion(await mapRegions(db()), param('region'));
	if (!regionId) error(404, 'Es sind noch keine Regionen geladen.');
	return { map: await regionMap(db(), { regionId, topic: param('thema'), body: param('partner') }) };
};
