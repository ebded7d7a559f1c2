/**
 * One search for the page, the JSON and the CSV: parse the URL, run, label the facets. The three
 * outputs differ only in presentation, so a bookmarked result and its export always agree.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Settings } from '../settings';
import { FILTER_KEYS, type FilterKey, parseSearchQuery, type SearchQuery } from '../../domain/search-query';
import { runSearch, type SearchResult } from '../search/run-search';
import { facetDefinition, facetIndex } from '../search/facet-index';
import { cooperationRows, type CooperationRow } from './rows';

export interface LabelledFacet {
	key: FilterKey;
	options: { value: string; label: string; count: number; selected: boolean }[];
}

export interface SearchPage {
	query: SearchQuery;
	result: Omit<SearchResult, 'facets' | 'seqs' | 'suggestions'>;
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
	const { seqs, facets, suggestions, ...result } = await runSearch(db, query, opts);
	const { lookups } = await facetIndex(db);
	// The region facet only once there is a choice (an installation with one region looks as before).
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
	const labelled = FILTER_KEYS.filter((key) => key !== 'region' || shown.region.length > 1 || query.filters.region.length > 0).map((key) => ({
		key,
		options: shown[key].map((f) => ({
			value: f.value, label: facetDefinition(key).label(f.value, lookups), count: f.count, selected: query.filters[key].includes(f.value)
		}))
	}));
	return { query, result, rows: await cooperationRows(db, seqs), facets: labelled, empty };
}

