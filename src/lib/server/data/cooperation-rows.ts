/**
 * The one mapping between a cooperation record (src/lib/domain/cooperation.ts) and its database
 * rows: the `cooperation` row, its four child tables and the way back. The data-file loader
 * (load-data.ts) and the saves of the app (registry/write.ts) both write through it, so a record
 * reads back the same whichever way it came in.
 */
import type { Kysely, Selectable } from 'kysely';
import type { CooperationTable, Database, LifecycleEventTable, ParticipationTable, PartnerGroupTable } from '../db/schema';
import { parseFuzzyDate } from '../../domain/fuzzy-date';
import { foldGerman } from '../../domain/text-fold';
import { DERIVABLE, type CooperationRecord } from '../../domain/cooperation';
import { COOPERATION_DERIVED, readJson } from '../db/json-columns';

type Derivable = CooperationRecord['derived'][number];
/** derived_json keeps the field names as they were written; a name no longer derivable is dropped on reading. */
const isDerivable = (f: string): f is Derivable => (DERIVABLE as readonly string[]).includes(f);

function fuzzyColumns(text: string | null | undefined) {
	const d = parseFuzzyDate(text ?? null);
	return {
		text: d ? d.text : null,
		earliest: d?.earliest ?? null,
		latest: d?.latest ?? null,
		precision: d?.precision ?? null,
		qualifier: d?.qualifier ?? null
	};
}

/** What the search text needs to know beyond the record: legal form labels and body names. */
export interface SearchTextNames {
	legalForm(id: string): { label: string; short: string } | undefined;
	bodyWords(id: string): (string | null | undefined)[];
}

/** The folded text the search index holds for one cooperation. */
export function searchText(c: CooperationRecord, names: SearchTextNames): string {
	const words: (string | null | undefined)[] = [
		c.title, c.title_source, c.description, c.notes, c.partners_source, c.performer_source,
		c.org_unit, c.legal_form_source
	];
	const lf = names.legalForm(c.legal_form);
	if (lf && c.legal_form !== 'unknown') words.push(lf.label, lf.short);
	// Topic labels stay out on purpose: "Sicherheit / Ordnung / Rettungswesen" would make "rettung"
	// find the Tierheim. The topic filter answers that question instead.
	const named = [...c.participants.map((p) => p.body), ...(c.performer.body ? [c.performer.body] : [])];
	for (const id of named) words.push(...names.bodyWords(id));
	for (const g of c.partner_groups) words.push(g.label, g.note);
	return foldGerman(words.filter(Boolean).join(' \n '));
}

/** The cooperation table's columns for a record (everything but seq, created_at and the lock). */
export function cooperationColumns(c: CooperationRecord, regionId: string, text: string, contentHash: string, origin: string, stamp: string) {
	const start = fuzzyColumns(c.start);
	const end = fuzzyColumns(c.end);
	return {
		id: c.id, region_id: regionId, list: c.list, number: c.number ?? null, slide: c.slide ?? null,
		org_unit: c.org_unit ?? null, title: c.title, title_source: c.title_source ?? null,
		partners_source: c.partners_source ?? null, performer_source: c.performer_source ?? null,
		performer_kind: c.performer.kind, performer_body_id: c.performer.body ?? null,
		legal_form_id: c.legal_form, legal_form_source: c.legal_form_source ?? null,
		start_text: c.start_source ?? start.text, start_earliest: start.earliest, start_latest: start.latest,
		start_precision: start.precision, start_qualifier: start.qualifier,
		end_text: end.text, end_earliest: end.earliest, end_latest: end.latest,
		end_precision: end.precision, end_qualifier: end.qualifier,
		status: c.status, description: c.description ?? null, notes: c.notes ?? null, source: c.source ?? null,
		// start_source is kept as given: start_text alone cannot tell "the source said 1961" from
		// "no source text" when both read the same.
		derived_json: JSON.stringify({ fields: c.derived, performer_note: c.performer.note ?? null, start_clean: c.start ?? null, start_source: c.start_source ?? null }),
		origin, content_hash: contentHash, search_text: text, updated_at: stamp
	};
}

/** The rows of a cooperation's child tables (topics, participations, partner groups, lifecycle events). */
export function childRows(seq: number, c: CooperationRecord) {
	return {
		cooperation_topic: c.topics.map((topic_id, position) => ({ cooperation_seq: seq, topic_id, position })),
		participation: c.participants.map((p, position) => {
			const joined = fuzzyColumns(p.joined);
			const left = fuzzyColumns(p.left);
			return {
				cooperation_seq: seq, position, body_id: p.body, role: p.role,
				joined_text: joined.text, joined_earliest: joined.earliest, joined_latest: joined.latest,
				joined_qualifier: joined.qualifier, left_text: left.text, left_earliest: left.earliest,
				left_latest: left.latest, note: p.note ?? null
			};
		}),
		partner_group: c.partner_groups.map((g, position) => ({
			cooperation_seq: seq, position, label: g.label, count: g.count ?? null, note: g.note ?? null
		})),
		lifecycle_event: c.events.map((e, position) => {
			const d = fuzzyColumns(e.date);
			return {
				cooperation_seq: seq, position, kind: e.kind, date_text: d.text, date_earliest: d.earliest,
				date_latest: d.latest, text: e.text ?? null
			};
		})
	};
}

export const CHILD_TABLES = ['cooperation_topic', 'participation', 'partner_group', 'lifecycle_event'] as const;

export async function writeChildren(db: Kysely<Database>, seq: number, c: CooperationRecord): Promise<void> {
	const rows = childRows(seq, c);
	for (const t of CHILD_TABLES) {
		if (rows[t].length) await db.insertInto(t).values(rows[t]).execute();
	}
}


export interface CooperationRows {
	cooperation: Selectable<CooperationTable>;
	topics: string[];
	participants: Selectable<ParticipationTable>[];
	partnerGroups: Selectable<PartnerGroupTable>[];
	events: Selectable<LifecycleEventTable>[];
}

/** The record back from its rows (the inverse of `cooperationColumns` and `childRows`). */
export function recordFromRows(rows: CooperationRows): CooperationRecord {
	const c = rows.cooperation;
	// What derived_json holds besides the derived fields: values without a column of their own (db/json-columns.ts).
	const derived = readJson(COOPERATION_DERIVED, c.derived_json);
	// A null start_clean means "no start", not "look at start_text" (which may hold the source text).
	const startClean = 'start_clean' in derived ? (derived.start_clean ?? null) : c.start_text;
	// Rows written before start_source was kept in derived_json: the best guess from start_text.
	const startSource = 'start_source' in derived ? (derived.start_source ?? null) : c.start_text !== startClean ? c.start_text : null;
	return {
		id: c.id, list: c.list, number: c.number, slide: c.slide, org_unit: c.org_unit, title: c.title,
		title_source: c.title_source, partners_source: c.partners_source, performer_source: c.performer_source,
		performer: { kind: c.performer_kind as CooperationRecord['performer']['kind'], body: c.performer_body_id, ...(derived.performer_note ? { note: derived.performer_note } : {}) },
		legal_form: c.legal_form_id, legal_form_source: c.legal_form_source,
		start_source: startSource,
		start: startClean, end: c.end_text, status: c.status as CooperationRecord['status'],
		topics: rows.topics, description: c.description, notes: c.notes,
		// Only when set: records without a source read back exactly as they were written.
		...(c.source ? { source: c.source } : {}),
		derived: (derived.fields ?? []).filter(isDerivable),
		participants: rows.participants.map((p) => ({ body: p.body_id, role: p.role as CooperationRecord['participants'][number]['role'], joined: p.joined_text, left: p.left_text, note: p.note })),
		partner_groups: rows.partnerGroups.map((g) => ({ label: g.label, count: g.count, note: g.note })),
		events: rows.events.map((e) => ({ kind: e.kind as CooperationRecord['events'][number]['kind'], date: e.date_text, text: e.text }))
	};
}

/** Delete a cooperation's child rows (before writing a new version of them). */
export async function deleteChildren(db: Kysely<Database>, seq: number): Promise<void> {
	for (const t of CHILD_TABLES) await db.deleteFrom(t).where('cooperation_seq', '=', seq).execute();
}
