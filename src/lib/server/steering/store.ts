/**
 * The steering records (conferences, fields, measures, working groups, ideas, report marks) of a
 * region: read them, and save them through one path that checks the optimistic lock, keeps a
 * version in record_version (the file state as version 1 the first time), hands the record to the
 * app (decision 0004), bumps the revision and writes the audit log — like cooperations.
 */
import type { Kysely } from 'kysely';
import { bumpRevision, keepFileState } from '../db/versions';
import type { Database, SteeringKind } from '../db/schema';
import { workRegion, type Actor } from '../auth/policy';
import { regionIdsInOrder } from '../registry/regions';
import { audit } from '../auth/audit';
import {
	conferenceRecord, fieldRecord, ideaRecord, measureRecord, workingGroupRecord,
	type ConferenceRecord, type IdeaRecord, type MeasureRecord, type WorkingGroupRecord
} from '../data/steering-schema';
import { z } from 'zod';
import { actorLabel } from '../auth/actor-label';
import { column, JsonColumnError, readJson } from '../db/json-columns';

export const reportRecord = z.object({
	id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
	date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
	title: z.string().min(1),
	note: z.string().optional().nullable()
}).strict();
export type ReportRecord = z.infer<typeof reportRecord>;

export interface KindMap {
	conference: ConferenceRecord;
	field: z.infer<typeof fieldRecord>;
	measure: MeasureRecord;
	working_group: WorkingGroupRecord;
	idea: IdeaRecord;
	report: ReportRecord;
}

const SCHEMAS: { [K in SteeringKind]: z.ZodType<KindMap[K]> } = {
	conference: conferenceRecord as z.ZodType<ConferenceRecord>,
	field: fieldRecord,
	measure: measureRecord as z.ZodType<MeasureRecord>,
	working_group: workingGroupRecord as z.ZodType<WorkingGroupRecord>,
	idea: ideaRecord as z.ZodType<IdeaRecord>,
	report: reportRecord as z.ZodType<ReportRecord>
};

/**
 * steering_record.record_json is read through the schema its kind is saved with: every writer (the
 * data-file loader and saveSteering) wrote a record that passed it, and fields added later have
 * defaults there (e.g. a working group's meetings). A record of another shape is an error naming
 * the column and the kind.
 */
export function readSteeringRecord<K extends SteeringKind>(kind: K, text: string, name = 'steering_record.record_json'): KindMap[K] {
	return readJson(column(`${name} (${kind})`, SCHEMAS[kind]), text);
}

export const KIND_LABEL: Record<SteeringKind, string> = {
	conference: 'Konferenz', field: 'Zusammenarbeitsfeld', measure: 'Maßnahme', working_group: 'Arbeitskreis', idea: 'Idee', report: 'Bericht'
};

export interface Stored<K extends SteeringKind> {
	kind: K;
	record: KindMap[K];
	regionId: string;
	version: number;
	origin: string;
	updatedAt: string;
}

export async function listSteering<K extends SteeringKind>(db: Kysely<Database>, kind: K, regionId?: string | null): Promise<Stored<K>[]> {
	let q = db.selectFrom('steering_record').selectAll().where('kind', '=', kind);
	if (regionId) q = q.where('region_id', '=', regionId);
	const rows = await q.orderBy('region_id').orderBy('position').orderBy('id').execute();
	return rows.map((r) => ({ kind, record: readSteeringRecord(kind, r.record_json), regionId: r.region_id, version: r.version, origin: r.origin, updatedAt: r.updated_at }));
}

export async function readSteering<K extends SteeringKind>(db: Kysely<Database>, kind: K, id: string): Promise<Stored<K> | null> {
	const r = await db.selectFrom('steering_record').selectAll().where('kind', '=', kind).where('id', '=', id).executeTakeFirst();
	return r ? { kind, record: readSteeringRecord(kind, r.record_json), regionId: r.region_id, version: r.version, origin: r.origin, updatedAt: r.updated_at } : null;
}

export type SteeringSave = { ok: true; version: number } | { ok: false; reason: 'conflict'; current: Stored<SteeringKind> } | { ok: false; reason: 'invalid'; problems: string[] };

/** Save one record; `expectedVersion` null creates it. */
export async function saveSteering<K extends SteeringKind>(
	db: Kysely<Database>, actor: Actor, kind: K, regionId: string, record: KindMap[K], expectedVersion: number | null,
	action: string, comment: string | null = null, now = new Date()
): Promise<SteeringSave> {
	const parsed = SCHEMAS[kind].safeParse(record);
	if (!parsed.success) return { ok: false, reason: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
	const rec = parsed.data as KindMap[K] & { id: string; status?: string };
	const stamp = now.toISOString();
	const label = actorLabel(actor);
	return db.transaction().execute(async (trx): Promise<SteeringSave> => {
		const before = await trx.selectFrom('steering_record').selectAll().where('kind', '=', kind).where('id', '=', rec.id).executeTakeFirst();
		let version = 1;
		const status = 'status' in rec && typeof rec.status === 'string' ? rec.status : null;
		if (expectedVersion === null) {
			if (before) return { ok: false, reason: 'invalid', problems: [`Die Kennung ${rec.id} ist schon vergeben.`] };
			const pos = await trx.selectFrom('steering_record').select((eb) => eb.fn.max('position').as('p')).where('region_id', '=', regionId).where('kind', '=', kind).executeTakeFirst();
			await trx.insertInto('steering_record').values({
				kind, id: rec.id, region_id: regionId, record_json: JSON.stringify(rec), status, position: Number(pos?.p ?? -1) + 1,
				origin: 'app', version: 1, content_hash: '', updated_at: stamp
			}).execute();
		} else {
			if (!before) return { ok: false, reason: 'invalid', problems: ['Diesen Eintrag gibt es nicht mehr.'] };
			const current: Stored<SteeringKind> = { kind, record: readSteeringRecord(kind, before.record_json), regionId: before.region_id, version: before.version, origin: before.origin, updatedAt: before.updated_at };
			if (before.version !== expectedVersion) return { ok: false, reason: 'conflict', current };
			await keepFileState(trx, { entity: kind, id: rec.id, version: before.version, at: before.updated_at, origin: before.origin, snapshotJson: before.record_json });
			version = before.version + 1;
			const upd = await trx.updateTable('steering_record')
				.set({ record_json: JSON.stringify(rec), status, origin: 'app', version, updated_at: stamp })
				.where('kind', '=', kind).where('id', '=', rec.id).where('version', '=', expectedVersion).executeTakeFirst();
			if (Number(upd.numUpdatedRows) !== 1) return { ok: false, reason: 'conflict', current };
		}
		await trx.insertInto('record_version').values({
			entity: kind, entity_id: rec.id, version, at: stamp, actor_id: actor.userId, actor_label: label, action,
			snapshot_json: JSON.stringify(rec), comment: comment?.slice(0, 2000) ?? null
		}).execute();
		await bumpRevision(trx);
		await audit(trx, actor, { action: `${kind}.${action}`, entity: kind, entityId: rec.id, detail: { version } }, now);
		return { ok: true, version };
	});
}

export async function steeringVersions<K extends SteeringKind>(db: Kysely<Database>, kind: K, id: string) {
	const rows = await db.selectFrom('record_version').selectAll().where('entity', '=', kind).where('entity_id', '=', id).orderBy('version', 'desc').execute();
	return rows.map((r) => ({ version: r.version, at: r.at, actorLabel: r.actor_label, action: r.action, comment: r.comment, record: r.snapshot_json ? steeringSnapshot(kind, id, r.version, r.snapshot_json) : null }));
}

/**
 * A version's snapshot (record_version.snapshot_json) through its kind's schema. History stays
 * readable: a snapshot that does not fit is a version without snapshot (null), with a warning naming
 * the column, the record and the version (the same rule as a cooperation's versions).
 */
export function steeringSnapshot<K extends SteeringKind>(kind: K, id: string, version: number, text: string): KindMap[K] | null {
	try {
		return readSteeringRecord(kind, text, 'record_version.snapshot_json');
	} catch (e) {
		if (!(e instanceof JsonColumnError)) throw e;
		console.warn(`${kind} ${id}, version ${version}: ${e.message}`);
		return null;
	}
}

/** The region to show: decided by the policy (`workRegion`): the requested one, the actor's, else the first. */
export async function regionFor(db: Kysely<Database>, actor: Actor, requested?: string | null): Promise<string> {
	return workRegion(actor, await regionIdsInOrder(db), requested) ?? 'kreis-unna';
}
