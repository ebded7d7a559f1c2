import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { facetIndex } from '#lib/server/search/facet-index.ts';
import { analysisParams } from '#lib/server/analysis/params.ts';
import { cooperationMatrix, type Matrix } from '#lib/server/analysis/network.ts';
import { toCsv } from '#lib/server/registry/present.ts';

/** The cooperation matrix as CSV: one row per body, one column per body. */
export const GET: RequestHandler = async ({ url }) => {
	const p = analysisParams(await facetIndex(db()), url.searchParams);
	const m: Pick<Matrix, 'bodies' | 'counts'> = p.region ? await cooperationMatrix(db(), p.region, p) : { bodies: [], counts: {} };
	const sep = url.searchParams.get('trenner') === 'semikolon' ? ';' : ',';
	const records = m.bodies.map((a) => [a.name, ...m.bodies.map((b) => m.counts[a.id]?.[b.id] ?? 0)]);
	return new Response(toCsv(['Körperschaft', ...m.bodies.map((b) => b.name)], records, sep), {
		headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="ikz-matrix.csv"' }
	});
};
