/**
 * Reading and saving the legal lifecycle (GkG NRW) and the § 2b UStG assessment of a cooperation
 * (issue 7). Like every other write path: validated, optimistic lock by version (a save naming an
 * older version is refused), a full snapshot per save in record_version (entity
 * 'cooperation_legal' or 'vat_assessment'), the database revision bumped and the change audited.
 * Expected version 0 means "nothing saved yet".
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { VatAssessmentTable } from '../db/schema-legal';
import { bumpRevision, inTransaction } from '../db/versions';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { isIsoDay, OBJECTION_KINDS, SUB_TYPES, type LifecycleBody, type LifecycleRecord } from '../../domain/gkg-lifecycle';
import { applicableLaw, type ApplicableLaw, type LawBody } from '../../domain/land-law';
import { lawBook } from './land-law-data';
import {
	ABS4, ANSWERS, assessRelationship, combineResults, NRW_AGREEMENT, OPTION_FILED, PAYMENTS, REL_QUESTION_IDS, stepLine, VAT_RESULT_LABEL,
	type VatContext, type VatOption, type VatRelationship, type VatResult, type VatStep
} from '../../domain/vat-2b';
import { actorLabel } from '../auth/actor-label';
import { column, readJson } from '../db/json-columns';

/** Kinds of body that are legal persons under public law (or part of one, like a state office). */
export const PUBLIC_BODY_KINDS: readonly string[] = [
	'kreis', 'stadt', 'gemeinde', 'kreisfreie-stadt', 'landschaftsverband', 'regionalverband', 'zweckverband', 'aoer', 'bezirksregierung', 'landesbetrieb', 'kammer'
];

export const isPublicBodyKind = (kind: string): boolean => PUBLIC_BODY_KINDS.includes(kind);

const day = z.string().refine((s) => isIsoDay(s), 'kein gültiger Tag (JJJJ-MM-TT)');
const text = (max: number) => z.string().min(1).max(max);

export const lifecycleRecordSchema = z.object({
	sub_type: z.enum(SUB_TYPES).nullable(),
	council_decisions: z.array(z.object({ body: z.string().regex(/^[a-z0-9][a-z0-9-]*$/), date: day, reference: text(100).nullable().optional() }).strict()).max(200),
	authority: text(200).nullable(),
	submitted_at: day.nullable(),
	approval_date: day.nullable(),
	objection: z.boolean(),
	// Issue 22 (§ 24 Abs. 2 and 3 GkG); optional so that records saved before stay valid.
	objection_kind: z.enum(OBJECTION_KINDS).nullable().optional(),
	objection_date: day.nullable().optional(),
	meeting_set_at: day.nullable().optional(),
	partner_notices: z.array(z.object({ body: z.string().regex(/^[a-z0-9][a-z0-9-]*$/), date: day, reference: text(100).nullable().optional() }).strict()).max(200).optional(),
	publication: z.object({ gazette: text(200).nullable(), issue: text(200).nullable(), date: day.nullable() }).strict(),
	effective_date: day.nullable(),
	term: z.object({ open_ended: z.boolean(), end_date: day.nullable(), years: z.number().int().min(1).max(100).nullable() }).strict(),
	termination_rule: text(2000).nullable(),
	termination: z.object({ notified_date: day.nullable(), published_date: day.nullable() }).strict()
}).strict();


/**
 * cooperation_legal.record_json as read back: the shape of `lifecycleRecordSchema` without its
 * limits on content (a record saved under older rules still reads), and the fields added by issue 22
 * (objection details, the partners' notices) defaulted for records saved before (what
 * normalizeLifecycle does). A record of another shape is an error naming the column.
 */
const storedBodyDay = z.object({ body: z.string(), date: z.string(), reference: z.string().nullable().optional() });
export const storedLifecycleSchema = z.object({
	sub_type: z.enum(SUB_TYPES).nullable(),
	council_decisions: z.array(storedBodyDay),
	authority: z.string().nullable(),
	submitted_at: z.string().nullable(),
	approval_date: z.string().nullable(),
	objection: z.boolean(),
	objection_kind: z.enum(OBJECTION_KINDS).nullable().default(null),
	objection_date: z.string().nullable().default(null),
	meeting_set_at: z.string().nullable().default(null),
	partner_notices: z.array(storedBodyDay).default([]),
	publication: z.object({ gazette: z.string().nullable(), issue: z.string().nullable(), date: z.string().nullable() }),
	effective_date: z.string().nullable(),
	term: z.object({ open_ended: z.boolean(), end_date: z.string().nullable(), years: z.number().nullable() }),
	termination_rule: z.string().nullable(),
	termination: z.object({ notified_date: z.string().nullable(), published_date: z.string().nullable() })
}) satisfies z.ZodType<LifecycleRecord>;
export const LIFECYCLE_RECORD = column('cooperation_legal.record_json', storedLifecycleSchema);

/**
 * vat_assessment.answers_json: schema 2 (issue 22) holds the relationships with their computed
 * results; older rows hold the single questionnaire's answers (question id → answer) and are shown
 * as they are (legacy). A relationship carries the result, steps and context computed when it was
 * saved; they are shown, never recomputed. A value of another shape is an error naming the column.
 */
const lawRef = z.object({ norm: z.string(), law: z.string() });
/** A relationship as saved with its result (the shape of StoredRelationship; optional parts are those added later). */
export const storedRelationshipSchema = z.object({
	provider: z.string(),
	recipients: z.array(z.string()),
	service: z.string(),
	consideration: z.string().nullable(),
	annual_amount: z.number().nullable(),
	answers: z.object({
		...Object.fromEntries(REL_QUESTION_IDS.map((id) => [id, z.enum(ANSWERS).optional()])) as Record<(typeof REL_QUESTION_IDS)[number], z.ZodOptional<z.ZodEnum<{ [A in (typeof ANSWERS)[number]]: A }>>>,
		payment: z.enum(PAYMENTS).optional(),
		abs4: z.enum(ABS4).optional(),
		annex1_item: z.number().optional()
	}),
	result: z.enum(['not_taxable', 'taxable', 'open']),
	basis: z.string(),
	steps: z.array(z.object({ norm: z.string(), text: z.string() })),
	context: z.object({
		provider: z.object({ name: z.string(), public: z.boolean() }).nullable(),
		recipients: z.array(z.object({ name: z.string(), public: z.boolean() })),
		subType: z.enum(['delegating', 'mandating']).nullable(),
		publicLawAgreement: z.boolean(),
		delegationOnlyPublic: z.boolean(),
		agreementLaw: lawRef.optional(),
		term: z.object({ openEnded: z.boolean(), years: z.number().nullable() }).nullable(),
		association: lawRef.nullable().optional()
	})
}) satisfies z.ZodType<StoredRelationship>;
export const storedVatAnswersSchema = z.object({
	schema: z.number().optional(),
	answers: z.record(z.string(), z.string()).optional(),
	relationships: z.array(storedRelationshipSchema).optional(),
	note: z.string().nullable().optional()
});
export const VAT_ANSWERS = column('vat_assessment.answers_json', storedVatAnswersSchema);
/** The reasoning lines of a § 2b assessment. */
export const VAT_REASONING = column('vat_assessment.reasoning_json', z.array(z.string()));
/** A legal record in one of its versions (shown as stored; its shape changed over the issues). */
const LEGAL_SNAPSHOT = column('record_version.snapshot_json (legal)', z.unknown());

/** What the legal pages need to know about a cooperation. */
export interface LegalCooperation {
	id: string;
	title: string;
	regionId: string;
	list: string;
	number: number | null;
	status: string;
	archived: boolean;
	legalForm: { id: string; label: string; group: string | null };
	/** Participants and performer, institutions (kind 'einrichtung') replaced by the body they belong to; once each. */
	bodies: LawBody[];
	/** The bodies whose editors may edit (participants and performer as recorded). */
	bodyIds: string[];
	performerBodyId: string | null;
	/** Issue 13: the Land whose law applies, the Land's name for the form, whether rules are held. */
	law: ApplicableLaw;
}

type BodyRow = { id: string; name: string; kind: string; parent_id: string | null; ags: string | null };

/** Participants and performer as lifecycle bodies: an institution counts as the body it belongs to. */
export function resolveBodies(ids: readonly string[], bodies: ReadonlyMap<string, BodyRow>): LawBody[] {
	const out: LawBody[] = [];
	const seen = new Set<string>();
	for (const id of ids) {
		let b = bodies.get(id);
		if (b && b.kind === 'einrichtung' && b.parent_id && bodies.get(b.parent_id)) b = bodies.get(b.parent_id)!;
		if (!b || seen.has(b.id)) continue;
		seen.add(b.id);
		out.push({ id: b.id, name: b.name, kind: b.kind, ags: b.ags });
	}
	return out;
}

export async function bodyRows(db: Kysely<Database>): Promise<Map<string, BodyRow>> {
	const rows = await db.selectFrom('body').select(['id', 'name', 'kind', 'parent_id', 'ags']).execute();
	return new Map(rows.map((r) => [r.id, r]));
}

/** The AGS of a region's Kreis (or kreisfreie Stadt), or null. */
export async function regionAgs(db: Kysely<Database>, regionId: string): Promise<string | null> {
	const r = await db.selectFrom('region').leftJoin('body', 'body.id', 'region.kreis_body_id').select('body.ags').where('region.id', '=', regionId).executeTakeFirst();
	return r?.ags ?? null;
}

/** The law that applies to a cooperation with these bodies (issue 13, part 4). */
export function lawOf(legalForm: string, bodies: readonly LawBody[], performerBodyId: string | null, regionKreisAgs: string | null, allBodies: ReadonlyMap<string, BodyRow>): ApplicableLaw {
	// The lead body as resolved (an institution counts as the body it belongs to).
	const lead = performerBodyId ? resolveBodies([performerBodyId], allBodies)[0]?.id ?? null : null;
	return applicableLaw(lawBook(), { legalForm, bodies, leadBodyId: lead, regionAgs: regionKreisAgs });
}

/** The rows of the given bodies and of the bodies they belong to (issue 15: a profile reads its own bodies, not all 12,000). */
export async function bodyRowsOf(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, BodyRow>> {
	const out = new Map<string, BodyRow>();
	let wanted = [...new Set(ids)];
	// Two rounds: the bodies, then the parents of institutions among them (resolveBodies looks one step up).
	for (let round = 0; round < 2 && wanted.length; round++) {
		const rows = await db.selectFrom('body').select(['id', 'name', 'kind', 'parent_id', 'ags']).where('id', 'in', wanted).execute();
		for (const r of rows) out.set(r.id, r);
		wanted = [...new Set(rows.filter((r) => r.kind === 'einrichtung' && r.parent_id && !out.has(r.parent_id)).map((r) => r.parent_id!))];
	}
	return out;
}

export async function legalCooperation(db: Kysely<Database>, id: string): Promise<LegalCooperation | null> {
	const c = await db.selectFrom('cooperation').leftJoin('legal_form', 'legal_form.id', 'cooperation.legal_form_id')
		.select(['cooperation.seq', 'cooperation.id', 'cooperation.title', 'cooperation.region_id', 'cooperation.list', 'cooperation.number', 'cooperation.status',
			'cooperation.archived_at', 'cooperation.legal_form_id', 'cooperation.performer_body_id', 'legal_form.label as lf_label', 'legal_form.grp as lf_group'])
		.where('cooperation.id', '=', id).executeTakeFirst();
	if (!c) return null;
	const parts = await db.selectFrom('participation').select('body_id').where('cooperation_seq', '=', c.seq).orderBy('position').execute();
	// As registry/write.ts bodiesOf: participants, then the performer.
	const ids = [...new Set([...parts.map((p) => p.body_id), ...(c.performer_body_id ? [c.performer_body_id] : [])])];
	// The cooperation's own bodies (and their parents), not the whole body table (issue 15).
	const all = await bodyRowsOf(db, ids);
	const bodies = resolveBodies(ids, all);
	return {
		id: c.id, title: c.title, regionId: c.region_id, list: c.list, number: c.number, status: c.status, archived: !!c.archived_at,
		legalForm: { id: c.legal_form_id, label: c.lf_label ?? c.legal_form_id, group: c.lf_group ?? null },
		bodies, bodyIds: ids, performerBodyId: c.performer_body_id,
		law: lawOf(c.legal_form_id, bodies, c.performer_body_id, await regionAgs(db, c.region_id), all)
	};
}


export type LegalSave = { ok: true; version: number } | { ok: false; reason: 'conflict'; currentVersion: number } | { ok: false; reason: 'invalid'; problems: string[] };

// ---- lifecycle -----------------------------------------------------------------------------------

export interface StoredLifecycle {
	record: LifecycleRecord;
	version: number;
	updatedAt: string;
	updatedBy: string;
}

export async function readLifecycle(db: Kysely<Database>, cooperationId: string): Promise<StoredLifecycle | null> {
	const r = await db.selectFrom('cooperation_legal').selectAll().where('cooperation_id', '=', cooperationId).executeTakeFirst();
	return r ? { record: readJson(LIFECYCLE_RECORD, r.record_json), version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by } : null;
}

/** All lifecycle records of the given cooperations, by cooperation id. */
export async function readLifecycles(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, StoredLifecycle>> {
	const out = new Map<string, StoredLifecycle>();
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		if (!chunk.length) continue;
		const rows = await db.selectFrom('cooperation_legal').selectAll().where('cooperation_id', 'in', chunk).execute();
		for (const r of rows) out.set(r.cooperation_id, { record: readJson(LIFECYCLE_RECORD, r.record_json), version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by });
	}
	return out;
}

/** Save the whole lifecycle record of a cooperation. */
export async function saveLifecycle(
	db: Kysely<Database>, actor: Actor, cooperationId: string, record: LifecycleRecord, expectedVersion: number, comment: string | null = null, now = new Date()
): Promise<LegalSave> {
	const parsed = lifecycleRecordSchema.safeParse(record);
	if (!parsed.success) return { ok: false, reason: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
	const rec = parsed.data;
	const stamp = now.toISOString();
	const label = actorLabel(actor);
	// Joins a caller's transaction (accepting an OParl proposal saves the cooperation and this in one).
	return inTransaction(db, async (trx): Promise<LegalSave> => {
		const exists = await trx.selectFrom('cooperation').select('id').where('id', '=', cooperationId).executeTakeFirst();
		if (!exists) return { ok: false, reason: 'invalid', problems: ['Diese Kooperation gibt es nicht.'] };
		const before = await trx.selectFrom('cooperation_legal').select('version').where('cooperation_id', '=', cooperationId).executeTakeFirst();
		const json = JSON.stringify(rec);
		let version: number;
		if (!before) {
			if (expectedVersion !== 0) return { ok: false, reason: 'conflict', currentVersion: 0 };
			version = 1;
			await trx.insertInto('cooperation_legal').values({ cooperation_id: cooperationId, record_json: json, version, updated_at: stamp, updated_by: label }).execute();
		} else {
			if (before.version !== expectedVersion) return { ok: false, reason: 'conflict', currentVersion: before.version };
			version = before.version + 1;
			const upd = await trx.updateTable('cooperation_legal').set({ record_json: json, version, updated_at: stamp, updated_by: label })
				.where('cooperation_id', '=', cooperationId).where('version', '=', expectedVersion).executeTakeFirst();
			if (Number(upd.numUpdatedRows) !== 1) return { ok: false, reason: 'conflict', currentVersion: before.version };
		}
		await trx.insertInto('record_version').values({
			entity: 'cooperation_legal', entity_id: cooperationId, version, at: stamp, actor_id: actor.userId, actor_label: label,
			action: version === 1 ? 'erfasst' : 'bearbeitet', snapshot_json: json, comment: comment?.slice(0, 2000) ?? null
		}).execute();
		await bumpRevision(trx);
		await audit(trx, actor, { action: 'rechtsstand.gespeichert', entity: 'cooperation_legal', entityId: cooperationId, detail: { version } }, now);
		return { ok: true, version };
	});
}

// ---- § 2b UStG assessment ----------------------------------------------------------------------------

/** A relationship as saved: what was entered, and the result computed from it with the register's context at that time. */
export interface StoredRelationship extends VatRelationship {
	result: VatResult;
	basis: string;
	steps: VatStep[];
	/** The context the result was computed with (bodies, sub-type, term), for the tax advisers. */
	context: VatContext;
}

export interface StoredVat {
	/** Saved with the questionnaire before issue 22: its answers are kept and shown, but not reinterpreted. */
	legacy: boolean;
	/** The old single questionnaire's answers (question id → yes/no/unclear), only when legacy. */
	legacyAnswers: Record<string, string>;
	relationships: StoredRelationship[];
	note: string | null;
	result: VatResult;
	reasoning: string[];
	assessedBy: string;
	assessedAt: string;
	reviewDate: string | null;
	version: number;
}

function vatOf(r: Selectable<VatAssessmentTable>): StoredVat {
	const a = readJson(VAT_ANSWERS, r.answers_json);
	const legacy = a.schema !== 2;
	return {
		legacy, legacyAnswers: legacy ? (a.answers ?? {}) : {}, relationships: legacy ? [] : (a.relationships ?? []),
		note: a.note ?? null, result: r.result, reasoning: readJson(VAT_REASONING, r.reasoning_json), assessedBy: r.assessed_by_label,
		assessedAt: r.assessed_at, reviewDate: r.review_date, version: r.version
	};
}

export async function readVat(db: Kysely<Database>, cooperationId: string): Promise<StoredVat | null> {
	const r = await db.selectFrom('vat_assessment').selectAll().where('cooperation_id', '=', cooperationId).executeTakeFirst();
	return r ? vatOf(r) : null;
}

export async function readVats(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, StoredVat>> {
	const out = new Map<string, StoredVat>();
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		if (!chunk.length) continue;
		for (const r of await db.selectFrom('vat_assessment').selectAll().where('cooperation_id', 'in', chunk).execute()) out.set(r.cooperation_id, vatOf(r));
	}
	return out;
}

/** Whole years between two ISO days (rounded down). */
function yearsBetween(from: string, to: string): number {
	const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
	const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
	return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

/**
 * What the register knows for a relationship: whether provider and recipients are legal persons
 * under public law (by kind of body), the legal form, and from the legal lifecycle the sub-type
 * and the term. A delegating öffentlich-rechtliche Vereinbarung under the GkG NRW is possible only
 * between Gemeinden and Gemeindeverbände (§ 1 Abs. 1, § 23 Abs. 1 GkG NRW), so Land law allows that
 * delegation only between public bodies.
 */
export function vatContext(c: Pick<LegalCooperation, 'bodies' | 'legalForm'> & { law?: ApplicableLaw | null }, lifecycle: LifecycleRecord | null, rel: Pick<VatRelationship, 'provider' | 'recipients'>, isPublic: (kind: string) => boolean): VatContext {
	const body = (id: string) => c.bodies.find((b) => b.id === id);
	const p = body(rel.provider);
	const oerv = c.legalForm.id === 'oerv';
	// The agreement's norm in the Land whose law applies (issue 13, part 4). That delegation is
	// possible only between public bodies is known here for the GkG NRW only; elsewhere the
	// questionnaire asks instead of assuming it.
	const land = c.law?.land?.code ?? null;
	const nrw = land === null || land === '05';
	const agreementLaw = nrw ? { ...NRW_AGREEMENT } : { norm: c.law?.form?.norms ? `${c.law.form.norms}` : (c.law?.law?.short ?? `Landesrecht ${c.law?.land?.name ?? ''}`.trim()), law: c.law?.law?.short ?? `Landesrecht ${c.law?.land?.name ?? ''}`.trim() };
	let term: VatContext['term'] = null;
	const t = lifecycle?.term;
	if (t?.open_ended) term = { openEnded: true, years: null };
	else if (t?.years) term = { openEnded: false, years: t.years };
	else if (t?.end_date && lifecycle?.effective_date && t.end_date > lifecycle.effective_date) term = { openEnded: false, years: yearsBetween(lifecycle.effective_date, t.end_date) };
	// A Zweckverband serving its members (issue 22): the provider is the cooperation's Zweckverband
	// body and every recipient is another body of the cooperation.
	const zvLaw = c.law?.law?.short ?? (nrw ? 'GkG NRW' : `Landesrecht ${c.law?.land?.name ?? ''}`.trim());
	const association = c.legalForm.id === 'zweckverband' && p?.kind === 'zweckverband' && rel.recipients.length > 0 && rel.recipients.every((id) => id !== p.id && !!body(id))
		? { norm: c.law?.form?.norms ?? (nrw ? '§§ 4 ff. GkG NRW' : zvLaw), law: zvLaw }
		: null;
	return {
		provider: p ? { name: p.name, public: isPublic(p.kind) } : null,
		recipients: rel.recipients.map(body).filter((b): b is LifecycleBody => !!b).map((b) => ({ name: b.name, public: isPublic(b.kind) })),
		subType: oerv ? (lifecycle?.sub_type ?? null) : null,
		publicLawAgreement: oerv,
		delegationOnlyPublic: oerv && nrw,
		agreementLaw,
		term,
		association
	};
}

/** Compute the results of all relationships and the cooperation's result with its reasoning lines. */
export function assessCooperation(c: Pick<LegalCooperation, 'bodies' | 'legalForm'> & { law?: ApplicableLaw | null }, lifecycle: LifecycleRecord | null, rels: readonly VatRelationship[], isPublic: (kind: string) => boolean) {
	const name = (id: string) => c.bodies.find((b) => b.id === id)?.name ?? id;
	const relationships: StoredRelationship[] = rels.map((r) => {
		const context = vatContext(c, lifecycle, r, isPublic);
		const x = assessRelationship(context, r);
		return { ...r, ...x, context };
	});
	const result = combineResults(relationships.map((r) => r.result));
	const reasoning = relationships.length
		? relationships.flatMap((r, i) => [
			`Leistungsbeziehung ${i + 1}: ${name(r.provider)} für ${r.recipients.map(name).join(', ')} – ${r.service}: ${VAT_RESULT_LABEL[r.result]} (${r.basis}).`,
			...r.steps.map(stepLine)
		])
		: ['Es ist keine Leistungsbeziehung erfasst; ohne sie lässt sich nichts prüfen.'];
	return { relationships, result, reasoning };
}

export interface VatInput {
	relationships: VatRelationship[];
	note: string | null;
	reviewDate: string | null;
}

const relationshipSchema = z.object({
	provider: z.string().min(1).max(100),
	recipients: z.array(z.string().min(1).max(100)).min(1).max(200),
	service: z.string().min(1).max(300),
	consideration: z.string().max(300).nullable(),
	annual_amount: z.number().nonnegative().max(1e12).nullable(),
	answers: z.object({
		...Object.fromEntries(REL_QUESTION_IDS.map((id) => [id, z.enum(ANSWERS).optional()])),
		payment: z.enum(PAYMENTS).optional(),
		abs4: z.enum(ABS4).optional(),
		annex1_item: z.number().int().min(1).max(13).optional()
	}).strict()
}).strict();

/** Save an assessment; the results and reasoning are computed here from the relationships and the register, never taken from the form. */
export async function saveVat(db: Kysely<Database>, actor: Actor, cooperationId: string, input: VatInput, expectedVersion: number, now = new Date()): Promise<LegalSave> {
	const parsed = z.array(relationshipSchema).max(20).safeParse(input.relationships);
	const problems: string[] = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
	if (input.reviewDate !== null && !isIsoDay(input.reviewDate)) problems.push('review_date: kein gültiger Tag');
	if (input.note !== null && input.note.length > 2000) problems.push('note: zu lang');
	if (problems.length || !parsed.success) return { ok: false, reason: 'invalid', problems };
	const c = await legalCooperation(db, cooperationId);
	if (!c) return { ok: false, reason: 'invalid', problems: ['Diese Kooperation gibt es nicht.'] };
	const ids = new Set(c.bodies.map((b) => b.id));
	const rels = parsed.data as VatRelationship[];
	for (const [i, r] of rels.entries()) {
		if (!ids.has(r.provider) || r.recipients.some((x) => !ids.has(x))) problems.push(`relationships.${i}: eine Stelle ist an der Kooperation nicht beteiligt`);
	}
	if (problems.length) return { ok: false, reason: 'invalid', problems };
	const lifecycle = (await readLifecycle(db, cooperationId))?.record ?? null;
	const { relationships, result, reasoning } = assessCooperation(c, lifecycle, rels, isPublicBodyKind);
	const stamp = now.toISOString();
	const label = actorLabel(actor);
	const answersJson = JSON.stringify({ schema: 2, relationships, note: input.note });
	return db.transaction().execute(async (trx): Promise<LegalSave> => {
		const before = await trx.selectFrom('vat_assessment').select('version').where('cooperation_id', '=', cooperationId).executeTakeFirst();
		const row = { answers_json: answersJson, result, reasoning_json: JSON.stringify(reasoning), assessed_by_label: label, assessed_at: stamp, review_date: input.reviewDate };
		let version: number;
		if (!before) {
			if (expectedVersion !== 0) return { ok: false, reason: 'conflict', currentVersion: 0 };
			version = 1;
			await trx.insertInto('vat_assessment').values({ cooperation_id: cooperationId, ...row, version }).execute();
		} else {
			if (before.version !== expectedVersion) return { ok: false, reason: 'conflict', currentVersion: before.version };
			version = before.version + 1;
			const upd = await trx.updateTable('vat_assessment').set({ ...row, version })
				.where('cooperation_id', '=', cooperationId).where('version', '=', expectedVersion).executeTakeFirst();
			if (Number(upd.numUpdatedRows) !== 1) return { ok: false, reason: 'conflict', currentVersion: before.version };
		}
		await trx.insertInto('record_version').values({
			entity: 'vat_assessment', entity_id: cooperationId, version, at: stamp, actor_id: actor.userId, actor_label: label, action: 'bewertet',
			snapshot_json: JSON.stringify({ schema: 2, relationships, note: input.note, result, reasoning, review_date: input.reviewDate, assessed_by: label, assessed_at: stamp }),
			comment: null
		}).execute();
		await bumpRevision(trx);
		await audit(trx, actor, { action: 'umsatzsteuer.bewertet', entity: 'vat_assessment', entityId: cooperationId, detail: { version, result } }, now);
		return { ok: true, version };
	});
}

// ---- the Optionserklärung of a body (§ 27 Abs. 22/22a UStG) -------------------------------------------

export interface StoredVatOption extends VatOption {
	note: string | null;
	version: number;
	updatedAt: string;
	updatedBy: string;
}

export async function readVatOptions(db: Kysely<Database>): Promise<Map<string, StoredVatOption>> {
	const rows = await db.selectFrom('body_vat_option').selectAll().execute();
	return new Map(rows.map((r) => [r.body_id, { filed: r.filed, revokedOn: r.revoked_on, revokedFromYear: r.revoked_from_year, note: r.note, version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by }]));
}

export async function readVatOption(db: Kysely<Database>, bodyId: string): Promise<StoredVatOption | null> {
	const r = await db.selectFrom('body_vat_option').selectAll().where('body_id', '=', bodyId).executeTakeFirst();
	return r ? { filed: r.filed, revokedOn: r.revoked_on, revokedFromYear: r.revoked_from_year, note: r.note, version: r.version, updatedAt: r.updated_at, updatedBy: r.updated_by } : null;
}

const optionSchema = z.object({
	filed: z.enum(OPTION_FILED),
	revokedOn: day.nullable(),
	revokedFromYear: z.number().int().min(2017).max(2100).nullable(),
	note: z.string().max(2000).nullable()
}).strict().refine((o) => o.filed === 'yes' || (o.revokedOn === null && o.revokedFromYear === null), 'Ein Widerruf setzt eine abgegebene Optionserklärung voraus.')
	.refine((o) => o.revokedFromYear === null || (o.revokedOn !== null && o.revokedFromYear > Number(o.revokedOn.slice(0, 4))), 'Der Widerruf wirkt frühestens ab dem Jahr nach seiner Abgabe.');

/** Save a body's Optionserklärung (versioned, audited, optimistic lock). */
export async function saveVatOption(
	db: Kysely<Database>, actor: Actor, bodyId: string, input: VatOption & { note: string | null }, expectedVersion: number, now = new Date()
): Promise<LegalSave> {
	const parsed = optionSchema.safeParse(input);
	if (!parsed.success) return { ok: false, reason: 'invalid', problems: parsed.error.issues.map((i) => i.message) };
	const o = parsed.data;
	const stamp = now.toISOString();
	const label = actorLabel(actor);
	return db.transaction().execute(async (trx): Promise<LegalSave> => {
		const exists = await trx.selectFrom('body').select('id').where('id', '=', bodyId).executeTakeFirst();
		if (!exists) return { ok: false, reason: 'invalid', problems: ['Diese Körperschaft gibt es nicht.'] };
		const before = await trx.selectFrom('body_vat_option').select('version').where('body_id', '=', bodyId).executeTakeFirst();
		const row = { filed: o.filed, revoked_on: o.revokedOn, revoked_from_year: o.revokedFromYear, note: o.note, updated_at: stamp, updated_by: label };
		let version: number;
		if (!before) {
			if (expectedVersion !== 0) return { ok: false, reason: 'conflict', currentVersion: 0 };
			version = 1;
			await trx.insertInto('body_vat_option').values({ body_id: bodyId, ...row, version }).execute();
		} else {
			if (before.version !== expectedVersion) return { ok: false, reason: 'conflict', currentVersion: before.version };
			version = before.version + 1;
			const upd = await trx.updateTable('body_vat_option').set({ ...row, version }).where('body_id', '=', bodyId).where('version', '=', expectedVersion).executeTakeFirst();
			if (Number(upd.numUpdatedRows) !== 1) return { ok: false, reason: 'conflict', currentVersion: before.version };
		}
		await trx.insertInto('record_version').values({
			entity: 'vat_option', entity_id: bodyId, version, at: stamp, actor_id: actor.userId, actor_label: label, action: version === 1 ? 'erfasst' : 'bearbeitet',
			snapshot_json: JSON.stringify(row), comment: null
		}).execute();
		await bumpRevision(trx);
		await audit(trx, actor, { action: 'umsatzsteuer.option', entity: 'body', entityId: bodyId, detail: { version, filed: o.filed } }, now);
		return { ok: true, version };
	});
}

/** The saved versions of a lifecycle or an assessment, newest first. */
export async function legalVersions(db: Kysely<Database>, entity: 'cooperation_legal' | 'vat_assessment', cooperationId: string) {
	const rows = await db.selectFrom('record_version').selectAll().where('entity', '=', entity).where('entity_id', '=', cooperationId).orderBy('version', 'desc').execute();
	return rows.map((r) => ({ version: r.version, at: r.at, actorLabel: r.actor_label, action: r.action, comment: r.comment, snapshot: r.snapshot_json ? readJson(LEGAL_SNAPSHOT, r.snapshot_json) : null }));
}
