/**
 * Deadlines of a region (issue 6, item 5): what is due, derived from the data and never invented.
 *
 * - Cooperations (not archived): an end date (`end_text`) → "Ende"; a start that is only planned
 *   (qualifier "geplant" or status "geplant") → "geplanter Beginn"; a partner's planned joining
 *   ("2015 gepl.") → "geplanter Beginn" of that partner, a partner's leaving date → "Ende" of that
 *   partner's participation; lifecycle events "Kündigung" and "geplant" with a date; status
 *   "befristet" without an end → listed without a date ("befristet, Ende unbekannt").
 * - Measures: their `due` date when one is set.
 * - Reports to the mayors' conference: the mandate says twice a year, so the next two report dates
 *   are 6 and 12 months after the last report (or, without one, after the newest conference);
 *   marked as derived.
 *
 * Dates that are only a year or a month are placed on their first day; `precision` says so and
 * `dateLabel` shows it ("2027 (Jahr)").
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { parseFuzzyDate, type FuzzyDate, type Precision } from '../../domain/fuzzy-date';
import { listSteering } from './store';
import { facetIndex } from '../search/facet-index';
import { regionScope } from '../analysis/scope';
import { newToken, tokenHash } from '../auth/tokens';

export type DeadlineKind = 'ende' | 'beginn-geplant' | 'kuendigung' | 'massnahme' | 'bericht' | 'befristet';

export const DEADLINE_KIND_LABEL: Record<DeadlineKind, string> = {
	ende: 'Ende',
	'beginn-geplant': 'geplanter Beginn',
	kuendigung: 'Kündigung',
	massnahme: 'Frist einer Maßnahme',
	bericht: 'Berichtstermin',
	befristet: 'befristet, Ende unbekannt'
};

export interface Deadline {
	/** First day the date can be (YYYY-MM-DD); null for "befristet" without a known end. */
	date: string | null;
	/** Last day the date can be (the end of the year for "2027"); null when undated. */
	latest: string | null;
	precision: Precision;
	kind: DeadlineKind;
	title: string;
	what: 'cooperation' | 'measure' | 'report';
	id: string;
	link: string;
	/** Body ids concerned. */
	bodies: string[];
	/** True when the date is computed (report dates), not read from the data. */
	derived: boolean;
	/** How the item was derived, and the source text of the date. */
	note: string;
	/** German display of the date with its precision ("2027 (Jahr)", "14.07.2016"). */
	dateLabel: string;
	/** Open and past: a report not given, a measure not finished. */
	overdue: boolean;
}

export interface DeadlineQuery {
	regionId: string;
	bodyId?: string | null;
	/** Keep dated items whose period reaches into [from, to] (inclusive days). */
	from?: Date | null;
	to?: Date | null;
	/** Keep overdue items even before `from` (the board's "due" view). */
	keepOverdue?: boolean;
	/** "Today" for overdue checks; injectable for tests. */
	now?: Date;
}

const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
const germanDay = (iso: string): string => iso.split('-').reverse().join('.');

/** "14.07.2016", "Juli 2016 (Monat)", "2016 (Jahr)", "Schuljahr 2016/17", "2013–2015 (Zeitraum)". */
export function dateLabel(earliest: string | null, latest: string | null, precision: Precision): string {
	if (!earliest) return 'ohne Datum';
	const y = earliest.slice(0, 4);
	switch (precision) {
		case 'day':
			return germanDay(earliest);
		case 'month':
			return `${MONTHS[Number(earliest.slice(5, 7)) - 1]} ${y} (Monat)`;
		case 'year':
			return `${y} (Jahr)`;
		case 'school-year':
			return `Schuljahr ${y}/${String(Number(y) + 1).slice(2)}`;
		default: {
			if (!latest || latest === earliest) return germanDay(earliest);
			const wholeYears = earliest.endsWith('-01-01') && latest.endsWith('-12-31');
			return wholeYears ? `${y}–${latest.slice(0, 4)} (Zeitraum)` : `${germanDay(earliest)}–${germanDay(latest)} (Zeitraum)`;
		}
	}
}

/** Add calendar months, clamping the day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
	const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
	const total = y * 12 + (m - 1) + months;
	const ny = Math.floor(total / 12);
	const nm = (total % 12) + 1;
	const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
	return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The last day of a conference ("13./14.01.2016" → 2016-01-14); null unless known to the day. */
function conferenceDay(text: string): string | null {
	const d = parseFuzzyDate(text);
	if (!d?.latest || !d.earliest) return null;
	// A day, or a meeting over a few consecutive days.
	const span = (Date.parse(d.latest) - Date.parse(d.earliest)) / 86_400_000;
	return d.precision === 'day' || (d.precision === 'range' && span <= 7) ? d.latest : null;
}

const CLOSED_MEASURE = new Set(['realised', 'no_need', 'not_realised']);

/** The day the report dates count from: the last report, else the newest conference known to the day. */
async function reportBase(db: Kysely<Database>, regionId: string): Promise<{ day: string | null; text: string }> {
	const reports = (await listSteering(db, 'report', regionId)).map((r) => r.record).sort((a, b) => a.date.localeCompare(b.date));
	const lastReport = reports.at(-1);
	if (lastReport) return { day: lastReport.date, text: `nach dem letzten Bericht am ${germanDay(lastReport.date)} („${lastReport.title}“)` };
	const confs = (await listSteering(db, 'conference', regionId))
		.map((c) => ({ day: conferenceDay(c.record.date), rec: c.record }))
		.filter((c): c is { day: string; rec: typeof c.rec } => c.day !== null)
		.sort((a, b) => a.day.localeCompare(b.day));
	const newest = confs.at(-1);
	if (newest) return { day: newest.day, text: `nach der letzten Sitzung (${newest.rec.title}, ${newest.rec.date}); kein Bericht erfasst` };
	return { day: null, text: '' };
}

/** Duplicates (same kind, record and day) merged, then the body and period filters, sorted by date; undated last. */
function mergeFilterSort(items: Deadline[], q: DeadlineQuery): Deadline[] {
	const merged = new Map<string, Deadline>();
	for (const d of items) {
		const key = `${d.kind}|${d.id}|${d.date ?? ''}`;
		const prev = merged.get(key);
		if (!prev) merged.set(key, { ...d, bodies: [...d.bodies] });
		else {
			prev.note = `${prev.note}; ${d.note}`;
			prev.bodies = [...new Set([...prev.bodies, ...d.bodies])];
		}
	}

	const from = q.from ? isoDay(q.from) : null;
	const to = q.to ? isoDay(q.to) : null;
	return [...merged.values()]
		.filter((d) => !q.bodyId || d.bodies.includes(q.bodyId))
		.filter((d) => {
			if (d.date === null) return true;
			if (q.keepOverdue && d.overdue) return true;
			return (!from || (d.latest ?? d.date) >= from) && (!to || d.date <= to);
		})
		.sort((a, b) => {
			if (a.date === null || b.date === null) return a.date === b.date ? a.title.localeCompare(b.title, 'de') : a.date === null ? 1 : -1;
			return a.date.localeCompare(b.date) || a.title.localeCompare(b.title, 'de') || a.kind.localeCompare(b.kind);
		});
}

/** All deadlines of a region (optionally of one body and a period), sorted by date; undated last. */
export async function deadlines(db: Kysely<Database>, q: DeadlineQuery): Promise<Deadline[]> {
	const today = isoDay(q.now ?? new Date());
	const index = await facetIndex(db);
	const own = regionScope(index, q.regionId).bodies;
	const items: Deadline[] = [];

	const push = (d: Omit<Deadline, 'dateLabel' | 'overdue' | 'latest'> & { latest?: string | null; overdue?: boolean }) => {
		items.push({ ...d, latest: d.latest ?? d.date, dateLabel: dateLabel(d.date, d.latest ?? d.date, d.precision), overdue: d.overdue ?? false });
	};
	const fromFuzzy = (d: FuzzyDate | null) => (d?.earliest ? { date: d.earliest, latest: d.latest, precision: d.precision } : null);

	// Cooperations
	const coops = await db.selectFrom('cooperation')
		.select(['seq', 'id', 'title', 'status', 'performer_body_id', 'start_text', 'start_earliest', 'start_latest', 'start_precision', 'start_qualifier',
			'end_text', 'end_earliest', 'end_latest', 'end_precision', 'derived_json'])
		.where('region_id', '=', q.regionId).where('archived_at', 'is', null).orderBy('seq').execute();
	const seqs = coops.map((c) => c.seq);
	const parts = seqs.length ? await db.selectFrom('participation').select(['cooperation_seq', 'body_id', 'joined_text', 'joined_qualifier', 'left_text'])
		.where('cooperation_seq', 'in', seqs).orderBy('cooperation_seq').orderBy('position').execute() : [];
	const events = seqs.length ? await db.selectFrom('lifecycle_event').select(['cooperation_seq', 'kind', 'date_text', 'text'])
		.where('cooperation_seq', 'in', seqs).where('kind', 'in', ['termination', 'planned']).orderBy('cooperation_seq').orderBy('position').execute() : [];
	const bodyName = (id: string) => index.lookups.bodies.get(id)?.name ?? id;

	for (const c of coops) {
		const mine = parts.filter((p) => p.cooperation_seq === c.seq);
		const bodies = [...new Set([...mine.map((p) => p.body_id), ...(c.performer_body_id ? [c.performer_body_id] : [])])];
		const base = { title: c.title, what: 'cooperation' as const, id: c.id, link: `/kooperationen/${c.id}`, bodies, derived: false };
		const end = c.end_text ? parseFuzzyDate(c.end_text) : null;
		const endAt = fromFuzzy(end);
		if (endAt) push({ ...base, ...endAt, kind: 'ende', note: `Ende laut Eintrag: „${c.end_text}“` });

		// A planned start: the date says "geplant", or the status is "geplant" and a start date is known.
		const plannedStart = c.start_qualifier === 'planned' || c.status === 'planned';
		if (plannedStart && c.start_earliest) {
			const why = c.start_qualifier === 'planned' ? 'Beginn als geplant angegeben' : 'Status „geplant“';
			push({ ...base, date: c.start_earliest, latest: c.start_latest, precision: (c.start_precision ?? 'unknown') as Precision, kind: 'beginn-geplant', note: `${why}: „${c.start_text ?? ''}“` });
		}
		for (const p of mine) {
			const joined = p.joined_qualifier === 'planned' ? fromFuzzy(parseFuzzyDate(p.joined_text)) : null;
			if (joined) push({ ...base, ...joined, kind: 'beginn-geplant', note: `geplanter Beitritt: ${bodyName(p.body_id)} („${p.joined_text}“)` });
			const left = fromFuzzy(parseFuzzyDate(p.left_text));
			if (left) push({ ...base, ...left, kind: 'ende', note: `Ende der Beteiligung: ${bodyName(p.body_id)} („${p.left_text}“)` });
		}
		for (const e of events.filter((x) => x.cooperation_seq === c.seq)) {
			const at = fromFuzzy(parseFuzzyDate(e.date_text));
			if (!at) continue;
			const kind: DeadlineKind = e.kind === 'termination' ? 'kuendigung' : 'beginn-geplant';
			const text = e.text && e.text !== e.date_text ? ` („${e.text}“)` : '';
			push({ ...base, ...at, kind, note: `${e.kind === 'termination' ? 'Kündigung' : 'Geplant'} laut Verlauf: ${e.date_text}${text}` });
		}
		if (c.status === 'temporary' && !endAt) {
			push({ ...base, date: null, latest: null, precision: 'unknown', kind: 'befristet', note: `Status „befristet“, kein Ende angegeben${c.start_text ? ` (Angabe: „${c.start_text}“)` : ''}` });
		}
	}

	// Measures with a due date
	for (const m of await listSteering(db, 'measure', q.regionId)) {
		const r = m.record;
		if (r.due == null || String(r.due).trim() === '') continue;
		const at = fromFuzzy(parseFuzzyDate(String(r.due)));
		if (!at) continue;
		// The format leaves `participants` out when all members take part.
		const bodies = [...new Set([...r.lead, ...(r.participants.length ? r.participants : own)])];
		const open = !CLOSED_MEASURE.has(r.status);
		push({
			...at, kind: 'massnahme', title: `Maßnahme ${r.number}: ${r.title}`, what: 'measure', id: r.id, link: `/steuerung/massnahmen/${r.id}`, bodies, derived: false,
			overdue: open && (at.latest ?? at.date) < today,
			note: `Frist der Maßnahme: „${r.due}“${r.participants.length ? '' : '; ohne benannte Beteiligte: alle Mitglieder der Bürgermeisterkonferenz'}`
		});
	}

	// Report dates (derived): 6 and 12 months after the last report, else after the newest conference.
	const { day: baseDay, text: baseText } = await reportBase(db, q.regionId);
	if (baseDay) {
		for (const months of [6, 12]) {
			const date = addMonths(baseDay, months);
			push({
				date, precision: 'day', kind: 'bericht', title: 'Halbjahresbericht an die Bürgermeisterkonferenz', what: 'report', id: q.regionId, link: '/steuerung/bericht',
				bodies: own, derived: true, overdue: date < today,
				note: `berechnet aus dem Auftrag, zweimal im Jahr zu berichten: ${months} Monate ${baseText}`
			});
		}
	}

	return mergeFilterSort(items, q);
}

/** When the data last changed (newest cooperation or steering record): the feeds' DTSTAMP. */
export async function dataStamp(db: Kysely<Database>): Promise<Date> {
	const c = await db.selectFrom('cooperation').select((eb) => eb.fn.max('updated_at').as('at')).executeTakeFirst();
	const s = await db.selectFrom('steering_record').select((eb) => eb.fn.max('updated_at').as('at')).executeTakeFirst();
	const at = [c?.at, s?.at].filter((x): x is string => typeof x === 'string').sort().at(-1);
	const d = at ? new Date(at) : new Date();
	return Number.isNaN(d.getTime()) ? new Date() : d;
}

/** Region of a body, or null when the body does not exist. */
export async function bodyRegion(db: Kysely<Database>, bodyId: string): Promise<string | null> {
	const b = await db.selectFrom('body').select('region_id').where('id', '=', bodyId).executeTakeFirst();
	return b?.region_id ?? null;
}

/**
 * A new personal calendar token for the user; the previous one stops working. Only the hash is
 * stored, the token is returned once.
 */
export async function issueCalendarToken(db: Kysely<Database>, userId: string, now = new Date()): Promise<string> {
	const token = newToken();
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('calendar_token').where('user_id', '=', userId).execute();
		await trx.insertInto('calendar_token').values({ token_hash: tokenHash(token), user_id: userId, created_at: now.toISOString() }).execute();
	});
	return token;
}

/** When the user's current calendar token was made (null: none). */
export async function calendarTokenCreated(db: Kysely<Database>, userId: string): Promise<string | null> {
	const r = await db.selectFrom('calendar_token').select('created_at').where('user_id', '=', userId).orderBy('created_at', 'desc').executeTakeFirst();
	return r?.created_at ?? null;
}

/** The enabled user a calendar token belongs to, with the body and its region; null when unknown. */
export async function calendarTokenUser(db: Kysely<Database>, token: string): Promise<{ userId: string; bodyId: string | null; regionId: string | null } | null> {
	if (!/^[A-Za-z0-9_-]{20,200}$/.test(token)) return null;
	const r = await db.selectFrom('calendar_token')
		.innerJoin('app_user', 'app_user.id', 'calendar_token.user_id')
		.leftJoin('body', 'body.id', 'app_user.body_id')
		.select(['app_user.id as userId', 'app_user.body_id as bodyId', 'body.region_id as regionId', 'app_user.disabled_at as disabledAt'])
		.where('calendar_token.token_hash', '=', tokenHash(token)).executeTakeFirst();
	if (!r || r.disabledAt) return null;
	return { userId: r.userId, bodyId: r.bodyId, regionId: r.regionId };
}
