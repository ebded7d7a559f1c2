/**
 * Cell values of an imported row read as the register's values: text, legal form (the taxonomy's
 * spellings and the names of every Land's law), status, list, topic, performer words, footer rows.
 */
import type { CooperationRecord } from '../data/data-schema';
import type { Cell } from '../tables/types';
import { foldGerman } from '../../domain/text-fold';
import { STATUS_LABEL } from '../../i18n/de';
import { normaliseLegalForm } from '../legal/land-law-data';
import type { Lookups } from './lookups';

/** A cell as text: a date cell as dd.mm.yyyy, everything trimmed and on one line. */
export function cellText(c: Cell | undefined): string {
	if (!c) return '';
	return c.text.replace(/\s+/g, ' ').trim();
}

const bulletless = (s: string) => s.replace(/^[•·\-–*]+\s*/u, '').trim();

/**
 * The stored legal form of a cell: the taxonomy's own spellings first; then the names of every
 * Land's law (issue 13, part 4: a Bavarian "Zweckvereinbarung", "gKU", "GVV" …) where the form
 * is common to all Länder or belongs to the Land of the row's partners. A Land-specific name from
 * another Land is not taken ("Verwaltungsgemeinschaft" means other things in Sachsen and Bayern).
 */
export function legalFormOf(text: string, lk: Lookups, lands: ReadonlySet<string> = new Set()): string | null {
	const own = taxonomyForm(text, lk);
	if (own !== null) return own;
	const byLaw = normaliseLegalForm(bulletless(text));
	if (byLaw && lk.legalForms.some((l) => l.id === byLaw.key) && (byLaw.land === null || lands.has(byLaw.land))) return byLaw.key;
	return null;
}

function taxonomyForm(text: string, lk: Lookups): string | null {
	const key = foldGerman(bulletless(text)).replace(/[.\s]+$/, '');
	if (!key) return 'unknown';
	for (const l of lk.legalForms) {
		if (l.keys.includes(key)) return l.id;
	}
	// "gemeinsamer Kaufvertrag zu je 50 %", "Absprache gemeins. Mietvertrag": a known spelling as a whole word inside.
	for (const l of lk.legalForms) {
		for (const s of [l.label, ...l.spellings]) {
			const k = foldGerman(s);
			if (k.length >= 4 && new RegExp(`(^|[^a-z0-9])${k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9]|$)`).test(key)) return l.id;
		}
	}
	return null;
}

export const STATUS_BY_KEY = new Map<string, CooperationRecord['status']>();
for (const [id, label] of Object.entries(STATUS_LABEL)) {
	STATUS_BY_KEY.set(foldGerman(id), id as CooperationRecord['status']);
	STATUS_BY_KEY.set(foldGerman(label), id as CooperationRecord['status']);
}
for (const [k, v] of [['laufend', 'active'], ['aktiv', 'active'], ['active', 'active'], ['geplant', 'planned'], ['planned', 'planned'], ['beendet', 'ended'], ['ended', 'ended'], ['aufgelost', 'ended'], ['gekundigt', 'ended'], ['in prufung', 'under_review'], ['wird gepruft', 'under_review'], ['befristet', 'temporary']] as const) {
	STATUS_BY_KEY.set(k, v);
}

export function listOf(text: string, lk: Lookups): string | null {
	const key = foldGerman(text);
	if (!key) return null;
	for (const l of lk.lists) if (foldGerman(l.id) === key || foldGerman(l.label) === key) return l.id;
	const hits = lk.lists.filter((l) => foldGerman(l.label).startsWith(key) || foldGerman(l.id).startsWith(key));
	return hits.length === 1 ? hits[0]!.id : null;
}

export function topicOf(text: string, lk: Lookups): string | null {
	const key = foldGerman(text);
	const hit = lk.topics.find((t) => foldGerman(t.id) === key || foldGerman(t.label) === key);
	if (hit) return hit.id;
	const partial = lk.topics.filter((t) => foldGerman(t.label).startsWith(key) && key.length >= 4);
	return partial.length === 1 ? partial[0]!.id : null;
}

export function topicFromTitle(title: string, lk: Lookups): string | null {
	const key = foldGerman(title);
	for (const t of lk.tasks) if (t.topicId && t.match.some((m) => key.includes(m))) return t.topicId;
	return null;
}

export const PERFORMER_WORDS: [RegExp, CooperationRecord['performer']['kind']][] = [
	[/^(beteiligte|alle beteiligten|beteiligte gemeinsam|gemeinsam|jointly|all partners)$/, 'jointly'],
	[/^(jeweils|jede kommune selbst|jeweils selbst|jede kommune|each|each partner)$/, 'each'],
	[/^(nicht angegeben|unbekannt|k\. ?a\.|\?|-|–|unknown)$/, 'unknown']
];

/** A footer under the table: one filled cell, "Quelle: …", "Stand: …", "Hinweis: …". */
export function isFooterRow(texts: string[]): boolean {
	const filled = texts.filter(Boolean);
	// "Quelle: …; Stand: …" read from a CSV with semicolons is two cells.
	return filled.length > 0 && filled.length <= 3 && filled.every((t) => /^(quelle|quellen|stand|hinweis|hinweise|anmerkung|legende|erstellt|bearbeitet|fußnote|\*)\s*[:)]/i.test(t));
}

