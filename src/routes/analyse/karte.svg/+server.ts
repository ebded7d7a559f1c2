import { error } from '@sveltejs/kit';
import { render } from 'svelte/server';
import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { regionMap } from '#lib/server/analysis/map.ts';
import { pickRegion } from '#lib/server/analysis/scope.ts';
import { facetIndex } from '#lib/server/search/facet-index.ts';
import RegionMapSvg from '#lib/components/RegionMapSvg/RegionMapSvg.svelte';

/** The map of /analyse/karte (same parameters) as a standalone SVG file; links point to this server. */
export const GET: RequestHandler = async ({ url }) => {
	const p = url.searchParams;
	const param = (name: string) => p.get(name)?.slice(0, 100) || null;
	const regionId = pickRegion(await facetIndex(db()), param('region'));
	if (!regionId) error(404, 'Es sind noch keine Regionen geladen.');
	const map = await regionMap(db(), { regionId, topic: param('thema'), body: param('partner') });
	// Svelte's hydration markers are XML comments; removing them keeps the file tidy.
	const { body } = render(RegionMapSvg, { props: { map, baseUrl: url.origin, standalone: true } });
	const svg = body.replace(/<!--[\s\S]*?-->/g, '');
	return new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`, {
		headers: {
			'Content-Type': 'image/svg+xml; charset=utf-8',
			'Content-Disposition': `attachment; filename="ikz-karte-${map.filter.regionId}.svg"`,
			'Cache-Control': 'no-store'
		}
	});
};
