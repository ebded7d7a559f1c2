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
	const orgNames = await orgUnitNames(db, shown.orgUnit.map((f) => f.value));
	const labelled = FILTER_KEYS.map((key) => ({
		key,
		options: shown[key].map((f) => ({
			value: f.value,
			label: key === 'orgUnit' ? orgUnitLabel(f.value, orgNames) : facetDefinition(key).label(f.value, lookups),
			count: f.count,
			selected: query.filters[key].includes(f.value)
		}))
	}));
	return { query, result, rows: await cooperationRows(db, seqs), facets: labelled, empty };
}

/**
 * The names of org units that are bodies of the register (the Kreis list's "Org." column gives
 * "WFG", "VKU", "UKBS", "KPB": the Kreis's companies and the police authority), by name or alias.
 * Numbered units ("53") are offices of the Kreis whose names the source does not give.
 */
async function orgUnitNames(db: Kysely<Database>, values: string[]): Promise<Map<string, string>> {
	const out = new Map<string, string>();
	const named = values.filter((v) => !/^\d+$/.test(v));
	if (named.length === 0) return out;
	for (const b of await db.selectFrom('body').select(['name', 'official_name']).where('name', 'in', named).execute()) {
		out.set(b.name, b.official_name ?? b.name);
	}
	const aliases = await db.selectFrom('body_alias').innerJoin('body', 'body.id', 'body_alias.body_id')
		.select(['body_alias.alias', 'body.name', 'body.official_name']).where('body_alias.alias', 'in', named).execute();
	for (const a of aliases) if (!out.has(a.alias)) out.set(a.alias, a.official_name ?? a.name);
	return out;
}

/** "WFG – Wirtschaftsförderungsgesellschaft für den Kreis Unna mbH", "Organisationseinheit 53" for a number. */
export function orgUnitLabel(value: string, names: Map<string, string>): string {
	if (/^\d+$/.test(value)) return `Organisationseinheit ${value}`;
	const name = names.get(value);
	return name && name !== value ? `${value} – ${name}` : value;
}
