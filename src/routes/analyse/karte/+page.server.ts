import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { regionMap } from '#lib/server/analysis/map.ts';
import { pickRegion } from '#lib/server/analysis/scope.ts';
import { facetIndex } from '#lib/server/search/facet-index.ts';
import { serverRenderedOnly } from '#lib/site/server-rendered.ts';

/**
 * The page is plain HTML (GET forms, links, details): without client-side rendering it does not
 * carry the map's data a second time as JSON, which keeps it light.
 */
export const csr = false;

/** Pairs per page of the connections table (the page stays light; every pair is one row on some page). */
const PAIRS_PER_PAGE = 25;
const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1);

/**
 * GET parameters: region (default: Kreis Unna), thema, partner (one body), seite (page of the
 * connections table). Unknown values are dropped; a page past the end shows the last one.
 */
export const load: PageServerLoad = async (event) => {
	const { url } = event;
	const p = url.searchParams;
	const param = (name: string) => p.get(name)?.slice(0, 100) || null;
	const regionId = pickRegion(await facetIndex(db()), param('region'));
	if (!regionId) error(404, 'Es sind noch keine Regionen geladen.');
	const full = await regionMap(db(), { regionId, topic: param('thema'), body: param('partner') });
	const pairs = full.links.length;
	const pages = Math.max(1, Math.ceil(pairs / PAIRS_PER_PAGE));
	const page = Math.min(pages, pageParam.parse(p.get('seite') ?? 1));
	const rows = full.links.slice((page - 1) * PAIRS_PER_PAGE, page * PAIRS_PER_PAGE);
	const used = new Set(rows.flatMap((l) => l.cooperations));
	return serverRenderedOnly(event, {
		// The drawing needs the lines only; the cooperations behind them go to the page's rows.
		map: {
			...full,
			links: full.links.filter((l) => l.line).map((l) => ({ ...l, cooperations: [] })),
			cooperations: Object.fromEntries(Object.entries(full.cooperations).filter(([id]) => used.has(id)))
		},
		pairs: { total: pairs, drawn: full.links.filter((l) => l.line).length, page, pages, perPage: PAIRS_PER_PAGE, rows }
	});
};
