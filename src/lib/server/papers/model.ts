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
import { partnerText } from '../registry/present';
import type { CooperationRow } from '../registry/rows';
import { facetIndex, type FacetIndex } from '../search/facet-index';
import { regionScope } from '../analysis/scope';
import { berlinDay, germanDay, measureBoard, STATUS_ORDER } from '../steering/measures';
import { isActiveInYear, type Answer } from '../../domain/fuzzy-date';
import { cleanSlideText, foldGerman } from '../../domain/text-fold';
import { MEASURE_STATUS_LABEL, STATUS_LABEL, fmtNumber } from '../../i18n/de';

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
}

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
		.filter(([id, b]) => b.regionId === regionId && !own.includes(id) && (counts.get(id) ?? 0) > 0)
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
	return { scope: { regionId: lookups.regionId, bodyId, topicId, fromYear, toYear }, errors };
}

/** The same scope as URL parameters (for download links; defaults left out). */
export function scopeParams(scope: PaperScope): URLSearchParams {
	const p = new URLSearchParams();
	if (scope.bodyId) p.set('koerperschaft', scope.bodyId);
	if (scope.topicId) p.set('thema', scope.topicId);
	if (scope.fromYear != null) p.set('von', String(scope.fromYear));
	if (scope.toYear != null) p.set('bis', String(scope.toYear));
	return p;
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

export interface PaperModel {
	scope: PaperScope;
	region: { id: string; name: string };
	title: string;
	/** "Gesamtes Register" or e.g. "Körperschaft: Kamen · Themenfeld: Verkehr · Zeitraum: 2010–2015". */
	scopeLine: string;
	/** dd.mm.yyyy, Europe/Berlin. */
	date: string;
	/** yyyy-mm-dd, Europe/Berlin (file names). */
	day: string;
	office: string;
	/** "12.01.2026 · Kreis Unna – Steuerungsdienst" */
	footer: string;
	agenda: string[];
	/** The register tables, in the region's list order (empty lists left out). */
	tables: PaperTable[];
	/** Status of the measures; null when the region has none. */
	measures: PaperTable | null;
	figures: FigureBlock[];
	/** How the paper was put together (period rule, Aufgabenbereich rule), shown with the agenda. */
	notes: string[];
	/** Cooperations listed in all tables. */
	rowCount: number;
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

const LEGAL_GROUP_LABEL: Record<string, string> = {
	'public-law': 'öffentlich-rechtlich (GkG NRW)',
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
export function kreisTask(row: CooperationRow, titleSource: string | null, kreisId: string | null, namesOf: (id: string) => string[]): string {
	const named = row.partners.filter((p) => p.role !== 'performer' && p.id !== kreisId);
	const source = titleSource ? cleanSlideText(titleSource) : null;
	if (source && source !== row.title && /\([^()]+\)/.test(source)) {
		const w = words(source);
		if (named.every((p) => mentions(w, namesOf(p.id)))) return source;
	}
	const titleWords = words(row.title);
	if (row.partnerGroups.length === 0 && named.every((p) => mentions(titleWords, namesOf(p.id)))) return row.title;
	const list = partnerText(row);
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
	return parts.length ? parts.join(' · ') : 'Gesamtes Register';
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

/** Build the paper for a scope. `now` sets the date in the footer (Europe/Berlin). */
export async function buildPaper(db: Kysely<Database>, scope: PaperScope, now = new Date(), settings: Settings = readSettings()): Promise<PaperModel> {
	const region = await db.selectFrom('region').select(['id', 'name', 'kreis_body_id', 'source_json', 'lists_json'])
		.where('id', '=', scope.regionId).executeTakeFirst();
	if (!region) throw new Error(`Unbekannte Region: ${scope.regionId}`);
	const index = await facetIndex(db);
	const { lookups } = index;
	const source = JSON.parse(region.source_json) as Record<string, string>;
	const lists = JSON.parse(region.lists_json) as { id: string; label: string }[];
	const office = source.author?.trim() || region.name;
	const day = berlinDay(now);
	const date = germanDay(day);
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
	const allRows: CooperationRow[] = [];
	let tooLarge = false;
	let uncertainTotal = 0;
	for (const list of lists) {
		const params = new URLSearchParams({ liste: list.id, sort: 'nr' });
		if (scope.bodyId) params.set('partner', scope.bodyId);
		if (scope.topicId) params.set('thema', scope.topicId);
		const page = await searchPage(db, params, settings, 'export');
		if (page.result.total > page.rows.length) tooLarge = true;
		// The register holds several regions' lists side by side: keep this region's.
		const ids = page.rows.map((r) => r.id);
		const meta = new Map<string, { region: string; titleSource: string | null }>();
		for (let i = 0; i < ids.length; i += 500) {
			for (const c of await db.selectFrom('cooperation').select(['id', 'region_id', 'title_source']).where('id', 'in', ids.slice(i, i + 500)).execute()) {
				meta.set(c.id, { region: c.region_id, titleSource: c.title_source });
			}
		}
		let uncertain = 0;
		const rows = page.rows.filter((r) => {
			if (meta.get(r.id)?.region !== region.id) return false;
			if (!hasPeriod) return true;
			const a = activityInPeriod(index, r, from, to);
			if (a === 'maybe') uncertain++;
			return a !== 'no';
		});
		if (rows.length === 0) continue;
		uncertainTotal += uncertain;
		allRows.push(...rows);
		const isKreis = list.id === 'kreis';
		tables.push({
			id: list.id,
			title: list.label,
			agendaTitle: `${agendaLabel(list, kreisName)} (${count(rows.length)})`,
			columns: isKreis ? KREIS_COLUMNS : TOWN_COLUMNS,
			rows: rows.map((r) => ({
				id: r.id,
				cells: isKreis
					? [r.number === null ? '' : String(r.number), r.orgUnit ?? '', kreisTask(r, meta.get(r.id)?.titleSource ?? null, kreisId, namesOf), r.start ?? '']
					: [r.number === null ? '' : String(r.number), r.title, partnerText(r), r.performer.name, r.legalForm.short, r.start ?? '']
			})),
			uncertainInPeriod: hasPeriod ? uncertain : null
		});
	}
	if (allRows.length > PAPER_MAX_ROWS) tooLarge = true;

	// Measures of the region (they belong to the conference as a whole, so every scope shows them).
	const board = await measureBoard(db, region.id);
	let measures: PaperTable | null = null;
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
	}

	// Summary figures.
	const groups = new Map((await db.selectFrom('legal_form').select(['id', 'grp']).execute()).map((l) => [l.id, l.grp]));
	const figures: FigureBlock[] = [];
	const total: FigureBlock = { title: 'Kooperationen', rows: [{ label: 'insgesamt', value: count(allRows.length) }] };
	for (const t of tables) total.rows.push({ label: t.title, value: count(t.rows.length) });
	if (hasPeriod) total.rows.push({ label: 'davon im Zeitraum nur möglicherweise aktiv', value: count(uncertainTotal) });
	figures.push(total);
	const tally = (keyOf: (r: CooperationRow) => string) => {
		const m = new Map<string, number>();
		for (const r of allRows) m.set(keyOf(r), (m.get(keyOf(r)) ?? 0) + 1);
		return m;
	};
	const byGroup = tally((r) => groups.get(r.legalForm.id) ?? 'unknown');
	figures.push({
		title: 'Nach Rechtsform',
		rows: [...LEGAL_GROUP_ORDER, ...[...byGroup.keys()].filter((g) => !LEGAL_GROUP_ORDER.includes(g))]
			.filter((g) => byGroup.has(g)).map((g) => ({ label: LEGAL_GROUP_LABEL[g] ?? g, value: count(byGroup.get(g)!) }))
	});
	const byStatus = tally((r) => r.status);
	figures.push({
		title: 'Nach Status',
		rows: [...COOP_STATUS_ORDER, ...[...byStatus.keys()].filter((s) => !COOP_STATUS_ORDER.includes(s))]
			.filter((s) => byStatus.has(s)).map((s) => ({ label: STATUS_LABEL[s] ?? s, value: count(byStatus.get(s)!) }))
	});
	const partnerCounts = new Map<string, number>();
	for (const r of allRows) {
		for (const id of new Set(r.partners.filter((p) => p.role !== 'performer').map((p) => p.id))) {
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

	const bodyName = scope.bodyId ? (lookups.bodies.get(scope.bodyId)?.name ?? scope.bodyId) : null;
	const topicLabel = scope.topicId ? (lookups.topics.get(scope.topicId) ?? scope.topicId) : null;
	const notes = [
		`Stand ${date}. Die Kooperationen stammen aus dem Register (IKZ-Atlas) und entsprechen der Suche unter „Kooperationen“ mit denselben Filtern, sortiert nach Nr.`,
		'Aufgabenbereich der Kreisliste: wie in der Quelle, wenn sie die Partner in Klammern nennt, sonst mit den beteiligten Körperschaften in Klammern.'
	];
	if (hasPeriod) {
		const range = scope.fromYear != null && scope.toYear != null ? `von ${scope.fromYear} bis ${scope.toYear}` : scope.fromYear != null ? `ab ${scope.fromYear}` : `bis ${scope.toYear}`;
		notes.push(`Zeitraum: aufgeführt ist jede Kooperation, die in mindestens einem Jahr ${range} sicher oder möglicherweise aktiv war (unscharfe Angaben wie „2015 gepl.“ oder „?“ zählen als möglich) – wie der Jahresfilter des Registers.`);
	}
	if (measures) notes.push('Die Maßnahmen gelten für die Bürgermeisterkonferenz insgesamt und werden deshalb in jedem Umfang vollständig aufgeführt.');

	const agenda = [...tables.map((t) => t.agendaTitle), ...(measures ? [measures.agendaTitle] : []), 'Zusammenfassung in Zahlen'];
	return {
		scope: { regionId: region.id, bodyId: scope.bodyId ?? null, topicId: scope.topicId ?? null, fromYear: scope.fromYear ?? null, toYear: scope.toYear ?? null },
		region: { id: region.id, name: region.name },
		title: `Interkommunale Zusammenarbeit im ${region.name}`,
		scopeLine: scopeLine(scope, bodyName, topicLabel),
		date,
		day,
		office,
		footer: `${date} · ${office}`,
		agenda,
		tables,
		measures,
		figures,
		notes,
		rowCount: allRows.length,
		tooLarge
	};
}
