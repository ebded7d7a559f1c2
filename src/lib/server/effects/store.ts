/**
 * Effect figures per cooperation (issue 19, part 1): read, add, remove. Like every other write
 * path: validated with zod, one snapshot of all the cooperation's figures per change in
 * record_version (entity 'effect', entity id = the cooperation), the database revision bumped and
 * the change audited. Who may add or remove which figure is decided in the route with the policy
 * (`effect.edit`): editors for their own body's figures, the steering office all.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { EffectFigureTable } from '../db/schema-effects';
import { bumpRevision } from '../db/versions';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { bodyRows, resolveBodies } from '../legal/store';
import { listSteering } from '../steering/store';
import { compareMeasureNumbers } from '../steering/measures';
import {
	EFFECT_KINDS, SERVICE_INDICATORS, rollUpEffects,
	type EffectCooperation, type EffectFigure, type EffectKind, type EffectRollup, type ServiceIndicator
} from '../../domain/effects';
import { actorLabel } from '../auth/actor-label';

const text = (max: number) => z.string().trim().min(1).max(max);

/** A figure as entered (the form's schema maps onto this). */
export const effectInputSchema = z.object({
	bodyId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/).nullable(),
	kind: z.enum(EFFECT_KINDS),
	indicator: z.enum(SERVICE_INDICATORS).nullable(),
	label: text(200).nullable(),
	unit: text(50).nullable(),
	year: z.number().int().min(1950).max(2100),
	min: z.number().finite().min(-1e12).max(1e12),
	max: z.number().finite().min(-1e12).max(1e12),
	estimate: z.boolean(),
	source: text(500),
	note: text(2000).nullable()
}).strict()
	.refine((f) => f.min <= f.max, { message: 'Der kleinste Wert ist größer als der größte.', path: ['max'] })
	.refine((f) => (f.kind === 'service') === (f.indicator !== null), { message: 'Eine Kennzahl braucht ihre Art, ein Geldbetrag keine.', path: ['indicator'] })
	.refine((f) => f.kind !== 'service' || f.indicator !== 'other' || f.label !== null, { message: 'Eine andere Kennzahl braucht eine Bezeichnung.', path: ['label'] })
	.refine((f) => f.kind === 'service' || (f.min >= 0 || f.kind === 'saving_expected' || f.kind === 'saving_realised'), { message: 'Kosten sind nicht negativ.', path: ['min'] });

export type EffectInput = z.infer<typeof effectInputSchema>;

export function figureOf(r: Selectable<EffectFigureTable>): EffectFigure {
	return {
		id: r.id, cooperationId: r.cooperation_id, bodyId: r.body_id, kind: r.kind as EffectKind, indicator: (r.indicator as ServiceIndicator | null) ?? null,
		label: r.label, unit: r.unit, year: Number(r.year), min: Number(r.value_min), max: Number(r.value_max), estimate: !!Number(r.estimate),
		source: r.source, note: r.note, enteredAt: r.entered_at, enteredBy: r.entered_by
	};
}

export async function readFigures(db: Kysely<Database>, cooperationId?: string): Promise<EffectFigure[]> {
	let q = db.selectFrom('effect_figure').selectAll();
	if (cooperationId) q = q.where('cooperation_id', '=', cooperationId);
	const rows = await q.orderBy('cooperation_id').orderBy('year').orderBy('kind').orderBy('entered_at').orderBy('id').execute();
	return rows.map(figureOf);
}


export type EffectSave = { ok: true; version: number; id: string } | { ok: false; problems: { field: string; message: string }[] };

async function snapshot(trx: Kysely<Database>, actor: Actor, cooperationId: string, action: string, stamp: string): Promise<number> {
	const last = await trx.selectFrom('record_version').select((eb) => eb.fn.max('version').as('v'))
		.where('entity', '=', 'effect').where('entity_id', '=', cooperationId).executeTakeFirst();
	const version = Number(last?.v ?? 0) + 1;
	const figures = await readFigures(trx, cooperationId);
	await trx.insertInto('record_version').values({
		entity: 'effect', entity_id: cooperationId, version, at: stamp, actor_id: actor.userId, actor_label: actorLabel(actor),
		action, snapshot_json: JSON.stringify(figures.map(({ cooperationId: _c, ...f }) => f)), comment: null
	}).execute();
	await bumpRevision(trx);
	return version;
}

/** Add one figure to a cooperation. */
export async function addFigure(db: Kysely<Database>, actor: Actor, cooperationId: string, input: EffectInput, now = new Date()): Promise<EffectSave> {
	const parsed = effectInputSchema.safeParse(input);
	if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'wirkung'), message: i.message })) };
	const f = parsed.data;
	const stamp = now.toISOString();
	return db.transaction().execute(async (trx): Promise<EffectSave> => {
		const exists = await trx.selectFrom('cooperation').select('id').where('id', '=', cooperationId).executeTakeFirst();
		if (!exists) return { ok: false, problems: [{ field: 'wirkung', message: 'Diese Kooperation gibt es nicht.' }] };
		if (f.bodyId) {
			const body = await trx.selectFrom('body').select('id').where('id', '=', f.bodyId).executeTakeFirst();
			if (!body) return { ok: false, problems: [{ field: 'koerperschaft', message: 'Diese Körperschaft gibt es nicht.' }] };
		}
		const id = randomUUID();
		await trx.insertInto('effect_figure').values({
			id, cooperation_id: cooperationId, body_id: f.bodyId, kind: f.kind, indicator: f.indicator, label: f.label, unit: f.unit, year: f.year,
			value_min: f.min, value_max: f.max, estimate: f.estimate ? 1 : 0, source: f.source, note: f.note, entered_at: stamp,
			entered_by: actorLabel(actor), entered_by_id: actor.userId
		}).execute();
		const version = await snapshot(trx, actor, cooperationId, 'Wirkungszahl erfasst', stamp);
		await audit(trx, actor, { action: 'wirkung.erfasst', entity: 'effect', entityId: cooperationId, detail: { version, kind: f.kind, year: f.year, body: f.bodyId } }, now);
		return { ok: true, version, id };
	});
}

/** Remove one figure of a cooperation (kept in the history). */
export async function removeFigure(db: Kysely<Database>, actor: Actor, cooperationId: string, figureId: string, now = new Date()): Promise<EffectSave> {
	const stamp = now.toISOString();
	return db.transaction().execute(async (trx): Promise<EffectSave> => {
		const del = await trx.deleteFrom('effect_figure').where('id', '=', figureId).where('cooperation_id', '=', cooperationId).executeTakeFirst();
		if (Number(del.numDeletedRows) !== 1) return { ok: false, problems: [{ field: 'wirkung', message: 'Diese Zahl gibt es nicht (mehr).' }] };
		const version = await snapshot(trx, actor, cooperationId, 'Wirkungszahl entfernt', stamp);
		await audit(trx, actor, { action: 'wirkung.entfernt', entity: 'effect', entityId: cooperationId, detail: { version } }, now);
		return { ok: true, version, id: figureId };
	});
}

export async function readFigure(db: Kysely<Database>, figureId: string): Promise<EffectFigure | null> {
	const r = await db.selectFrom('effect_figure').selectAll().where('id', '=', figureId).executeTakeFirst();
	return r ? figureOf(r) : null;
}

export async function effectVersions(db: Kysely<Database>, cooperationId: string) {
	return db.selectFrom('record_version').select(['version', 'at', 'actor_label', 'action'])
		.where('entity', '=', 'effect').where('entity_id', '=', cooperationId).orderBy('version', 'desc').execute();
}

// ---- roll-ups -----------------------------------------------------------------------------------

export interface EffectScope {
	coops: EffectCooperation[];
	/** Labels of bodies, topics, regions and measures (with their number) for the pages. */
	bodies: Map<string, string>;
	topics: Map<string, string>;
	regions: Map<string, string>;
	measures: { id: string; number: string; title: string; regionId: string }[];
}

/** The cooperations (not archived) of a region, or of all regions, with bodies, topics and measures. */
export async function effectScope(db: Kysely<Database>, regionId: string | null): Promise<EffectScope> {
	let q = db.selectFrom('cooperation').select(['seq', 'id', 'title', 'region_id', 'performer_body_id']).where('archived_at', 'is', null);
	if (regionId) q = q.where('region_id', '=', regionId);
	const rows = await q.orderBy('seq').execute();
	const seqs = rows.map((r) => r.seq);
	const parts: { cooperation_seq: number; body_id: string }[] = [];
	const topics: { cooperation_seq: number; topic_id: string }[] = [];
	for (let i = 0; i < seqs.length; i += 500) {
		const chunk = seqs.slice(i, i + 500);
		parts.push(...await db.selectFrom('participation').select(['cooperation_seq', 'body_id']).where('cooperation_seq', 'in', chunk).orderBy('position').execute());
		topics.push(...await db.selectFrom('cooperation_topic').select(['cooperation_seq', 'topic_id']).where('cooperation_seq', 'in', chunk).orderBy('position').execute());
	}
	const bodies = await bodyRows(db);
	const measures = (await listSteering(db, 'measure', regionId)).map((m) => ({ ...m.record, regionId: m.regionId }))
		.sort((a, b) => compareMeasureNumbers(a.number, b.number));
	const coops: EffectCooperation[] = rows.map((r) => ({
		id: r.id, title: r.title, regionId: r.region_id,
		// Participants only (the performer of an outsourced task is no partner sharing the costs); an institution counts as its body.
		bodyIds: resolveBodies(parts.filter((p) => p.cooperation_seq === r.seq).map((p) => p.body_id), bodies).map((b) => b.id),
		topicIds: topics.filter((t) => t.cooperation_seq === r.seq).map((t) => t.topic_id),
		measureIds: measures.filter((m) => m.cooperations.includes(r.id)).map((m) => m.id)
	}));
	const topicRows = await db.selectFrom('topic').select(['id', 'label']).execute();
	const regionRows = await db.selectFrom('region').select(['id', 'name']).execute();
	return {
		coops,
		bodies: new Map([...bodies.values()].map((b) => [b.id, b.name])),
		topics: new Map(topicRows.map((t) => [t.id, t.label])),
		regions: new Map(regionRows.map((r) => [r.id, r.name])),
		measures: measures.map((m) => ({ id: m.id, number: m.number, title: m.title, regionId: m.regionId }))
	};
}

export async function effectRollup(db: Kysely<Database>, regionId: string | null): Promise<{ scope: EffectScope; rollup: EffectRollup }> {
	const scope = await effectScope(db, regionId);
	const ids = new Set(scope.coops.map((c) => c.id));
	const figures = (await readFigures(db)).filter((f) => ids.has(f.cooperationId));
	return { scope, rollup: rollUpEffects(scope.coops, figures) };
}

/** One cooperation as the roll-ups see it (participants, institutions as their body), without topics and measures. */
export async function effectCooperation(db: Kysely<Database>, id: string): Promise<EffectCooperation | null> {
	const c = await db.selectFrom('cooperation').select(['seq', 'id', 'title', 'region_id']).where('id', '=', id).executeTakeFirst();
	if (!c) return null;
	const parts = await db.selectFrom('participation').select('body_id').where('cooperation_seq', '=', c.seq).orderBy('position').execute();
	return { id: c.id, title: c.title, regionId: c.region_id, bodyIds: resolveBodies(parts.map((p) => p.body_id), await bodyRows(db)).map((b) => b.id), topicIds: [], measureIds: [] };
}
