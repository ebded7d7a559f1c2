/**
 * What one row of a conference paper says (issue 16, item 1), from the data the register holds:
 * - the partner cell names the current partners, marks contract-only partners and partners who
 *   joined later, keeps a partner group's "davon …" note, and lists partners who left with their
 *   dates after "nicht mehr beteiligt:" – never as current partners;
 * - the start cell of an ended cooperation gives the span and "beendet";
 * - the source wording replaces a short form where it says more ("gemeinsamer Kaufvertrag zu je
 *   50 %" rather than "Vertrag"; "Geschäftsführung" rather than "nicht angegeben");
 * - a row only possibly active in the paper's period is marked in its start cell.
 * Pure functions: the model (model.ts) reads the extra fields and calls these.
 */
import { cleanSlideText, foldGerman } from '../../domain/text-fold';
import { ROLE_LABEL } from '../../i18n/de';
import type { CooperationRow } from '../registry/rows';

/** What the register holds beyond CooperationRow for one cooperation. */
export interface RowExtras {
	titleSource: string | null;
	performerKind: string;
	performerSource: string | null;
	/** Notes of the participations, by body id. */
	partnerNotes: ReadonlyMap<string, string>;
	/** Notes of the partner groups, by position (same order as row.partnerGroups). */
	groupNotes: readonly (string | null)[];
}

export const ENDED_WORD = 'beendet';
export const MAYBE_IN_PERIOD = 'im Zeitraum möglicherweise aktiv';
export const LEFT_LABEL = 'nicht mehr beteiligt:';

const fold = (s: string) => foldGerman(s).replace(/\s+/g, ' ').trim();

/** The first clause of a note (up to the first comma, semicolon or full stop followed by a space). */
function firstClause(note: string): string {
	return note.split(/[;,]|\.\s/)[0]!.trim();
}

/** True when a partner joined in a later year than the cooperation began (or the start is unknown). */
export function joinedLater(p: CooperationRow['partners'][number], row: CooperationRow): boolean {
	if (!p.joined) return false;
	// The start text already names the partner's date ("2003 (Unna) 2004 (Bönen)").
	if (row.start && row.start.includes(p.joined)) return false;
	const j = startYear(p.joined);
	const s = startYear(row.start);
	return j === null || s === null || j > s;
}

/** A partner's name with what the row must say about it: contract-only, joined later. */
function partnerLabel(p: CooperationRow['partners'][number], note: string | undefined, row: CooperationRow): string {
	const extra: string[] = [];
	if (p.role === 'contract' || p.role === 'associated') {
		// The note says it in the source's words ("nicht Mitglied im Zweckverband; …"); else the role label.
		extra.push(note ? note.replace(/;\s*/g, ', ') : (ROLE_LABEL[p.role] ?? p.role));
	}
	if (joinedLater(p, row)) extra.push(`ab ${p.joined}`);
	return extra.length ? `${p.name} (${extra.join(', ')})` : p.name;
}

/**
 * The partner cell: current partners (performers left out, as in the deck), partner groups with a
 * "davon …" note naming the listed partners as part of the group, then the partners who left.
 */
export function partnerCell(row: CooperationRow, extras: Pick<RowExtras, 'partnerNotes' | 'groupNotes'>, exclude: ReadonlySet<string> = new Set()): string {
	const named = row.partners.filter((p) => p.role !== 'performer' && !exclude.has(p.id));
	const current = named.filter((p) => !p.left);
	const left = named.filter((p) => p.left);
	const currentLabels = current.map((p) => partnerLabel(p, extras.partnerNotes.get(p.id), row));
	const parts: string[] = [];
	let namedInGroup = false;
	row.partnerGroups.forEach((g, i) => {
		const note = extras.groupNotes[i] ?? null;
		if (note && /^davon\b/i.test(note.trim()) && currentLabels.length > 0 && !namedInGroup) {
			// "37 Kommunen RgBz Arnsberg, davon 6 aus dem Kreis Unna (Unna, Kamen, …)": the named
			// partners are part of the group, not 43 bodies side by side.
			parts.push(`${g.label}, ${firstClause(note)} (${currentLabels.join(', ')})`);
			namedInGroup = true;
		} else {
			parts.push(g.label);
		}
	});
	const out = namedInGroup ? parts : [...currentLabels, ...parts];
	let text = out.join(', ');
	if (left.length) {
		const leftText = left.map((p) => `${p.name} (bis ${p.left})`).join(', ');
		text = text ? `${text}; ${LEFT_LABEL} ${leftText}` : `${LEFT_LABEL} ${leftText}`;
	}
	return text;
}

/** The source wording when it says more than the short form; otherwise the short form. */
export function richer(short: string, source: string | null | undefined, alsoSame: readonly string[] = []): string {
	if (!source) return short;
	const s = cleanSlideText(source).trim();
	if (!s) return short;
	const fs = fold(s);
	if ([short, ...alsoSame].some((x) => fold(x) === fs)) return short;
	// An abbreviation of the short form ("örV" for "örV", "ZV" for "Zweckverband") says no more.
	if (s.length <= short.length) return short;
	return s;
}

/** The legal form cell: the source wording where it says more than the short form. */
export function legalFormCell(row: CooperationRow): string {
	return richer(row.legalForm.short, row.legalForm.source, [row.legalForm.label]);
}

/** The performer cell: a body's name, or the source wording when the register names no body. */
export function performerCell(row: CooperationRow, extras: Pick<RowExtras, 'performerKind' | 'performerSource'>): string {
	if (extras.performerKind === 'body' || !extras.performerSource) return row.performer.name;
	const s = cleanSlideText(extras.performerSource).trim();
	return s && s !== '?' ? s : row.performer.name;
}

/**
 * The task cell: the source title when it starts with the register's title and adds to it
 * ("Zusammenarbeit im Büchereiwesen (gekündigt in 2006)"), otherwise the title.
 */
export function titleCell(row: CooperationRow, titleSource: string | null): string {
	if (!titleSource) return row.title;
	const s = cleanSlideText(titleSource).trim();
	if (s.length > row.title.length && fold(s).startsWith(fold(row.title))) return s;
	return row.title;
}

/** The start cell: start text; for an ended cooperation the span and "beendet"; a period mark. */
export function startCell(row: CooperationRow, maybeInPeriod: boolean): string {
	let text = row.start ?? '';
	if (row.status === 'ended') {
		// "2013 bis 2015" already names its end.
		const span = row.end && !text.includes(row.end) ? (text ? `${text}–${row.end}` : `bis ${row.end}`) : text || (row.end ? `bis ${row.end}` : '');
		text = span ? `${span}, ${ENDED_WORD}` : ENDED_WORD;
	}
	if (maybeInPeriod) text = text ? `${text} (${MAYBE_IN_PERIOD})` : `(${MAYBE_IN_PERIOD})`;
	return text;
}

/** The first year a start text names ("1992", "01.01.2014", "2015 gepl." → 2015), or null. */
export function startYear(text: string | null | undefined): number | null {
	const m = /(?:^|\D)(1[89]\d\d|20\d\d|2100)(?!\d)/.exec(text ?? '');
	return m ? Number(m[1]) : null;
}
