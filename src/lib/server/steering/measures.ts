/**
 * Measures (Empfehlungen / Maßnahmen 1.1 … 7.1) of the steering deck: the board by field and
 * status, one measure with everything it links, the status update by the coordination (a dated
 * entry appended to the status history, saved and versioned through saveSteering), and the
 * report to the Bürgermeisterkonferenz: what changed since the last report.
 *
 * A report period starts at an instant. A status history entry carries only a (fuzzy) day, so it
 * belongs to the period when its whole earliest day lies in it; app changes are also found by
 * their versions (record_version, exact instants). The file state kept as version 1 ("aus
 * Datendatei") is not a change: its time is the time of loading, not of a decision.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import { MEASURE_STATUSES, type ConferenceRecord, type MeasureRecord } from '../data/steering-schema';
import { parseFuzzyDate } from '../../domain/fuzzy-date';
import { facetIndex } from '../search/facet-index';
import { listSteering, readSteering, saveSteering, steeringVersions, type ReportRecord, type Stored } from './store';
import { COOPERATION_SNAPSHOT_END, readJson } from '../db/json-columns';

export type MeasureStatus = (typeof MEASURE_STATUSES)[number];

/** The order of the statuses on the board and in the count tables. */
export const STATUS_ORDER: readonly MeasureStatus[] = ['realised', 'partly_realised', 'not_realised', 'no_need', 'in_progress', 'open'];

/** The action of the file state kept as the first version (store.ts, write.ts). */
const FILE_STATE = 'aus Datendatei';

export interface NamedRef {
	id: string;
	name: string;
}

export type StatusCounts = Record<MeasureStatus, number>;

export interface BoardMeasure {
	id: string;
	number: string;
	title: string;
	status: MeasureStatus;
	lead: NamedRef[];
	leadNote: string | null;
	cooperationCount: number;
}

export interface BoardField {
	id: string;
	number: number | null;
	title: string;
	measures: BoardMeasure[];
	counts: StatusCounts;
}

export interface MeasureBoard {
	regionId: string;
	fields: BoardField[];
	counts: StatusCounts;
	total: number;
}

const zeroCounts = (): StatusCounts => Object.fromEntries(MEASURE_STATUSES.map((s) => [s, 0])) as StatusCounts;

/** "1.10" after "1.9": compare the dotted numbers part by part. */
export function compareMeasureNumbers(a: string, b: string): number {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
		const d = (pa[i] ?? -1) - (pb[i] ?? -1);
		if (d !== 0) return d;
	}
	return 0;
}

async function bodyNames(db: Kysely<Database>): Promise<(ids: readonly string[]) => NamedRef[]> {
	const { lookups } = await facetIndex(db);
	return (ids) => ids.map((id) => ({ id, name: lookups.bodies.get(id)?.name ?? id }));
}

/** The fields in their order, each with its measures, plus the counts per status overall and per field. */
export async function measureBoard(db: Kysely<Database>, regionId: string): Promise<MeasureBoard> {
	const names = await bodyNames(db);
	const fields = (await listSteering(db, 'field', regionId)).map((f) => f.record).sort((a, b) => a.number - b.number);
	const measures = (await listSteering(db, 'measure', regionId)).map((m) => m.record).sort((a, b) => compareMeasureNumbers(a.number, b.number));
	const board: BoardField[] = fields.map((f) => ({ id: f.id, number: f.number, title: f.title, measures: [], counts: zeroCounts() }));
	const counts = zeroCounts();
	for (const m of measures) {
		let field = board.find((f) => f.id === m.field);
		if (!field) {
			// A measure whose field is missing still counts; it gets a group of its own.
			field = { id: m.field, number: null, title: `ohne Zusammenarbeitsfeld (${m.field})`, measures: [], counts: zeroCounts() };
			board.push(field);
		}
		field.measures.push({
			id: m.id, number: m.number, title: m.title, status: m.status, lead: names(m.lead), leadNote: m.lead_note ?? null,
			cooperationCount: m.cooperations.length
		});
		field.counts[m.status]++;
		counts[m.status]++;
	}
	return { regionId, fields: board, counts, total: measures.length };
}

export interface MeasureDetail {
	record: MeasureRecord;
	regionId: string;
	version: number;
	origin: string;
	updatedAt: string;
	field: { id: string; number: number | null; title: string } | null;
	conference: { id: string; title: string; date: string; place: string | null } | null;
	lead: NamedRef[];
	participants: NamedRef[];
	cooperations: { id: string; title: string; archived: boolean }[];
	workingGroups: NamedRef[];
}

/** One measure with its field, the conference that decided it, body names, linked cooperations and working groups. */
export async function measureDetail(db: Kysely<Database>, id: string): Promise<MeasureDetail | null> {
	const stored = await readSteering(db, 'measure', id);
	if (!stored) return null;
	const m = stored.record;
	const names = await bodyNames(db);
	const field = await readSteering(db, 'field', m.field);
	const conference = m.decided_at ? await readSteering(db, 'conference', m.decided_at) : null;
	const coopRows = m.cooperations.length
		? await db.selectFrom('cooperation').select(['id', 'title', 'archived_at']).where('id', 'in', m.cooperations).execute()
		: [];
	const byId = new Map(coopRows.map((c) => [c.id, c]));
	const groups = (await listSteering(db, 'working_group', stored.regionId)).filter((g) => g.record.measure === id);
	return {
		record: m, regionId: stored.regionId, version: stored.version, origin: stored.origin, updatedAt: stored.updatedAt,
		field: field ? { id: field.record.id, number: field.record.number, title: field.record.title } : null,
		conference: conference ? { id: conference.record.id, title: conference.record.title, date: conference.record.date, place: conference.record.place ?? null } : null,
		lead: names(m.lead),
		participants: names(m.participants),
		cooperations: m.cooperations.map((cid) => {
			const c = byId.get(cid);
			return { id: cid, title: c?.title ?? cid, archived: !!c?.archived_at };
		}),
		workingGroups: groups.map((g) => ({ id: g.record.id, name: g.record.name }))
	};
}

/** The measures that link a cooperation (for the cooperation profile). */
export async function measuresForCooperation(db: Kysely<Database>, cooperationId: string): Promise<readonly MeasureOfCooperation[]> {
	return (await measuresByCooperation(db)).get(cooperationId) ?? [];
}

interface MeasureOfCooperation {
	id: string;
	number: string;
	title: string;
	status: MeasureStatus;
}

/**
 * The measures of every cooperation, in number order: read once per data revision (a measure's
 * change bumps it), not all measures on every cooperation profile (issue 15).
 */
async function measuresByCooperation(db: Kysely<Database>): Promise<ReadonlyMap<string, readonly MeasureOfCooperation[]>> {
	return (await facetIndex(db)).cachedAsync('measures-by-cooperation', async () => {
		const byCooperation = new Map<string, MeasureOfCooperation[]>();
		for (const m of await listSteering(db, 'measure')) {
			const measure = { id: m.record.id, number: m.record.number, title: m.record.title, status: m.record.status };
			for (const id of new Set(m.record.cooperations)) {
				let list = byCooperation.get(id);
				if (!list) byCooperation.set(id, (list = []));
				list.push(measure);
			}
		}
		for (const list of byCooperation.values()) list.sort((a, b) => compareMeasureNumbers(a.number, b.number));
		return byCooperation;
	});
}

// ---------------------------------------------------------------------------------------------
// Days in Berlin

const BERLIN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
const BERLIN_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', hourCycle: 'h23' });

/** The calendar day (YYYY-MM-DD) of an instant in Berlin. */
export function berlinDay(at: Date = new Date()): string {
	return BERLIN_DAY.format(at);
}

/** The instant a Berlin day begins (midnight there is 22:00 or 23:00 UTC the day before). */
export function berlinDayStart(day: string): string {
	const utc = Date.parse(`${day}T00:00:00Z`);
	const hour = Number(BERLIN_HOUR.format(new Date(utc)));
	return new Date(utc - hour * 3_600_000).toISOString();
}

function nextDay(day: string): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** A real calendar day written YYYY-MM-DD. */
export const isDay = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** "2026-03-05" → "05.03.2026". */
export const germanDay = (day: string): string => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

// ---------------------------------------------------------------------------------------------
// Status update

export interface StatusInput {
	status: string;
	note: string;
	/** YYYY-MM-DD; default today in Berlin. */
	date?: string | null;
	/** A number sets the realised savings, null clears them, undefined leaves them. */
	savingsRealised?: number | null;
}

export type StatusUpdate =
	| { ok: true; version: number }
	| { ok: false; reason: 'not_found' }
	| { ok: false; reason: 'conflict'; currentStatus: MeasureStatus; currentVersion: number }
	| { ok: false; reason: 'invalid'; errors: { field: string; message: string }[] };

/** Check the input of a status update; German messages at the form's field names. */
export function checkStatusInput(input: StatusInput, now = new Date()): { field: string; message: string }[] {
	const errors: { field: string; message: string }[] = [];
	if (!(MEASURE_STATUSES as readonly string[]).includes(input.status)) errors.push({ field: 'status', message: 'Bitte wählen Sie einen Status aus.' });
	if (input.date && !isDay(input.date)) errors.push({ field: 'date', message: 'Bitte geben Sie das Datum als Tag, Monat und Jahr an.' });
	else if (input.date && input.date > berlinDay(now)) errors.push({ field: 'date', message: 'Das Datum darf nicht in der Zukunft liegen.' });
	if (!input.note.trim()) errors.push({ field: 'note', message: 'Bitte kurz begründen: Was hat sich geändert?' });
	else if (input.note.length > 2000) errors.push({ field: 'note', message: 'Die Notiz darf höchstens 2.000 Zeichen lang sein.' });
	const s = input.savingsRealised;
	if (s !== undefined && s !== null && (!Number.isFinite(s) || s < 0 || s > 1e12)) {
		errors.push({ field: 'savings', message: 'Bitte geben Sie die realisierten Einsparungen als Betrag in Euro ab 0 an (oder lassen Sie das Feld leer).' });
	}
	return errors;
}

/** Append a dated status entry, set the status and save (action 'status', the note as comment). */
export async function updateMeasureStatus(
	db: Kysely<Database>, actor: Actor, id: string, input: StatusInput, expectedVersion: number, now = new Date()
): Promise<StatusUpdate> {
	const errors = checkStatusInput(input, now);
	if (errors.length) return { ok: false, reason: 'invalid', errors };
	const stored = await readSteering(db, 'measure', id);
	if (!stored) return { ok: false, reason: 'not_found' };
	if (stored.version !== expectedVersion) return { ok: false, reason: 'conflict', currentStatus: stored.record.status, currentVersion: stored.version };
	const status = input.status as MeasureStatus;
	const note = input.note.trim();
	const record: MeasureRecord = {
		...stored.record,
		status,
		status_history: [...stored.record.status_history, { date: germanDay(input.date || berlinDay(now)), status, note }],
		// A status set by hand is no longer "derived from the result text" (issue 18, measure 1.5).
		derived: stored.record.derived.filter((f) => f !== 'status'),
		...(input.savingsRealised !== undefined ? { savings_realised_eur: input.savingsRealised } : {})
	};
	const saved = await saveSteering(db, actor, 'measure', stored.regionId, record, expectedVersion, 'status', note, now);
	if (saved.ok) return saved;
	if (saved.reason === 'conflict') {
		const cur = saved.current.record as MeasureRecord;
		return { ok: false, reason: 'conflict', currentStatus: cur.status, currentVersion: saved.current.version };
	}
	return { ok: false, reason: 'invalid', errors: saved.problems.map((message) => ({ field: 'status', message })) };
}

// ---------------------------------------------------------------------------------------------
// Report to the conference

export interface ReportMeasure {
	id: string;
	number: string;
	title: string;
	field: string | null;
	/** The status before the period (null: not known, e.g. no earlier entry). */
	before: MeasureStatus | null;
	after: MeasureStatus;
	/** Created in the app during the period. */
	created: boolean;
	/** The status entries of the period, oldest first. */
	entries: { date: string; status: MeasureStatus; note: string | null }[];
	/** App changes in the period: when, what, the comment (no names: the report is public). */
	changes: { at: string; action: string; comment: string | null }[];
}

export type CooperationChangeKind = 'created' | 'ended' | 'archived' | 'reactivated' | 'changed';

export interface ReportCooperation {
	id: string;
	title: string;
	kind: CooperationChangeKind;
	changes: { at: string; action: string; comment: string | null }[];
}

export interface Report {
	/** The instant the period starts (inclusive). */
	from: string;
	/** The first whole day of the period: day-dated status entries from this day on count. */
	fromDay: string;
	measures: ReportMeasure[];
	cooperations: ReportCooperation[];
}

/** The days a fuzzy date covers (two-day meetings such as "13./14.01.2016" included). */
export function fuzzyDays(text: string | null | undefined): { earliest: string; latest: string } | null {
	const p = parseFuzzyDate(text);
	return p?.earliest && p.latest ? { earliest: p.earliest, latest: p.latest } : null;
}

/** Where a period starts: a day (YYYY-MM-DD) from its beginning in Berlin, or an exact ISO instant. */
function periodStart(since: string): { from: string; fromDay: string } {
	if (isDay(since)) return { from: berlinDayStart(since), fromDay: since };
	const at = new Date(since);
	if (Number.isNaN(at.getTime())) throw new Error(`Ungültiger Beginn des Berichtszeitraums: ${since}`);
	const from = at.toISOString();
	const day = berlinDay(at);
	// A day-dated entry counts only when its whole day lies in the period.
	return { from, fromDay: berlinDayStart(day) === from ? day : nextDay(day) };
}

/** What changed since `since` (a day or an instant): measures with before → after, and register changes. */
export async function reportSince(db: Kysely<Database>, regionId: string, since: string): Promise<Report> {
	const { from, fromDay } = periodStart(since);
	const fields = new Map((await listSteering(db, 'field', regionId)).map((f) => [f.record.id, f.record]));
	const measures: ReportMeasure[] = [];
	for (const m of await listSteering(db, 'measure', regionId)) {
		const r = m.record;
		const versions = (await steeringVersions(db, 'measure', r.id)).sort((a, b) => a.version - b.version);
		const inPeriod = versions.filter((v) => v.action !== FILE_STATE && v.at >= from);
		const history = r.status_history;
		// Entries the app added in the period: those beyond the history of the state before it.
		let firstNew = history.length;
		let stateBefore: MeasureRecord | null = null;
		let created = false;
		if (inPeriod.length) {
			const first = inPeriod[0]!;
			const prev = versions.filter((v) => v.version < first.version).at(-1);
			stateBefore = prev?.record ?? null;
			created = !prev;
			firstNew = Math.min(firstNew, stateBefore?.status_history.length ?? 0);
		}
		history.forEach((e, i) => {
			const earliest = fuzzyDays(e.date)?.earliest;
			if (earliest && earliest >= fromDay) firstNew = Math.min(firstNew, i);
		});
		if (!inPeriod.length && firstNew >= history.length) continue;
		const before = stateBefore && firstNew >= stateBefore.status_history.length
			? stateBefore.status
			: firstNew > 0 ? (history[firstNew - 1]?.status ?? null) : null;
		measures.push({
			id: r.id, number: r.number, title: r.title, field: fields.get(r.field)?.title ?? null,
			before: created ? null : before, after: r.status, created,
			entries: history.slice(firstNew).map((e) => ({ date: e.date, status: e.status, note: e.note ?? null })),
			changes: inPeriod.map((v) => ({ at: v.at, action: v.action, comment: v.comment }))
		});
	}
	measures.sort((a, b) => compareMeasureNumbers(a.number, b.number));

	const rows = await db.selectFrom('record_version')
		.innerJoin('cooperation', 'cooperation.id', 'record_version.entity_id')
		.select(['record_version.entity_id as id', 'cooperation.title', 'record_version.version', 'record_version.at', 'record_version.action', 'record_version.comment', 'record_version.snapshot_json'])
		.where('record_version.entity', '=', 'cooperation').where('cooperation.region_id', '=', regionId)
		.orderBy('record_version.entity_id').orderBy('record_version.version')
		.execute();
	const byCoop = new Map<string, typeof rows>();
	for (const row of rows) byCoop.set(row.id, [...(byCoop.get(row.id) ?? []), row]);
	const cooperations: ReportCooperation[] = [];
	for (const [id, all] of byCoop) {
		const period = all.filter((v) => v.action !== FILE_STATE && v.at >= from);
		if (!period.length) continue;
		const first = period[0]!;
		const last = period.at(-1)!;
		const prev = all.filter((v) => v.version < first.version).at(-1);
		const endOf = (json: string | null | undefined): string | null => (json ? (readJson(COOPERATION_SNAPSHOT_END, json).end ?? null) : null);
		let kind: CooperationChangeKind = 'changed';
		if (!prev) kind = 'created';
		else if (last.action === 'archiviert') kind = 'archived';
		else if (last.action === 'reaktiviert') kind = 'reactivated';
		else if (endOf(last.snapshot_json) && !endOf(prev.snapshot_json)) kind = 'ended';
		cooperations.push({ id, title: last.title, kind, changes: period.map((v) => ({ at: v.at, action: v.action, comment: v.comment })) });
	}
	cooperations.sort((a, b) => a.title.localeCompare(b.title, 'de'));
	return { from, fromDay, measures, cooperations };
}

/** The newest report mark of a region (by its date, then when it was recorded). */
export async function lastReport(db: Kysely<Database>, regionId: string): Promise<Stored<'report'> | null> {
	const all = await listSteering(db, 'report', regionId);
	all.sort((a, b) => (a.record.date === b.record.date ? (a.updatedAt < b.updatedAt ? -1 : 1) : a.record.date < b.record.date ? -1 : 1));
	return all.at(-1) ?? null;
}

/**
 * When the current report period starts: the instant the last report was marked, else the day
 * after the newest conference (its last day, read from the fuzzy date), else null.
 */
export async function defaultReportStart(db: Kysely<Database>, regionId: string): Promise<{ since: string; basis: 'report' | 'conference'; label: string } | null> {
	const last = await lastReport(db, regionId);
	if (last) return { since: last.updatedAt, basis: 'report', label: last.record.title };
	let newest: { latest: string; title: string; date: string } | null = null;
	for (const c of await listSteering(db, 'conference', regionId)) {
		const latest = fuzzyDays(c.record.date)?.latest;
		if (latest && (!newest || latest > newest.latest)) newest = { latest, title: c.record.title, date: c.record.date };
	}
	return newest ? { since: nextDay(newest.latest), basis: 'conference', label: `${newest.title} ${newest.date}` } : null;
}

/** Mark the report as given today: the next report starts from now. */
export async function markReported(db: Kysely<Database>, actor: Actor, regionId: string, title: string, now = new Date()) {
	const day = berlinDay(now);
	const taken = new Set((await listSteering(db, 'report')).map((r) => r.record.id));
	let id = `bericht-${day}`;
	for (let n = 2; taken.has(id); n++) id = `bericht-${day}-${n}`;
	const record: ReportRecord = { id, date: day, title: title.trim().slice(0, 300) || `Bericht an die Bürgermeisterkonferenz ${germanDay(day)}` };
	return saveSteering(db, actor, 'report', regionId, record, null, 'erstattet', null, now);
}

// ---------------------------------------------------------------------------------------------
// Overview and conferences

export async function regionName(db: Kysely<Database>, regionId: string): Promise<string> {
	return (await db.selectFrom('region').select('name').where('id', '=', regionId).executeTakeFirst())?.name ?? regionId;
}

export interface ConferenceSummary {
	id: string;
	title: string;
	date: string;
	place: string | null;
	measureCount: number;
}

/** The conferences of a region, oldest first, with the number of measures each decided. */
export async function conferences(db: Kysely<Database>, regionId: string): Promise<ConferenceSummary[]> {
	const measures = (await listSteering(db, 'measure', regionId)).map((m) => m.record);
	return (await listSteering(db, 'conference', regionId))
		.map((c) => ({
			id: c.record.id, title: c.record.title, date: c.record.date, place: c.record.place ?? null,
			measureCount: measures.filter((m) => m.decided_at === c.record.id).length, sortKey: fuzzyDays(c.record.date)?.earliest ?? '9999'
		}))
		.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
		.map(({ sortKey: _, ...c }) => c);
}

export interface ConferenceDetail {
	record: ConferenceRecord;
	regionId: string;
	participants: NamedRef[];
	measures: { id: string; number: string; title: string; status: MeasureStatus }[];
	ideas: { id: string; title: string }[];
}

/** One conference with participant names, the measures it decided and the ideas brought up there. */
export async function conferenceDetail(db: Kysely<Database>, id: string): Promise<ConferenceDetail | null> {
	const c = await readSteering(db, 'conference', id);
	if (!c) return null;
	const names = await bodyNames(db);
	const measures = (await listSteering(db, 'measure', c.regionId)).map((m) => m.record).filter((m) => m.decided_at === id)
		.sort((a, b) => compareMeasureNumbers(a.number, b.number))
		.map((m) => ({ id: m.id, number: m.number, title: m.title, status: m.status }));
	const ideas = (await listSteering(db, 'idea', c.regionId)).map((i) => i.record).filter((i) => i.proposed_at === id)
		.map((i) => ({ id: i.id, title: i.title }));
	return { record: c.record, regionId: c.regionId, participants: names(c.record.participants), measures, ideas };
}

/** How many working groups and ideas a region has (for the overview's links). */
export async function steeringCounts(db: Kysely<Database>, regionId: string): Promise<{ workingGroups: number; ideas: number }> {
	return {
		workingGroups: (await listSteering(db, 'working_group', regionId)).length,
		ideas: (await listSteering(db, 'idea', regionId)).length
	};
}
