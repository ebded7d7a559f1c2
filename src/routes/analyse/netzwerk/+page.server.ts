import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { facetIndex } from '#lib/server/search/facet-index.ts';
import { analysisParams } from '#lib/server/analysis/params.ts';
import { cooperationMatrix, strongestEdges, STRONGEST_PER_BODY } from '#lib/server/analysis/network.ts';
import { topicFilterLabel, topicOptions } from '#lib/server/analysis/topic-filter.ts';
import { serverRenderedOnly } from '#lib/site/server-rendered.ts';

/**
 * The page is plain HTML (a GET form, links, the matrix and the drawing): without client-side
 * rendering it loads no JavaScript and does not carry the matrix a second time as JSON. Lighthouse
 * on a quiet machine gave it 93 with hydration (blocking time 251 ms), the one main page below 95.
 */
export const csr = false;

export const load: PageServerLoad = async (event) => {
	const { url } = event;
	const index = await facetIndex(db());
	const p = analysisParams(index, url.searchParams);
	const matrix = p.region ? await cooperationMatrix(db(), p.region, p) : null;
	// The drawing shows each body's strongest pairs unless all are asked for (?linien=alle).
	const allEdges = url.searchParams.get('linien') === 'alle';
	const shown = matrix ? (allEdges ? matrix.edges : strongestEdges(matrix.edges)) : [];
	const keep = new URLSearchParams();
	// The region stays chosen when the filters change (the form carries it as a hidden field).
	if (p.region && url.searchParams.get('region') === p.region) keep.set('region', p.region);
	if (p.topic) keep.set('thema', p.topic);
	if (p.legalForm) keep.set('rechtsform', p.legalForm);
	if (p.year) keep.set('jahr', String(p.year));
	// The filters in words for the summary line ("ohne Themenfeld, Zweckverband, aktiv 2015").
	const filterSummary = [
		p.topic ? topicFilterLabel(index.lookups, p.topic) : null,
		p.legalForm ? (index.lookups.legalForms.get(p.legalForm)?.label ?? p.legalForm) : null,
		p.year ? `aktiv ${p.year}` : null
	].filter((s): s is string => s !== null).join(', ');
	return serverRenderedOnly(event, {
		params: p,
		filterSummary,
		region: keep.get('region'),
		matrix,
		drawing: { edges: shown, all: allEdges, perBody: STRONGEST_PER_BODY },
		queryString: keep.toString(),
		topics: topicOptions(index.lookups, null, p.topic),
		legalForms: [...index.lookups.legalForms].map(([id, l]) => ({ id, label: l.label }))
	});
};
