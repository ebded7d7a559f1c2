import type { RequestHandler } from './$types';
import { db } from '#lib/server/context.ts';
import { facetIndex } from '#lib/server/search/facet-index.ts';
import { analysisParams } from '#lib/server/analysis/params.ts';
import { taskCoverage } from '#lib/server/analysis/coverage.ts';
import { toCsv } from '#lib/server/registry/present.ts';

/** Task coverage as CSV: one row per task and region body, with its pools. */
export const GET: RequestHandler = async ({ url }) => {
	const p = analysisParams(await facetIndex(db()), url.searchParams);
	const coverage = p.region ? await taskCoverage(db(), p.region) : [];
	const sep = url.searchParams.get('trenner') === 'semikolon' ? ';' : ',';
	const records = coverage.flatMap((c) => c.byBody.map((b) => [
		c.task.label, b.name,
		b.pools.map((id) => c.pools.find((x) => x.row.id === id)).map((x) => (x ? `${x.row.title} (${x.lead?.name ?? '–'})` : '')).join('; ') || 'in keinem Verbund',
		b.ended.join('; ')
	]));
	return new Response(toCsv(['Aufgabe', 'Körperschaft', 'Verbünde (federführend)', 'beendete Verbünde'], records, sep), {
		headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="ikz-aufgaben.csv"' }
	});
};
