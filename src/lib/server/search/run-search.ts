/**
 * Runs a register search: text candidates, filters, facet counts (each dimension counted with all
 * other filters applied, so every option shows the number of results it would give), sorting and
 * paging. The page's rows are then read from the database by the caller's presenter.
 *
 * Cost: one pass over the text hits (or all rows without text), no allocation per row; sorting
 * by integer ranks. bench/README.md has the measurements.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { isActiveInYear } from '../../domain/fuzzy-date';
import { FILTER_KEYS, type FilterKey, type SearchQuery, isUnconfirmedSince, unconfirmedCutoff } from '../../domain/search-query';
import { queryTerms } from '../../domain/text-fold';
import { facetIndex, type FacetIndex, type IndexRow } from './facet-index';
import { matchText } from './text-match';

export interface FacetCount {
	value: string;
	count: number;
}

export interface SearchResult {
	total: number;
	/** Of the total, how many match the year only possibly (fuzzy dates). */
	uncertainInYear: number;
	seqs: number[];
	facets: Record<FilterKey, FacetCount[]>;
	page: number;
	pageCount: number;
}

/** The value(s) a row has in a dimension. Multi-valued: partners and topics (unique per row). */
function single(key: FilterKey, r: IndexRow): string | null {
	switch (key) {
		case 'legalForm': return r.legalForm;
		case 'performer': return r.performer;
		case 'orgUnit': return r.orgUnit;
		case 'status': return r.status;
		case 'list': return r.list;
		default: return null;
	}
}
const multi = (key: FilterKey, r: IndexRow): string[] | null =>
	key === 'partner' ? r.partners : key === 'topic' ? r.topics : null;

function matchesDimension(q: SearchQuery, key: FilterKey, r: IndexRow): boolean {
	const wanted = q.filters[key];
	if (wanted.length === 0) return true;
	const values = multi(key, r);
	if (values === null) return wanted.includes(single(key, r) as string);
	if (key === 'partner' && q.partnerMode === 'all') return wanted.every((w) => values.includes(w));
	return wanted.some((w) => values.includes(w));
}

/** Row positions to look at, in list order: the text hits, or every row. */
function candidates(index: FacetIndex, textSeqs: Set<number> | null): Iterable<number> {
	if (textSeqs === null) return index.rows.keys();
	const positions = new Int32Array(textSeqs.size);
	let n = 0;
	for (const seq of textSeqs) {
		const i = index.bySeq.get(seq);
		if (i !== undefined) positions[n++] = i;
	}
	return positions.subarray(0, n).sort();
}

interface Collected {
	hits: number[];
	counts: Record<FilterKey, Map<string, number>>;
	uncertain: number;
}

/** One pass over the candidates: the hits (in list order) and the facet counts. */
function collect(index: FacetIndex, q: SearchQuery, textSeqs: Set<number> | null, now: Date): Collected {
	const counts = Object.fromEntries(FILTER_KEYS.map((k) => [k, new Map<string, number>()])) as Record<FilterKey, Map<string, number>>;
	const bump = (key: FilterKey, r: IndexRow) => {
		const m = counts[key];
		const values = multi(key, r);
		if (values === null) {
			const v = single(key, r);
			if (v !== null) m.set(v, (m.get(v) ?? 0) + 1);
		} else {
			for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
		}
	};
	const active = FILTER_KEYS.filter((k) => q.filters[k].length > 0);
	// In "all of" mode adding a partner narrows the result, so its counts come from the result itself.
	const partnerFromResult = q.partnerMode === 'all';

	// "Not confirmed for more than N months": a plain filter like the year (rows failing it count nowhere).
	const cutoff = q.unconfirmedMonths !== null ? unconfirmedCutoff(q.unconfirmedMonths, now) : null;

	const hits: number[] = [];
	let uncertain = 0;
	for (const i of candidates(index, textSeqs)) {
		const r = index.rows[i]!;
		if (cutoff !== null && !isUnconfirmedSince(r.confirmedAt, cutoff)) continue;
		let activity: 'yes' | 'maybe' | 'no' = 'yes';
		if (q.year !== null) {
			const end = index.date(r.endText);
			activity = isActiveInYear(index.date(r.startText), end, q.year);
			if (activity === 'no') continue;
			// Ended, but the source gives no end date: every year after the start is uncertain.
			if (activity === 'yes' && r.status === 'ended' && end === null) activity = 'maybe';
		}
		let failed: FilterKey | null = null;
		let failures = 0;
		for (const key of active) {
			if (!matchesDimension(q, key, r)) {
				failed = key;
				if (++failures > 1) break;
			}
		}
		if (failures === 0) {
			hits.push(i);
			if (activity === 'maybe') uncertain++;
			for (const key of FILTER_KEYS) bump(key, r);
		} else if (failures === 1 && failed !== null && !(failed === 'partner' && partnerFromResult)) {
			bump(failed, r);
		}
	}
	return { hits, counts, uncertain };
}

/** Search without paging limit (exports) by passing `allRows: true`. */
export async function runSearch(
	db: Kysely<Database>,
	q: SearchQuery,
	opts: { allRows?: boolean; maxRows?: number; facetMaxOptions?: number; now?: Date } = {}
): Promise<SearchResult> {
	const index = await facetIndex(db);
	const textSeqs = await matchText(db, q.q);
	// The unfiltered register (the landing page) is the same for every request of a revision.
	const unfiltered = textSeqs === null && q.year === null && q.unconfirmedMonths === null && FILTER_KEYS.every((k) => q.filters[k].length === 0);
	const now = opts.now ?? new Date();
	const collected = unfiltered ? index.memo('unfiltered', () => collect(index, q, null, now)) : collect(index, q, textSeqs, now);
	const hits = unfiltered ? collected.hits.slice() : collected.hits;
	const { counts, uncertain } = collected;

	sortHits(index, hits, q);
	const total = hits.length;
	const pageCount = Math.max(1, Math.ceil(total / q.perPage));
	const page = Math.min(q.page, pageCount);
	const slice = opts.allRows ? hits.slice(0, opts.maxRows ?? hits.length) : hits.slice((page - 1) * q.perPage, page * q.perPage);

	const max = opts.facetMaxOptions ?? 40;
	const facets = {} as Record<FilterKey, FacetCount[]>;
	for (const key of FILTER_KEYS) facets[key] = topOptions(counts[key], q.filters[key], max);
	return { total, uncertainInYear: uncertain, seqs: slice.map((i) => index.rows[i]!.seq), facets, page, pageCount };
}

/** Hits arrive in list order ("nr"); other orders sort by precomputed integer ranks. */
function sortHits(index: FacetIndex, hits: number[], q: SearchQuery): void {
	if (q.sort === 'nr') return;
	if (q.sort === 'relevanz') {
		// Title hits first (every term in the title), each group keeping list order.
		const terms = queryTerms(q.q);
		const inTitle = hits.filter((i) => terms.every((t) => index.rows[i]!.titleKey.includes(t)));
		if (inTitle.length === 0 || inTitle.length === hits.length) return;
		const first = new Set(inTitle);
		const rest = hits.filter((i) => !first.has(i));
		// Index assignment, not splice(...spread): spreading 100,000 arguments overflows the stack.
		inTitle.forEach((v, k) => (hits[k] = v));
		rest.forEach((v, k) => (hits[inTitle.length + k] = v));
		return;
	}
	const rank = index.rank(q.sort);
	hits.sort((a, b) => rank[a]! - rank[b]!);
}

/** The most frequent options of a facet, plus every selected one (even with count 0). */
function topOptions(counts: Map<string, number>, selected: string[], max: number): FacetCount[] {
	const all: FacetCount[] = [];
	for (const [value, count] of counts) all.push({ value, count });
	all.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
	const shown = all.slice(0, max);
	for (const s of selected) {
		if (!shown.some((f) => f.value === s)) shown.push({ value: s, count: counts.get(s) ?? 0 });
	}
	return shown;
}
