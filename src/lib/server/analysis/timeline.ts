/**
 * The register over time: how many cooperations began in each year and how many were active.
 *
 * Fuzzy dates stay fuzzy. A start known to the day, month or year counts as a CERTAIN start in
 * that year; a school year, a range ("2012/2014") or a planned start counts as a POSSIBLE start in
 * every year it may lie in (so a range adds to several years, never to one invented year). A
 * cooperation whose start says nothing datable ("?", "befristet", "wird geprüft", "nach Bedarf")
 * is counted once as "Beginn unbekannt" and never in a year. "Active in year" answers yes / maybe
 * with `isActiveInYear`; an ended cooperation without an end date is "maybe" after its start.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex, type FacetIndex, type IndexRow } from '../search/facet-index';
import { isActiveInYear, parseFuzzyDate, startYearRange, type FuzzyDate } from '../../domain/fuzzy-date';
import { readJson, REGION_SOURCE } from '../db/json-columns';
import { matchesTopic, pickTopic, topicOptions } from './topic-filter';

export interface TimelineFilter {
	regionId?: string | null;
	topic?: string | null;
	legalForm?: string | null;
	/** The last year shown (default: the current year). For tests. */
	currentYear?: number;
}

export interface TimelineYear {
	year: number;
	/** Began in this year for certain (day, month or year precision inside it). */
	startedCertain: number;
	/** May have begun in this year (school year, range or planned start covering it). */
	startedPossible: number;
	/** Active in this year for certain. */
	activeYes: number;
	/** Possibly active in this year (fuzzy start or end). */
	activeMaybe: number;
	/** Legal form id -> starts (certain + possible) in this year. */
	byLegalForm: Record<string, number>;
}

export interface Option {
	id: string;
	label: string;
}

export interface Timeline {
	filter: { regionId: string | null; topic: string | null; legalForm: string | null };
	/** Cooperations matching the filter. */
	total: number;
	/** Of them, with a start that names no datable time: never counted in a year. */
	unknownStart: number;
	/** Of them, with a start that is only possible in one or more years. */
	uncertainStart: number;
	years: TimelineYear[];
	/** The legal forms that have at least one start in the years, in taxonomy order. */
	legalForms: { id: string; label: string; short: string }[];
	options: { regions: Option[]; topics: Option[]; legalForms: Option[] };
	/** The date of the newest source among the regions shown (ISO day), if the sources give one. */
	dataAsOf: string | null;
}

const PRECISE = new Set(['day', 'month', 'year']);
// Stands for "ended at an unknown time" (status ended without an end date).
const UNKNOWN_END: FuzzyDate | null = parseFuzzyDate('?');

/** Does the start text itself carry an end ("2013 bis 2015")? */
function startCarriesEnd(start: FuzzyDate | null): boolean {
	return !!start && start.parts.length > 1 && start.latest !== start.parts[0]?.latest;
}

/** How the start of a cooperation lies in the years. */
export function startYears(start: FuzzyDate | null, status: string): { certain: number | null; possible: number[] } | null {
	const span = startYearRange(start);
	const head = start?.parts[0];
	if (!span || !head) return null;
	const planned = head.qualifier === 'planned' || start?.qualifier === 'planned' || status === 'planned';
	if (span.from === span.to && PRECISE.has(head.precision) && !planned) return { certain: span.from, possible: [] };
	const possible: number[] = [];
	for (let y = span.from; y <= span.to; y++) possible.push(y);
	return { certain: null, possible };
}

/** Active in the year: yes / maybe / no, with the register's status taken into account. */
export function activeInYear(start: FuzzyDate | null, end: FuzzyDate | null, status: string, year: number): 'yes' | 'maybe' | 'no' {
	const effectiveEnd = end ?? (status === 'ended' && !startCarriesEnd(start) ? UNKNOWN_END : null);
	const a = isActiveInYear(start, effectiveEnd, year);
	// A planned cooperation may never have begun.
	return a === 'yes' && status === 'planned' ? 'maybe' : a;
}

export async function timeline(db: Kysely<Database>, filter: TimelineFilter = {}): Promise<Timeline> {
	const index = await facetIndex(db);
	const key = JSON.stringify(['timeline', filter.regionId ?? null, filter.topic ?? null, filter.legalForm ?? null, filter.currentYear ?? new Date().getFullYear()]);
	// Once per revision, region and filter (bounded cache); not a walk over the register per request.
	return index.cachedAsync(key, () => computeTimeline(db, index, filter));
}

async function computeTimeline(db: Kysely<Database>, index: FacetIndex, filter: TimelineFilter): Promise<Timeline> {
	const { rows, lookups } = index;
	const regions = await db.selectFrom('region').select(['id', 'name', 'source_json']).orderBy('name').execute();
	const regionId = filter.regionId && regions.some((r) => r.id === filter.regionId) ? filter.regionId : null;
	const topic = pickTopic(lookups, filter.topic);
	const legalForm = filter.legalForm && lookups.legalForms.has(filter.legalForm) ? filter.legalForm : null;
	const currentYear = filter.currentYear ?? new Date().getFullYear();

	// The region's rows from the posting lists, not a walk over the register.
	const candidates = regionId ? Array.from(index.rowsOfRegion(regionId), (i) => rows[i]!) : rows;
	const selected = candidates.filter((r) =>
		matchesTopic(r, topic) &&
		(!legalForm || r.legalForm === legalForm));

	// Many rows share their dates ("2012", no end): compute each distinct combination once.
	const groups = new Map<string, { row: IndexRow; count: number; legalForms: Map<string, number> }>();
	for (const r of selected) {
		const key = `${r.startText ?? ''}\u0000${r.endText ?? '\u0001'}\u0000${r.status}`;
		let g = groups.get(key);
		if (!g) groups.set(key, (g = { row: r, count: 0, legalForms: new Map() }));
		g.count++;
		g.legalForms.set(r.legalForm, (g.legalForms.get(r.legalForm) ?? 0) + 1);
	}

	let unknownStart = 0;
	let uncertainStart = 0;
	let first = Infinity;
	let last = currentYear;
	const parsed = [...groups.values()].map((g) => {
		const start = index.date(g.row.startText);
		const end = index.date(g.row.endText);
		const years = startYears(start, g.row.status);
		if (!years) unknownStart += g.count;
		else {
			if (years.certain === null) uncertainStart += g.count;
			const ys = years.certain === null ? years.possible : [years.certain];
			first = Math.min(first, ...ys);
			last = Math.max(last, ...ys);
		}
		return { ...g, start, end, years };
	});

	const years: TimelineYear[] = [];
	if (first !== Infinity) {
		for (let y = first; y <= last; y++) {
			years.push({ year: y, startedCertain: 0, startedPossible: 0, activeYes: 0, activeMaybe: 0, byLegalForm: {} });
		}
	}
	const at = (y: number) => years[y - first];
	for (const g of parsed) {
		if (g.years) {
			const ys = g.years.certain === null ? g.years.possible : [g.years.certain];
			for (const y of ys) {
				const slot = at(y);
				if (!slot) continue;
				if (g.years.certain === null) slot.startedPossible += g.count;
				else slot.startedCertain += g.count;
				for (const [lf, n] of g.legalForms) slot.byLegalForm[lf] = (slot.byLegalForm[lf] ?? 0) + n;
			}
		}
		for (const slot of years) {
			const a = activeInYear(g.start, g.end, g.row.status, slot.year);
			if (a === 'yes') slot.activeYes += g.count;
			else if (a === 'maybe') slot.activeMaybe += g.count;
		}
	}

	const usedForms = new Set(years.flatMap((y) => Object.keys(y.byLegalForm)));
	const base = candidates;
	const formsUsed = new Set(base.map((r) => r.legalForm));
	const dates = regions.filter((r) => !regionId || r.id === regionId)
		.map((r) => readJson(REGION_SOURCE, r.source_json).date)
		.filter((d): d is string => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d))
		.sort();
	return {
		filter: { regionId, topic, legalForm },
		total: selected.length,
		unknownStart,
		uncertainStart,
		years,
		legalForms: [...lookups.legalForms].filter(([id]) => usedForms.has(id)).map(([id, l]) => ({ id, label: l.label, short: l.short })),
		options: {
			regions: regions.map((r) => ({ id: r.id, label: r.name })),
			topics: topicOptions(lookups, base, topic),
			legalForms: [...lookups.legalForms].filter(([id]) => formsUsed.has(id) || id === legalForm).map(([id, l]) => ({ id, label: l.label }))
		},
		dataAsOf: dates.at(-1) ?? null
	};
}

export const TIMELINE_CSV_HEADER = ['Jahr', 'Beginn sicher', 'Beginn möglich', 'sicher aktiv', 'möglicherweise aktiv'];

/** CSV header and one record per year: the fixed columns, then one column per legal form. */
export function timelineCsv(t: Timeline): { header: string[]; records: (string | number | null)[][] } {
	return {
		header: [...TIMELINE_CSV_HEADER, ...t.legalForms.map((l) => `Beginne: ${l.label}`)],
		records: t.years.map((y) => [y.year, y.startedCertain, y.startedPossible, y.activeYes, y.activeMaybe,
			...t.legalForms.map((l) => y.byLegalForm[l.id] ?? 0)])
	};
}
