/**
 * Applying an import preview (issue 4, item 1): exactly what the preview shows, in one
 * transaction – new bodies first, then every new or changed record as a version "importiert"
 * naming the import. Any failure (a record changed meanwhile, an invalid row) rolls all back.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import { refusedRow } from './permission';
import { audit } from '../auth/audit';
import { inTransaction } from '../db/versions';
import type { CooperationRecord } from '../data/data-schema';
import { saveCooperation, newCooperationId, nextNumber } from '../registry/write';
import { saveBody } from '../registry/body-write';
import { NEW_BODY, type ImportPreview } from './model';

export interface ImportResult {
	created: string[];
	updated: string[];
	unchanged: number;
	skipped: number;
	bodies: string[];
}

class ImportFailed extends Error {
	constructor(public problems: string[]) {
		super(problems.join('; '));
	}
}

export type ApplyOutcome = { ok: true; result: ImportResult } | { ok: false; problems: string[] };

/** Write what a preview shows; `jobId` null for the command line. */
export async function applyPreview(db: Kysely<Database>, actor: Actor, regionId: string, preview: ImportPreview, label: { jobId: string | null; fileName: string }, now = new Date()): Promise<ApplyOutcome> {
	if (preview.blocking.length) return { ok: false, problems: preview.blocking };
	// A region column may put rows into other regions: the actor must be allowed to import into each
	// row's region (the preview marks such rows already: permission.ts; this is the guard).
	const refused = preview.rows.filter((r) => refusedRow(actor, r));
	if (refused.length) return { ok: false, problems: refused.map((r) => `Zeile ${r.line}: keine Berechtigung für die Region „${r.regionId}“.`) };
	const comment = label.jobId ? `Import „${label.fileName}“ (Import ${label.jobId})` : `Import „${label.fileName}“ (Kommandozeile)`;
	try {
		const result = await inTransaction(db, async (trx): Promise<ImportResult> => {
			const result: ImportResult = { created: [], updated: [], unchanged: preview.counts.unchanged, skipped: preview.counts.skip, bodies: [] };
			const bodyIds = new Map<string, string>();
			for (const b of preview.newBodies) {
				const saved = await saveBody(trx, actor, {
					regionId, expectedVersion: null,
					record: { name: b.name, kind: (b.kind ?? 'sonstige') as 'sonstige', aliases: b.aliases ?? [], parent: null, ags: null, lat: null, lon: null, note: `Angelegt beim ${comment}`, official_name: undefined }
				}, now);
				if (!saved.ok) throw new ImportFailed(saved.reason === 'invalid' ? saved.problems.map((p) => `${b.name}: ${p.message}`) : [`${b.name}: Konflikt`]);
				bodyIds.set(`${NEW_BODY}:${b.key}`, saved.id);
				result.bodies.push(saved.id);
			}
			const mapId = (id: string) => bodyIds.get(id) ?? id;
			for (const row of preview.rows) {
				if (!row.record || (row.action !== 'create' && row.action !== 'update')) continue;
				const rec: CooperationRecord = structuredClone(row.record);
				rec.participants = rec.participants.map((p) => ({ ...p, body: mapId(p.body) }));
				if (rec.performer.body) rec.performer = { ...rec.performer, body: mapId(rec.performer.body) };
				if (row.action === 'create') {
					if (!rec.id) rec.id = await newCooperationId(trx, rec.list);
					if (rec.number === null || rec.number === undefined) rec.number = await nextNumber(trx, row.regionId ?? regionId, rec.list);
				}
				const saved = await saveCooperation(trx, actor, {
					regionId: row.regionId ?? regionId, record: rec, expectedVersion: row.action === 'create' ? null : row.baseVersion, action: row.action === 'create' ? 'importiert' : 'per Import geändert', comment
				}, now);
				if (!saved.ok) {
					throw new ImportFailed(saved.reason === 'conflict'
						? [`Zeile ${row.line}: „${row.title}“ wurde inzwischen geändert – bitte die Vorschau neu laden.`]
						: saved.problems.map((p) => `Zeile ${row.line}: ${p}`));
				}
				(row.action === 'create' ? result.created : result.updated).push(saved.id);
			}
			await audit(trx, actor, { action: 'import.angewendet', entity: 'import', entityId: label.jobId ?? undefined, detail: { file: label.fileName, created: result.created.length, updated: result.updated.length, bodies: result.bodies.length } }, now);
			if (label.jobId) {
				const upd = await trx.updateTable('import_job').set({ status: 'applied', applied_at: now.toISOString(), result_json: JSON.stringify(result), file_bytes: null })
					.where('id', '=', label.jobId).where('status', '=', 'open').executeTakeFirst();
				if (Number(upd.numUpdatedRows) !== 1) throw new ImportFailed(['Dieser Import wurde schon ausgeführt oder verworfen.']);
			}
			return result;
		});
		return { ok: true, result };
	} catch (e) {
		if (e instanceof ImportFailed) return { ok: false, problems: e.problems };
		throw e;
	}
}

