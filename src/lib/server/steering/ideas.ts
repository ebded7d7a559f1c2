/**
 * Ideas (Ideen / Vorschau auf neue Projekte, issue 6): the list of a region's ideas, one idea with
 * its proposer, interested bodies, conference, related register entries, the measure it became and
 * the members' comments; proposing an idea, commenting, moving it along its status (optionally
 * linking a cooperation it became) and promoting it to a measure. Every change of the idea itself
 * goes through `saveSteering` (lock, version, audit); comments live in `idea_comment`, and the
 * audit log only records that someone commented, never the text.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { IDEA_STATUSES, type IdeaRecord, type MeasureRecord } from '../data/steering-schema';
import { listSteering, readSteering, saveSteering } from './store';
import { bodyNames, cooperationTitles, type Named } from './groups';

export type IdeaStatus = (typeof IDEA_STATUSES)[number];

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 4000;
export const COMMENT_MAX = 2000;

export interface FieldError {
	field: string;
	message: string;
}

export type IdeaWrite =
	| { ok: true; id: string; version: number }
	| { ok: false; reason: 'invalid' | 'missing'; errors: FieldError[] }
	| { ok: false; reason: 'conflict'; errors: FieldError[]; currentVersion: number };

export interface IdeaSummary {
	id: string;
	title: string;
	status: IdeaStatus;
	proposer: Named | null;
	conference: { id: string; title: string; date: string } | null;
	interestedCount: number;
	commentCount: number;
	measure: { id: string; number: string; title: string } | null;
}

export interface IdeaComment {
	id: number;
	at: string;
	text: string;
	/** Personal data: the page shows it to members only. */
	authorName: string | null;
}

export interface IdeaDetail {
	record: IdeaRecord;
	regionId: string;
	version: number;
	proposer: Named | null;
	interested: Named[];
	conference: { id: string; title: string; date: string } | null;
	cooperations: { id: string; title: string }[];
	measure: { id: string; number: string; title: string } | null;
	comments: IdeaComment[];
}

async function conferenceOf(db: Kysely<Database>, id: string | null | undefined) {
	if (!id) return null;
	const c = await readSteering(db, 'conference', id);
	return c ? { id: c.record.id, title: c.record.title, date: c.record.date } : null;
}

async function measureOf(db: Kysely<Database>, id: string | null | undefined) {
	if (!id) return null;
	const m = await readSteering(db, 'measure', id);
	return m ? { id: m.record.id, number: m.record.number, title: m.record.title } : null;
}

export async function ideas(db: Kysely<Database>, regionId: string): Promise<IdeaSummary[]> {
	const list = await listSteering(db, 'idea', regionId);
	const names = await bodyNames(db, list.map((i) => i.record.proposed_by));
	const conferences = new Map((await listSteering(db, 'conference', regionId)).map((c) => [c.record.id, c.record]));
	const measures = new Map((await listSteering(db, 'measure', regionId)).map((m) => [m.record.id, m.record]));
	const ids = list.map((i) => i.record.id);
	const counts = new Map(
		ids.length
			? (await db.selectFrom('idea_comment').select(['idea_id', (eb) => eb.fn.countAll<number>().as('n')])
				.where('idea_id', 'in', ids).groupBy('idea_id').execute()).map((r) => [r.idea_id, Number(r.n)])
			: []
	);
	return list.map(({ record: i }) => {
		const conf = i.proposed_at ? conferences.get(i.proposed_at) : undefined;
		const m = i.measure ? measures.get(i.measure) : undefined;
		return {
			id: i.id, title: i.title, status: i.status,
			proposer: i.proposed_by ? { id: i.proposed_by, name: names.get(i.proposed_by) ?? i.proposed_by } : null,
			conference: conf ? { id: conf.id, title: conf.title, date: conf.date } : null,
			interestedCount: i.interested.length,
			commentCount: counts.get(i.id) ?? 0,
			measure: m ? { id: m.id, number: m.number, title: m.title } : null
		};
	});
}

export async function ideaDetail(db: Kysely<Database>, id: string): Promise<IdeaDetail | null> {
	const stored = await readSteering(db, 'idea', id);
	if (!stored) return null;
	const i = stored.record;
	const names = await bodyNames(db, [i.proposed_by, ...i.interested]);
	const titles = await cooperationTitles(db, i.cooperations);
	const comments = await db.selectFrom('idea_comment').leftJoin('app_user', 'app_user.id', 'idea_comment.user_id')
		.select(['idea_comment.id', 'idea_comment.at', 'idea_comment.text', 'app_user.name as author'])
		.where('idea_comment.idea_id', '=', id).orderBy('idea_comment.at').orderBy('idea_comment.id').execute();
	return {
		record: i,
		regionId: stored.regionId,
		version: stored.version,
		proposer: i.proposed_by ? { id: i.proposed_by, name: names.get(i.proposed_by) ?? i.proposed_by } : null,
		interested: i.interested.map((b) => ({ id: b, name: names.get(b) ?? b })),
		conference: await conferenceOf(db, i.proposed_at),
		cooperations: i.cooperations.filter((c) => titles.has(c)).map((c) => ({ id: c, title: titles.get(c)! })),
		measure: await measureOf(db, i.measure),
		comments: comments.map((c) => ({ id: c.id, at: c.at, text: c.text, authorName: c.author ?? null }))
	};
}

/** A readable id part from a title: "Förderschullandschaft" → "foerderschullandschaft". */
export function slugOfTitle(title: string): string {
	const map: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ẞ: 'ss' };
	const slug = title.toLowerCase().replace(/[äöüßẞ]/g, (c) => map[c] ?? c)
		.normalize('NFKD').replace(/\p{M}+/gu, '')
		.replace(/[^a-z0-9]+/g, '-').slice(0, 60).replace(/^-+|-+$/g, '');
	return slug || 'ohne-titel';
}

async function freeId(db: Kysely<Database>, kind: 'idea' | 'measure', base: string): Promise<string> {
	for (let n = 1; ; n++) {
		const id = n === 1 ? base : `${base}-${n}`;
		if (!(await db.selectFrom('steering_record').select('id').where('kind', '=', kind).where('id', '=', id).executeTakeFirst())) return id;
	}
}

export interface IdeaInput {
	title: string;
	description: string;
}

/** The problems of a proposed idea, at the form's field names. */
export function validateIdea(input: IdeaInput): FieldError[] {
	const errors: FieldError[] = [];
	const title = input.title.trim();
	if (!title) errors.push({ field: 'title', message: 'Bitte geben Sie der Idee einen Titel.' });
	else if (title.length > TITLE_MAX) errors.push({ field: 'title', message: `Bitte kürzen Sie den Titel auf höchstens ${TITLE_MAX} Zeichen.` });
	if (input.description.trim().length > DESCRIPTION_MAX) errors.push({ field: 'description', message: `Bitte kürzen Sie die Beschreibung auf höchstens ${DESCRIPTION_MAX} Zeichen.` });
	return errors;
}

export async function createIdea(db: Kysely<Database>, actor: Actor, regionId: string, input: IdeaInput, now = new Date()): Promise<IdeaWrite> {
	const errors = validateIdea(input);
	if (errors.length) return { ok: false, reason: 'invalid', errors };
	const title = input.title.trim();
	const description = input.description.trim() || null;
	const id = await freeId(db, 'idea', `idee-${slugOfTitle(title)}`);
	const record: IdeaRecord = {
		id, title, description, proposed_at: null, proposed_by: actor.bodyId ?? null, interested: [], status: 'idea', cooperations: []
	};
	const saved = await saveSteering(db, actor, 'idea', regionId, record, null, 'angelegt', null, now);
	if (!saved.ok) return { ok: false, reason: 'invalid', errors: problemsOf(saved, 'title') };
	return { ok: true, id, version: saved.version };
}

export async function addComment(db: Kysely<Database>, actor: Actor, ideaId: string, text: string, now = new Date()): Promise<{ ok: true; id: number } | { ok: false; errors: FieldError[] }> {
	const body = text.trim();
	if (!body) return { ok: false, errors: [{ field: 'text', message: 'Bitte schreiben Sie einen Kommentar.' }] };
	if (body.length > COMMENT_MAX) return { ok: false, errors: [{ field: 'text', message: `Bitte kürzen Sie den Kommentar auf höchstens ${COMMENT_MAX} Zeichen.` }] };
	if (!actor.userId) return { ok: false, errors: [{ field: 'text', message: 'Bitte melden Sie sich an, um zu kommentieren.' }] };
	if (!(await readSteering(db, 'idea', ideaId))) return { ok: false, errors: [{ field: 'text', message: 'Diese Idee gibt es nicht mehr.' }] };
	const row = await db.insertInto('idea_comment').values({ idea_id: ideaId, user_id: actor.userId, at: now.toISOString(), text: body })
		.returning('id').executeTakeFirstOrThrow();
	// The text stays out of the log: it may name people.
	await audit(db, actor, { action: 'idee.kommentar', entity: 'idea', entityId: ideaId, detail: { kommentar: row.id } }, now);
	return { ok: true, id: row.id };
}

function problemsOf(saved: { ok: false; reason: 'invalid'; problems: string[] } | { ok: false; reason: 'conflict' }, field: string): FieldError[] {
	return saved.reason === 'invalid' ? saved.problems.map((message) => ({ field, message })) : [];
}

const conflictMessage = (version: number) =>
	`Die Idee wurde inzwischen geändert (jetzt Version ${version}). Bitte prüfen Sie den aktuellen Stand und wiederholen Sie Ihre Änderung.`;

/**
 * Move an idea along its status. `cooperation`, when given, is a register entry the idea became:
 * it must exist and is added to the idea's cooperations.
 */
export async function setIdeaStatus(
	db: Kysely<Database>, actor: Actor, id: string, status: string, expectedVersion: number,
	options: { cooperation?: string | null } = {}, now = new Date()
): Promise<IdeaWrite> {
	const stored = await readSteering(db, 'idea', id);
	if (!stored) return { ok: false, reason: 'missing', errors: [{ field: 'status', message: 'Diese Idee gibt es nicht mehr.' }] };
	const errors: FieldError[] = [];
	if (!(IDEA_STATUSES as readonly string[]).includes(status)) errors.push({ field: 'status', message: 'Bitte wählen Sie einen Status aus der Liste.' });
	const coop = options.cooperation?.trim() || null;
	if (coop && !(await cooperationTitles(db, [coop])).has(coop)) {
		errors.push({ field: 'kooperation', message: `Eine Kooperation mit der Kennung „${coop.slice(0, 80)}“ gibt es im Register nicht. Bitte geben Sie die Kennung aus der Adresse ihres Steckbriefs an, z. B. kreis-38.` });
	}
	if (errors.length) return { ok: false, reason: 'invalid', errors };
	if (stored.version !== expectedVersion) return { ok: false, reason: 'conflict', currentVersion: stored.version, errors: [{ field: 'status', message: conflictMessage(stored.version) }] };
	const record: IdeaRecord = {
		...stored.record,
		status: status as IdeaStatus,
		cooperations: coop && !stored.record.cooperations.includes(coop) ? [...stored.record.cooperations, coop] : stored.record.cooperations
	};
	const saved = await saveSteering(db, actor, 'idea', stored.regionId, record, expectedVersion, 'status', coop ? `Kooperation ${coop} verknüpft` : null, now);
	if (!saved.ok) {
		if (saved.reason === 'conflict') return { ok: false, reason: 'conflict', currentVersion: saved.current.version, errors: [{ field: 'status', message: conflictMessage(saved.current.version) }] };
		return { ok: false, reason: 'invalid', errors: problemsOf(saved, 'status') };
	}
	return { ok: true, id, version: saved.version };
}

export interface PromoteInput {
	field: string;
	number: string;
	title: string;
}

/** Today in the deck's date style (DD.MM.YYYY, German time). */
export function germanDate(now: Date): string {
	return new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }).format(now);
}

/**
 * Make an idea a measure: a new open measure (mandate = the idea's description, cooperations = the
 * idea's) and the idea decided with a link to it. The idea is saved first (its version is the lock),
 * then the measure; should the measure fail after all, the idea is put back.
 */
export async function promoteToMeasure(
	db: Kysely<Database>, actor: Actor, ideaId: string, input: PromoteInput, expectedVersion: number, now = new Date()
): Promise<IdeaWrite> {
	const stored = await readSteering(db, 'idea', ideaId);
	if (!stored) return { ok: false, reason: 'missing', errors: [{ field: 'title', message: 'Diese Idee gibt es nicht mehr.' }] };
	const idea = stored.record;
	const regionId = stored.regionId;
	const errors: FieldError[] = [];
	const fields = await listSteering(db, 'field', regionId);
	const field = fields.find((f) => f.record.id === input.field);
	if (!field) errors.push({ field: 'field', message: 'Bitte wählen Sie ein Zusammenarbeitsfeld aus der Liste.' });
	const number = input.number.trim();
	const measures = await listSteering(db, 'measure', regionId);
	if (!/^\d{1,3}(\.\d{1,3})?$/.test(number)) errors.push({ field: 'number', message: 'Bitte geben Sie die Nummer der Maßnahme wie im Bericht an, z. B. 8.1.' });
	else if (measures.some((m) => m.record.number === number)) {
		const m = measures.find((x) => x.record.number === number)!;
		errors.push({ field: 'number', message: `Die Nummer ${number} ist schon vergeben (Maßnahme „${m.record.title}“). Bitte wählen Sie eine freie Nummer.` });
	}
	const title = input.title.trim();
	if (!title) errors.push({ field: 'measure_title', message: 'Bitte geben Sie der Maßnahme einen Titel.' });
	else if (title.length > TITLE_MAX) errors.push({ field: 'measure_title', message: `Bitte kürzen Sie den Titel auf höchstens ${TITLE_MAX} Zeichen.` });
	if (idea.measure && (await readSteering(db, 'measure', idea.measure))) {
		errors.unshift({ field: 'field', message: 'Diese Idee ist schon als Maßnahme übernommen.' });
	}
	if (errors.length) return { ok: false, reason: 'invalid', errors };
	if (stored.version !== expectedVersion) return { ok: false, reason: 'conflict', currentVersion: stored.version, errors: [{ field: 'field', message: conflictMessage(stored.version) }] };

	const measureId = await freeId(db, 'measure', `m-${number.replace('.', '-')}`);
	const measure: MeasureRecord = {
		id: measureId, field: input.field, number, title, list_title: null, decided_at: null,
		mandate: idea.description ?? null, lead: [], lead_note: null, participants: [], participants_note: null,
		status: 'open',
		status_history: [{ date: germanDate(now), status: 'open', note: `aus Idee „${idea.title}“ übernommen` }],
		result: null, cooperations: [...idea.cooperations], savings_expected_eur: null, savings_realised_eur: null,
		due: null, slide: null, derived: []
	};
	const linked: IdeaRecord = { ...idea, status: 'decided', measure: measureId };
	const ideaSaved = await saveSteering(db, actor, 'idea', regionId, linked, expectedVersion, 'massnahme', `als Maßnahme ${number} übernommen`, now);
	if (!ideaSaved.ok) {
		if (ideaSaved.reason === 'conflict') return { ok: false, reason: 'conflict', currentVersion: ideaSaved.current.version, errors: [{ field: 'field', message: conflictMessage(ideaSaved.current.version) }] };
		return { ok: false, reason: 'invalid', errors: problemsOf(ideaSaved, 'field') };
	}
	const measureSaved = await saveSteering(db, actor, 'measure', regionId, measure, null, 'angelegt', `aus Idee ${idea.id}`, now);
	if (!measureSaved.ok) {
		await saveSteering(db, actor, 'idea', regionId, idea, ideaSaved.version, 'zurueckgesetzt', 'Maßnahme konnte nicht angelegt werden', now);
		return { ok: false, reason: 'invalid', errors: problemsOf(measureSaved as { ok: false; reason: 'invalid'; problems: string[] }, 'number') };
	}
	return { ok: true, id: measureId, version: measureSaved.version };
}
