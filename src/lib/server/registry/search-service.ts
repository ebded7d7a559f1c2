/**
 * One search for the page, the JSON and the CSV: parse the URL, run, label the facets. The three
 * outputs differ only in presentation, so a bookmarked result and its export always agree.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Settings } from '../settings';
import { parseSearchQuery, type SearchQuery } from '../../domain/search-query';
import { runSearch, type SearchResult } from '../search/run-search';
import { facetIndex } from '../search/facet-index';
import { labelFacets, type LabelledFacet } from '../search/labelled-facets';
import { cooperationRows, type CooperationRow } from './rows';

export type { LabelledFacet };

export interface SearchPage {
	query: SearchQuery;
	result: Pick<SearchResult, 'total' | 'uncertainInYear' | 'page' | 'pageCount'>;
	rows: CooperationRow[];
	facets: LabelledFacet[];
	/**
	 * The search text found nothing: the facets count the results without it (so the filters stay
	 * usable), and the page offers other spellings and related topics.
	 */
	empty: { facetsWithoutText: boolean; spellings: { query: string; count: number }[]; topics: { id: string; label: string }[] } | null;
}

export async function searchPage(
	db: Kysely<Database>,
	params: URLSearchParams,
	settings: Settings,
	mode: 'page' | 'export' = 'page'
): Promise<SearchPage> {
	const query = parseSearchQuery(params, {
		pageSizeDefault: settings.PAGE_SIZE_DEFAULT,
		pageSizeMax: settings.PAGE_SIZE_MAX,
		queryMaxLength: settings.QUERY_MAX_LENGTH,
		filterMaxValues: settings.FILTER_MAX_VALUES
	});
	const opts = { allRows: mode === 'export', maxRows: settings.EXPORT_MAX_ROWS, facetMaxOptions: settings.FACET_MAX_OPTIONS };
	const { seqs, facets, suggestions, total, uncertainInYear, page, pageCount } = await runSearch(db, query, opts);
	const result = { total, uncertainInYear, page, pageCount };
	const { lookups, facets: definitions } = await facetIndex(db);
	let shown = facets;
	let empty: SearchPage['empty'] = null;
	if (suggestions !== null) {
		const withoutText = result.total === 0 && query.q !== '';
		if (withoutText) shown = (await runSearch(db, { ...query, q: '', page: 1 }, { ...opts, allRows: false })).facets;
		empty = {
			facetsWithoutText: withoutText,
			spellings: suggestions.spellings,
			topics: suggestions.topics.map((id) => ({ id, label: lookups.topics.get(id) ?? id }))
		};
	}
	return { query, result, rows: await cooperationRows(db, seqs), facets: labelFacets(definitions, shown, query, lookups), empty };
}

