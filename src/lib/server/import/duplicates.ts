/**
 * True duplicates only (issue 14, part 3). Two agreements are the same or likely the same when
 * they have the same partners (resolved bodies, or normalised raw names while unresolved), a
 * similar title and overlapping periods. Rows that share a generic title ("Standesamt", "Bauhof")
 * with other partners are other agreements; so are two periods of the same partners and title
 * that do not overlap (an agreement that ended and a later new one). Candidates are looked up by
 * partner set, so a file of n rows costs n lookups, not n² comparisons.
 */
import { parseFuzzyDate, type FuzzyDate } from '../../domain/fuzzy-date';
import { partnerSetKey, type Existing, type Lookups, type Period } from './lookups';

const gramMemo = new Map<string, Set<string>>();

function grams(s: string): Set<string> {
	let set = gramMemo.get(s);
	if (set) return set;
	set = new Set<string>();
	const t = `  ${s} `;
	for (let i = 0; i + 3 <= t.length; i++) set.add(t.slice(i, i + 3));
	if (gramMemo.size > 200_000) gramMemo.clear();
	gramMemo.set(s, set);
	return set;
}

/** Similarity of two folded titles (Dice coefficient of their trigrams). */
export function dice(a: string, b: string): number {
	if (a === b) return 1;
	const x = grams(a);
	const y = grams(b);
	// Dice ≥ t needs 2·min/(|x|+|y|) ≥ t: most pairs are told apart by their sizes alone.
	if ((2 * Math.min(x.size, y.size)) / (x.size + y.size) < SIMILAR) return 0;
	let n = 0;
	for (const g of x) if (y.has(g)) n++;
	return (2 * n) / (x.size + y.size || 1);
}

/** Titles at least this similar are "similar". */
export const SIMILAR = 0.8;

export function sameSet(a: Set<string>, b: Set<string>): boolean {
	return a.size === b.size && [...a].every((x) => b.has(x));
}

const dateMemo = new Map<string, FuzzyDate | null>();

/** A date cell read as a fuzzy date; a list repeats its date texts ("2019", "lfd."), so each is read once. */
export function fuzzyDate(text: string): FuzzyDate | null {
	if (!text) return null;
	if (!dateMemo.has(text)) {
		if (dateMemo.size > 50_000) dateMemo.clear();
		dateMemo.set(text, parseFuzzyDate(text));
	}
	return dateMemo.get(text)!;
}

/** A row's period from its start and end texts ("2013 bis 2015" in the start column is a period). */
export function periodOf(startText: string, endText: string): Period {
	const start = fuzzyDate(startText);
	const end = fuzzyDate(endText) ?? (start?.precision === 'range' && start.qualifier !== 'ongoing' ? start : null);
	return { from: start?.earliest ?? null, to: end?.latest ?? null };
}

/** Do two periods overlap? An open or unknown end overlaps everything after the start. */
export function periodsOverlap(a: Period, b: Period): boolean {
	if (a.from && b.to && a.from > b.to) return false;
	if (b.from && a.to && b.from > a.to) return false;
	return true;
}

export interface RowKey {
	list: string;
	titleKey: string;
	partners: Set<string>;
	/** Names not yet resolved, folded: they tell rows apart while unresolved. */
	unresolved: string[];
	period: Period;
}

/** The existing record a row is: same region and list, same title, same partners, overlapping period. */
export function findRecord(lk: Lookups, regionId: string, row: RowKey): Existing | null {
	if (row.unresolved.length) return null;
	return (lk.existing.get(partnerSetKey(row.partners)) ?? []).find((e) => e.regionId === regionId && e.list === row.list
		&& e.titleKey === row.titleKey && periodsOverlap(e.period, row.period)) ?? null;
}

/** A likely duplicate in the register: same partners, a similar title, an overlapping period. */
export function registerDuplicate(lk: Lookups, regionId: string, row: RowKey): Existing | null {
	if (row.unresolved.length) return null;
	return (lk.existing.get(partnerSetKey(row.partners)) ?? []).find((e) => e.regionId === regionId
		&& dice(e.titleKey, row.titleKey) >= SIMILAR && periodsOverlap(e.period, row.period)) ?? null;
}

export interface FileRow extends RowKey {
	line: number;
	regionId: string;
	title: string;
	startText: string;
	endText: string;
	statusText: string;
}

/** Rows of one file seen so far, by partner set (resolved ids and unresolved names). */
export class FileRows {
	private byPartners = new Map<string, FileRow[]>();

	private static key(r: RowKey): string {
		return partnerSetKey([...r.partners, ...r.unresolved.map((n) => `?${n}`)]);
	}

	/** The earlier row this one duplicates: `same` when it reads the same, else a likely duplicate with what differs. */
	match(row: FileRow): { earlier: FileRow; same: boolean; differs: string[] } | null {
		const key = FileRows.key(row);
		// Rows without partners are the same only with the same title.
		const earlier = (this.byPartners.get(key) ?? []).find((r) => r.regionId === row.regionId && r.list === row.list && periodsOverlap(r.period, row.period)
			&& (key ? dice(r.titleKey, row.titleKey) >= SIMILAR : r.titleKey === row.titleKey));
		if (!earlier) return null;
		const same = earlier.titleKey === row.titleKey && earlier.startText === row.startText && earlier.endText === row.endText;
		const differs = [
			earlier.title !== row.title ? `Aufgabenbereich „${earlier.title}“ / „${row.title}“` : '',
			earlier.startText !== row.startText ? `seit „${earlier.startText || '–'}“ / „${row.startText || '–'}“` : '',
			earlier.endText !== row.endText ? `bis „${earlier.endText || '–'}“ / „${row.endText || '–'}“` : '',
			earlier.statusText !== row.statusText ? `Status „${earlier.statusText || '–'}“ / „${row.statusText || '–'}“` : ''
		].filter(Boolean);
		return { earlier, same, differs };
	}

	add(row: FileRow): void {
		const key = FileRows.key(row);
		const list = this.byPartners.get(key);
		if (list) list.push(row);
		else this.byPartners.set(key, [row]);
	}
}
