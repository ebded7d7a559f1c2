/**
 * The state of a register search, as it lives in the URL (bookmarkable, sendable by e-mail).
 * Parameter names are German because users see them in the address bar.
 *
 *   q=rettung&partner=kamen&partner=unna&verknuepfung=alle&thema=verkehr&rechtsform=oerv
 *   &durch=kamen&org=53&status=active&liste=kreis&jahr=2010&unbestaetigt=12&sort=beginn&seite=2&pro_seite=25
 */

export const SORTS = ['relevanz', 'nr', 'titel', 'beginn', '-beginn'] as const;
export type Sort = (typeof SORTS)[number];

/** Filter dimensions that carry several values (OR within a dimension, AND across). */
export const MULTI_FILTERS = {
	partner: 'partner',
	topic: 'thema',
	legalForm: 'rechtsform',
	performer: 'durch',
	orgUnit: 'org',
	status: 'status',
	list: 'liste',
	/** The regions a cooperation shows in: the region that records it and those of its partners (decision 0008). */
	region: 'region'
} as const;
export type FilterKey = keyof typeof MULTI_FILTERS;
export const FILTER_KEYS = Object.keys(MULTI_FILTERS) as FilterKey[];

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
	const filters = {} as Record<FilterKey, string[]>;
	for (const key of FILTER_KEYS) {
		const values = params.getAll(MULTI_FILTERS[key]).map((v) => v.trim()).filter((v) => VALUE.test(v));
		filters[key] = [...new Set(values)].slice(0, limits.filterMaxValues);
	}
	const sort = params.get('sort');
	return {
		q: (params.get('q') ?? '').replace(/\s+/g, ' ').trim().slice(0, limits.queryMaxLength),
		filters,
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
	for (const key of FILTER_KEYS) for (const v of query.filters[key]) p.append(MULTI_FILTERS[key], v);
	if (query.partnerMode === 'any') p.set('verknuepfung', 'eine');
	if (query.year !== null) p.set('jahr', String(query.year));
	if (query.unconfirmedMonths !== null) p.set('unbestaetigt', String(query.unconfirmedMonths));
	if (query.sort !== defaultSort(query.q)) p.set('sort', query.sort);
	if (query.perPage !== defaults.pageSizeDefault) p.set('pro_seite', String(query.perPage));
	if (query.page > 1) p.set('seite', String(query.page));
	return p;
}

/** The same query with one filter value switched on or off (page back to 1). */
export function toggleFilter(query: SearchQuery, key: FilterKey, value: string): SearchQuery {
	const current = query.filters[key];
	const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
	return { ...query, filters: { ...query.filters, [key]: next }, page: 1 };
}

/** True when the query narrows the register at all. */
export function isFiltered(query: SearchQuery): boolean {
	return query.q !== '' || query.year !== null || query.unconfirmedMonths !== null || FILTER_KEYS.some((k) => query.filters[k].length > 0);
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
