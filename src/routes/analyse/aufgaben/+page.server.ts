import type { PageServerLoad } from './$types';
import { db } from '#lib/server/context.ts';
import { facetIndex } from '#lib/server/search/facet-index.ts';
import { analysisParams } from '#lib/server/analysis/params.ts';
import { taskCoverage, topicCoverage } from '#lib/server/analysis/coverage.ts';

export const load: PageServerLoad = async ({ url }) => {
	const p = analysisParams(await facetIndex(db()), url.searchParams);
	if (!p.region) return { coverage: [], topics: null };
	return { coverage: await taskCoverage(db(), p.region), topics: await topicCoverage(db(), p.region) };
};
