/**
 * The state of a register search, as it lives in the URL (bookmarkable, sendable by e-mail).
 * Parameter names are German because users see them in the address bar.
 *
 *   q=rettung&partner=kamen&partner=unna&verknuepfung=alle&thema=verkehr&rechtsform=oerv
 *   &durch=kamen&org=53&status=active&liste=kreis&jahr=2010&unbestaetigt=12&sort=beginn&seite=2&pro_seite=25
 */

import { FACETS, facetList, type FilterKey } from './facets';

export const SORTS = ['relevanz', 'nr', 'titel', 'beginn', '-beginn'] as const;
export type Sort = (typeof SORTS)[number];

/**
 * Filter dimensions that carry several values (OR within a dimension, AND across): the facets of
 * `facets.ts`, by key -> URL parameter (the built-in ones; `facetList()` has any added later).
 */
export const MULTI_FILTERS = Object.fromEntries(FACETS.map((f) => [f.key, f.param])) as { readonly [K in FilterKey]: string };
export type { FilterKey };
export const FILTER_KEYS: FilterKey[] = FACETS.map((f) => f.key);

export interface SearchQuery {
	q: string;
	filters: Record<FilterKey, string[]>;
	/** Partners: all of them must take part ("alle") or any of them ("eine"). */
	partnerMode: 'all' | 'any';
	/** Only cooperations active in this year (fuzzy dates: certain and possible both count). */
	year: number | null;
	/**
	 * Only cooperations not confirmed in a survey round for more than this many months (never
	 * confirmed counts as not confirmed). A plain filter, not a facet.
	 */
	unconfirmedMonths: number | null;
	sort: Sort;
	page: number;
	perPage: number;
}

export interface QueryLimits {
	pageSizeDefault: number;
	pageSizeMax: number;
	queryMaxLength: number;
	filterMaxValues: number;
}

export const DEFAULT_LIMITS: QueryLimits = { pageSizeDefault: 25, pageSizeMax: 100, queryMaxLength: 200, filterMaxValues: 50 };

/** Allowed range of `unbestaetigt` (months). */
export const UNCONFIRMED_MONTHS_MAX = 240;

const VALUE = /^[\p{L}\p{N}_.-]{1,80}$/u;

function intParam(v: string | null, min: number, max: number): number | null {
	if (v === null || !/^\d{1,6}$/.test(v.trim())) return null;
	const n = Number(v);
	return n >= min && n <= max ? n : null;
}

/** With a search text, the best matches come first; without one, the lists' order. */
export function defaultSort(q: string | null): Sort {
	return q && q.trim() ? 'relevanz' : 'nr';
}

/** Parse URL parameters leniently: invalid values are dropped, never an error page. */
export function parseSearchQuery(params: URLSearchParams, limits: QueryLimits = DEFAULT_LIMITS): SearchQuery {
	const filters = {} as Record<string, string[]>;
	for (const { key, param } of facetList()) {
		const values = params.getAll(param).map((v) => v.trim()).filter((v) => VALUE.test(v));
		filters[key] = [...new Set(values)].slice(0, limits.filterMaxValues);
	}
	const sort = params.get('sort');
	return {
		q: (params.get('q') ?? '').replace(/\s+/g, ' ').trim().slice(0, limits.queryMaxLength),
		filters: filters as Record<FilterKey, string[]>,
		partnerMode: params.get('verknuepfung') === 'eine' ? 'any' : 'all',
		year: intParam(params.get('jahr'), 1800, 2200),
		unconfirmedMonths: intParam(params.get('unbestaetigt'), 1, UNCONFIRMED_MONTHS_MAX),
		sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as Sort) : defaultSort(params.get('q')),
		page: intParam(params.get('seite'), 1, 100_000) ?? 1,
		perPage: intParam(params.get('pro_seite'), 5, limits.pageSizeMax) ?? limits.pageSizeDefault
	};
}

/** Write a query back to URL parameters, leaving out defaults so URLs stay short. */
export function toSearchParams(query: SearchQuery, defaults: QueryLimits = DEFAULT_LIMITS): URLSearchParams {
	const p = new URLSearchParams();
	if (query.q) p.set('q', query.q);
	for (const { key, param } of facetList()) for (const v of filterValues(query, key)) p.append(param, v);
	if (query.partnerMode === 'any') p.set('verknuepfung', 'eine');
	if (query.year !== null) p.set('jahr', String(query.year));
	if (query.unconfirmedMonths !== null) p.set('unbestaetigt', String(query.unconfirmedMonths));
	if (query.sort !== defaultSort(query.q)) p.set('sort', query.sort);
	if (query.perPage !== defaults.pageSizeDefault) p.set('pro_seite', String(query.perPage));
	if (query.page > 1) p.set('seite', String(query.page));
	return p;
}

/** The chosen values of a facet (also of one added by `addFacet`, which `FilterKey` does not name). */
export function filterValues(query: Pick<SearchQuery, 'filters'>, key: string): string[] {
	return (query.filters as Record<string, string[] | undefined>)[key] ?? [];
}

/** The same query with one filter value switched on or off (page back to 1). */
export function toggleFilter(query: SearchQuery, key: string, value: string): SearchQuery {
	const current = filterValues(query, key);
	const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
	return { ...query, filters: { ...query.filters, [key]: next }, page: 1 };
}

/** True when the query narrows the register at all. */
export function isFiltered(query: SearchQuery): boolean {
	return query.q !== '' || query.year !== null || query.unconfirmedMonths !== null || facetList().some((f) => filterValues(query, f.key).length > 0);
}

/**
 * The instant (ISO) before which a confirmation counts as "more than `months` months ago":
 * `now` minus that many calendar months (UTC; the 31st falls back to the month's last day).
 */
export function unconfirmedCutoff(months: number, now: Date = new Date()): string {
	const d = new Date(now.getTime());
	const day = d.getUTCDate();
	d.setUTCDate(1);
	d.setUTCMonth(d.getUTCMonth() - months);
	const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
	d.setUTCDate(Math.min(day, last));
	return d.toISOString();
}

/** True when a row with this confirmation instant passes the "not confirmed for N months" filter. */
export function isUnconfirmedSince(confirmedAt: string | null, cutoff: string): boolean {
	return confirmedAt === null || confirmedAt < cutoff;
}
