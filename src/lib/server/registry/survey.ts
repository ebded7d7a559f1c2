/**
 * Survey rounds (Erhebung, issue 3 item 5): a coordinator opens a round for a region with a
 * deadline; the editors of each body of the region (its Kreis and the Kreis' towns) confirm,
 * correct or report as ended every cooperation their body takes part in (as participant or as
 * performer). Closing the round stamps `cooperation.confirmed_at` for every cooperation that got
 * at least one confirmation or correction, and bumps the database revision so that the search
 * indexes of every instance rebuild (the register filter "nicht bestätigt seit …" reads it).
 */
import type { Kysely } from 'kysely';
import { bumpRevision } from '../db/versions';
import type { Database, SurveyAnswerTable } from '../db/schema';
import { audit } from '../auth/audit';
import { atLeast, can, type Actor } from '../auth/policy';
import { cooperationRows } from './rows';
import { enqueueMail } from '../mail/queue';
import { surveyOpenedMail } from '../mail/messages';
import { activeRecipients, editorsOf } from '../mail/recipients';

export type SurveyAnswer = SurveyAnswerTable['answer'];
export const SURVEY_ANSWERS: readonly SurveyAnswer[] = ['confirmed', 'corrected', 'ended'];

export interface SurveyRound {
	id: number;
	regionId: string;
	regionName: string;
	title: string;
	openedAt: string;
	openedBy: string;
	openedByName: string | null;
	deadline: string;
	closedAt: string | null;
	closedBy: string | null;
	closedByName: string | null;
}

export interface FieldError {
	field: string;
	message: string;
}

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; message: string };

const TITLE_MAX = 200;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Bump the database revision (meta 'revision', an integer as text): search indexes rebuild. */

/** Today's date (YYYY-MM-DD) in Germany: deadlines are German calendar days. */
export function berlinToday(now = new Date()): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** A valid calendar day YYYY-MM-DD (no 2026-02-30). */
export function isDay(s: string): boolean {
	const m = DAY.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
	return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Whole days from today (in Germany) until the deadline day; negative when it has passed. */
export function daysUntil(deadline: string, now = new Date()): number {
	const toUtc = (s: string) => {
		const [y, m, d] = s.split('-').map(Number);
		return Date.UTC(y!, m! - 1, d!);
	};
	return Math.round((toUtc(deadline) - toUtc(berlinToday(now))) / 86_400_000);
}

/** "31.03.2026" from a day or an ISO instant (instants are shown as the German calendar day). */
export function germanDate(value: string | null): string {
	if (!value) return '–';
	const day = DAY.test(value) ? value : berlinToday(new Date(value));
	const [y, m, d] = day.split('-');
	return `${d}.${m}.${y}`;
}

function roundQuery(db: Kysely<Database>) {
	return db.selectFrom('survey_round as r')
		.innerJoin('region as g', 'g.id', 'r.region_id')
		.leftJoin('app_user as o', 'o.id', 'r.opened_by')
		.leftJoin('app_user as c', 'c.id', 'r.closed_by')
		.select(['r.id', 'r.region_id', 'g.name as region_name', 'r.title', 'r.opened_at', 'r.opened_by', 'o.name as opened_by_name',
			'r.deadline', 'r.closed_at', 'r.closed_by', 'c.name as closed_by_name']);
}

type RoundRow = Awaited<ReturnType<ReturnType<typeof roundQuery>['execute']>>[number];
const toRound = (r: RoundRow): SurveyRound => ({
	id: r.id, regionId: r.region_id, regionName: r.region_name, title: r.title, openedAt: r.opened_at, openedBy: r.opened_by,
	openedByName: r.opened_by_name, deadline: r.deadline, closedAt: r.closed_at, closedBy: r.closed_by, closedByName: r.closed_by_name
});

export async function roundById(db: Kysely<Database>, roundId: number): Promise<SurveyRound | null> {
	const r = await roundQuery(db).where('r.id', '=', roundId).executeTakeFirst();
	return r ? toRound(r) : null;
}

/** The open round of a region, if there is one (at most one at a time). */
export async function openRoundOf(db: Kysely<Database>, regionId: string): Promise<SurveyRound | null> {
	const r = await roundQuery(db).where('r.region_id', '=', regionId).where('r.closed_at', 'is', null).orderBy('r.id', 'desc').executeTakeFirst();
	return r ? toRound(r) : null;
}

/** Rounds of the given regions (all regions with null), newest first. */
export async function listRounds(db: Kysely<Database>, regionIds: string[] | null): Promise<SurveyRound[]> {
	if (regionIds !== null && regionIds.length === 0) return [];
	let q = roundQuery(db);
	if (regionIds !== null) q = q.where('r.region_id', 'in', regionIds);
	return (await q.orderBy('r.id', 'desc').execute()).map(toRound);
}

export async function openRound(
	db: Kysely<Database>,
	actor: Actor,
	input: { regionId: string; title: string; deadline: string },
	now = new Date(),
	/** With e-mail configured (issue 19): the origin for links; the editors asked get a mail in the same transaction. */
	mail: { origin: string } | null = null
): Promise<{ ok: true; id: number } | { ok: false; errors: FieldError[] }> {
	const errors: FieldError[] = [];
	const title = input.title.replace(/\s+/g, ' ').trim();
	const deadline = input.deadline.trim();
	const region = input.regionId ? await db.selectFrom('region').select('id').where('id', '=', input.regionId).executeTakeFirst() : undefined;
	if (!region) errors.push({ field: 'region', message: 'Bitte die Region wählen, für die die Erhebung gilt.' });
	else if (!can(actor, 'survey.manage', { regionId: region.id })) errors.push({ field: 'region', message: 'Sie können Erhebungen nur für Ihre eigene Region eröffnen.' });
	if (!title) errors.push({ field: 'title', message: 'Bitte einen Titel angeben, z. B. „Erhebung 2026“.' });
	else if (title.length > TITLE_MAX) errors.push({ field: 'title', message: `Der Titel darf höchstens ${TITLE_MAX} Zeichen lang sein.` });
	if (!deadline) errors.push({ field: 'deadline', message: 'Bitte die Frist angeben, bis zu der die Körperschaften antworten sollen.' });
	else if (!isDay(deadline)) errors.push({ field: 'deadline', message: 'Bitte die Frist als Datum angeben, z. B. 31.03.2026.' });
	else if (deadline < berlinToday(now)) errors.push({ field: 'deadline', message: 'Die Frist darf nicht in der Vergangenheit liegen.' });
	if (errors.length || !region) return { ok: false, errors };

	return db.transaction().execute(async (trx) => {
		const open = await trx.selectFrom('survey_round').select('id').where('region_id', '=', region.id).where('closed_at', 'is', null).executeTakeFirst();
		if (open) {
			return { ok: false as const, errors: [{ field: 'title', message: 'In dieser Region läuft schon eine Erhebung. Bitte schließen Sie sie zuerst.' }] };
		}
		const ins = await trx.insertInto('survey_round').values({
			region_id: region.id, title, opened_at: now.toISOString(), opened_by: actor.userId ?? '', deadline, closed_at: null, closed_by: null
		}).returning('id').executeTakeFirstOrThrow();
		await audit(trx, actor, { action: 'erhebung.eroeffnet', entity: 'survey_round', entityId: String(ins.id), detail: { region: region.id, deadline } }, now);
		if (mail) {
			const regionName = (await trx.selectFrom('region').select('name').where('id', '=', region.id).executeTakeFirst())?.name ?? region.id;
			const asked = editorsOf(await activeRecipients(trx), (await regionBodies(trx, region.id)).map((b) => b.id));
			for (const u of asked) {
				await enqueueMail(trx, { ...surveyOpenedMail({ origin: mail.origin, name: u.name, title, regionName, deadline }), userId: u.id, to: u.email }, now);
			}
		}
		return { ok: true as const, id: ins.id };
	});
}

export interface RegionBody {
	id: string;
	name: string;
	kind: string;
}

/**
 * The bodies a round asks: the region's Kreis and the towns and municipalities whose parent it is
 * (the same rule as `analysis/scope.ts` regionScope), the Kreis first, then by name.
 */
export async function regionBodies(db: Kysely<Database>, regionId: string): Promise<RegionBody[]> {
	const region = await db.selectFrom('region').select('kreis_body_id').where('id', '=', regionId).executeTakeFirst();
	const kreisId = region?.kreis_body_id ?? null;
	if (!kreisId) return [];
	const rows = await db.selectFrom('body').select(['id', 'name', 'kind'])
		.where((eb) => eb.or([eb('id', '=', kreisId), eb.and([eb('parent_id', '=', kreisId), eb('kind', 'in', ['stadt', 'gemeinde'])])]))
		.execute();
	const kreis = rows.filter((b) => b.id === kreisId);
	const towns = rows.filter((b) => b.id !== kreisId).sort((a, b) => a.name.localeCompare(b.name, 'de'));
	return [...kreis, ...towns];
}

/** Which bodies take part in which (non-archived) cooperation of the region: body id -> cooperation ids. */
async function involvement(db: Kysely<Database>, regionId: string): Promise<Map<string, Set<string>>> {
	const coops = await db.selectFrom('cooperation').select(['id', 'performer_body_id'])
		.where('region_id', '=', regionId).where('archived_at', 'is', null).execute();
	const parts = await db.selectFrom('participation').innerJoin('cooperation', 'cooperation.seq', 'participation.cooperation_seq')
		.select(['cooperation.id', 'participation.body_id'])
		.where('cooperation.region_id', '=', regionId).where('cooperation.archived_at', 'is', null).execute();
	const out = new Map<string, Set<string>>();
	const add = (body: string, coop: string) => {
		let s = out.get(body);
		if (!s) out.set(body, (s = new Set()));
		s.add(coop);
	};
	for (const c of coops) if (c.performer_body_id) add(c.performer_body_id, c.id);
	for (const p of parts) add(p.body_id, p.id);
	return out;
}

/** The cooperation if it is a non-archived cooperation of the region, with the bodies taking part. */
async function cooperationInRegion(db: Kysely<Database>, regionId: string, cooperationId: string) {
	const c = await db.selectFrom('cooperation').select(['seq', 'id', 'title', 'performer_body_id', 'archived_at', 'region_id'])
		.where('id', '=', cooperationId).executeTakeFirst();
	if (!c || c.region_id !== regionId || c.archived_at !== null) return null;
	const parts = await db.selectFrom('participation').select('body_id').where('cooperation_seq', '=', c.seq).execute();
	const bodies = [...new Set([...parts.map((p) => p.body_id), ...(c.performer_body_id ? [c.performer_body_id] : [])])];
	return { id: c.id, title: c.title, bodies };
}

export interface BodyProgress {
	bodyId: string;
	name: string;
	cooperations: number;
	answered: number;
	confirmed: number;
	corrected: number;
	ended: number;
	open: number;
}

export interface EndedReport {
	cooperationId: string;
	title: string;
	status: string;
	bodyId: string;
	bodyName: string;
	at: string;
}

export interface RoundProgress {
	round: SurveyRound;
	bodies: BodyProgress[];
	totals: Omit<BodyProgress, 'bodyId' | 'name'>;
	/** Cooperations some body reported as ended: the coordinator ends them on the edit page. */
	endedReports: EndedReport[];
	/** How many cooperations closing the round would mark as confirmed. */
	toConfirm: number;
}

/** Per body of the region: its cooperations and how many of them the body has answered, by answer. */
export async function roundProgress(db: Kysely<Database>, roundId: number): Promise<RoundProgress | null> {
	const round = await roundById(db, roundId);
	if (!round) return null;
	const [bodies, inv, answers] = await Promise.all([
		regionBodies(db, round.regionId),
		involvement(db, round.regionId),
		db.selectFrom('survey_answer').select(['cooperation_id', 'body_id', 'answer', 'at']).where('round_id', '=', roundId).execute()
	]);
	const rows: BodyProgress[] = bodies.map((b) => {
		const mine = inv.get(b.id) ?? new Set<string>();
		const given = answers.filter((a) => a.body_id === b.id && mine.has(a.cooperation_id));
		const n = (kind: SurveyAnswer) => given.filter((a) => a.answer === kind).length;
		return {
			bodyId: b.id, name: b.name, cooperations: mine.size, answered: given.length,
			confirmed: n('confirmed'), corrected: n('corrected'), ended: n('ended'), open: mine.size - given.length
		};
	});
	const sum = (k: keyof Omit<BodyProgress, 'bodyId' | 'name'>) => rows.reduce((s, r) => s + r[k], 0);
	const endedRows = answers.filter((a) => a.answer === 'ended');
	const endedIds = [...new Set(endedRows.map((a) => a.cooperation_id))];
	const coops = endedIds.length ? await db.selectFrom('cooperation').select(['id', 'title', 'status']).where('id', 'in', endedIds).execute() : [];
	const names = new Map((await db.selectFrom('body').select(['id', 'name']).where('region_id', '=', round.regionId).execute()).map((b) => [b.id, b.name]));
	const endedReports = endedRows.flatMap((a) => {
		const c = coops.find((x) => x.id === a.cooperation_id);
		return c ? [{ cooperationId: c.id, title: c.title, status: c.status, bodyId: a.body_id, bodyName: names.get(a.body_id) ?? a.body_id, at: a.at }] : [];
	}).sort((a, b) => a.title.localeCompare(b.title, 'de') || a.bodyName.localeCompare(b.bodyName, 'de'));
	const toConfirm = new Set(answers.filter((a) => a.answer !== 'ended').map((a) => a.cooperation_id)).size;
	return {
		round,
		bodies: rows,
		totals: {
			cooperations: sum('cooperations'), answered: sum('answered'), confirmed: sum('confirmed'),
			corrected: sum('corrected'), ended: sum('ended'), open: sum('open')
		},
		endedReports,
		toConfirm
	};
}

export interface SurveyItem {
	id: string;
	title: string;
	list: string;
	number: number | null;
	status: string;
	confirmedAt: string | null;
	answer: SurveyAnswer | null;
	answeredAt: string | null;
	/** What the body checks before confirming (issue 17, item 3): the register's key facts. */
	facts: SurveyFacts;
}

export interface SurveyFacts {
	partners: string[];
	/** Partners named only as a group ("weitere 192 Städte …"). */
	partnerGroups: string[];
	legalForm: string;
	start: string | null;
	performer: string;
}

/** The body's cooperations in the round's region (list order) with the body's current answer. */
export async function itemsForBody(db: Kysely<Database>, roundId: number, bodyId: string): Promise<SurveyItem[]> {
	const round = await db.selectFrom('survey_round').select('region_id').where('id', '=', roundId).executeTakeFirst();
	if (!round) return [];
	const rows = await db.selectFrom('cooperation as c')
		.leftJoin('survey_answer as a', (j) => j.onRef('a.cooperation_id', '=', 'c.id').on('a.round_id', '=', roundId).on('a.body_id', '=', bodyId))
		.select(['c.seq', 'c.id', 'c.title', 'c.list', 'c.number', 'c.status', 'c.confirmed_at', 'a.answer', 'a.at'])
		.where('c.region_id', '=', round.region_id)
		.where('c.archived_at', 'is', null)
		.where((eb) => eb.or([
			eb('c.performer_body_id', '=', bodyId),
			eb.exists(eb.selectFrom('participation as p').select('p.body_id').whereRef('p.cooperation_seq', '=', 'c.seq').where('p.body_id', '=', bodyId))
		]))
		.orderBy('c.list').orderBy('c.number', (o) => o.asc().nullsFirst()).orderBy('c.seq')
		.execute();
	const details = new Map((await cooperationRows(db, rows.map((r) => r.seq))).map((d) => [d.id, d]));
	return rows.map((r) => {
		const d = details.get(r.id);
		return {
			id: r.id, title: r.title, list: r.list, number: r.number, status: r.status, confirmedAt: r.confirmed_at,
			answer: r.answer ?? null, answeredAt: r.at ?? null,
			facts: {
				partners: d?.partners.map((p) => p.name) ?? [],
				partnerGroups: d?.partnerGroups.map((g) => g.label) ?? [],
				legalForm: d?.legalForm.label ?? '–',
				start: d?.start ?? null,
				performer: d?.performer.name ?? '–'
			}
		};
	});
}

/**
 * "Alle unveränderten bestätigen": one action records 'confirmed' for every cooperation of the
 * body that has no answer yet in this open round. Cooperations already confirmed, corrected or
 * reported as ended keep their answer. One transaction.
 */
export async function confirmAllUnanswered(
	db: Kysely<Database>,
	actor: Actor,
	roundId: number,
	bodyId: string,
	now = new Date()
): Promise<Outcome<{ confirmed: number }>> {
	const round = await roundById(db, roundId);
	if (!round) return { ok: false, message: 'Diese Erhebung gibt es nicht.' };
	if (round.closedAt) return { ok: false, message: 'Diese Erhebung ist bereits geschlossen; Antworten sind nicht mehr möglich.' };
	if (!can(actor, 'survey.respond', { bodyIds: [bodyId], regionId: round.regionId })) {
		return { ok: false, message: 'Sie können nur für Ihre eigene Körperschaft antworten.' };
	}
	const items = await itemsForBody(db, roundId, bodyId);
	return db.transaction().execute(async (trx) => {
		// Read the answers again inside the transaction: one given meanwhile (a correction) is kept.
		const answered = new Set((await trx.selectFrom('survey_answer').select('cooperation_id')
			.where('round_id', '=', roundId).where('body_id', '=', bodyId).execute()).map((a) => a.cooperation_id));
		const open = items.filter((i) => !answered.has(i.id));
		for (const i of open) await writeAnswer(trx, actor, roundId, i.id, bodyId, 'confirmed', now);
		return { ok: true as const, confirmed: open.length };
	});
}

async function writeAnswer(db: Kysely<Database>, actor: Actor, roundId: number, cooperationId: string, bodyId: string, value: SurveyAnswer, now: Date): Promise<void> {
	const at = now.toISOString();
	await db.insertInto('survey_answer')
		.values({ round_id: roundId, cooperation_id: cooperationId, body_id: bodyId, answer: value, user_id: actor.userId ?? '', at })
		.onConflict((oc) => oc.columns(['round_id', 'cooperation_id', 'body_id']).doUpdateSet({ answer: value, user_id: actor.userId ?? '', at }))
		.execute();
	await audit(db, actor, { action: 'erhebung.antwort', entity: 'cooperation', entityId: cooperationId, detail: { round: roundId, body: bodyId, answer: value } }, now);
}

/** Record (or change) a body's answer for one of its cooperations in an open round. */
export async function answer(
	db: Kysely<Database>,
	actor: Actor,
	roundId: number,
	cooperationId: string,
	bodyId: string,
	value: SurveyAnswer,
	now = new Date()
): Promise<Outcome<{ title: string }>> {
	if (!SURVEY_ANSWERS.includes(value)) return { ok: false, message: 'Unbekannte Antwort.' };
	const round = await roundById(db, roundId);
	if (!round) return { ok: false, message: 'Diese Erhebung gibt es nicht.' };
	if (round.closedAt) return { ok: false, message: 'Diese Erhebung ist bereits geschlossen; Antworten sind nicht mehr möglich.' };
	if (!can(actor, 'survey.respond', { bodyIds: [bodyId], regionId: round.regionId })) {
		return { ok: false, message: 'Sie können nur für Ihre eigene Körperschaft antworten.' };
	}
	const coop = await cooperationInRegion(db, round.regionId, cooperationId);
	if (!coop) return { ok: false, message: 'Diese Kooperation gehört nicht zu dieser Erhebung.' };
	if (!coop.bodies.includes(bodyId)) return { ok: false, message: 'An dieser Kooperation ist die Körperschaft nicht beteiligt.' };
	await db.transaction().execute((trx) => writeAnswer(trx, actor, roundId, cooperationId, bodyId, value, now));
	return { ok: true, title: coop.title };
}

/**
 * For the edit page (`/kooperationen/<id>/bearbeiten?erhebung=<roundId>`) after a saved change:
 * records 'corrected' for the actor's body, or, for a coordinator of the region, for every body
 * of the region (Kreis and towns) that takes part in the cooperation. Also usable after a missing
 * cooperation was added during the round (`/kooperationen/neu?erhebung=<roundId>`).
 */
export async function recordCorrection(
	db: Kysely<Database>,
	actor: Actor,
	roundId: number,
	cooperationId: string,
	now = new Date()
): Promise<Outcome<{ bodyIds: string[] }>> {
	const round = await roundById(db, roundId);
	if (!round) return { ok: false, message: 'Diese Erhebung gibt es nicht.' };
	if (round.closedAt) return { ok: false, message: 'Diese Erhebung ist bereits geschlossen.' };
	const coop = await cooperationInRegion(db, round.regionId, cooperationId);
	if (!coop) return { ok: false, message: 'Diese Kooperation gehört nicht zu dieser Erhebung.' };
	let bodyIds: string[];
	if (atLeast(actor, 'coordinator') && can(actor, 'survey.manage', { regionId: round.regionId })) {
		const own = new Set((await regionBodies(db, round.regionId)).map((b) => b.id));
		bodyIds = coop.bodies.filter((b) => own.has(b));
	} else {
		if (!actor.bodyId || !coop.bodies.includes(actor.bodyId) || !can(actor, 'survey.respond', { bodyIds: [actor.bodyId], regionId: round.regionId })) {
			return { ok: false, message: 'An dieser Kooperation ist Ihre Körperschaft nicht beteiligt.' };
		}
		bodyIds = [actor.bodyId];
	}
	await db.transaction().execute(async (trx) => {
		for (const b of bodyIds) await writeAnswer(trx, actor, roundId, cooperationId, b, 'corrected', now);
	});
	return { ok: true, bodyIds };
}

/**
 * Close a round: no more answers; every cooperation with at least one 'confirmed' or 'corrected'
 * answer gets `confirmed_at` = now. One transaction; bumps the revision.
 */
export async function closeRound(db: Kysely<Database>, actor: Actor, roundId: number, now = new Date()): Promise<Outcome<{ confirmed: number }>> {
	const round = await roundById(db, roundId);
	if (!round) return { ok: false, message: 'Diese Erhebung gibt es nicht.' };
	if (!can(actor, 'survey.manage', { regionId: round.regionId })) return { ok: false, message: 'Sie können nur Erhebungen Ihrer eigenen Region schließen.' };
	const stamp = now.toISOString();
	return db.transaction().execute(async (trx) => {
		const upd = await trx.updateTable('survey_round').set({ closed_at: stamp, closed_by: actor.userId ?? '' })
			.where('id', '=', roundId).where('closed_at', 'is', null).executeTakeFirst();
		if (Number(upd.numUpdatedRows) !== 1) return { ok: false as const, message: 'Diese Erhebung ist bereits geschlossen.' };
		const confirmed = await trx.updateTable('cooperation').set({ confirmed_at: stamp })
			.where('id', 'in', (eb) => eb.selectFrom('survey_answer').select('cooperation_id')
				.where('round_id', '=', roundId).where('answer', 'in', ['confirmed', 'corrected']))
			.executeTakeFirst();
		await bumpRevision(trx);
		const n = Number(confirmed.numUpdatedRows);
		await audit(trx, actor, { action: 'erhebung.geschlossen', entity: 'survey_round', entityId: String(roundId), detail: { region: round.regionId, confirmed: n } }, now);
		return { ok: true as const, confirmed: n };
	});
}

/** When the cooperation was last confirmed in a closed round (for its profile page). */
export async function confirmationOf(db: Kysely<Database>, cooperationId: string): Promise<{ confirmedAt: string | null }> {
	const c = await db.selectFrom('cooperation').select('confirmed_at').where('id', '=', cooperationId).executeTakeFirst();
	return { confirmedAt: c?.confirmed_at ?? null };
}
