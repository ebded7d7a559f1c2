import { render } from 'svelte/server';
import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { facetIndex } from '#lib/server/search/facet-index.ts';
import { analysisParams } from '#lib/server/analysis/params.ts';
import { cooperationMatrix } from '#lib/server/analysis/network.ts';
import NetworkSvg from '#lib/components/NetworkSvg/NetworkSvg.svelte';

/** The network drawing as a standalone SVG file (the same component the page shows). */
export const GET: RequestHandler = async ({ url }) => {
	const p = analysisParams(await facetIndex(db()), url.searchParams);
	const m = p.region ? await cooperationMatrix(db(), p.region, p) : { bodies: [], edges: [] };
	const { body } = render(NetworkSvg, {
		props: {
			nodes: m.bodies.map((b) => ({ id: b.id, name: b.name, href: `${url.origin}/koerperschaften/${b.id}` })),
			edges: m.edges,
			title: 'Netzwerk der Zusammenarbeit',
			desc: 'Linien verbinden Körperschaften mit gemeinsamen Kooperationen; je dicker, desto mehr.'
		}
	});
	const svg = `<?xml version="1.0" encoding="UTF-8"?>\n${body.replace(/<!--[\s\S]*?-->/g, '')}`;
	return new Response(svg, {
		headers: { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Content-Disposition': 'attachment; filename="ikz-netzwerk.svg"' }
	});
};
