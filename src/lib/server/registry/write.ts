/**
 * Writing cooperations: every change goes through `saveCooperation`, which checks the optimistic
 * lock (the version the editor started from), writes the rows, keeps a full snapshot of the new
 * state in `record_version`, bumps the database revision (search indexes of every instance
 * rebuild) and marks the record as owned by the app, so the data files no longer overwrite it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { bumpRevision, inTransaction, keepFileState } from '../db/versions';
import { cooperationRecord, type CooperationRecord } from '../../domain/cooperation';
import { cooperationColumns, deleteChildren, recordFromRows, searchText, writeChildren } from '../data/cooperation-rows';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { actorLabel } from '../auth/actor-label';
import { COOPERATION_SNAPSHOT, JsonColumnError, readJson } from '../db/json-columns';

export interface StoredCooperation {
	record: CooperationRecord;
	seq: number;
	regionId: string;
	version: number;
	archivedAt: string | null;
	confirmedAt: string | null;
	origin: string;
	updatedAt: string;
}

/** Rebuild the full record (the data-file shape) from the rows. */
export async function readCooperation(db: Kysely<Database>, id: string): Promise<StoredCooperation | null> {
	return (await readCooperations(db, [id])).get(id) ?? null;
}

/** Several records in one batched read (five queries per 500 ids, not five per record): the import's preview. */
export async function readCooperations(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, StoredCooperation>> {
	const out = new Map<string, StoredCooperation>();
	const wanted = [...new Set(ids)];
	for (let i = 0; i < wanted.length; i += 500) {
		const rows = await db.selectFrom('cooperation').selectAll().where('id', 'in', wanted.slice(i, i + 500)).execute();
		if (!rows.length) continue;
		const seqs = rows.map((c) => c.seq);
		const [topics, parts, groups, events] = await Promise.all([
			db.selectFrom('cooperation_topic').select(['cooperation_seq', 'topic_id']).where('cooperation_seq', 'in', seqs).orderBy('cooperation_seq').orderBy('position').execute(),
			db.selectFrom('participation').selectAll().where('cooperation_seq', 'in', seqs).orderBy('cooperation_seq').orderBy('position').execute(),
			db.selectFrom('partner_group').selectAll().where('cooperation_seq', 'in', seqs).orderBy('cooperation_seq').orderBy('position').execute(),
			db.selectFrom('lifecycle_event').selectAll().where('cooperation_seq', 'in', seqs).orderBy('cooperation_seq').orderBy('position').execute()
		]);
		const of = <T extends { cooperation_seq: number }>(list: T[]) => {
			const by = new Map<number, T[]>();
			for (const x of list) by.set(x.cooperation_seq, [...(by.get(x.cooperation_seq) ?? []), x]);
			return (seq: number) => by.get(seq) ?? [];
		};
		const [t, p, g, e] = [of(topics), of(parts), of(groups), of(events)];
		for (const c of rows) {
			// One row mapping for loader, saves and this batch (data/cooperation-rows.ts).
			const record = recordFromRows({ cooperation: c, topics: t(c.seq).map((x) => x.topic_id), participants: p(c.seq), partnerGroups: g(c.seq), events: e(c.seq) });
			out.set(c.id, { record, seq: c.seq, regionId: c.region_id, version: c.version, archivedAt: c.archived_at, confirmedAt: c.confirmed_at, origin: c.origin, updatedAt: c.updated_at });
		}
	}
	return out;
}

/** The bodies that take part in a cooperation (participants and performer): whose editors may edit it. */
export function bodiesOf(r: Pick<CooperationRecord, 'participants' | 'performer'>): string[] {
	return [...new Set([...r.participants.map((p) => p.body), ...(r.performer.body ? [r.performer.body] : [])])];
}

export type SaveOutcome =
	| { ok: true; id: string; version: number; unchanged?: boolean }
	| { ok: false; reason: 'conflict'; current: StoredCooperation }
	| { ok: false; reason: 'invalid'; problems: string[] };

export interface SaveInput {
	regionId: string;
	record: CooperationRecord;
	/** The version the editor started from; null creates a new cooperation. */
	expectedVersion: number | null;
	/** German label of what happened: 'bearbeitet', 'angelegt', 'beendet', 'wiederhergestellt', … */
	action: string;
	comment?: string | null;
	/** When a survey round or a review accepted it, the record is also confirmed now. */
	confirm?: boolean;
}

/** JSON with object keys sorted and undefined members left out: the same record gives the same text. */
function canonical(v: unknown): string {
	return JSON.stringify(v, (_k, x: unknown) => {
		if (x && typeof x === 'object' && !Array.isArray(x)) {
			return Object.fromEntries(Object.entries(x as Record<string, unknown>).filter(([, y]) => y !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
		}
		return x;
	});
}

/** Do two records hold the same content (key order and left-out optional members aside)? */
export function sameRecord(a: CooperationRecord, b: CooperationRecord): boolean {
	return canonical(a) === canonical(b);
}

const hashOf = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 32);

export async function newCooperationId(db: Kysely<Database>, list: string): Promise<string> {
	for (;;) {
		const id = `${list}-${randomBytes(4).toString('hex')}`;
		if (!(await db.selectFrom('cooperation').select('id').where('id', '=', id).executeTakeFirst())) return id;
	}
}

export async function nextNumber(db: Kysely<Database>, regionId: string, list: string): Promise<number> {
	const r = await db.selectFrom('cooperation').select((eb) => eb.fn.max('number').as('n')).where('region_id', '=', regionId).where('list', '=', list).executeTakeFirst();
	return Number(r?.n ?? 0) + 1;
}


async function namesFor(db: Kysely<Database>, r: CooperationRecord) {
	const ids = bodiesOf(r);
	const bodies = ids.length ? await db.selectFrom('body').select(['id', 'name', 'official_name']).where('id', 'in', ids).execute() : [];
	const aliases = ids.length ? await db.selectFrom('body_alias').select(['body_id', 'alias']).where('body_id', 'in', ids).execute() : [];
	const lf = await db.selectFrom('legal_form').select(['id', 'label', 'short']).where('id', '=', r.legal_form).executeTakeFirst();
	const missing = ids.filter((id) => !bodies.some((b) => b.id === id));
	return {
		missing,
		lfMissing: !lf,
		names: {
			legalForm: () => lf,
			bodyWords: (id: string) => {
				const b = bodies.find((x) => x.id === id);
				// body_alias holds the name and official name too: once each (as the loader does for app-owned bodies).
				return b ? [...new Set([b.name, b.official_name, ...aliases.filter((a) => a.body_id === id).map((a) => a.alias)])] : [];
			}
		}
	};
}

/** Validate and write one version of a cooperation. */
export async function saveCooperation(db: Kysely<Database>, actor: Actor, input: SaveInput, now = new Date()): Promise<SaveOutcome> {
	const parsed = cooperationRecord.safeParse(input.record);
	if (!parsed.success) return { ok: false, reason: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
	const record = parsed.data;
	const { missing, lfMissing, names } = await namesFor(db, record);
	if (missing.length || lfMissing) {
		return { ok: false, reason: 'invalid', problems: [...missing.map((id) => `Unbekannte Körperschaft: ${id}`), ...(lfMissing ? [`Unbekannte Rechtsform: ${record.legal_form}`] : [])] };
	}
	const stamp = now.toISOString();
	const text = searchText(record, names);
	const label = actorLabel(actor);

	const outcome = await inTransaction(db, async (trx): Promise<SaveOutcome> => {
		const before = await trx.selectFrom('cooperation').select(['seq', 'version', 'id']).where('id', '=', record.id).executeTakeFirst();
		let seq: number;
		let version: number;
		if (input.expectedVersion === null) {
			if (before) return { ok: false, reason: 'invalid', problems: [`Die Kennung ${record.id} ist schon vergeben.`] };
			const row = cooperationColumns(record, input.regionId, text, hashOf([record, text]), 'app', stamp);
			const ins = await trx.insertInto('cooperation').values({ ...row, created_at: stamp, version: 1, confirmed_at: input.confirm ? stamp : null })
				.returning('seq').executeTakeFirstOrThrow();
			seq = ins.seq;
			version = 1;
		} else {
			if (!before) return { ok: false, reason: 'invalid', problems: ['Diese Kooperation gibt es nicht mehr.'] };
			if (before.version !== input.expectedVersion) return { ok: false, reason: 'conflict', current: (await readCooperation(trx, record.id))! };
			const old = (await readCooperation(trx, record.id))!;
			// A save that changes nothing writes no version (issue 18); a confirmation still counts.
			if (sameRecord(old.record, record)) {
				if (input.confirm) {
					await trx.updateTable('cooperation').set({ confirmed_at: stamp }).where('seq', '=', before.seq).execute();
					await bumpRevision(trx);
				}
				return { ok: true, id: record.id, version: old.version, unchanged: true };
			}
			await keepFileState(trx, { entity: 'cooperation', id: record.id, version: old.version, at: old.updatedAt, origin: old.origin, snapshotJson: JSON.stringify(old.record) });
			seq = before.seq;
			version = before.version + 1;
			const row = cooperationColumns(record, input.regionId, text, hashOf([record, text]), 'app', stamp);
			const upd = await trx.updateTable('cooperation')
				.set({ ...row, version, ...(input.confirm ? { confirmed_at: stamp } : {}) })
				.where('seq', '=', seq).where('version', '=', input.expectedVersion).executeTakeFirst();
			if (Number(upd.numUpdatedRows) !== 1) return { ok: false, reason: 'conflict', current: (await readCooperation(trx, record.id))! };
			await deleteChildren(trx, seq);
		}
		await writeChildren(trx, seq, record);
		await trx.insertInto('record_version').values({
			entity: 'cooperation', entity_id: record.id, version, at: stamp, actor_id: actor.userId, actor_label: label,
			action: input.action, snapshot_json: JSON.stringify(record), comment: input.comment?.slice(0, 2000) ?? null
		}).execute();
		await bumpRevision(trx);
		await audit(trx, actor, { action: `kooperation.${input.action}`, entity: 'cooperation', entityId: record.id, detail: { version } }, now);
		return { ok: true, id: record.id, version };
	});
	return outcome;
}

/** Archive (hide from register and analyses, keep everything) or bring back. */
export async function setArchived(db: Kysely<Database>, actor: Actor, id: string, archived: boolean, expectedVersion: number, now = new Date()): Promise<SaveOutcome> {
	const current = await readCooperation(db, id);
	if (!current) return { ok: false, reason: 'invalid', problems: ['Diese Kooperation gibt es nicht.'] };
	if (current.version !== expectedVersion) return { ok: false, reason: 'conflict', current };
	const stamp = now.toISOString();
	return db.transaction().execute(async (trx) => {
		const upd = await trx.updateTable('cooperation')
			.set({ archived_at: archived ? stamp : null, version: current.version + 1, updated_at: stamp, origin: 'app' })
			.where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
		if (Number(upd.numUpdatedRows) !== 1) return { ok: false as const, reason: 'conflict' as const, current };
		await keepFileState(trx, { entity: 'cooperation', id, version: current.version, at: current.updatedAt, origin: current.origin, snapshotJson: JSON.stringify(current.record) });
		await trx.insertInto('record_version').values({
			entity: 'cooperation', entity_id: id, version: current.version + 1, at: stamp, actor_id: actor.userId,
			actor_label: actorLabel(actor), action: archived ? 'archiviert' : 'reaktiviert', snapshot_json: JSON.stringify(current.record), comment: null
		}).execute();
		await bumpRevision(trx);
		await audit(trx, actor, { action: archived ? 'kooperation.archiviert' : 'kooperation.reaktiviert', entity: 'cooperation', entityId: id }, now);
		return { ok: true as const, id, version: current.version + 1 };
	});
}

export interface VersionRow {
	version: number;
	at: string;
	actorLabel: string;
	action: string;
	comment: string | null;
	record: CooperationRecord | null;
}

export async function cooperationVersions(db: Kysely<Database>, id: string): Promise<VersionRow[]> {
	const rows = await db.selectFrom('record_version').selectAll().where('entity', '=', 'cooperation').where('entity_id', '=', id).orderBy('version', 'desc').execute();
	return rows.map((r) => ({
		version: r.version, at: r.at, actorLabel: r.actor_label, action: r.action, comment: r.comment,
		record: r.snapshot_json ? snapshotRecord(id, r.version, r.snapshot_json) : null
	}));
}

/**
 * A version's snapshot through the record's schema. History must stay readable: a snapshot that does
 * not fit (written by an older version of the app) is shown like a version without snapshot (null),
 * and a warning names the column, the cooperation and the version.
 */
export function snapshotRecord(id: string, version: number, text: string): CooperationRecord | null {
	try {
		return readJson(COOPERATION_SNAPSHOT, text);
	} catch (e) {
		if (!(e instanceof JsonColumnError)) throw e;
		console.warn(`cooperation ${id}, version ${version}: ${e.message}`);
		return null;
	}
}
