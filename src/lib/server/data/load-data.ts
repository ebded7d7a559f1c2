/**
 * Applies the shipped data to the database: adds what is new, updates what changed, removes what
 * the files no longer hold (only records that came from data files), all in one transaction.
 * Records are compared by a content hash, so a second start changes nothing and says so.
 */
import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { isPostgres } from '../db/dialect';
import { foldGerman } from '../../domain/text-fold';
import type { BodyRecord, CooperationRecord } from './data-schema';
import type { DataSet } from './read-data';
import type { SteeringData } from './steering-schema';
import type { SteeringKind } from '../db/schema';
import { applyKnowledge } from '../knowledge/load';
import { NAMES_GENERATION, newGeneration } from '../db/generation';
import { bulkInsertRows } from '../db/bulk';
import { CHILD_TABLES, childRows, cooperationColumns, searchText, writeChildren, type SearchTextNames } from './cooperation-rows';

// The record ↔ rows mapping lives in cooperation-rows.ts (shared with the app's saves).
export { searchText, type SearchTextNames } from './cooperation-rows';

export interface ChangeCounts {
	added: string[];
	changed: string[];
	removed: string[];
	unchanged: number;
	/** Records the app owns (created or edited there): the file's version is not applied. */
	keptApp: number;
}

export interface LoadReport {
	bodies: ChangeCounts;
	cooperations: ChangeCounts;
	/** Conferences, fields, measures, working groups and ideas (steering.yaml). */
	steering: ChangeCounts;
	/** Knowledge-base articles (data/knowledge/*.md). */
	knowledge: ChangeCounts;
	taxonomiesChanged: boolean;
	revision: number;
}

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

function emptyCounts(): ChangeCounts {
	return { added: [], changed: [], removed: [], unchanged: 0, keptApp: 0 };
}

/** Apply a validated data set. `now` is injectable for tests. */
/** Advisory lock key of the data load on PostgreSQL (an arbitrary constant of this app). */
const DATA_LOAD_LOCK = 4_127_301_508;

export async function applyDataSet(db: Kysely<Database>, ds: DataSet, now = new Date()): Promise<LoadReport> {
	const stamp = now.toISOString();
	const report: LoadReport = { bodies: emptyCounts(), cooperations: emptyCounts(), steering: emptyCounts(), knowledge: emptyCounts(), taxonomiesChanged: false, revision: 0 };

	await db.transaction().execute(async (trx) => {
		// Several instances starting at once on one PostgreSQL database: one load at a time (the
		// lock ends with the transaction); the next then sees the loaded data and finds it unchanged.
		// SQLite serialises writers by itself.
		if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(${DATA_LOAD_LOCK})`.execute(trx);
		report.taxonomiesChanged = await applyTaxonomies(trx, ds);
		const owned = await appOwned(trx, ds);
		for (const { region, bodies, cooperations, steering } of ds.regions) {
			await trx.deleteFrom('region').where('id', '=', region.id).execute();
			await trx.insertInto('region').values({
				id: region.id, name: region.name, kreis_body_id: region.kreis_body,
				source_json: JSON.stringify(region.source), lists_json: JSON.stringify(region.lists)
			}).execute();
			const leftBodies = await applyBodies(trx, region.id, bodies, owned.bodies, report.bodies);
			// Cooperations before removing bodies, so that nothing points to a removed body.
			await applyCooperations(trx, region.id, cooperations, owned, stamp, report.cooperations);
			for (const id of leftBodies) {
				await trx.deleteFrom('body').where('id', '=', id).execute();
				report.bodies.removed.push(id);
			}
			await applySteering(trx, region.id, steering, stamp, report.steering);
		}
		if (ds.knowledge) await applyKnowledge(trx, ds.knowledge.articles, ds.legalForms, stamp, report.knowledge);
		report.revision = await finishRevision(trx, report);
	});
	return report;
}

/** Taxonomies: small, replaced whole when their content differs. Returns whether they changed. */
async function applyTaxonomies(trx: Kysely<Database>, ds: DataSet): Promise<boolean> {
	// 'v2': legal forms also store their spellings (migration 0005), so older databases rewrite them once.
	const taxHash = hash(['v2', ds.topics, ds.legalForms, ds.tasks]);
	const oldTax = await trx.selectFrom('meta').select('value').where('key', '=', 'taxonomy_hash').executeTakeFirst();
	if (oldTax?.value === taxHash) return false;
	await trx.deleteFrom('topic').execute();
	await trx.deleteFrom('legal_form').execute();
	await trx.deleteFrom('task').execute();
	if (ds.tasks.length) {
		await trx.insertInto('task')
			.values(ds.tasks.map((t, i) => ({ id: t.id, label: t.label, topic_id: t.topic ?? null, match_json: JSON.stringify(t.match.map(foldGerman)), position: i })))
			.execute();
	}
	if (ds.topics.length) {
		await trx.insertInto('topic')
			.values(ds.topics.map((t, i) => ({ id: t.id, label: t.label, nkf_json: JSON.stringify(t.nkf), position: i })))
			.execute();
	}
	if (ds.legalForms.length) {
		await trx.insertInto('legal_form')
			.values(ds.legalForms.map((l, i) => ({ id: l.id, label: l.label, short: l.short, grp: l.group, position: i, spellings_json: JSON.stringify(l.spellings) })))
			.execute();
	}
	await upsertMeta(trx, 'taxonomy_hash', taxHash);
	return true;
}

interface Owned {
	/** Bodies and cooperations created or edited in the app. */
	bodies: Set<string>;
	cooperations: Set<string>;
	/** How the search text names legal forms and bodies (an app-owned body by its database names). */
	names: SearchTextNames;
}

/**
 * Records created or edited in the app belong to the app from then on: the files no longer change
 * or remove them (docs/decisions/0004-data-files-and-editing.md).
 */
async function appOwned(trx: Kysely<Database>, ds: DataSet): Promise<Owned> {
	const allBodies = new Map<string, BodyRecord>();
	for (const r of ds.regions) for (const b of r.bodies) allBodies.set(b.id, b);
	const bodies = new Set((await trx.selectFrom('body').select('id').where('origin', '=', 'app').execute()).map((r) => r.id));
	// An app-owned body's names and aliases live in the database, not in the files.
	const appBodyWords = new Map<string, string[]>();
	if (bodies.size) {
		for (const b of await trx.selectFrom('body').select(['id', 'name', 'official_name']).where('origin', '=', 'app').execute()) {
			appBodyWords.set(b.id, [b.name, ...(b.official_name ? [b.official_name] : [])]);
		}
		for (const a of await trx.selectFrom('body_alias').innerJoin('body', 'body.id', 'body_alias.body_id').select(['body_alias.body_id', 'body_alias.alias']).where('body.origin', '=', 'app').execute()) {
			appBodyWords.get(a.body_id)?.push(a.alias);
		}
	}
	const names: SearchTextNames = {
		legalForm: (id) => ds.legalForms.find((l) => l.id === id),
		bodyWords: (id) => {
			const own = appBodyWords.get(id);
			if (own) return [...new Set(own)];
			const b = allBodies.get(id);
			return b ? [b.name, b.official_name, ...b.aliases] : [];
		}
	};
	const cooperations = new Set((await trx.selectFrom('cooperation').select('id').where('origin', '=', 'app').execute()).map((r) => r.id));
	return { bodies, cooperations, names };
}

/** A region's bodies: new ones and all aliases many rows per statement. Returns the ids the files no longer hold. */
async function applyBodies(trx: Kysely<Database>, regionId: string, bodies: BodyRecord[], appBodies: Set<string>, counts: ChangeCounts): Promise<string[]> {
	const existing = new Map(
		(await trx.selectFrom('body').select(['id', 'content_hash']).where('region_id', '=', regionId).execute())
			.map((r) => [r.id, r.content_hash])
	);
	for (const id of appBodies) existing.delete(id);
	const newBodies: Record<string, unknown>[] = [];
	const newAliases: Record<string, unknown>[] = [];
	for (const b of bodies) {
		if (appBodies.has(b.id)) { counts.keptApp++; continue; }
		const h = hash(b);
		const old = existing.get(b.id);
		existing.delete(b.id);
		if (old === h) { counts.unchanged++; continue; }
		const row = {
			id: b.id, region_id: regionId, name: b.name, official_name: b.official_name ?? null, kind: b.kind,
			ags: b.ags ?? null, parent_id: b.parent ?? null, lat: b.lat ?? null, lon: b.lon ?? null,
			note: b.note ?? null, content_hash: h
		};
		if (old === undefined) {
			newBodies.push(row);
			counts.added.push(b.id);
		} else {
			await trx.updateTable('body').set(row).where('id', '=', b.id).execute();
			await trx.deleteFrom('body_alias').where('body_id', '=', b.id).execute();
			counts.changed.push(b.id);
		}
		const aliases = [...new Set([b.name, b.official_name, ...b.aliases].filter((a): a is string => !!a))];
		for (const alias of aliases) newAliases.push({ body_id: b.id, alias, alias_folded: foldGerman(alias) });
	}
	// Many rows per statement (issue 15: bulk load).
	await bulkInsertRows(trx, 'body', newBodies);
	await bulkInsertRows(trx, 'body_alias', newAliases);
	return [...existing.keys()];
}

/** A region's cooperations from the files: new, changed and removed ones (app-owned ones are kept). */
async function applyCooperations(trx: Kysely<Database>, regionId: string, cooperations: CooperationRecord[], owned: Owned, stamp: string, counts: ChangeCounts): Promise<void> {
	const existing = new Map(
		(await trx.selectFrom('cooperation').select(['id', 'seq', 'content_hash'])
			.where('region_id', '=', regionId).where('origin', '=', `data:${regionId}`).execute())
			.map((r) => [r.id, r])
	);
	const newCoops: { row: Record<string, unknown> & { id: string }; record: CooperationRecord }[] = [];
	for (const c of cooperations) {
		if (owned.cooperations.has(c.id)) { counts.keptApp++; continue; }
		const text = searchText(c, owned.names);
		const h = hash([c, text]);
		const old = existing.get(c.id);
		existing.delete(c.id);
		if (old?.content_hash === h) { counts.unchanged++; continue; }
		const row = cooperationColumns(c, regionId, text, h, `data:${regionId}`, stamp);
		if (old === undefined) {
			newCoops.push({ row: { ...row, created_at: stamp }, record: c });
			counts.added.push(c.id);
		} else {
			const seq = old.seq;
			await trx.updateTable('cooperation').set(row).where('seq', '=', seq).execute();
			for (const t of ['cooperation_topic', 'participation', 'partner_group', 'lifecycle_event'] as const) {
				await trx.deleteFrom(t).where('cooperation_seq', '=', seq).execute();
			}
			counts.changed.push(c.id);
			await writeChildren(trx, seq, c);
		}
	}
	await insertCooperations(trx, newCoops);
	for (const [id, old] of existing) {
		await trx.deleteFrom('cooperation').where('seq', '=', old.seq).execute();
		counts.removed.push(id);
	}
}

/** A new revision and data generation when anything changed; returns the revision. */
async function finishRevision(trx: Kysely<Database>, report: LoadReport): Promise<number> {
	const rev = await trx.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst();
	let revision = Number(rev?.value ?? 0);
	const changed = report.taxonomiesChanged || [report.bodies, report.cooperations, report.steering, report.knowledge]
		.some((c) => c.added.length + c.changed.length + c.removed.length > 0);
	if (changed) {
		revision += 1;
		await upsertMeta(trx, 'revision', String(revision));
		await upsertMeta(trx, 'generation', newGeneration());
		const b = report.bodies;
		if (b.added.length + b.changed.length + b.removed.length > 0) await upsertMeta(trx, NAMES_GENERATION, newGeneration());
	}
	return revision;
}

/** Steering records as whole documents, compared by hash; app-owned ones are left alone. */
async function applySteering(db: Kysely<Database>, regionId: string, s: SteeringData, stamp: string, counts: ChangeCounts): Promise<void> {
	const items: { kind: SteeringKind; id: string; record: unknown; status: string | null }[] = [
		...s.conferences.map((r) => ({ kind: 'conference' as const, id: r.id, record: r, status: null })),
		...s.fields.map((r) => ({ kind: 'field' as const, id: r.id, record: r, status: null })),
		...s.measures.map((r) => ({ kind: 'measure' as const, id: r.id, record: r, status: r.status })),
		...s.working_groups.map((r) => ({ kind: 'working_group' as const, id: r.id, record: r, status: null })),
		...s.ideas.map((r) => ({ kind: 'idea' as const, id: r.id, record: r, status: r.status }))
	];
	const existing = new Map(
		(await db.selectFrom('steering_record').select(['kind', 'id', 'content_hash', 'origin']).where('region_id', '=', regionId).execute())
			.map((r) => [`${r.kind}/${r.id}`, r])
	);
	for (const [position, item] of items.entries()) {
		const key = `${item.kind}/${item.id}`;
		const old = existing.get(key);
		existing.delete(key);
		if (old?.origin === 'app') { counts.keptApp++; continue; }
		const h = hash(item.record);
		if (old?.content_hash === h) { counts.unchanged++; continue; }
		const row = { kind: item.kind, id: item.id, region_id: regionId, record_json: JSON.stringify(item.record), status: item.status, position, origin: `data:${regionId}`, content_hash: h, updated_at: stamp };
		if (old) {
			await db.updateTable('steering_record').set(row).where('kind', '=', item.kind).where('id', '=', item.id).execute();
			counts.changed.push(key);
		} else {
			await db.insertInto('steering_record').values(row).execute();
			counts.added.push(key);
		}
	}
	for (const [key, old] of existing) {
		if (old.origin !== `data:${regionId}`) continue;
		await db.deleteFrom('steering_record').where('kind', '=', old.kind).where('id', '=', old.id).execute();
		counts.removed.push(key);
	}
}

async function upsertMeta(db: Kysely<Database>, key: string, value: string): Promise<void> {
	await db.insertInto('meta').values({ key, value })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`excluded.value` }))
		.execute();
}

/** New cooperations and their children, many rows per statement (issue 15: bulk load ≥ 10,000/s). */
async function insertCooperations(db: Kysely<Database>, items: { row: Record<string, unknown> & { id: string }; record: CooperationRecord }[]): Promise<void> {
	if (!items.length) return;
	const inserted = await bulkInsertRows<{ id: string; seq: number }>(db, 'cooperation', items.map((i) => i.row), ['id', 'seq']);
	const seqOf = new Map(inserted.map((r) => [r.id, Number(r.seq)]));
	const children: Record<(typeof CHILD_TABLES)[number], Record<string, unknown>[]> = { cooperation_topic: [], participation: [], partner_group: [], lifecycle_event: [] };
	for (const { row, record } of items) {
		const seq = seqOf.get(row.id);
		if (seq === undefined) throw new Error(`Kooperation ${row.id}: keine laufende Nummer nach dem Einfügen`);
		const rows = childRows(seq, record);
		for (const t of CHILD_TABLES) for (const r of rows[t]) children[t].push(r);
	}
	for (const t of CHILD_TABLES) await bulkInsertRows(db, t, children[t]);
}

/** A short German report for the console. */
export function formatLoadReport(r: LoadReport): string {
	const line = (label: string, c: ChangeCounts) => {
		const parts = [`${c.added.length} neu`, `${c.changed.length} geändert`, `${c.removed.length} entfernt`, `${c.unchanged} unverändert`];
		if (c.keptApp) parts.push(`${c.keptApp} in der App bearbeitet (Datei-Stand nicht übernommen)`);
		const details = [
			...c.added.map((id) => `  + ${id}`), ...c.changed.map((id) => `  ~ ${id}`), ...c.removed.map((id) => `  - ${id}`)
		];
		const shown = details.length > 30 ? [...details.slice(0, 30), `  … und ${details.length - 30} weitere`] : details;
		return [`${label}: ${parts.join(', ')}`, ...shown].join('\n');
	};
	return [
		line('Körperschaften', r.bodies),
		line('Kooperationen', r.cooperations),
		line('Steuerung (Konferenzen, Maßnahmen, Arbeitskreise, Ideen)', r.steering),
		line('Wissensbereich (Artikel)', r.knowledge),
		r.taxonomiesChanged ? 'Taxonomien (Themenfelder, Rechtsformen) neu geladen' : 'Taxonomien unverändert',
		`Datenstand (Revision): ${r.revision}`
	].join('\n');
}
