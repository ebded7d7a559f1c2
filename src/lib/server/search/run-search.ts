/**
 * Runs a register search: text candidates, filters, facet counts (each dimension counted with all
 * other filters applied, so every option shows the number of results it would give), sorting and
 * paging. The page's rows are then read from the database by the caller's presenter.
 *
 * Cost: set operations on the posting lists of the facet index, one pass over the rows that pass
 * the other filters per selected dimension, integer counters per value id; sorting by integer
 * ranks. Results of repeated queries are cached per revision (bounded). bench/README.md has the
 * measurements.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { filterValues, type SearchQuery, isUnconfirmedSince, unconfirmedCutoff } from '../../domain/search-query';
import { byCount, type ByFacet, type FacetCount, type FacetDefinition } from '../../domain/facets';
import { facetIndex, type FacetIndex } from './facet-index';
import { textIndex, type Suggestions, type TextMatch } from './text-index';
import { intersectAll, union } from './postings';

export type { FacetCount };

export interface SearchResult {
	total: number;
	/** Of the total, how many match the year only possibly (fuzzy dates). */
	uncertainInYear: number;
	seqs: number[];
	facets: ByFacet<FacetCount[]>;
	page: number;
	pageCount: number;
	/** When a search text finds nothing: other spellings and related topics (issue 17). */
	suggestions: Suggestions | null;
	/**
	 * Every hit's seq in result order, read on demand: paging over a large result by cursor
	 * (the API) reads one window instead of copying thousands of seqs per request.
	 */
	hitSeqs: HitSeqs;
}

/** The seqs of all hits, in result order, without materialising them. */
export interface HitSeqs {
	readonly length: number;
	at(k: number): number | undefined;
	/** Position of a seq in the result, -1 if it is not a hit. */
	indexOf(seq: number): number;
	slice(from: number, to: number): number[];
}

type Counts = Map<string, Int32Array>;

interface Collected {
	/** Row positions of the result, in list order. */
	hits: Int32Array;
	/** Per dimension, counts by value id (see DimensionColumn). */
	counts: Counts;
	uncertain: number;
}

/** How often each value of the dimension occurs in the rows (by value id). */
function countValues(index: FacetIndex, key: string, rows: Int32Array | null): Int32Array {
	const d = index.dims[key]!;
	const out = new Int32Array(d.dict.length);
	const n = rows === null ? index.rows.length : rows.length;
	if (d.single !== null) {
		const col = d.single;
		for (let k = 0; k < n; k++) {
			const v = col[rows === null ? k : rows[k]!]!;
			if (v >= 0) out[v]!++;
		}
	} else {
		const offsets = d.offsets!;
		const values = d.values!;
		for (let k = 0; k < n; k++) {
			const i = rows === null ? k : rows[k]!;
			for (let j = offsets[i]!; j < offsets[i + 1]!; j++) out[values[j]!]!++;
		}
	}
	return out;
}

/** Counts over the whole register: the same for every request of a revision. */
function countAll(index: FacetIndex, key: string): Int32Array {
	return index.memo(`count-all:${key}`, () => countValues(index, key, null));
}

/**
 * The hits and the facet counts from posting lists. A dimension with selected values is the set
 * of its values' rows (union; intersection for "all of these partners"); the result is the
 * intersection of those sets with the text hits, the year and the confirmation filter. A
 * dimension's counts come from the rows passing every OTHER filter (so each option shows the
 * number of results it would give), the others' from the result. Nothing walks all rows unless a
 * count is over the whole register, and that is computed once per revision.
 */
function collect(index: FacetIndex, q: SearchQuery, text: TextMatch | null, now: Date): Collected {
	const base: Int32Array[] = [];
	if (text !== null) base.push(text.rows);
	let maybe: Uint8Array | null = null;
	if (q.year !== null) {
		const year = index.rowsInYear(q.year);
		base.push(year.rows);
		maybe = year.maybe;
	}
	// "Not confirmed for more than N months": a plain filter like the year (rows failing it count nowhere).
	if (q.unconfirmedMonths !== null) {
		const cutoff = unconfirmedCutoff(q.unconfirmedMonths, now);
		const narrowest = intersectAll(base);
		const pass: number[] = [];
		const n = narrowest === null ? index.rows.length : narrowest.length;
		for (let k = 0; k < n; k++) {
			const i = narrowest === null ? k : narrowest[k]!;
			if (isUnconfirmedSince(index.rows[i]!.confirmedAt, cutoff)) pass.push(i);
		}
		base.push(Int32Array.from(pass));
	}
	const sets = new Map<string, Int32Array>();
	for (const { key, matchAll } of index.facets) {
		const wanted = filterValues(q, key);
		if (wanted.length === 0) continue;
		const lists = wanted.map((v) => index.rowsOf(key, v));
		sets.set(key, matchAll?.(q) ? intersectAll(lists)! : union(lists));
	}
	const hits = intersectAll([...base, ...sets.values()]);
	const counts: Counts = new Map();
	for (const { key, matchAll } of index.facets) {
		// In "all of" mode adding a value narrows the result, so its counts come from the result itself.
		const own = sets.has(key) && !matchAll?.(q);
		const over = own ? intersectAll([...base, ...[...sets].filter(([k]) => k !== key).map(([, v]) => v)]) : hits;
		counts.set(key, over === null ? countAll(index, key) : countValues(index, key, over));
	}
	let uncertain = 0;
	if (maybe !== null && hits !== null) for (const i of hits) uncertain += maybe[i]!;
	const all = hits ?? index.memo('all-positions', () => Int32Array.from(index.rows.keys()));
	return { hits: all, counts, uncertain };
}

interface CachedSearch {
	hits: Int32Array;
	total: number;
	uncertain: number;
	facets: ByFacet<FacetCount[]>;
	suggestions: Suggestions | null;
}

/** The cache key of a query's result (everything but the page); null: not cached. */
function cacheKey(q: SearchQuery, max: number): string | null {
	// The confirmation filter moves with the clock; such queries are not cached.
	if (q.unconfirmedMonths !== null) return null;
	return JSON.stringify(['search', q.q, q.filters, q.partnerMode, q.year, q.sort, max]);
}

/** Search without paging limit (exports) by passing `allRows: true`. */
export async function runSearch(
	db: Kysely<Database>,
	q: SearchQuery,
	opts: { allRows?: boolean; maxRows?: number; facetMaxOptions?: number; now?: Date } = {}
): Promise<SearchResult> {
	const index = await facetIndex(db);
	const max = opts.facetMaxOptions ?? 40;
	const key = opts.now === undefined ? cacheKey(q, max) : null;
	let found = key === null ? undefined : (index.cache.get(key) as CachedSearch | undefined);
	if (found === undefined) {
		const texts = await textIndex(db, index);
		const text = texts.match(q.q);
		const collected = collect(index, q, text, opts.now ?? new Date());
		// Sorting reorders, so it works on a copy: the register-wide list is shared.
		const hits = q.sort === 'nr' ? collected.hits : collected.hits.slice();
		sortHits(index, hits, q, text);
		const facets = {} as ByFacet<FacetCount[]>;
		for (const def of index.facets) facets[def.key] = topOptions(index, def, collected.counts.get(def.key)!, filterValues(q, def.key), max);
		const suggestions = hits.length === 0 && text !== null ? texts.suggest(q.q) : null;
		found = { hits, total: hits.length, uncertain: collected.uncertain, facets, suggestions };
		if (key !== null) index.cache.set(key, found, hits.length + 64);
	}
	const { hits, total, uncertain, facets, suggestions } = found;
	const pageCount = Math.max(1, Math.ceil(total / q.perPage));
	const page = Math.min(q.page, pageCount);
	const slice = opts.allRows ? hits.subarray(0, opts.maxRows ?? hits.length) : hits.subarray((page - 1) * q.perPage, page * q.perPage);
	const seqs: number[] = [];
	for (const i of slice) seqs.push(index.rows[i]!.seq);
	return {
		total, uncertainInYear: uncertain, seqs, facets: structuredFacets(facets), page, pageCount,
		suggestions: suggestions && structuredClone(suggestions), hitSeqs: hitSeqsOf(index, hits)
	};
}

function hitSeqsOf(index: FacetIndex, hits: Int32Array): HitSeqs {
	return {
		length: hits.length,
		at: (k) => {
			const i = hits.at(k);
			return i === undefined ? undefined : index.rows[i]!.seq;
		},
		indexOf: (seq) => {
			const i = index.bySeq.get(seq);
			return i === undefined ? -1 : hits.indexOf(i);
		},
		slice: (from, to) => Array.from(hits.subarray(from, to), (i) => index.rows[i]!.seq)
	};
}

/** Callers may change what they get; the cached facet lists stay as they are. */
function structuredFacets(facets: ByFacet<FacetCount[]>): ByFacet<FacetCount[]> {
	const out = {} as ByFacet<FacetCount[]>;
	for (const [k, list] of Object.entries(facets)) out[k] = list!.map((f) => ({ ...f }));
	return out;
}

/** Hits arrive in list order ("nr"); other orders sort by precomputed integer ranks. */
function sortHits(index: FacetIndex, hits: Int32Array, q: SearchQuery, text: TextMatch | null): void {
	if (q.sort === 'nr') return;
	if (q.sort === 'relevanz') {
		// Higher score first (where the words occur: title, partners, topic, description), ties in list order.
		if (text === null) return;
		const score = text.score;
		hits.sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0) || a - b);
		return;
	}
	const rank = index.rank(q.sort);
	hits.sort((a, b) => rank[a]! - rank[b]!);
}

/** The first options of a facet in its order (default: most frequent), plus every selected one (even with count 0). */
function topOptions(index: FacetIndex, def: FacetDefinition, byId: Int32Array, selected: string[], max: number): FacetCount[] {
	const dict = index.dims[def.key]!.dict;
	const all: FacetCount[] = [];
	const counts = new Map<string, number>();
	for (let id = 0; id < byId.length; id++) {
		if (byId[id]! > 0) {
			all.push({ value: dict[id]!, count: byId[id]! });
			counts.set(dict[id]!, byId[id]!);
		}
	}
	const order = def.order;
	all.sort(order ? (a, b) => order(a, b, index.lookups) : byCount);
	const shown = all.slice(0, max);
	for (const s of selected) {
		if (!shown.some((f) => f.value === s)) shown.push({ value: s, count: counts.get(s) ?? 0 });
	}
	return shown;
}
