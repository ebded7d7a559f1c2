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
	result: Omit<SearchResult, 'facets' | 'seqs'>;
	rows: CooperationRow[];
	facets: LabelledFacet[];
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
	const { seqs, facets, ...result } = await runSearch(db, query, {
		allRows: mode === 'export',
		maxRows: settings.EXPORT_MAX_ROWS,
		facetMaxOptions: settings.FACET_MAX_OPTIONS
	});
	const { lookups } = await facetIndex(db);
	// The region facet only once there is a choice (an installation with one region looks as before).
	const labelled = FILTER_KEYS.filter((key) => key !== 'region' || facets.region.length > 1 || query.filters.region.length > 0).map((key) => ({
		key,
		options: facets[key].map((f) => ({
			value: f.value, label: facetDefinition(key).label(f.value, lookups), count: f.count, selected: query.filters[key].includes(f.value)
		}))
	}));
	return { query, result, rows: await cooperationRows(db, seqs), facets: labelled };
}
