/**
 * Import column mapping (issue 4, item 1): what a column of an uploaded table can mean, and the
 * suggestion the app makes from the header names. Header names are compared folded (case, umlauts,
 * the slide artefact "Aufgaben- erledigung", punctuation), in German and English. Nothing here
 * knows a region's names.
 */
import { foldGerman } from './text-fold';

export const TARGETS = [
	'ignore', 'id', 'list', 'number', 'org_unit', 'title', 'title_with_partners', 'partners', 'performer',
	'legal_form', 'legal_form_source', 'start', 'start_text', 'end', 'end_text', 'status', 'topics', 'description', 'notes',
	'region', 'source'
] as const;
export type Target = (typeof TARGETS)[number];

export const TARGET_LABEL: Record<Target, string> = {
	ignore: '– nicht übernehmen –',
	id: 'ID (Kennung im IKZ-Atlas)',
	list: 'Liste',
	number: 'Nr.',
	org_unit: 'Org. (Organisationseinheit)',
	title: 'Aufgabenbereich',
	title_with_partners: 'Aufgabenbereich mit Partnern in Klammern',
	partners: 'Partner',
	performer: 'Aufgabenerledigung durch',
	legal_form: 'Rechtsform',
	legal_form_source: 'Rechtsform (wie in der Quelle)',
	start: 'seit / Beginn',
	start_text: 'seit (Text)',
	end: 'bis / Ende',
	end_text: 'bis (Text)',
	status: 'Status',
	topics: 'Themenfeld',
	description: 'Beschreibung / Inhalt',
	notes: 'Anmerkungen',
	region: 'Region (Kreis oder Land, Name oder Regionalschlüssel)',
	source: 'Quelle / Link'
};

/** Header names per target, folded with `headerKey`. German as administrations write them, English too. */
const SYNONYMS: Record<Exclude<Target, 'ignore' | 'title_with_partners'>, string[]> = {
	id: ['id', 'kennung', 'ikz-id', 'identifier'],
	list: ['liste', 'list', 'verzeichnis'],
	number: ['nr', 'nr.', 'nummer', 'lfd. nr.', 'lfd nr', 'laufende nummer', 'no', 'no.', 'number', '#'],
	org_unit: ['org', 'org.', 'organisationseinheit', 'amt', 'fachbereich', 'dezernat', 'department', 'unit', 'org unit'],
	title: ['aufgabenbereich', 'aufgabe', 'aufgaben', 'titel', 'bezeichnung', 'kooperation', 'vorhaben', 'projekt', 'task', 'title', 'name', 'cooperation'],
	partners: ['partner', 'beteiligte', 'beteiligte kommunen', 'kooperationspartner', 'mitglieder', 'partners', 'participants', 'members'],
	performer: ['aufgabenerledigung durch', 'aufgabenerledigung', 'erledigung durch', 'durchfuhrung durch', 'durchfuhrung', 'trager', 'federfuhrung',
		'federfuhrend', 'performed by', 'performer', 'provider', 'lead'],
	legal_form: ['rechtsform', 'rechtsgrundlage', 'form', 'legal form', 'legal basis'],
	legal_form_source: ['rechtsform (quelle)', 'rechtsform quelle', 'legal form (source)'],
	start: ['seit', 'beginn', 'start', 'ab', 'gegrundet', 'grundung', 'since', 'begin', 'started', 'start date'],
	start_text: ['seit (text)', 'beginn (text)', 'start (text)'],
	end: ['bis', 'ende', 'end', 'until', 'end date', 'beendet'],
	end_text: ['bis (text)', 'ende (text)', 'end (text)'],
	status: ['status', 'stand', 'state'],
	topics: ['themenfeld', 'themenfelder', 'thema', 'themen', 'topic', 'topics', 'field'],
	description: ['inhalt', 'beschreibung', 'gegenstand', 'description', 'content', 'summary'],
	notes: ['anmerkung', 'anmerkungen', 'bemerkung', 'bemerkungen', 'hinweis', 'hinweise', 'notiz', 'notes', 'note', 'comment', 'comments'],
	region: ['region', 'kreis', 'landkreis', 'kreis / stadt', 'kreis/kreisfreie stadt', 'gebietskorperschaft', 'ars', 'regionalschlussel', 'region (ars)'],
	source: ['quelle', 'quellen', 'link', 'url', 'fundstelle', 'quelle / link', 'quelle/link', 'link / quelle', 'weblink', 'internet', 'source', 'source url']
};

/** A header cell as a comparable key: folded, slide hyphenation joined, spaces collapsed. */
export function headerKey(header: string): string {
	return foldGerman(header.replace(/(\p{L})-\s+(\p{Ll})/gu, '$1$2'))
		.replace(/[:*]+$/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

const BY_KEY = new Map<string, Target>();
for (const [target, names] of Object.entries(SYNONYMS) as [Target, string[]][]) {
	for (const n of names) BY_KEY.set(headerKey(n), target);
}

/** The target a single header suggests, or null. */
export function targetOfHeader(header: string): Target | null {
	return BY_KEY.get(headerKey(header)) ?? null;
}

/**
 * Suggest a target for every column. Each target is used once (the first column wins; later ones
 * are ignored). Without a partner column, the task column is read as "task with partners in
 * brackets" – the shape of a Kreis list where the partners stand in the title.
 */
export function suggestMapping(headers: string[]): Target[] {
	const used = new Set<Target>();
	const out: Target[] = headers.map((h) => {
		const t = targetOfHeader(h);
		if (!t || used.has(t)) return 'ignore';
		used.add(t);
		return t;
	});
	if (!used.has('partners')) {
		const i = out.indexOf('title');
		if (i >= 0) out[i] = 'title_with_partners';
	}
	return out;
}

/** How many cells of a row are known header names (to find the header row under title rows). */
export function headerScore(cells: string[]): number {
	return cells.filter((c) => c.trim() && targetOfHeader(c)).length;
}

/** The header row among the first rows: the first with at least two known names, else the first non-empty one. */
export function findHeaderRow(rows: string[][], lookAhead = 15): number {
	let firstNonEmpty = -1;
	for (let i = 0; i < Math.min(rows.length, lookAhead); i++) {
		const cells = rows[i] ?? [];
		if (firstNonEmpty < 0 && cells.some((c) => c.trim())) firstNonEmpty = i;
		if (headerScore(cells) >= 2) return i;
	}
	return Math.max(firstNonEmpty, 0);
}

/** Check a user's mapping: no target twice (except ignore); something to use as a title. */
export function mappingProblems(mapping: Target[]): string[] {
	const problems: string[] = [];
	const seen = new Map<Target, number>();
	for (const t of mapping) if (t !== 'ignore') seen.set(t, (seen.get(t) ?? 0) + 1);
	for (const [t, n] of seen) if (n > 1) problems.push(`„${TARGET_LABEL[t]}“ ist ${n} Spalten zugeordnet; bitte nur einer.`);
	if (!seen.has('title') && !seen.has('title_with_partners') && !seen.has('id')) {
		problems.push('Keine Spalte ist dem Aufgabenbereich zugeordnet.');
	}
	if (seen.has('title') && seen.has('title_with_partners')) problems.push('Aufgabenbereich ist zweimal zugeordnet (mit und ohne Partner).');
	return problems;
}
