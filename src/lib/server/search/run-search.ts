/**
 * Runs a register search: text candidates, filters, facet counts (each dimension counted with all
 * other filters applied, so every option shows the number of results it would give), sorting and
 * paging. The page's rows are then read from the database by the caller's presenter.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { isActiveInYear } from '../../domain/fuzzy-date';
import { FILTER_KEYS, type FilterKey, type SearchQuery } from '../../domain/search-query';
import { facetIndex, type IndexRow } from './facet-index';
import { matchText } from './text-match';
import { queryTerms } from '../../domain/text-fold';

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

const rowValues: Record<FilterKey, (r: IndexRow) => readonly (string | null)[]> = {
	partner: (r) => r.partners,
	topic: (r) => r.topics,
	legalForm: (r) => [r.legalForm],
	performer: (r) => [r.performer],
	orgUnit: (r) => [r.orgUnit],
	status: (r) => [r.status],
	list: (r) => [r.list]
};

function matchesDimension(q: SearchQuery, key: FilterKey, r: IndexRow): boolean {
	const wanted = q.filters[key];
	if (wanted.length === 0) return true;
	const have = rowValues[key](r);
	if (key === 'partner' && q.partnerMode === 'all') return wanted.every((w) => have.includes(w));
	return wanted.some((w) => have.includes(w));
}

const byNumber = (a: IndexRow, b: IndexRow) => a.list.localeCompare(b.list) || a.number - b.number || a.seq - b.seq;
const SORTERS: Record<Exclude<SearchQuery['sort'], 'relevanz'>, (a: IndexRow, b: IndexRow) => number> = {
	nr: byNumber,
	titel: (a, b) => a.titleKey.localeCompare(b.titleKey, 'de') || byNumber(a, b),
	beginn: (a, b) => cmpNullLast(a.startEarliest, b.startEarliest, 1) || byNumber(a, b),
	'-beginn': (a, b) => cmpNullLast(a.startEarliest, b.startEarliest, -1) || byNumber(a, b)
};

function cmpNullLast(a: string | null, b: string | null, dir: 1 | -1): number {
	if (a === b) return 0;
	if (a === null) return 1;
	if (b === null) return -1;
	return a < b ? -dir : dir;
}

/** Search without paging limit (exports) by passing `allRows: true`. */
export async function runSearch(
	db: Kysely<Database>,
	q: SearchQuery,
	opts: { allRows?: boolean; maxRows?: number; facetMaxOptions?: number } = {}
): Promise<SearchResult> {
	const index = await facetIndex(db);
	const textSet = await matchText(db, q.q);
	const counts = Object.fromEntries(FILTER_KEYS.map((k) => [k, new Map<string, number>()])) as Record<FilterKey, Map<string, number>>;
	const bump = (key: FilterKey, r: IndexRow) => {
		const m = counts[key];
		for (const v of new Set(rowValues[key](r))) if (v !== null) m.set(v, (m.get(v) ?? 0) + 1);
	};
	// In "all of" mode adding a partner narrows the result, so its counts come from the result itself.
	const partnerFromResult = q.partnerMode === 'all';

	const hits: IndexRow[] = [];
	let uncertain = 0;
	for (const r of index.rows) {
		if (textSet && !textSet.has(r.seq)) continue;
		let activity: 'yes' | 'maybe' | 'no' = 'yes';
		if (q.year !== null) {
			activity = isActiveInYear(r.start, r.end, q.year);
			if (activity === 'no') continue;
			// Ended, but the source gives no end date: every year after the start is uncertain.
			if (activity === 'yes' && r.status === 'ended' && r.end === null) activity = 'maybe';
		}
		let failed: FilterKey | null = null;
		let failures = 0;
		for (const key of FILTER_KEYS) {
			if (!matchesDimension(q, key, r)) {
				failures++;
				failed = key;
				if (failures > 1) break;
			}
		}
		if (failures === 0) {
			hits.push(r);
			if (activity === 'maybe') uncertain++;
			for (const key of FILTER_KEYS) bump(key, r);
		} else if (failures === 1 && failed !== null && !(failed === 'partner' && partnerFromResult)) {
			bump(failed, r);
		}
	}

	if (q.sort === 'relevanz') {
		// Title hits first (every term in the title), then the rest; each group in list order.
		const terms = queryTerms(q.q);
		const inTitle = (r: IndexRow) => (terms.every((t) => r.titleKey.includes(t)) ? 0 : 1);
		hits.sort((a, b) => inTitle(a) - inTitle(b) || byNumber(a, b));
	} else {
		hits.sort(SORTERS[q.sort]);
	}
	const total = hits.length;
	const pageCount = Math.max(1, Math.ceil(total / q.perPage));
	const page = Math.min(q.page, pageCount);
	const slice = opts.allRows
		? hits.slice(0, opts.maxRows ?? hits.length)
		: hits.slice((page - 1) * q.perPage, page * q.perPage);

	const max = opts.facetMaxOptions ?? 40;
	const facets = {} as Record<FilterKey, FacetCount[]>;
	for (const key of FILTER_KEYS) {
		const selected = new Set(q.filters[key]);
		const all = [...counts[key]].map(([value, count]) => ({ value, count }))
			.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
		const shown = all.slice(0, max);
		for (const s of selected) if (!shown.some((f) => f.value === s)) shown.push(all.find((f) => f.value === s) ?? { value: s, count: 0 });
		facets[key] = shown;
	}
	return { total, uncertainInYear: uncertain, seqs: slice.map((r) => r.seq), facets, page, pageCount };
}
