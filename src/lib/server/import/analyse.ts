/**
 * The import preview (issue 4, item 1): an uploaded table, a column mapping and the user's
 * decisions give, row by row, what would be created or changed and what is wrong. Nothing is
 * written here; `apply.ts` writes exactly what this computed, in one transaction.
 *
 * Rules (the same for every region; no names of any region in code):
 * - partners: the cell is split into names and groups (domain/partner-text.ts); names are resolved
 *   alias-aware (registry/body-resolve.ts); an unknown name blocks until the user picks a
 *   suggestion, a new body, or "keep as text" (then it becomes a partner group);
 * - a row with an ID updates that record; otherwise a row with the same list, title and partner
 *   set as an existing record is that record; a similar title with overlapping partners is a
 *   likely duplicate and is skipped unless the user says "create anyway";
 * - an update changes a field only when the file's value differs from what the register shows
 *   (and exports), so an export imported again changes nothing;
 * - dates are fuzzy text: unreadable ones are kept as text and marked; unknown legal forms become
 *   "not given" with the source text kept and marked.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { CooperationRecord } from '../data/data-schema';
import type { Cell, ReadResult } from '../tables/types';

/** A read table: a spreadsheet (tables/read-table.ts) or a JSON file (json-table.ts). */
export type ImportTable = Pick<ReadResult, 'sheets'> & { format: ReadResult['format'] | 'json' };
import { findHeaderRow, mappingProblems, suggestMapping, TARGETS, type Target } from '../../domain/import-columns';
import { slashParts, splitPartnerText, splitTitlePartners, type PartnerPiece } from '../../domain/partner-text';
import { foldGerman } from '../../domain/text-fold';
import { dateHint } from '../../domain/cooperation-form';
import { parseFuzzyDate } from '../../domain/fuzzy-date';
import { diffCooperations, type DiffLine, type DiffNames } from '../../domain/record-diff';
import { STATUS_LABEL } from '../../i18n/de';
import { loadBodyResolver, type BodyResolver } from '../registry/body-resolve';
import { readCooperation } from '../registry/write';
import { loadNameLookup } from '../directory/name-lookup';
import { importNames, type Anchors, type ImportNames, type Place } from './name-resolve';
import { normaliseLegalForm } from '../legal/land-law-data';

/** What the user decided; stored with the job, so every instance computes the same preview. */
export interface ImportOptions {
	sheet: number;
	/** 0-based index of the header row in the sheet; null = found automatically. */
	headerRow: number | null;
	/** One target per column; null = the suggestion. */
	mapping: Target[] | null;
	/** The list for rows without a list column. */
	list: string | null;
	/** The topic field for rows whose topic is neither given nor recognisable. */
	topic: string | null;
	/** Unknown names (folded) → body id, NEW_BODY or AS_TEXT. */
	names: Record<string, string>;
	/** Per row (0-based sheet row): skip it, or create it although it looks like a duplicate. */
	rows: Record<string, 'skip' | 'create'>;
	/** Every unknown name without a decision becomes a new body (issue 14: one step). */
	createRemaining?: boolean;
	/** The kind of the bodies this import creates (data-schema BODY_KINDS); null: "sonstige". */
	newKind?: string | null;
	/** Unknown names (folded) → a text typed into the picker's search field (works without JavaScript:
	 * a text that names one body decides, any other text gives the suggestions). */
	search?: Record<string, string>;
}

export const NEW_BODY = '__neu';
export const AS_TEXT = '__text';
export const EMPTY_OPTIONS: ImportOptions = { sheet: 0, headerRow: null, mapping: null, list: null, topic: null, names: {}, rows: {}, createRemaining: false, newKind: null };

/** Kinds a body created by the import can have (the picker's "create all remaining as …"). */
export const NEW_BODY_KINDS = ['zweckverband', 'aoer', 'unternehmen', 'verein', 'kammer', 'einrichtung', 'landesbetrieb', 'sonstige'] as const;

export interface Finding {
	level: 'error' | 'warning' | 'info';
	text: string;
}

export type RowAction = 'create' | 'update' | 'unchanged' | 'skip' | 'error';

export interface PreviewRow {
	/** 0-based row in the sheet, and the row number a spreadsheet shows. */
	index: number;
	line: number;
	action: RowAction;
	title: string;
	partners: string[];
	findings: Finding[];
	/** The existing record this row is (update/unchanged) or resembles (duplicate). */
	existing: { id: string; title: string; number: number | null } | null;
	duplicate: boolean;
	changes: DiffLine[];
	/** The record to write (create/update); body ids of new bodies are NEW_BODY:<key>. */
	record: CooperationRecord | null;
	/** The version the update is based on (optimistic lock at apply time). */
	baseVersion: number | null;
}

export interface UnknownName {
	key: string;
	text: string;
	lines: number[];
	suggestions: { id: string; name: string }[];
	decision: string | null;
	/** The text typed into the picker's search field. */
	search?: string;
}

export interface ImportPreview {
	format: ImportTable['format'];
	sheetNames: string[];
	sheet: number;
	headerRow: number;
	headers: string[];
	samples: string[][];
	mapping: Target[];
	suggested: Target[];
	mappingProblems: string[];
	lists: { id: string; label: string }[];
	list: string;
	topics: { id: string; label: string }[];
	topic: string | null;
	unknownNames: UnknownName[];
	rows: PreviewRow[];
	counts: Record<RowAction, number>;
	/** Why it cannot be applied as it is (empty: ready). */
	blocking: string[];
	/** New bodies the import would create: placeholder id → name. */
	newBodies: { key: string; name: string; kind: string; aliases?: string[] }[];
	/** Distinct names: resolved without a choice, asked (needed a decision), created as new bodies. */
	names: { resolved: number; asked: number; created: number };
}

interface Existing {
	id: string;
	list: string;
	title: string;
	titleKey: string;
	number: number | null;
	partners: Set<string>;
}

interface Lookups {
	resolver: BodyResolver;
	/** Names against the national directory, with the place around them (issue 14). */
	dir: ImportNames;
	/** Where the importing region is (its Kreis). */
	regionPlaces: Place[];
	regionId: string;
	kreisBody: string | null;
	lists: { id: string; label: string }[];
	topics: { id: string; label: string }[];
	legalForms: { id: string; label: string; short: string; spellings: string[] }[];
	tasks: { topicId: string | null; match: string[] }[];
	existing: Existing[];
	existingIds: Set<string>;
	names: DiffNames;
}

async function lookups(db: Kysely<Database>, regionId: string): Promise<Lookups> {
	const [resolver, nameLookup] = await Promise.all([loadBodyResolver(db), loadNameLookup(db)]);
	const dir = importNames(resolver, nameLookup);
	const region = await db.selectFrom('region').selectAll().where('id', '=', regionId).executeTakeFirstOrThrow();
	const regionPlace = region.kreis_body_id ? dir.place(region.kreis_body_id) : null;
	const lists = (JSON.parse(region.lists_json) as { id: string; label: string }[]);
	const topics = await db.selectFrom('topic').select(['id', 'label']).orderBy('position').execute();
	const lfs = await db.selectFrom('legal_form').select(['id', 'label', 'short', 'spellings_json']).orderBy('position').execute();
	const tasks = await db.selectFrom('task').select(['topic_id', 'match_json']).orderBy('position').execute();
	const coops = await db.selectFrom('cooperation').select(['seq', 'id', 'list', 'title', 'number'])
		.where('region_id', '=', regionId).where('archived_at', 'is', null).execute();
	const parts = await db.selectFrom('participation').innerJoin('cooperation', 'cooperation.seq', 'participation.cooperation_seq')
		.select(['participation.cooperation_seq as seq', 'participation.body_id', 'participation.role'])
		.where('cooperation.region_id', '=', regionId).execute();
	const bySeq = new Map<number, Set<string>>();
	for (const p of parts) {
		if (p.role === 'performer') continue;
		const s = bySeq.get(p.seq) ?? new Set<string>();
		s.add(p.body_id);
		bySeq.set(p.seq, s);
	}
	const allIds = await db.selectFrom('cooperation').select('id').execute();
	const topicLabel = new Map(topics.map((t) => [t.id, t.label]));
	const lfLabel = new Map(lfs.map((l) => [l.id, l.label]));
	const listLabel = new Map(lists.map((l) => [l.id, l.label]));
	return {
		resolver,
		dir,
		regionPlaces: regionPlace ? [regionPlace] : [],
		regionId,
		kreisBody: region.kreis_body_id,
		lists,
		topics,
		legalForms: lfs.map((l) => ({ id: l.id, label: l.label, short: l.short, spellings: JSON.parse(l.spellings_json) as string[] })),
		tasks: tasks.map((t) => ({ topicId: t.topic_id, match: JSON.parse(t.match_json) as string[] })),
		existing: coops.map((c) => ({ id: c.id, list: c.list, title: c.title, titleKey: foldGerman(c.title), number: c.number, partners: bySeq.get(c.seq) ?? new Set() })),
		existingIds: new Set(allIds.map((r) => r.id)),
		names: {
			body: (id) => (id.startsWith(`${NEW_BODY}:`) ? `${id.slice(NEW_BODY.length + 1)} (neu)` : resolver.bodyName(id)),
			topic: (id) => topicLabel.get(id) ?? id,
			legalForm: (id) => lfLabel.get(id) ?? id,
			list: (id) => listLabel.get(id) ?? id
		}
	};
}

// ---------------------------------------------------------------------------------------------
// Cell values

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
function legalFormOf(text: string, lk: Lookups, lands: ReadonlySet<string> = new Set()): string | null {
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
		const keys = [l.id, l.label, l.short, ...l.spellings].map((s) => foldGerman(s).replace(/[.\s]+$/, '')).filter(Boolean);
		if (keys.includes(key)) return l.id;
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

const STATUS_BY_KEY = new Map<string, CooperationRecord['status']>();
for (const [id, label] of Object.entries(STATUS_LABEL)) {
	STATUS_BY_KEY.set(foldGerman(id), id as CooperationRecord['status']);
	STATUS_BY_KEY.set(foldGerman(label), id as CooperationRecord['status']);
}
for (const [k, v] of [['laufend', 'active'], ['aktiv', 'active'], ['active', 'active'], ['geplant', 'planned'], ['planned', 'planned'], ['beendet', 'ended'], ['ended', 'ended'], ['aufgelost', 'ended'], ['gekundigt', 'ended'], ['in prufung', 'under_review'], ['wird gepruft', 'under_review'], ['befristet', 'temporary']] as const) {
	STATUS_BY_KEY.set(k, v);
}

function listOf(text: string, lk: Lookups): string | null {
	const key = foldGerman(text);
	if (!key) return null;
	for (const l of lk.lists) if (foldGerman(l.id) === key || foldGerman(l.label) === key) return l.id;
	const hits = lk.lists.filter((l) => foldGerman(l.label).startsWith(key) || foldGerman(l.id).startsWith(key));
	return hits.length === 1 ? hits[0]!.id : null;
}

function topicOf(text: string, lk: Lookups): string | null {
	const key = foldGerman(text);
	const hit = lk.topics.find((t) => foldGerman(t.id) === key || foldGerman(t.label) === key);
	if (hit) return hit.id;
	const partial = lk.topics.filter((t) => foldGerman(t.label).startsWith(key) && key.length >= 4);
	return partial.length === 1 ? partial[0]!.id : null;
}

function topicFromTitle(title: string, lk: Lookups): string | null {
	const key = foldGerman(title);
	for (const t of lk.tasks) if (t.topicId && t.match.some((m) => key.includes(m))) return t.topicId;
	return null;
}

const PERFORMER_WORDS: [RegExp, CooperationRecord['performer']['kind']][] = [
	[/^(beteiligte|alle beteiligten|beteiligte gemeinsam|gemeinsam|jointly|all partners)$/, 'jointly'],
	[/^(jeweils|jede kommune selbst|jeweils selbst|jede kommune|each|each partner)$/, 'each'],
	[/^(nicht angegeben|unbekannt|k\. ?a\.|\?|-|–|unknown)$/, 'unknown']
];

// ---------------------------------------------------------------------------------------------
// Names

/** Resolve a typed name with the place around it; "Unna/Bönen" may be two names. Returns ids or null (unknown). */
function resolveName(text: string, lk: Lookups, anchors: Anchors): string[] | null {
	const m = lk.dir.resolve(text, anchors);
	if ('id' in m) return [m.id];
	const parts = slashParts(text);
	if (parts) {
		const ids = parts.map((p) => lk.dir.resolve(p, anchors));
		if (ids.every((r) => 'id' in r)) return ids.map((r) => (r as { id: string }).id);
	}
	return null;
}

/** Resolve without context (names only one body carries): the anchors of a row. */
function resolvePlain(text: string, lk: Lookups): string[] | null {
	const id = lk.dir.resolvePlain(text);
	if (id) return [id];
	const parts = slashParts(text);
	if (parts) {
		const ids = parts.map((p) => lk.dir.resolvePlain(p));
		if (ids.every(Boolean)) return ids as string[];
	}
	return null;
}

const nameKey = (text: string) => foldGerman(text);

/** The "Partner" cell as the register shows and exports it (registry/present.ts partnerText). */
function shownPartners(r: CooperationRecord, lk: Lookups): string {
	return [...r.participants.filter((x) => x.role !== 'performer').map((x) => lk.resolver.bodyName(x.body)), ...r.partner_groups.map((g) => g.label)].join(', ');
}

/** Take a record's partners as they are. */
function keepPartners(r: CooperationRecord, p: Parsed): void {
	for (const x of r.participants) if (x.role !== 'performer' && !p.participants.includes(x.body)) p.participants.push(x.body);
	for (const g of r.partner_groups) p.groups.push({ label: g.label, count: g.count ?? null });
}

// ---------------------------------------------------------------------------------------------

interface RowContext {
	lk: Lookups;
	options: ImportOptions;
	/** The place of the row being read (its partners, its lead body), the file's and the region's. */
	anchors: Anchors;
	unknown: Map<string, { text: string; lines: number[]; anchors: Anchors }>;
	newBodies: Map<string, string>;
	/** Other names chosen for a new body of this pass: kept as its aliases, so the file imports again unchanged. */
	newAliases: Map<string, Set<string>>;
	/** Distinct names (folded) resolved without a choice. */
	resolved: Set<string>;
}

/** The body a picker's search text names, when exactly one. */
function searchHit(key: string, ctx: RowContext): string | undefined {
	const q = ctx.options.search?.[key]?.trim();
	if (!q) return undefined;
	const m = ctx.lk.dir.resolve(q, ctx.anchors);
	return 'id' in m ? m.id : undefined;
}

/** Resolve one name with the user's decisions; records unknown ones. */
function decideName(text: string, line: number, ctx: RowContext): { ids: string[] } | { asText: true } | { unknown: true } {
	const ids = resolveName(text, ctx.lk, ctx.anchors);
	const key = nameKey(text);
	if (ids) {
		ctx.resolved.add(key);
		return { ids };
	}
	const u = ctx.unknown.get(key) ?? { text, lines: [], anchors: ctx.anchors };
	if (!u.lines.includes(line)) u.lines.push(line);
	ctx.unknown.set(key, u);
	const d = ctx.options.names[key] ?? searchHit(key, ctx) ?? (ctx.options.createRemaining ? NEW_BODY : undefined);
	if (d === AS_TEXT) return { asText: true };
	if (d === NEW_BODY) {
		ctx.newBodies.set(key, text);
		return { ids: [`${NEW_BODY}:${key}`] };
	}
	// A body created in this pass, chosen for another name ("SW Kamen" → the new "Stadtwerke Kamen").
	if (d?.startsWith(`${NEW_BODY}:`)) {
		const other = d.slice(NEW_BODY.length + 1);
		const u = ctx.unknown.get(other);
		if (other !== key && (ctx.options.names[other] ?? (ctx.options.createRemaining ? NEW_BODY : undefined)) === NEW_BODY && u) {
			ctx.newBodies.set(other, u.text);
			const a = ctx.newAliases.get(other) ?? new Set<string>();
			a.add(text);
			ctx.newAliases.set(other, a);
			return { ids: [d] };
		}
	}
	if (d && (ctx.lk.resolver.bodyName(d) !== d)) return { ids: [d] };
	return { unknown: true };
}

interface Parsed {
	title: string;
	titleSource: string | null;
	partnerText: string | null;
	participants: string[];
	participantNotes: Map<string, string>;
	groups: { label: string; count: number | null }[];
	findings: Finding[];
	blocked: boolean;
	/** Names not (yet) resolved, folded: they tell rows apart while unresolved. */
	unresolved: string[];
}

function readPartners(pieces: PartnerPiece[], line: number, ctx: RowContext, p: Parsed): void {
	for (const piece of pieces) {
		if (piece.kind === 'group') {
			p.groups.push({ label: piece.text, count: piece.count ?? null });
			continue;
		}
		const tryTexts = [piece.text, ...(piece.note ? [piece.text.replace(/\s*\([^()]*\)$/, '')] : []), ...(piece.bare ? [piece.bare] : [])];
		let done = false;
		for (const t of tryTexts.slice(0, -1)) {
			const ids = resolveName(t, ctx.lk, ctx.anchors);
			if (ids) {
				for (const id of ids) if (!p.participants.includes(id)) p.participants.push(id);
				if (piece.note) for (const id of ids) p.participantNotes.set(id, piece.note);
				done = true;
				break;
			}
		}
		if (done) continue;
		const last = tryTexts[tryTexts.length - 1]!;
		const d = decideName(last, line, ctx);
		if ('ids' in d) {
			for (const id of d.ids) if (!p.participants.includes(id)) p.participants.push(id);
			if (piece.note) for (const id of d.ids) p.participantNotes.set(id, piece.note);
		} else if ('asText' in d) {
			p.groups.push({ label: piece.text, count: null });
			p.unresolved.push(nameKey(last));
		} else {
			p.blocked = true;
			p.findings.push({ level: 'error', text: `Partner „${last}“ ist unbekannt – bitte unten zuordnen.` });
			p.unresolved.push(nameKey(last));
		}
	}
}

function dice(a: string, b: string): number {
	const grams = (s: string) => {
		const set = new Set<string>();
		const t = `  ${s} `;
		for (let i = 0; i + 3 <= t.length; i++) set.add(t.slice(i, i + 3));
		return set;
	};
	const x = grams(a);
	const y = grams(b);
	let n = 0;
	for (const g of x) if (y.has(g)) n++;
	return (2 * n) / (x.size + y.size || 1);
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
	return a.size === b.size && [...a].every((x) => b.has(x));
}


/** A footer under the table: one filled cell, "Quelle: …", "Stand: …", "Hinweis: …". */
export function isFooterRow(texts: string[]): boolean {
	const filled = texts.filter(Boolean);
	// "Quelle: …; Stand: …" read from a CSV with semicolons is two cells.
	return filled.length > 0 && filled.length <= 3 && filled.every((t) => /^(quelle|quellen|stand|hinweis|hinweise|anmerkung|legende|erstellt|bearbeitet|fußnote|\*)\s*[:)]/i.test(t));
}

/** Every name a row carries (partners, partners in the title, the lead body), as typed. */
function namesOfRow(cells: Cell[], col: (t: Target) => number): string[] {
	const v = (t: Target) => (col(t) >= 0 ? cellText(cells[col(t)]) : '');
	const out: string[] = [];
	const pieces = [...splitPartnerText(v('partners'))];
	const split = v('title_with_partners') ? splitTitlePartners(v('title_with_partners')) : null;
	if (split) pieces.push(...splitPartnerText(split.partners));
	for (const pc of pieces) {
		if (pc.kind === 'group') continue;
		out.push(pc.text);
		if (pc.bare) out.push(pc.bare);
	}
	if (v('performer')) out.push(v('performer'));
	return out;
}

/** The places (Kreis, Land) of the names each row carries that only one body has: what decides
 * between bodies of the same name in that row and in the file. One pass over the file, no queries. */
function placesOfRows(rows: Cell[][], col: (t: Target) => number, lk: Lookups): Place[][] {
	return rows.map((cells) => {
		const places: Place[] = [];
		for (const text of namesOfRow(cells, col)) {
			for (const id of resolvePlain(text, lk) ?? []) {
				const p = lk.dir.place(id);
				if (p) places.push(p);
			}
		}
		return uniquePlaces(places);
	});
}

function uniquePlaces(places: Place[]): Place[] {
	const seen = new Set<string>();
	return places.filter((p) => { const k = `${p.kreis}|${p.land}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

type Dates = { start: ReturnType<typeof parseFuzzyDate>; end: ReturnType<typeof parseFuzzyDate> };

/** Do two rows' periods overlap? Unknown dates overlap everything. */
function datesOverlap(a: Dates, b: Dates): boolean {
	const from = (d: Dates) => d.start?.earliest ?? null;
	const to = (d: Dates) => d.end?.latest ?? null;
	const [fa, ta, fb, tb] = [from(a), to(a), from(b), to(b)];
	if (fa && tb && fa > tb) return false;
	if (fb && ta && fb > ta) return false;
	return true;
}

/** The start/end text as the register shows and exports it. */
const shownStart = (r: CooperationRecord) => r.start_source ?? r.start ?? null;

/**
 * Compute the preview for a read table and options. `today` decides derived statuses.
 */
export async function analyseImport(db: Kysely<Database>, regionId: string, table: ImportTable, options: ImportOptions, today = new Date()): Promise<ImportPreview> {
	const lk = await lookups(db, regionId);
	const sheetIndex = Math.min(Math.max(options.sheet, 0), table.sheets.length - 1);
	const sheet = table.sheets[sheetIndex]!;
	const textRows = sheet.rows.map((r) => r.map(cellText));
	const headerRow = options.headerRow !== null && options.headerRow >= 0 && options.headerRow < textRows.length ? options.headerRow : findHeaderRow(textRows);
	const width = Math.max(0, ...textRows.map((r) => r.length));
	const headers = Array.from({ length: width }, (_, i) => textRows[headerRow]?.[i] ?? '');
	const suggested = suggestMapping(headers);
	const mapping: Target[] = options.mapping && options.mapping.length === width
		? options.mapping.map((t) => ((TARGETS as readonly string[]).includes(t) ? t : 'ignore'))
		: suggested;
	const problems = mappingProblems(mapping);
	const col = (t: Target) => mapping.indexOf(t);
	const listCol = col('list');
	const defaultList = options.list && lk.lists.some((l) => l.id === options.list) ? options.list
		: (col('title_with_partners') >= 0 || col('org_unit') >= 0) && lk.lists.some((l) => l.id === 'kreis') ? 'kreis'
		: lk.lists.find((l) => l.id !== 'kreis')?.id ?? lk.lists[0]?.id ?? 'kommunen';
	const defaultTopic = options.topic && lk.topics.some((t) => t.id === options.topic) ? options.topic : null;
	const samples = headers.map((_, i) => textRows.slice(headerRow + 1).map((r) => r[i] ?? '').filter(Boolean).slice(0, 3));

	const placed = placesOfRows(sheet.rows.slice(headerRow + 1), col, lk);
	const filePlaces = uniquePlaces(placed.flat());
	const ctx: RowContext = { lk, options, anchors: { row: [], file: filePlaces, region: lk.regionPlaces }, unknown: new Map(), newBodies: new Map(), newAliases: new Map(), resolved: new Set() };
	const rows: PreviewRow[] = [];
	const seenInFile = new Map<string, number>();
	/** Earlier rows by partner set: likely duplicates are looked for among the rows with the same partners only. */
	const nearRows = new Map<string, { line: number; list: string; title: string; titleKey: string; partnerKey: string; dates: Dates; startText: string; statusText: string }[]>();
	const headerKeyLine = headers.map((h) => foldGerman(h)).join('\u0001');

	for (let i = headerRow + 1; i < sheet.rows.length; i++) {
		const cells = sheet.rows[i]!;
		const v = (t: Target): string => {
			const c = col(t);
			return c >= 0 ? cellText(cells[c]) : '';
		};
		const texts = textRows[i]!;
		if (!texts.some(Boolean)) continue;
		// The deck repeats the header on every slide: such rows are not data.
		if (texts.map((t) => foldGerman(t)).join('\u0001') === headerKeyLine) continue;
		if (isFooterRow(texts)) continue;
		const line = i + 1;
		ctx.anchors = { row: placed[i - headerRow - 1] ?? [], file: filePlaces, region: lk.regionPlaces };
		const findings: Finding[] = [];
		const p: Parsed = { title: '', titleSource: null, partnerText: null, participants: [], participantNotes: new Map(), groups: [], findings, blocked: false, unresolved: [] };

		// A row with the ID of an existing record: cells that read as the register shows them
		// (and exports them) stand for the record's own values, without being parsed again – a
		// partner group "CUA Bochum, CUA Dortmund" would not survive a split at commas.
		const idText = v('id');
		const byId = idText ? lk.existing.find((e) => e.id === idText) ?? null : null;
		const known = byId ? await readCooperation(db, byId.id) : null;

		// Title, and partners in its brackets (Kreis list).
		const withPartners = v('title_with_partners');
		if (withPartners && known && withPartners === (known.record.title_source ?? known.record.title)) {
			p.title = known.record.title;
			p.titleSource = known.record.title_source ?? null;
			keepPartners(known.record, p);
		} else if (withPartners) {
			p.titleSource = withPartners;
			const split = splitTitlePartners(withPartners);
			const pieces = split ? splitPartnerText(split.partners) : [];
			const anyKnown = pieces.some((pc) => pc.kind === 'group' || resolveName(pc.text, lk, ctx.anchors) || (pc.bare && resolveName(pc.bare, lk, ctx.anchors)));
			if (split && anyKnown) {
				p.title = split.title;
				p.partnerText = split.partners;
				readPartners(pieces, line, ctx, p);
			} else {
				p.title = withPartners;
			}
		} else {
			p.title = v('title');
		}
		const partnerCell = v('partners');
		if (col('partners') >= 0) {
			p.partnerText = partnerCell || null;
			if (known && partnerCell === shownPartners(known.record, lk)) keepPartners(known.record, p);
			else readPartners(splitPartnerText(partnerCell), line, ctx, p);
		}

		// List.
		let list = defaultList;
		if (listCol >= 0 && v('list')) {
			const l = listOf(v('list'), lk);
			if (l) list = l;
			else findings.push({ level: 'warning', text: `Liste „${v('list')}“ unbekannt – ${lk.names.list(defaultList)} angenommen.` });
		}
		// The Kreis list names agreements of the Kreis: the Kreis takes part.
		if (list === 'kreis' && lk.kreisBody && col('partners') < 0 && !p.participants.includes(lk.kreisBody)) {
			p.participants.unshift(lk.kreisBody);
		}

		// Performer.
		let performer: CooperationRecord['performer'] | null = null;
		const performerText = v('performer');
		if (col('performer') >= 0) {
			const key = foldGerman(performerText);
			const word = PERFORMER_WORDS.find(([re]) => re.test(key));
			if (!performerText || word) performer = { kind: word ? word[1] : 'unknown', body: null };
			else {
				const d = decideName(performerText, line, ctx);
				if ('ids' in d && d.ids.length === 1) performer = { kind: 'body', body: d.ids[0]! };
				else if ('ids' in d) performer = { kind: 'jointly', body: null };
				else if ('asText' in d) performer = { kind: 'unknown', body: null, note: performerText };
				else {
					p.blocked = true;
					findings.push({ level: 'error', text: `Aufgabenträger „${performerText}“ ist unbekannt – bitte unten zuordnen.` });
				}
			}
		}

		// Legal form.
		const lfText = v('legal_form');
		const lfSourceText = v('legal_form_source');
		let legalForm: string | null = null;
		if (col('legal_form') >= 0 || col('legal_form_source') >= 0) {
			const from = lfText || lfSourceText;
			// The Länder of the row's partners, for the names of the Länder's laws.
			const lands = new Set(p.participants.map((id) => lk.dir.place(id)?.land).filter((x): x is string => !!x));
			legalForm = legalFormOf(from, lk, lands);
			if (legalForm === null && lfSourceText && lfText) legalForm = legalFormOf(lfSourceText, lk, lands);
			if (legalForm === null) {
				legalForm = 'unknown';
				findings.push({ level: 'warning', text: `Rechtsform „${from}“ nicht erkannt – als „nicht angegeben“ übernommen, der Text bleibt erhalten.` });
			}
		}

		// Dates: fuzzy text; unreadable ones are kept and marked.
		const startText = v('start_text') || v('start');
		const endText = v('end_text') || v('end');
		for (const [label, text] of [['seit', startText], ['bis', endText]] as const) {
			if (text && !dateHint(text).readable) findings.push({ level: 'warning', text: `Datum „${text}“ (${label}) nicht lesbar – als Text übernommen.` });
		}

		// Status.
		let status: CooperationRecord['status'] | null = null;
		if (col('status') >= 0 && v('status')) {
			status = STATUS_BY_KEY.get(foldGerman(v('status'))) ?? null;
			if (!status) findings.push({ level: 'warning', text: `Status „${v('status')}“ unbekannt – abgeleitet.` });
		}

		// Topics.
		let topics: string[] | null = null;
		if (col('topics') >= 0 && v('topics')) {
			topics = [];
			for (const part of v('topics').split(/\s*[;,]\s*/).filter(Boolean)) {
				const t = topicOf(part, lk);
				if (t && !topics.includes(t)) topics.push(t);
				else if (!t) findings.push({ level: 'warning', text: `Themenfeld „${part}“ unbekannt.` });
			}
			if (!topics.length) topics = null;
		}

		const given = {
			number: col('number') >= 0 ? (/^\d{1,6}$/.test(v('number')) ? Number(v('number')) : null) : undefined,
			org: col('org_unit') >= 0 ? v('org_unit') || null : undefined,
			description: col('description') >= 0 ? v('description') || null : undefined,
			notes: col('notes') >= 0 ? v('notes') || null : undefined
		};
		if (col('number') >= 0 && v('number') && given.number === null) findings.push({ level: 'warning', text: `Nr. „${v('number')}“ ist keine Zahl – ignoriert.` });

		// Which record is it?
		let existing: Existing | null = byId;
		let duplicate: Existing | null = null;
		if (idText) {
			if (!existing && lk.existingIds.has(idText)) {
				findings.push({ level: 'error', text: `ID ${idText} gehört zu einer archivierten oder anderen Region – nicht übernommen.` });
				p.blocked = true;
			} else if (!existing && !/^[a-z0-9][a-z0-9-]{0,80}$/.test(idText)) {
				findings.push({ level: 'error', text: `ID „${idText}“ ist ungültig (nur a–z, 0–9 und Bindestrich).` });
				p.blocked = true;
			}
		}
		const titleKey = foldGerman(p.title);
		const partnerSet = new Set(p.participants);
		if (!existing && !idText && p.title) {
			existing = lk.existing.find((e) => e.list === list && e.titleKey === titleKey && sameSet(e.partners, partnerSet)) ?? null;
			if (!existing) {
				// A likely duplicate has the same partners and a similar title: rows that share a generic
				// title ("Standesamt") with other partners are other agreements (issue 14, part 3).
				duplicate = lk.existing.find((e) => (partnerSet.size === 0 ? e.partners.size === 0 && p.unresolved.length === 0 : sameSet(e.partners, partnerSet))
					&& (e.titleKey === titleKey || dice(e.titleKey, titleKey) >= 0.8)) ?? null;
			}
		}

		if (!p.title && !existing) {
			findings.push({ level: 'error', text: 'Aufgabenbereich fehlt.' });
			p.blocked = true;
		}

		// Build the record.
		let record: CooperationRecord;
		let baseVersion: number | null = null;
		let changes: DiffLine[];
		let action: RowAction;
		const old = known ?? (existing ? await readCooperation(db, existing.id) : null);
		if (old) {
			const r = structuredClone(old.record);
			// The Kreis list's cell is the source text; unchanged when it reads as stored.
			const sameSource = !!withPartners && withPartners === (r.title_source ?? r.title);
			if (p.title && p.title !== r.title && !sameSource) {
				r.title = p.title;
				if (p.titleSource) r.title_source = p.titleSource;
			}
			if (listCol >= 0 && v('list') && list !== r.list) r.list = list;
			if (given.number !== undefined && given.number !== null && given.number !== (r.number ?? null)) r.number = given.number;
			if (given.org !== undefined && (given.org ?? null) !== (r.org_unit ?? null)) r.org_unit = given.org;
			if (col('partners') >= 0 || (withPartners && p.partnerText)) {
				const now = new Set(p.participants);
				const nonPerf = r.participants.filter((x) => x.role !== 'performer');
				const oldSet = new Set(nonPerf.map((x) => x.body));
				if (!sameSet(oldSet, now)) {
					r.participants = [
						...r.participants.filter((x) => x.role === 'performer' || now.has(x.body)),
						...p.participants.filter((id) => !oldSet.has(id)).map((id) => ({ body: id, role: 'member' as const, joined: null, left: null, note: p.participantNotes.get(id) ?? null }))
					];
					if (p.partnerText) r.partners_source = p.partnerText;
				}
				const groups = p.groups.map((g) => ({ label: g.label, count: g.count, note: null }));
				const oldGroups = r.partner_groups.map((g) => g.label);
				if (JSON.stringify(oldGroups) !== JSON.stringify(groups.map((g) => g.label))) r.partner_groups = groups;
			}
			if (performer && (performer.kind !== r.performer.kind || (performer.body ?? null) !== (r.performer.body ?? null))) {
				r.performer = performer;
				r.performer_source = performerText || null;
				if (performer.body && !r.participants.some((x) => x.body === performer!.body)) r.participants.push({ body: performer.body, role: 'performer', joined: null, left: null, note: null });
			}
			if (col('legal_form_source') >= 0) {
				if (legalForm && legalForm !== r.legal_form) r.legal_form = legalForm;
				if (lfSourceText !== (r.legal_form_source ?? '')) r.legal_form_source = lfSourceText || null;
			} else if (legalForm && legalForm !== r.legal_form) {
				// Only the written form is given: a different form replaces both; the same form keeps the source text.
				r.legal_form = legalForm;
				r.legal_form_source = lfText || null;
			}
			if ((col('start') >= 0 || col('start_text') >= 0) && startText !== (shownStart(r) ?? '')) {
				r.start = startText || null;
				r.start_source = startText || null;
			}
			if ((col('end') >= 0 || col('end_text') >= 0) && endText !== (r.end ?? '')) r.end = endText || null;
			if (status && status !== r.status) r.status = status;
			if (topics && JSON.stringify(topics) !== JSON.stringify(r.topics)) r.topics = topics;
			if (given.description !== undefined && (given.description ?? null) !== (r.description ?? null)) r.description = given.description;
			if (given.notes !== undefined && (given.notes ?? null) !== (r.notes ?? null)) r.notes = given.notes;
			changes = diffCooperations(old.record, r, lk.names);
			record = r;
			baseVersion = old.version;
			action = changes.length ? 'update' : 'unchanged';
		} else {
			// A new record.
			const derived: CooperationRecord['derived'] = [];
			let topicList = topics;
			if (!topicList) {
				const t = topicFromTitle(p.title, lk);
				if (t) {
					topicList = [t];
					derived.push('topics');
					findings.push({ level: 'info', text: `Themenfeld abgeleitet: ${lk.names.topic(t)}.` });
				} else if (defaultTopic) {
					topicList = [defaultTopic];
					derived.push('topics');
				} else {
					findings.push({ level: 'error', text: 'Themenfeld fehlt und ist nicht erkennbar – bitte oben ein Themenfeld für solche Zeilen wählen.' });
					p.blocked = true;
				}
			}
			let st = status;
			if (!st) {
				const start = parseFuzzyDate(startText || null);
				// "2013 bis 2015" in the start column is a period that ended.
				// ("seit den 80er Jahren" is a start in a decade, not a period.)
				const end = parseFuzzyDate(endText || null) ?? (start?.precision === 'range' && start.qualifier !== 'ongoing' ? start : null);
				st = end?.latest && end.latest < today.toISOString().slice(0, 10) ? 'ended' : start?.qualifier === 'planned' ? 'planned' : 'active';
				derived.push('status');
			}
			const perf = performer ?? { kind: 'unknown' as const, body: null };
			const participants: CooperationRecord['participants'] = p.participants.map((id) => ({
				body: id, role: perf.body === id ? 'lead' as const : 'member' as const, joined: null, left: null, note: p.participantNotes.get(id) ?? null
			}));
			if (perf.body && !p.participants.includes(perf.body)) participants.push({ body: perf.body, role: 'performer', joined: null, left: null, note: null });
			record = {
				id: idText && /^[a-z0-9][a-z0-9-]{0,80}$/.test(idText) ? idText : '',
				list, number: given.number ?? null, slide: null, org_unit: given.org ?? null,
				title: p.title, title_source: p.titleSource ?? p.title, partners_source: p.partnerText, performer_source: performerText || null,
				performer: perf, legal_form: legalForm ?? 'unknown', legal_form_source: lfSourceText || lfText || null,
				start_source: startText || null, start: startText || null, end: endText || null, status: st,
				topics: topicList ?? [], description: given.description ?? null, notes: given.notes ?? null, derived,
				participants, partner_groups: p.groups.map((g) => ({ label: g.label, count: g.count, note: null })), events: []
			};
			changes = diffCooperations(null, record, lk.names);
			action = 'create';
			if (participants.length === 0 && p.groups.length === 0 && !p.blocked) findings.push({ level: 'warning', text: 'Keine Partner angegeben.' });
		}

		// Duplicates: of existing records, and of earlier rows of the same file.
		const partnerKey = [...partnerSet, ...p.unresolved.map((n) => `?${n}`)].sort().join(',');
		const fileKey = `${list}\u0001${titleKey}\u0001${partnerKey}`;
		const earlier = seenInFile.get(fileKey);
		const dates = { start: parseFuzzyDate(startText || null), end: parseFuzzyDate(endText || null) };
		const near = earlier === undefined && p.title && partnerKey
			? nearRows.get(partnerKey)?.find((r) => r.list === list && dice(r.titleKey, titleKey) >= 0.8 && datesOverlap(r.dates, dates)) : undefined;
		const decision = options.rows[String(i)];
		let isDuplicate = false;
		if (action === 'create' && duplicate) {
			isDuplicate = true;
			findings.push({ level: 'warning', text: `Mögliches Duplikat von Nr. ${duplicate.number ?? '–'} „${duplicate.title}“.` });
			if (decision !== 'create') action = 'skip';
		}
		if (earlier !== undefined && p.title) {
			isDuplicate = true;
			findings.push({ level: 'warning', text: `Gleiche Zeile wie Zeile ${earlier} dieser Datei.` });
			if (decision !== 'create') action = 'skip';
		} else if (near) {
			isDuplicate = true;
			const differs = [near.title !== p.title ? `Aufgabenbereich „${near.title}“ / „${p.title}“` : '', near.startText !== startText ? `seit „${near.startText || '–'}“ / „${startText || '–'}“` : '',
				near.statusText !== v('status') ? `Status „${near.statusText || '–'}“ / „${v('status') || '–'}“` : ''].filter(Boolean);
			findings.push({ level: 'warning', text: `Mögliches Duplikat von Zeile ${near.line} dieser Datei (gleiche Partner)${differs.length ? `; unterscheidet sich: ${differs.join('; ')}` : ''}.` });
			if (decision !== 'create') action = 'skip';
		}
		if (earlier === undefined && p.title) {
			seenInFile.set(fileKey, line);
			const same = nearRows.get(partnerKey) ?? [];
			same.push({ line, list, title: p.title, titleKey, partnerKey, dates, startText, statusText: v('status') });
			nearRows.set(partnerKey, same);
		}
		if (decision === 'skip') action = 'skip';
		if (p.blocked && action !== 'skip') action = 'error';

		rows.push({
			index: i, line, action, title: p.title || old?.record.title || '', partners: p.participants.map((id) => lk.names.body(id)).concat(p.groups.map((g) => g.label)),
			findings, existing: old ? { id: old.record.id, title: old.record.title, number: old.record.number ?? null } : duplicate ? { id: duplicate.id, title: duplicate.title, number: duplicate.number } : null,
			duplicate: isDuplicate, changes, record: action === 'create' || action === 'update' ? record : null, baseVersion
		});
	}

	const unknownNames: UnknownName[] = [...ctx.unknown.entries()].map(([key, u]) => {
		const q = options.search?.[key]?.trim();
		const found = q ? lk.dir.search(q, 8) : [];
		const suggestions = [...found, ...lk.dir.suggest(u.text, u.anchors).filter((s) => !found.some((f) => f.id === s.id))];
		const hit = q ? searchHit(key, { ...ctx, anchors: u.anchors }) : undefined;
		return { key, text: u.text, lines: u.lines, suggestions, decision: options.names[key] ?? hit ?? (options.createRemaining ? NEW_BODY : null), search: q ?? '' };
	});
	const newKind = (NEW_BODY_KINDS as readonly string[]).includes(options.newKind ?? '') ? options.newKind! : 'sonstige';
	const counts: Record<RowAction, number> = { create: 0, update: 0, unchanged: 0, skip: 0, error: 0 };
	for (const r of rows) counts[r.action]++;
	const blocking = [...problems];
	if (counts.error) blocking.push(`${counts.error} Zeile(n) mit Fehlern: bitte korrigieren (Namen zuordnen, Themenfeld wählen) oder auslassen.`);
	if (!rows.length) blocking.push('Die Tabelle enthält unter der Kopfzeile keine Datenzeilen.');
	if (rows.length && counts.create + counts.update === 0) blocking.push('Es gibt nichts zu übernehmen: alle Zeilen sind unverändert oder ausgelassen.');
	return {
		format: table.format, sheetNames: table.sheets.map((s) => s.name), sheet: sheetIndex, headerRow, headers, samples, mapping, suggested,
		mappingProblems: problems, lists: lk.lists, list: defaultList, topics: lk.topics, topic: defaultTopic, unknownNames, rows, counts, blocking,
		newBodies: [...ctx.newBodies.entries()].map(([key, name]) => ({ key, name, kind: newKind, aliases: [...(ctx.newAliases.get(key) ?? [])] })),
		names: { resolved: [...ctx.resolved].filter((k) => !ctx.unknown.has(k)).length, asked: ctx.unknown.size, created: ctx.newBodies.size }
	};
}
