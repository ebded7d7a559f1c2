/**
 * Working groups (Arbeitskreise, issue 6): the list of a region's groups with their counts, and one
 * group with its members, the measure it belongs to and its items (successes, results, proposals,
 * problems) with the register entries they correspond to, and its meetings (who hosted them, where,
 * on which topics). Contacts stay in the record: the page decides who sees them (members only).
 * Coordinators add meetings with `addMeeting` (lock, version and audit through `saveSteering`);
 * for groups whose members host in turn, `nextHost` names the member whose turn it is.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import { WG_ITEM_KINDS, type WorkingGroupMeeting, type WorkingGroupRecord } from '../data/steering-schema';
import { compareFuzzyDates, parseFuzzyDate } from '../../domain/fuzzy-date';
import { listSteering, readSteering, saveSteering } from './store';

export type WgItemKind = (typeof WG_ITEM_KINDS)[number];

export interface Named {
	id: string;
	name: string;
}

export interface WorkingGroupSummary {
	id: string;
	name: string;
	lead: Named | null;
	memberCount: number;
	counts: Record<WgItemKind, number>;
}

export interface WorkingGroupItem {
	title: string;
	text: string | null;
	bodies: Named[];
	cooperations: { id: string; title: string }[];
	slide: number | null;
}

export interface WorkingGroupDetail {
	record: WorkingGroupRecord;
	regionId: string;
	version: number;
	lead: Named | null;
	members: Named[];
	/** Body id -> name for every body the record names (members, lead, contacts, items). */
	bodyNames: Record<string, string>;
	measure: { id: string; number: string; title: string } | null;
	/** In the order success, result, proposal, problem; kinds without items are left out. */
	sections: { kind: WgItemKind; items: WorkingGroupItem[] }[];
	/** Newest first. */
	meetings: WorkingGroupMeetingView[];
	/** Whose turn it is to host the next meeting (groups with hosts_rotate only). */
	nextHost: Named | null;
}

export interface WorkingGroupMeetingView {
	date: string;
	host: Named | null;
	place: string | null;
	topics: string[];
	note: string | null;
}

/** Names of bodies by id (an unknown id keeps its id as the name). */
export async function bodyNames(db: Kysely<Database>, ids: Iterable<string | null | undefined>): Promise<Map<string, string>> {
	const wanted = [...new Set([...ids].filter((x): x is string => !!x))];
	const rows = wanted.length ? await db.selectFrom('body').select(['id', 'name']).where('id', 'in', wanted).execute() : [];
	const names = new Map(rows.map((r) => [r.id, r.name]));
	for (const id of wanted) if (!names.has(id)) names.set(id, id);
	return names;
}

/** Titles of register entries by id; ids that are not (or no longer) in the register are left out. */
export async function cooperationTitles(db: Kysely<Database>, ids: Iterable<string>): Promise<Map<string, string>> {
	const wanted = [...new Set(ids)];
	if (!wanted.length) return new Map();
	const rows = await db.selectFrom('cooperation').select(['id', 'title']).where('id', 'in', wanted).execute();
	return new Map(rows.map((r) => [r.id, r.title]));
}

const named = (names: Map<string, string>, id: string): Named => ({ id, name: names.get(id) ?? id });

export async function workingGroups(db: Kysely<Database>, regionId: string): Promise<WorkingGroupSummary[]> {
	const groups = await listSteering(db, 'working_group', regionId);
	const names = await bodyNames(db, groups.map((g) => g.record.lead));
	return groups.map(({ record: g }) => {
		const counts = Object.fromEntries(WG_ITEM_KINDS.map((k) => [k, 0])) as Record<WgItemKind, number>;
		for (const item of g.items) counts[item.kind]++;
		return { id: g.id, name: g.name, lead: g.lead ? named(names, g.lead) : null, memberCount: g.members.length, counts };
	});
}

export async function workingGroupDetail(db: Kysely<Database>, id: string): Promise<WorkingGroupDetail | null> {
	const stored = await readSteering(db, 'working_group', id);
	if (!stored) return null;
	const g = stored.record;
	const meetings = meetingsOf(g);
	const names = await bodyNames(db, [
		g.lead, ...g.members, ...g.contacts.map((c) => c.body), ...g.items.flatMap((i) => i.bodies), ...meetings.map((x) => x.host)
	]);
	const titles = await cooperationTitles(db, g.items.flatMap((i) => i.cooperations));
	const m = g.measure ? await readSteering(db, 'measure', g.measure) : null;
	const sections = WG_ITEM_KINDS.map((kind) => ({
		kind,
		items: g.items.filter((i) => i.kind === kind).map((i): WorkingGroupItem => ({
			title: i.title,
			text: i.text ?? null,
			bodies: i.bodies.map((b) => named(names, b)),
			cooperations: i.cooperations.filter((c) => titles.has(c)).map((c) => ({ id: c, title: titles.get(c)! })),
			slide: i.slide ?? null
		}))
	})).filter((s) => s.items.length > 0);
	return {
		record: g,
		regionId: stored.regionId,
		version: stored.version,
		lead: g.lead ? named(names, g.lead) : null,
		members: g.members.map((b) => named(names, b)),
		bodyNames: Object.fromEntries(names),
		measure: m ? { id: m.record.id, number: m.record.number, title: m.record.title } : null,
		sections,
		meetings: newestFirst(meetings).map((x) => ({
			date: x.date, host: x.host ? named(names, x.host) : null, place: x.place ?? null, topics: x.topics ?? [], note: x.note ?? null
		})),
		nextHost: nextHostOf(g, names)
	};
}

// --- Meetings -------------------------------------------------------------------------------

export const MEETING_DATE_MAX = 100;
export const MEETING_PLACE_MAX = 300;
export const MEETING_NOTE_MAX = 2000;
export const MEETING_TOPICS_MAX = 50;
export const MEETING_TOPIC_MAX = 300;

export interface MeetingInput {
	date: string;
	/** Body id, or '' for "not given". */
	host: string;
	place: string;
	/** One topic per line. */
	topics: string;
	note: string;
}

export type MeetingWrite =
	| { ok: true; version: number }
	| { ok: false; reason: 'invalid' | 'missing'; errors: { field: string; message: string }[] }
	| { ok: false; reason: 'conflict'; errors: { field: string; message: string }[]; currentVersion: number };

/** Records saved before meetings existed have none. */
const meetingsOf = (g: WorkingGroupRecord): WorkingGroupMeeting[] => g.meetings ?? [];

/** Meetings by date, oldest first (stable: same-day meetings keep their order; unreadable dates last). */
export function sortMeetings(meetings: readonly WorkingGroupMeeting[]): WorkingGroupMeeting[] {
	return meetings.map((m) => ({ m, d: parseFuzzyDate(m.date) }))
		.sort((a, b) => compareFuzzyDates(a.d, b.d))
		.map((x) => x.m);
}

/** Meetings newest first for the page; those without a readable date stay at the end. */
function newestFirst(meetings: readonly WorkingGroupMeeting[]): WorkingGroupMeeting[] {
	const sorted = sortMeetings(meetings);
	const dated = sorted.filter((m) => parseFuzzyDate(m.date)?.earliest);
	return [...dated.reverse(), ...sorted.filter((m) => !parseFuzzyDate(m.date)?.earliest)];
}

/** Whether a meeting date says when: a date the parser reads, not only "?" or "geplant". */
export function meetingDateReadable(text: string): boolean {
	const d = parseFuzzyDate(text);
	return !!d && d.readable && d.earliest !== null;
}

/**
 * The member whose turn it is in a group whose members host in turn: the one after the host of
 * the last meeting (by date) in the members list, wrapping round; the first member when no
 * meeting has a member as host yet. Null for groups that do not rotate or have no members.
 */
export function nextHost(record: WorkingGroupRecord): string | null {
	if (!record.hosts_rotate || !record.members.length) return null;
	const last = sortMeetings(meetingsOf(record)).reverse().find((m) => m.host && record.members.includes(m.host));
	if (!last?.host) return record.members[0] ?? null;
	return record.members[(record.members.indexOf(last.host) + 1) % record.members.length] ?? null;
}

function nextHostOf(g: WorkingGroupRecord, names: Map<string, string>): Named | null {
	const id = nextHost(g);
	return id ? named(names, id) : null;
}

const conflictMessage = (version: number) =>
	`Der Arbeitskreis wurde inzwischen von anderer Seite geändert (jetzt Version ${version}); Ihre Sitzung ist noch nicht gespeichert. Bitte prüfen Sie die erfassten Sitzungen. Fehlt Ihre Sitzung dort, speichern Sie das Formular erneut – Ihre Eingaben sind erhalten.`;

/** The problems of a meeting, at the form's field names (datum, gastgeber, ort, themen, hinweis). */
async function validateMeeting(db: Kysely<Database>, g: WorkingGroupRecord, regionId: string, input: MeetingInput) {
	const errors: { field: string; message: string }[] = [];
	const date = input.date.trim();
	if (!date) errors.push({ field: 'datum', message: 'Bitte geben Sie das Datum der Sitzung an.' });
	else if (date.length > MEETING_DATE_MAX) errors.push({ field: 'datum', message: `Bitte kürzen Sie das Datum auf höchstens ${MEETING_DATE_MAX} Zeichen.` });
	else if (!meetingDateReadable(date)) {
		errors.push({ field: 'datum', message: 'Dieses Datum können wir nicht lesen. Bitte schreiben Sie es z. B. als 12.03.2025, 20./21.09.2025, März 2025 oder 2025.' });
	}
	const host = input.host.trim() || null;
	if (host && !g.members.includes(host)) {
		const body = await db.selectFrom('body').select('id').where('id', '=', host).where('region_id', '=', regionId).executeTakeFirst();
		if (!body) errors.push({ field: 'gastgeber', message: 'Bitte wählen Sie als Gastgeber ein Mitglied des Arbeitskreises oder eine Körperschaft der Region.' });
	}
	const place = input.place.trim() || null;
	if (place && place.length > MEETING_PLACE_MAX) errors.push({ field: 'ort', message: `Bitte kürzen Sie den Ort auf höchstens ${MEETING_PLACE_MAX} Zeichen.` });
	const topics = input.topics.split(/\r\n|\r|\n/).map((t) => t.trim()).filter(Boolean);
	if (topics.length > MEETING_TOPICS_MAX) errors.push({ field: 'themen', message: `Bitte nennen Sie höchstens ${MEETING_TOPICS_MAX} Themen (jetzt ${topics.length}).` });
	const long = topics.findIndex((t) => t.length > MEETING_TOPIC_MAX);
	if (long >= 0) errors.push({ field: 'themen', message: `Bitte kürzen Sie das ${long + 1}. Thema auf höchstens ${MEETING_TOPIC_MAX} Zeichen.` });
	const note = input.note.trim() || null;
	if (note && note.length > MEETING_NOTE_MAX) errors.push({ field: 'hinweis', message: `Bitte kürzen Sie den Hinweis auf höchstens ${MEETING_NOTE_MAX} Zeichen.` });
	const meeting: WorkingGroupMeeting = { date, host, place, topics, note };
	return { errors, meeting };
}

/** Add a meeting to a working group under the optimistic lock; meetings stay sorted by date. */
export async function addMeeting(
	db: Kysely<Database>, actor: Actor, groupId: string, input: MeetingInput, expectedVersion: number, now = new Date()
): Promise<MeetingWrite> {
	const stored = await readSteering(db, 'working_group', groupId);
	if (!stored) return { ok: false, reason: 'missing', errors: [{ field: 'datum', message: 'Diesen Arbeitskreis gibt es nicht mehr.' }] };
	const { errors, meeting } = await validateMeeting(db, stored.record, stored.regionId, input);
	if (errors.length) return { ok: false, reason: 'invalid', errors };
	if (stored.version !== expectedVersion) {
		return { ok: false, reason: 'conflict', currentVersion: stored.version, errors: [{ field: 'datum', message: conflictMessage(stored.version) }] };
	}
	const record: WorkingGroupRecord = { ...stored.record, meetings: sortMeetings([...meetingsOf(stored.record), meeting]) };
	const saved = await saveSteering(db, actor, 'working_group', stored.regionId, record, expectedVersion, 'sitzung', `Sitzung ${meeting.date}`, now);
	if (!saved.ok) {
		if (saved.reason === 'conflict') {
			return { ok: false, reason: 'conflict', currentVersion: saved.current.version, errors: [{ field: 'datum', message: conflictMessage(saved.current.version) }] };
		}
		return { ok: false, reason: 'invalid', errors: saved.problems.map((message) => ({ field: 'datum', message })) };
	}
	return { ok: true, version: saved.version };
}
