/**
 * The conference paper ("Sitzungsunterlage", issue 4 item 3) as pure data, for the PPTX, PDF and
 * DOCX renderers and the preview on /berichte. It is built like the Steuerungsdienst's deck:
 * title, agenda, the Kreis' cooperations (Nr. | Org. | Aufgabenbereich | Beginn), the towns'
 * cooperations among themselves (Nr. | Aufgabenbereich | Partner | Aufgabenerledigung durch |
 * Rechtsform | seit), the status of the measures, and summary figures.
 *
 * Rows come from the register search (`searchPage`, one call per list with `liste`, `partner`,
 * `thema`, `sort=nr`), so a paper lists exactly what /kooperationen shows for the same filters.
 * The period [von, bis] keeps a row when it is active in at least one year of it, certainly or
 * possibly – the register's year filter (`isActiveInYear` yes or maybe) applied to each year.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { readSettings, type Settings } from '../settings';
import { searchPage } from '../registry/search-service';
import { joinedLater, legalFormCell, partnerCell, performerCell, startCell, titleCell, type RowExtras } from './truth';
import { listSteering } from '../steering/store';
import { WG_ITEM_LABEL, IDEA_STATUS_LABEL } from '../../i18n/de';
import type { CooperationRow } from '../registry/rows';
import { facetIndex, type FacetIndex } from '../search/facet-index';
import { lawBook } from '../legal/land-law-data';
import { landOfAgs } from '../../domain/land-law';
import { regionScope } from '../analysis/scope';
import { berlinDay, germanDay, measureBoard, STATUS_ORDER } from '../steering/measures';
import { isActiveInYear, type Answer } from '../../domain/fuzzy-date';
import { cleanSlideText, foldGerman } from '../../domain/text-fold';
import { MEASURE_STATUS_LABEL, STATUS_LABEL, fmtNumber } from '../../i18n/de';
import { effectReport } from '../effects/report';
import { readJson, REGION_LISTS, REGION_SOURCE } from '../db/json-columns';

export const YEAR_MIN = 1900;
export const YEAR_MAX = 2100;
/** Most cooperations one paper lists (a Kreis has about a hundred; beyond this, narrow the scope). */
export const PAPER_MAX_ROWS = 2000;

export interface PaperScope {
	regionId: string;
	bodyId?: string | null;
	topicId?: string | null;
	fromYear?: number | null;
	toYear?: number | null;
	/** "nur laufende Kooperationen": ended cooperations left out (otherwise shown as ended). */
	onlyRunning?: boolean;
}

/** What the office decides about the paper (issue 16, item 3); defaults from the conference record. */
export interface PaperChoices {
	title: string;
	/** e.g. "Klausurtagung der Bürgermeisterkonferenz"; '' for none. */
	meeting: string;
	/** As written, e.g. "13./14.01.2016"; '' for none. */
	meetingDate: string;
	place: string;
	/** yyyy-mm-dd (Europe/Berlin). */
	standDay: string;
	/** Agenda items; an item's further lines ("a) …") are its sub-points. Empty: generated from the content. */
	agenda: string[];
}

export const TITLE_MAX = 200;
export const MEETING_MAX = 200;
export const MEETING_DATE_MAX = 60;
export const PLACE_MAX = 120;
export const AGENDA_MAX_CHARS = 4000;
export const AGENDA_MAX_ITEMS = 20;

/** What the scope may name: the region's bodies that take part in cooperations, and the topics. */
export interface PaperLookups {
	regionId: string;
	bodies: ReadonlyMap<string, string>;
	topics: ReadonlyMap<string, string>;
}

export interface FieldError {
	field: string;
	message: string;
}

export interface BodyOption {
	id: string;
	name: string;
	/** The region's Kreis and its towns ('own'), or another body taking part ('other'). */
	group: 'own' | 'other';
	cooperations: number;
}

/** The bodies and topics a paper can be made for (form options and validation). */
export async function paperOptions(db: Kysely<Database>, regionId: string): Promise<{ lookups: PaperLookups; bodies: BodyOption[]; topics: { id: string; label: string }[] }> {
	const index = await facetIndex(db);
	const counts = new Map<string, number>();
	for (const r of index.rows) for (const p of new Set(r.partners)) counts.set(p, (counts.get(p) ?? 0) + 1);
	const own = regionScope(index, regionId).bodies;
	const name = (id: string) => index.lookups.bodies.get(id)?.name ?? id;
	const others = [...index.lookups.bodies]
		.filter(([id, b]) => b.regions.includes(regionId) && !own.includes(id) && (counts.get(id) ?? 0) > 0)
		.map(([id]) => id)
		.sort((a, b) => name(a).localeCompare(name(b), 'de'));
	const bodies: BodyOption[] = [
		...own.filter((id) => (counts.get(id) ?? 0) > 0).map((id) => ({ id, name: name(id), group: 'own' as const, cooperations: counts.get(id) ?? 0 })),
		...others.map((id) => ({ id, name: name(id), group: 'other' as const, cooperations: counts.get(id) ?? 0 }))
	];
	const topics = [...index.lookups.topics].map(([id, label]) => ({ id, label }));
	return {
		lookups: { regionId, bodies: new Map(bodies.map((b) => [b.id, b.name])), topics: new Map(topics.map((t) => [t.id, t.label])) },
		bodies,
		topics
	};
}

const ALL = new Set(['', 'alle']);

function yearParam(raw: string | null, field: string, label: string, errors: FieldError[]): number | null {
	const v = (raw ?? '').trim().slice(0, 12);
	if (v === '') return null;
	const n = /^\d{4}$/.test(v) ? Number(v) : NaN;
	if (!(n >= YEAR_MIN && n <= YEAR_MAX)) {
		errors.push({ field, message: `Bitte geben Sie bei „${label}“ ein Jahr zwischen ${YEAR_MIN} und ${YEAR_MAX} an (vierstellig, z. B. 2015).` });
		return null;
	}
	return n;
}

/**
 * The scope from the URL: `koerperschaft` (body id or "alle"), `thema` (topic id or "alle"),
 * `von` and `bis` (years). Invalid values give a German message at the field and are left out.
 */
export function parsePaperScope(params: URLSearchParams, lookups: PaperLookups): { scope: PaperScope; errors: FieldError[] } {
	const errors: FieldError[] = [];
	const body = (params.get('koerperschaft') ?? '').trim().slice(0, 100);
	const topic = (params.get('thema') ?? '').trim().slice(0, 100);
	let bodyId: string | null = null;
	let topicId: string | null = null;
	if (!ALL.has(body)) {
		if (lookups.bodies.has(body)) bodyId = body;
		else errors.push({ field: 'koerperschaft', message: 'Diese Körperschaft gibt es in der Region nicht, oder sie ist an keiner Kooperation beteiligt. Bitte wählen Sie eine aus der Liste.' });
	}
	if (!ALL.has(topic)) {
		if (lookups.topics.has(topic)) topicId = topic;
		else errors.push({ field: 'thema', message: 'Dieses Themenfeld gibt es nicht. Bitte wählen Sie eines aus der Liste.' });
	}
	const fromYear = yearParam(params.get('von'), 'von', 'Zeitraum von', errors);
	let toYear = yearParam(params.get('bis'), 'bis', 'Zeitraum bis', errors);
	if (fromYear !== null && toYear !== null && fromYear > toYear) {
		errors.push({ field: 'bis', message: `„Zeitraum bis“ (${toYear}) darf nicht vor „Zeitraum von“ (${fromYear}) liegen.` });
		toYear = null;
	}
	const onlyRunning = ['1', 'ja', 'on', 'true'].includes((params.get('laufend') ?? '').trim().toLowerCase());
	return { scope: { regionId: lookups.regionId, bodyId, topicId, fromYear, toYear, onlyRunning }, errors };
}

/** The same scope as URL parameters (for download links; defaults left out). */
export function scopeParams(scope: PaperScope): URLSearchParams {
	const p = new URLSearchParams();
	if (scope.bodyId) p.set('koerperschaft', scope.bodyId);
	if (scope.topicId) p.set('thema', scope.topicId);
	if (scope.fromYear != null) p.set('von', String(scope.fromYear));
	if (scope.toYear != null) p.set('bis', String(scope.toYear));
	if (scope.onlyRunning) p.set('laufend', '1');
	return p;
}

/** The latest conference of the region (by position in the record list), or null. */
export interface ConferenceDefaults { id: string; title: string; date: string; place: string | null; agenda: string[] }

/** The region's conference records, oldest first (as the steering part lists them). */
export async function listConferences(db: Kysely<Database>, regionId: string): Promise<ConferenceDefaults[]> {
	const all = await listSteering(db, 'conference', regionId);
	return all.map(({ record: c }) => ({ id: c.id, title: c.title, date: c.date, place: c.place ?? null, agenda: c.agenda ?? [] }));
}

/**
 * The paper's defaults: title from the region, meeting, date, place and agenda from the chosen
 * conference of the region (`conferenceId`; the latest when none or another region's is named),
 * "Stand" today.
 */
export async function defaultChoices(db: Kysely<Database>, regionId: string, now = new Date(), conferenceId: string | null = null): Promise<PaperChoices> {
	const region = await db.selectFrom('region').select(['name']).where('id', '=', regionId).executeTakeFirst();
	const all = await listConferences(db, regionId);
	const conf = (conferenceId ? all.find((c) => c.id === conferenceId) : undefined) ?? all.at(-1) ?? null;
	return {
		title: `Interkommunale Zusammenarbeit im ${region?.name ?? regionId}`,
		meeting: conf?.title ?? '',
		meetingDate: conf?.date ?? '',
		place: conf?.place ?? '',
		standDay: berlinDay(now),
		agenda: conf?.agenda ?? []
	};
}

/** Agenda text (one item a line; lines starting with blanks, "a)" or a dash are sub-points) to items. */
export function parseAgenda(text: string): string[] {
	const items: string[] = [];
	for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
		if (raw.trim() === '') continue;
		const sub = /^\s/.test(raw) || /^[a-z]\)\s/i.test(raw.trim()) || /^[-–•]\s/.test(raw.trim());
		const line = raw.trim().replace(/\s+/g, ' ');
		if (sub && items.length) items[items.length - 1] += `\n${line}`;
		else items.push(line.replace(/^(TOP\s*)?\d{1,2}[.)]\s+/i, ''));
	}
	return items;
}

/** Items back to the textarea's text. */
export const agendaText = (items: readonly string[]): string => items.join('\n');

// eslint-disable-next-line no-control-regex -- control characters are what is removed
const clip = (v: string | null, max: number) => (v ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, max);

/** "Stand" from yyyy-mm-dd or dd.mm.yyyy; null when it is no real day. */
export function parseDay(v: string): string | null {
	let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
	let y: number, mo: number, d: number;
	if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(v))) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
	else return null;
	const t = new Date(Date.UTC(y, mo - 1, d));
	if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || y < YEAR_MIN || y > YEAR_MAX) return null;
	return t.toISOString().slice(0, 10);
}

/**
 * The office's choices from the URL (`titel`, `sitzung`, `datum`, `ort`, `stand`, `agenda`). A
 * parameter that is absent takes the default; one sent empty stays empty (the office removed it),
 * except the title (empty: the default) and "Stand" (empty: today).
 */
export function parsePaperChoices(params: URLSearchParams, defaults: PaperChoices): { choices: PaperChoices; errors: FieldError[] } {
	const errors: FieldError[] = [];
	const pick = (name: string, max: number, fallback: string) => (params.has(name) ? clip(params.get(name), max) : fallback);
	const title = pick('titel', TITLE_MAX, defaults.title) || defaults.title;
	const standRaw = clip(params.get('stand'), 20);
	let standDay = defaults.standDay;
	if (standRaw) {
		const d = parseDay(standRaw);
		if (d) standDay = d;
		else errors.push({ field: 'stand', message: '„Stand“ ist kein gültiges Datum. Bitte geben Sie es als TT.MM.JJJJ an, z. B. 12.01.2016.' });
	}
	let agenda = defaults.agenda;
	if (params.has('agenda')) {
		const raw = (params.get('agenda') ?? '').slice(0, AGENDA_MAX_CHARS + 1);
		if (raw.length > AGENDA_MAX_CHARS) errors.push({ field: 'agenda', message: `Die Agenda darf höchstens ${AGENDA_MAX_CHARS} Zeichen lang sein.` });
		agenda = parseAgenda(raw.slice(0, AGENDA_MAX_CHARS));
		if (agenda.length > AGENDA_MAX_ITEMS) {
			errors.push({ field: 'agenda', message: `Die Agenda darf höchstens ${AGENDA_MAX_ITEMS} Punkte haben.` });
			agenda = agenda.slice(0, AGENDA_MAX_ITEMS);
		}
	}
	return {
		choices: {
			title,
			meeting: pick('sitzung', MEETING_MAX, defaults.meeting),
			meetingDate: pick('datum', MEETING_DATE_MAX, defaults.meetingDate),
			place: pick('ort', PLACE_MAX, defaults.place),
			standDay,
			agenda
		},
		errors
	};
}

/** The choices as URL parameters (all of them, so a download link makes the same paper). */
export function choiceParams(c: PaperChoices): URLSearchParams {
	return new URLSearchParams({ titel: c.title, sitzung: c.meeting, datum: c.meetingDate, ort: c.place, stand: c.standDay, agenda: agendaText(c.agenda) });
}

// ---------------------------------------------------------------------------------------------
// The model

export interface PaperColumn {
	label: string;
	/** Relative width; renderers scale the weights of a table to their page width. */
	weight: number;
}

export interface PaperRow {
	/** Cooperation id (for tests and links); measures carry their id. */
	id: string;
	cells: string[];
}

export interface PaperTable {
	id: string;
	/** Heading of the section (the list's label, as in the deck). */
	title: string;
	/** Agenda entry. */
	agendaTitle: string;
	columns: PaperColumn[];
	rows: PaperRow[];
	/** Of the rows, how many are only possibly active in the period (null without a period). */
	uncertainInPeriod: number | null;
}

export interface FigureBlock {
	title: string;
	rows: { label: string; value: string }[];
}

/** One measure's slide, like the deck's (field, number, title, mandate, lead, status with date, result). */
export interface MeasureSlide {
	id: string;
	number: string;
	title: string;
	/** "1 Informationstechnologien" */
	field: string;
	mandate: string;
	lead: string;
	status: string;
	/** Date of the last status entry as written ("12.01.2016"), or ''. */
	statusDate: string;
	/** "Realisierung des Projektes": the result text, else the last status note. */
	result: string;
}

/** Content blocks an agenda item can hold. */
export type BlockId = `table:${string}` | 'measures' | 'savings' | 'groups' | 'ideas' | 'figures';

export interface AgendaSection {
	/** First line of the item. */
	title: string;
	/** Further lines ("a) Kooperationen mit Beteiligung des Kreises Unna"). */
	sub: string[];
	blocks: BlockId[];
}

export interface PaperModel {
	scope: PaperScope;
	choices: PaperChoices;
	region: { id: string; name: string };
	title: string;
	/** "Klausurtagung der Bürgermeisterkonferenz · 13./14.01.2016 · Sundern" ('' when the office set none). */
	meetingLine: string;
	/** '' for the whole register, or e.g. "Auszug: Kamen · Themenfeld Verkehr · 2010–2015 · nur laufende Kooperationen". */
	scopeLine: string;
	/** "Stand", dd.mm.yyyy. */
	date: string;
	/** "Stand", yyyy-mm-dd (file names). */
	day: string;
	office: string;
	/** "Stand 12.01.2016 · Kreis Unna – Steuerungsdienst" */
	footer: string;
	/** The agenda with the content each item holds; blocks no item names follow as own sections. */
	agenda: AgendaSection[];
	/** The register tables, in the region's list order (empty lists left out). */
	tables: PaperTable[];
	/** Overview of the measures; null when the region has none. */
	measures: PaperTable | null;
	/** One slide per measure. */
	measureSlides: MeasureSlide[];
	/** Savings per measure from the recorded effect figures (issue 19); null when the region has no measures. */
	savings: PaperTable | null;
	/** Working groups' results, one table per group with items. */
	groups: PaperTable[];
	/** The ideas; null when there are none. */
	ideas: PaperTable | null;
	figures: FigureBlock[];
	/** How the paper was put together: speaker notes in the PPTX, an appendix in PDF and DOCX. */
	notes: string[];
	/** Cooperations listed in all tables. */
	rowCount: number;
	/** One sentence when the scope holds no cooperation, else null. */
	emptyNote: string | null;
	/** True when the scope holds more than PAPER_MAX_ROWS cooperations (or the export limit cut it). */
	tooLarge: boolean;
}

export const KREIS_COLUMNS: PaperColumn[] = [
	{ label: 'Nr.', weight: 5 }, { label: 'Org.', weight: 7 }, { label: 'Aufgabenbereich', weight: 70 }, { label: 'Beginn', weight: 18 }
];
export const TOWN_COLUMNS: PaperColumn[] = [
	{ label: 'Nr.', weight: 5 }, { label: 'Aufgabenbereich', weight: 27 }, { label: 'Partner', weight: 30 },
	{ label: 'Aufgabenerledigung durch', weight: 15 }, { label: 'Rechtsform', weight: 10 }, { label: 'seit', weight: 13 }
];
export const MEASURE_COLUMNS: PaperColumn[] = [
	{ label: 'Nr.', weight: 5 }, { label: 'Maßnahme', weight: 50 }, { label: 'Zusammenarbeitsfeld', weight: 27 }, { label: 'Status', weight: 18 }
];

/** The group labels; the public-law one names the region's Land law (issue 13), see publicLawLabel. */
const LEGAL_GROUP_LABEL: Record<string, string> = {
	'public-law': 'öffentlich-rechtlich',
	'private-law': 'privatrechtlich',
	informal: 'informell (Absprache, Projekt)',
	unknown: 'nicht angegeben'
};
const LEGAL_GROUP_ORDER = ['public-law', 'private-law', 'informal', 'unknown'];
const COOP_STATUS_ORDER = ['active', 'planned', 'under_review', 'temporary', 'ended'];
const TOP_PARTNERS = 10;

/** Activity of a row in [from, to]: yes when certainly active in one of the years, else maybe/no. */
function activityInPeriod(index: FacetIndex, row: CooperationRow, from: number, to: number): Answer {
	const start = index.date(row.start);
	const end = index.date(row.end);
	let maybe = false;
	for (let y = from; y <= to; y++) {
		let a = isActiveInYear(start, end, y);
		// As in the register: ended without an end date is only possibly active after the start.
		if (a === 'yes' && row.status === 'ended' && end === null) a = 'maybe';
		if (a === 'yes') return 'yes';
		if (a === 'maybe') maybe = true;
	}
	return maybe ? 'maybe' : 'no';
}

const words = (s: string) => ` ${foldGerman(s)} `;

/** True when a folded text names the body by its name or one of its aliases (as whole words). */
function mentions(textWords: string, names: readonly string[]): boolean {
	return names.some((n) => {
		const f = foldGerman(n);
		return f !== '' && textWords.includes(` ${f} `);
	});
}

/**
 * The deck's "Aufgabenbereich" of the Kreis list: the source title when it names the partners in
 * brackets (the Kreis itself need not be named), otherwise the title plus the partner list in
 * brackets – unless the title already names every partner ("… für die Stadt Hamm").
 */
export function kreisTask(row: CooperationRow, titleSource: string | null, kreisId: string | null, namesOf: (id: string) => string[], list: string): string {
	const named = row.partners.filter((p) => p.role !== 'performer' && p.id !== kreisId);
	// A partner who left, joined later or works by contract must be said: the source's short brackets do not.
	const plain = named.every((p) => !p.left && !joinedLater(p, row) && p.role !== 'contract' && p.role !== 'associated');
	const source = titleSource ? cleanSlideText(titleSource) : null;
	if (plain && source && source !== row.title && /\([^()]+\)/.test(source)) {
		const w = words(source);
		if (named.every((p) => mentions(w, namesOf(p.id)))) return source;
	}
	const titleWords = words(row.title);
	if (plain && row.partnerGroups.length === 0 && named.every((p) => mentions(titleWords, namesOf(p.id)))) return row.title;
	return list ? `${row.title} (${list})` : row.title;
}

function scopeLine(scope: PaperScope, bodyName: string | null, topicLabel: string | null): string {
	const parts: string[] = [];
	if (bodyName) parts.push(`Körperschaft: ${bodyName}`);
	if (topicLabel) parts.push(`Themenfeld: ${topicLabel}`);
	const { fromYear: from, toYear: to } = scope;
	if (from != null && to != null) parts.push(from === to ? `Jahr: ${from}` : `Zeitraum: ${from}–${to}`);
	else if (from != null) parts.push(`Zeitraum: ab ${from}`);
	else if (to != null) parts.push(`Zeitraum: bis ${to}`);
	if (scope.onlyRunning) parts.push('nur laufende Kooperationen');
	return parts.join(' · ');
}

const count = (n: number) => fmtNumber(n);

/** The agenda entry of a list, worded like the deck's ("a) Kooperationen mit Beteiligung des Kreises Unna"). */
function agendaLabel(list: { id: string; label: string }, kreisName: string | null): string {
	if (list.id === 'kreis' && kreisName) {
		return /^Kreis /.test(kreisName) ? `Kooperationen mit Beteiligung des ${kreisName.replace(/^Kreis /, 'Kreises ')}` : `Kooperationen mit Beteiligung: ${kreisName}`;
	}
	if (list.id === 'kommunen') return 'Kooperationen der Städte und Gemeinden untereinander';
	return list.label;
}

/** Folded keywords that place a content block under an agenda item (first item that names one). */
const BLOCK_WORDS: Record<'measures' | 'savings' | 'groups' | 'ideas' | 'figures', string[]> = {
	measures: ['massnahme', 'empfehlung', 'ruckschau', 'ergebnis'],
	savings: ['einsparung', 'wirkung', 'konsolidierung'],
	groups: ['arbeitskreis', 'ruckschau', 'ergebnis'],
	ideas: ['idee', 'neue projekt'],
	figures: ['zusammenfassung', 'in zahlen', 'kennzahl']
};

/** Sections from the office's agenda: each block goes to the first item naming it; the rest follow as own sections. */
export function placeBlocks(agenda: readonly string[], blocks: readonly { id: BlockId; title: string; label?: string }[]): AgendaSection[] {
	const sections: AgendaSection[] = agenda.map((item) => {
		const [title, ...sub] = item.split('\n');
		return { title: title!.trim(), sub: sub.map((l) => l.trim()).filter(Boolean), blocks: [] };
	});
	const folded = agenda.map((a) => ` ${foldGerman(a)} `);
	const rest: AgendaSection[] = [];
	for (const b of blocks) {
		let at: number;
		if (b.id.startsWith('table:')) {
			const label = foldGerman(b.label ?? b.title);
			at = folded.findIndex((f) => f.includes(` ${label} `));
			if (at < 0) at = folded.findIndex((f) => f.includes(' kooperationen '));
		} else {
			const keys = BLOCK_WORDS[b.id as keyof typeof BLOCK_WORDS] ?? [];
			at = folded.findIndex((f) => keys.some((k) => f.includes(` ${k}`)));
		}
		if (at >= 0) sections[at]!.blocks.push(b.id);
		else rest.push({ title: b.title, sub: [], blocks: [b.id] });
	}
	return [...sections, ...rest];
}

interface ExtraRow extends RowExtras {
	region: string;
}

async function rowExtras(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, ExtraRow>> {
	const out = new Map<string, ExtraRow>();
	for (let i = 0; i < ids.length; i += 500) {
		const part = ids.slice(i, i + 500);
		const coops = await db.selectFrom('cooperation').select(['seq', 'id', 'region_id', 'title_source', 'performer_kind', 'performer_source']).where('id', 'in', part).execute();
		const bySeq = new Map<number, ExtraRow>();
		for (const c of coops) {
			const e: ExtraRow = { region: c.region_id, titleSource: c.title_source, performerKind: c.performer_kind, performerSource: c.performer_source, partnerNotes: new Map(), groupNotes: [] };
			out.set(c.id, e);
			bySeq.set(c.seq, e);
		}
		const seqs = [...bySeq.keys()];
		if (!seqs.length) continue;
		for (const p of await db.selectFrom('participation').select(['cooperation_seq', 'body_id', 'note']).where('cooperation_seq', 'in', seqs).execute()) {
			if (p.note) (bySeq.get(p.cooperation_seq)!.partnerNotes as Map<string, string>).set(p.body_id, p.note);
		}
		for (const g of await db.selectFrom('partner_group').select(['cooperation_seq', 'note']).where('cooperation_seq', 'in', seqs).orderBy('cooperation_seq').orderBy('position').execute()) {
			(bySeq.get(g.cooperation_seq)!.groupNotes as (string | null)[]).push(g.note);
		}
	}
	return out;
}

/** "Klausurtagung der Bürgermeisterkonferenz · 13./14.01.2016 · Sundern" from the choices. */
export function meetingLine(c: Pick<PaperChoices, 'meeting' | 'meetingDate' | 'place'>): string {
	return [c.meeting, c.meetingDate, c.place].map((v) => v.trim()).filter(Boolean).join(' · ');
}

interface CooperationTables {
	tables: PaperTable[];
	/** The agenda wording of each list shown. */
	listLabels: Map<string, string>;
	allRows: CooperationRow[];
	tooLarge: boolean;
	/** Rows only maybe active in the period. */
	uncertainTotal: number;
	endedShown: number;
	endedLeftOut: number;
}

/** One table per list of the region: the register's search with the scope's filters, the period applied row by row. */
async function cooperationTables(
	db: Kysely<Database>,
	index: FacetIndex,
	scope: PaperScope,
	settings: Settings,
	region: { id: string; kreis_body_id: string | null; lists_json: string }
): Promise<CooperationTables> {
	const { lookups } = index;
	const lists = readJson(REGION_LISTS, region.lists_json);
	const kreisId = region.kreis_body_id;
	const kreisName = kreisId ? (lookups.bodies.get(kreisId)?.name ?? null) : null;
	const aliases = new Map<string, string[]>();
	for (const a of await db.selectFrom('body_alias').select(['body_id', 'alias']).execute()) {
		const l = aliases.get(a.body_id) ?? [];
		l.push(a.alias);
		aliases.set(a.body_id, l);
	}
	const namesOf = (id: string) => [lookups.bodies.get(id)?.name ?? id, ...(aliases.get(id) ?? [])];

	const hasPeriod = scope.fromYear != null || scope.toYear != null;
	const from = scope.fromYear ?? YEAR_MIN;
	const to = scope.toYear ?? YEAR_MAX;

	const tables: PaperTable[] = [];
	const listLabels = new Map<string, string>();
	const allRows: CooperationRow[] = [];
	let tooLarge = false;
	let uncertainTotal = 0;
	let endedShown = 0;
	let endedLeftOut = 0;
	for (const list of lists) {
		const params = new URLSearchParams({ liste: list.id, sort: 'nr' });
		if (scope.bodyId) params.set('partner', scope.bodyId);
		if (scope.topicId) params.set('thema', scope.topicId);
		const page = await searchPage(db, params, settings, 'export');
		if (page.result.total > page.rows.length) tooLarge = true;
		const extras = await rowExtras(db, page.rows.map((r) => r.id));
		let uncertain = 0;
		const maybe = new Set<string>();
		const rows = page.rows.filter((r) => {
			// The register holds several regions' lists side by side: keep this region's.
			if (extras.get(r.id)?.region !== region.id) return false;
			if (r.status === 'ended' && scope.onlyRunning) {
				endedLeftOut++;
				return false;
			}
			if (!hasPeriod) return true;
			const a = activityInPeriod(index, r, from, to);
			if (a === 'maybe') {
				uncertain++;
				maybe.add(r.id);
			}
			return a !== 'no';
		});
		if (rows.length === 0) continue;
		uncertainTotal += uncertain;
		endedShown += rows.filter((r) => r.status === 'ended').length;
		allRows.push(...rows);
		const isKreis = list.id === 'kreis';
		listLabels.set(list.id, agendaLabel(list, kreisName));
		tables.push({
			id: list.id,
			title: list.label,
			agendaTitle: `${agendaLabel(list, kreisName)} (${count(rows.length)})`,
			columns: isKreis ? KREIS_COLUMNS : TOWN_COLUMNS,
			rows: rows.map((r) => {
				const e = extras.get(r.id)!;
				const start = startCell(r, maybe.has(r.id));
				const nr = r.number === null ? '' : String(r.number);
				return {
					id: r.id,
					cells: isKreis
						? [nr, r.orgUnit ?? '', kreisTask(r, e.titleSource, kreisId, namesOf, partnerCell(r, e)), start]
						: [nr, titleCell(r, e.titleSource), partnerCell(r, e), performerCell(r, e), legalFormCell(r), start]
				};
			}),
			uncertainInPeriod: hasPeriod ? uncertain : null
		});
	}
	if (allRows.length > PAPER_MAX_ROWS) tooLarge = true;

	return { tables, listLabels, allRows, tooLarge, uncertainTotal, endedShown, endedLeftOut };
}

/** The region's measures (they belong to the conference as a whole, so every scope shows them): a table and a slide each. */
async function measureTables(db: Kysely<Database>, regionId: string): Promise<{ board: Awaited<ReturnType<typeof measureBoard>>; measures: PaperTable | null; measureSlides: MeasureSlide[] }> {
	const board = await measureBoard(db, regionId);
	let measures: PaperTable | null = null;
	const measureSlides: MeasureSlide[] = [];
	if (board.total > 0) {
		measures = {
			id: 'massnahmen',
			title: 'Stand der Maßnahmen',
			agendaTitle: `Stand der Maßnahmen (${count(board.total)})`,
			columns: MEASURE_COLUMNS,
			rows: board.fields.flatMap((f) => f.measures.map((m) => ({
				id: m.id,
				cells: [m.number, m.title, f.number !== null ? `${f.number} ${f.title}` : f.title, MEASURE_STATUS_LABEL[m.status] ?? m.status]
			}))),
			uncertainInPeriod: null
		};
		const records = new Map((await listSteering(db, 'measure', regionId)).map((m) => [m.record.id, m.record]));
		for (const f of board.fields) {
			for (const m of f.measures) {
				const r = records.get(m.id);
				const last = r?.status_history.at(-1) ?? null;
				const lead = [m.lead.map((l) => l.name).join(', '), m.leadNote ?? ''].filter(Boolean).join(' – ');
				measureSlides.push({
					id: m.id,
					number: m.number,
					title: m.title,
					field: f.number !== null ? `${f.number} ${f.title}` : f.title,
					mandate: r?.mandate?.trim() || r?.list_title?.trim() || '',
					lead: lead || 'nicht festgelegt',
					status: MEASURE_STATUS_LABEL[m.status] ?? m.status,
					statusDate: last?.date ?? '',
					result: r?.result?.trim() || last?.note?.trim() || ''
				});
			}
		}
	}

	return { board, measures, measureSlides };
}

/** Savings per measure from the recorded effect figures (issue 19), against the promise of 2010. */
async function savingsTable(db: Kysely<Database>, regionId: string): Promise<PaperTable> {
	const eff = await effectReport(db, { regionId, year: null });
	const y = eff.year;
	return {
		id: 'einsparungen',
		title: y === null ? 'Einsparungen je Maßnahme' : `Einsparungen ${y} je Maßnahme`,
		agendaTitle: 'Einsparungen',
		columns: [{ label: 'Maßnahme', weight: 40 }, { label: 'realisiert', weight: 20 }, { label: 'erwartet', weight: 20 }, { label: 'Kooperationen mit Zahlen', weight: 20 }],
		rows: [
			...eff.byMeasure.map((m) => ({ id: m.key, cells: [m.label, m.realisedText, m.expectedText, `${m.withFigures} von ${m.linked}`] })),
			{ id: 'zusammen', cells: ['alle Kooperationen', eff.total?.realisedText ?? '–', eff.total?.expectedText ?? '–', `${eff.withFigures} von ${eff.cooperations}`] },
			{ id: 'ziel', cells: ['Ziel der Bürgermeisterkonferenz 2010', `bis zu ${count(eff.promise)} €`, '', ''] },
			{ id: 'luecken', cells: [eff.gap, '', '', ''] }
		],
		uncertainInPeriod: null
	};
}

/** The working groups' results and the ideas. */
async function groupsAndIdeas(db: Kysely<Database>, regionId: string, index: FacetIndex): Promise<{ groups: PaperTable[]; ideas: PaperTable | null }> {
	const { lookups } = index;
	const groups: PaperTable[] = [];
	for (const g of (await listSteering(db, 'working_group', regionId)).map((x) => x.record)) {
		const items = g.items;
		if (!items.length) continue;
		groups.push({
			id: `ak-${g.id}`,
			title: `Ergebnisse: ${g.name}`,
			agendaTitle: g.name,
			columns: [{ label: 'Art', weight: 16 }, { label: 'Thema', weight: 26 }, { label: 'Ergebnis', weight: 58 }],
			rows: items.map((i, k) => ({ id: `${g.id}-${k}`, cells: [WG_ITEM_LABEL[i.kind] ?? i.kind, i.title, i.text?.trim() || ''] })),
			uncertainInPeriod: null
		});
	}
	const ideaRecords = (await listSteering(db, 'idea', regionId)).map((x) => x.record);
	const ideas: PaperTable | null = ideaRecords.length ? {
		id: 'ideen',
		title: 'Ideen / Vorschau auf neue Projekte',
		agendaTitle: 'Ideen',
		columns: [{ label: 'Idee', weight: 45 }, { label: 'eingebracht von', weight: 30 }, { label: 'Status', weight: 25 }],
		rows: ideaRecords.map((i) => ({
			id: i.id,
			cells: [i.title, i.proposed_by ? (lookups.bodies.get(i.proposed_by)?.name ?? i.proposed_by) : '', IDEA_STATUS_LABEL[i.status] ?? i.status]
		})),
		uncertainInPeriod: null
	} : null;

	return { groups, ideas };
}

/** The summary figures: totals per list, by legal form and status, the most frequent partners, the measures. */
async function summaryFigures(
	db: Kysely<Database>,
	index: FacetIndex,
	scope: PaperScope,
	kreisBodyId: string | null,
	coops: CooperationTables,
	board: Awaited<ReturnType<typeof measureBoard>>
): Promise<FigureBlock[]> {
	const { lookups } = index;
	const { tables, allRows, endedShown, uncertainTotal } = coops;
	const hasPeriod = scope.fromYear != null || scope.toYear != null;
	const groupsOfForms = new Map((await db.selectFrom('legal_form').select(['id', 'grp']).execute()).map((l) => [l.id, l.grp]));
	const figures: FigureBlock[] = [];
	const total: FigureBlock = { title: 'Kooperationen', rows: [{ label: 'insgesamt', value: count(allRows.length) }] };
	for (const t of tables) total.rows.push({ label: t.title, value: count(t.rows.length) });
	if (endedShown) total.rows.push({ label: 'davon beendet', value: count(endedShown) });
	if (hasPeriod) total.rows.push({ label: 'davon im Zeitraum nur möglicherweise aktiv', value: count(uncertainTotal) });
	figures.push(total);
	const tally = (keyOf: (r: CooperationRow) => string) => {
		const m = new Map<string, number>();
		for (const r of allRows) m.set(keyOf(r), (m.get(keyOf(r)) ?? 0) + 1);
		return m;
	};
	const byGroup = tally((r) => groupsOfForms.get(r.legalForm.id) ?? 'unknown');
	// Issue 13: the public-law forms are those of the region's Land law (GkG NRW for Kreis Unna, SächsKomZG in Sachsen …).
	const kreisAgs = kreisBodyId ? (await db.selectFrom('body').select('ags').where('id', '=', kreisBodyId).executeTakeFirst())?.ags ?? null : null;
	const regionLaw = lawBook().byCode.get(landOfAgs(kreisAgs) ?? '')?.law?.short ?? 'Landesrecht';
	const groupLabel = (g: string) => (g === 'public-law' ? `öffentlich-rechtlich (${regionLaw})` : LEGAL_GROUP_LABEL[g] ?? g);
	if (allRows.length) {
		figures.push({
			title: 'Nach Rechtsform',
			rows: [...LEGAL_GROUP_ORDER, ...[...byGroup.keys()].filter((g) => !LEGAL_GROUP_ORDER.includes(g))]
				.filter((g) => byGroup.has(g)).map((g) => ({ label: groupLabel(g), value: count(byGroup.get(g)!) }))
		});
		const byStatus = tally((r) => r.status);
		figures.push({
			title: 'Nach Status',
			rows: [...COOP_STATUS_ORDER, ...[...byStatus.keys()].filter((s) => !COOP_STATUS_ORDER.includes(s))]
				.filter((s) => byStatus.has(s)).map((s) => ({ label: STATUS_LABEL[s] ?? s, value: count(byStatus.get(s)!) }))
		});
	}
	const partnerCounts = new Map<string, number>();
	for (const r of allRows) {
		// Current partners only: a body that left is no partner any more.
		for (const id of new Set(r.partners.filter((p) => p.role !== 'performer' && !p.left).map((p) => p.id))) {
			if (id !== scope.bodyId) partnerCounts.set(id, (partnerCounts.get(id) ?? 0) + 1);
		}
	}
	const top = [...partnerCounts]
		.map(([id, n]) => ({ name: lookups.bodies.get(id)?.name ?? id, n }))
		.sort((a, b) => b.n - a.n || a.name.localeCompare(b.name, 'de'))
		.slice(0, TOP_PARTNERS);
	if (top.length) figures.push({ title: scope.bodyId ? 'Häufigste Partner (Kooperationen gemeinsam)' : 'Häufigste Partner (Zahl der Kooperationen)', rows: top.map((t) => ({ label: t.name, value: count(t.n) })) });
	if (board.total > 0) {
		figures.push({
			title: 'Maßnahmen nach Status',
			rows: [...STATUS_ORDER.filter((s) => board.counts[s] > 0).map((s) => ({ label: MEASURE_STATUS_LABEL[s] ?? s, value: count(board.counts[s]) })),
				{ label: 'zusammen', value: count(board.total) }]
		});
	}

	return figures;
}

/** The paper's notes on sources and reading rules, with those of the scope's filters. */
function paperNotes(scope: PaperScope, date: string, endedLeftOut: number, withSavings: boolean, withMeasures: boolean): string[] {
	const hasPeriod = scope.fromYear != null || scope.toYear != null;
	const notes = [
		`Stand ${date}. Die Kooperationen stammen aus dem Register (IKZ-Atlas) und entsprechen der Suche unter „Kooperationen“ mit denselben Filtern, sortiert nach Nr.`,
		'Aufgabenbereich der Kreisliste: wie in der Quelle, wenn sie die Partner in Klammern nennt, sonst mit den beteiligten Körperschaften in Klammern.',
		'Beendete Kooperationen stehen mit Zeitraum und „beendet“ in der Spalte „seit“ bzw. „Beginn“; ausgeschiedene Partner stehen hinter „nicht mehr beteiligt:“ mit dem Jahr ihres Ausscheidens.',
		'Wo die Quelle mehr sagt als die Kurzform (Rechtsform, Aufgabenerledigung), steht ihr Wortlaut.'
	];
	if (scope.onlyRunning) notes.push(`Nur laufende Kooperationen: ${count(endedLeftOut)} beendete Kooperationen sind nicht aufgeführt.`);
	if (hasPeriod) {
		const range = scope.fromYear != null && scope.toYear != null ? `von ${scope.fromYear} bis ${scope.toYear}` : scope.fromYear != null ? `ab ${scope.fromYear}` : `bis ${scope.toYear}`;
		notes.push(`Zeitraum: aufgeführt ist jede Kooperation, die in mindestens einem Jahr ${range} sicher oder möglicherweise aktiv war (unscharfe Angaben wie „2015 gepl.“ oder „?“ zählen als möglich) – wie der Jahresfilter des Registers. Nur möglicherweise aktive sind mit „im Zeitraum möglicherweise aktiv“ markiert.`);
	}
	if (withSavings) notes.push('Einsparungen: aus den je Kooperation erfassten Wirkungszahlen (realisiert: erfasst, sonst Kosten vorher minus Kosten jetzt; Zahlen der ganzen Kooperation gleichmäßig auf die Beteiligten verteilt; Spannen als von–bis). Regeln: docs/effects.md.');
	if (withMeasures) notes.push('Die Maßnahmen, Arbeitskreise und Ideen gelten für die Bürgermeisterkonferenz insgesamt und werden deshalb in jedem Umfang vollständig aufgeführt.');

	return notes;
}

/**
 * Build the paper for a scope. `now` gives the default "Stand" (Europe/Berlin); `choices` are the
 * office's (title, meeting, date, place, "Stand", agenda), by default from the conference record.
 */
export async function buildPaper(db: Kysely<Database>, scope: PaperScope, now = new Date(), settings: Settings = readSettings(), choices?: PaperChoices): Promise<PaperModel> {
	const region = await db.selectFrom('region').select(['id', 'name', 'kreis_body_id', 'source_json', 'lists_json'])
		.where('id', '=', scope.regionId).executeTakeFirst();
	if (!region) throw new Error(`Unbekannte Region: ${scope.regionId}`);
	const chosen = choices ?? await defaultChoices(db, region.id, now);
	const index = await facetIndex(db);
	const { lookups } = index;
	const source = readJson(REGION_SOURCE, region.source_json);
	const office = source.author?.trim() || region.name;
	const day = chosen.standDay;
	const date = germanDay(day);

	const coops = await cooperationTables(db, index, scope, settings, region);
	const { tables, listLabels, allRows, tooLarge } = coops;
	const { board, measures, measureSlides } = await measureTables(db, region.id);
	const savings = board.total > 0 ? await savingsTable(db, region.id) : null;
	const { groups, ideas } = await groupsAndIdeas(db, region.id, index);
	const figures = await summaryFigures(db, index, scope, region.kreis_body_id, coops, board);

	const bodyName = scope.bodyId ? (lookups.bodies.get(scope.bodyId)?.name ?? scope.bodyId) : null;
	const topicLabel = scope.topicId ? (lookups.topics.get(scope.topicId) ?? scope.topicId) : null;
	const notes = paperNotes(scope, date, coops.endedLeftOut, savings !== null, measures !== null);
	const blocks: { id: BlockId; title: string; label?: string }[] = [
		...tables.map((t) => ({ id: `table:${t.id}` as BlockId, title: t.agendaTitle, label: listLabels.get(t.id) })),
		...(measures ? [{ id: 'measures' as BlockId, title: measures.agendaTitle }] : []),
		...(savings ? [{ id: 'savings' as BlockId, title: 'Einsparungen' }] : []),
		...(groups.length ? [{ id: 'groups' as BlockId, title: 'Ergebnisse der Arbeitskreise' }] : []),
		...(ideas ? [{ id: 'ideas' as BlockId, title: 'Ideen / Vorschau auf neue Projekte' }] : []),
		{ id: 'figures', title: 'Zusammenfassung in Zahlen' }
	];
	const agenda = placeBlocks(chosen.agenda, blocks);
	const emptyNote = allRows.length === 0 && !tooLarge
		? `Für ${[bodyName, topicLabel, scopeLine(scope, null, null)].filter(Boolean).join(', ') || 'diesen Umfang'} enthält das Register keine Kooperation.`
		: null;
	return {
		scope: { regionId: region.id, bodyId: scope.bodyId ?? null, topicId: scope.topicId ?? null, fromYear: scope.fromYear ?? null, toYear: scope.toYear ?? null, onlyRunning: !!scope.onlyRunning },
		choices: chosen,
		region: { id: region.id, name: region.name },
		title: chosen.title,
		meetingLine: meetingLine(chosen),
		scopeLine: scopeLine(scope, bodyName, topicLabel),
		date,
		day,
		office,
		footer: `Stand ${date} · ${office}`,
		agenda,
		tables,
		measures,
		measureSlides,
		savings,
		groups,
		ideas,
		figures,
		notes,
		rowCount: allRows.length,
		emptyNote,
		tooLarge
	};
}
