/**
 * Import jobs (issue 4, item 1): upload → preview with decisions → apply, all or nothing. The file
 * and the decisions live in `import_job`, so any app instance can continue a job; an applied job
 * stays as the record of the import (who, when, which records) and every record it wrote has a
 * version "importiert" that names the job.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ImportJobTable } from '../db/schema-import';
import type { Settings } from '../settings';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { actorLabel } from '../auth/actor-label';
import { readTable } from '../tables/read-table';
import { DEFAULT_TABLE_LIMITS, TableError, type TableLimits } from '../tables/types';
import { analyseImport, EMPTY_OPTIONS, type ImportOptions, type ImportPreview, type ImportTable } from './analyse';
import { jsonTable, looksLikeJson } from './json-table';
import { applyPreview, type ApplyOutcome, type ImportResult } from './apply';
import { withRegionPermission } from './permission';
import { z } from 'zod';
import { column, JsonColumnError, readJson } from '../db/json-columns';
import { TARGETS } from '../../domain/import-columns';

/**
 * import_job.options_json as written by createJob (EMPTY_OPTIONS) and saveOptions; the column's
 * default is '{}', and createRemaining, newKind and search came later, so a missing key takes its
 * EMPTY_OPTIONS value (a fresh object each time: a job's decisions never share EMPTY_OPTIONS's).
 */
export const storedImportOptions = z.object({
	sheet: z.number().int().nonnegative().default(EMPTY_OPTIONS.sheet),
	headerRow: z.number().int().nonnegative().nullable().default(EMPTY_OPTIONS.headerRow),
	mapping: z.array(z.enum(TARGETS)).nullable().default(EMPTY_OPTIONS.mapping),
	list: z.string().nullable().default(EMPTY_OPTIONS.list),
	topic: z.string().nullable().default(EMPTY_OPTIONS.topic),
	names: z.record(z.string(), z.string()).default(() => ({})),
	rows: z.record(z.string(), z.enum(['skip', 'create'])).default(() => ({})),
	createRemaining: z.boolean().default(EMPTY_OPTIONS.createRemaining ?? false),
	newKind: z.string().nullable().default(EMPTY_OPTIONS.newKind ?? null),
	search: z.record(z.string(), z.string()).optional()
}) satisfies z.ZodType<ImportOptions>;
export const IMPORT_OPTIONS = column('import_job.options_json', storedImportOptions);

/** import_job.result_json as apply.ts writes it when a job is applied. */
export const storedImportResult = z.object({
	created: z.array(z.string()),
	updated: z.array(z.string()),
	unchanged: z.number().int().nonnegative(),
	skipped: z.number().int().nonnegative(),
	bodies: z.array(z.string())
}) satisfies z.ZodType<ImportResult>;
export const IMPORT_RESULT = column('import_job.result_json', storedImportResult);

/**
 * A job's stored decisions. Decisions that cannot be read (not JSON, or of another shape, e.g. a
 * column target that no longer exists) are a job without decisions: the preview starts afresh
 * from the suggestions instead of the job becoming unusable; the job's id is logged.
 */
export function readImportOptions(jobId: string, text: string): ImportOptions {
	try {
		return readJson(IMPORT_OPTIONS, text);
	} catch (e) {
		if (!(e instanceof JsonColumnError)) throw e;
		console.warn(`import job ${jobId}: ${e.message}; its decisions are reset`);
		return storedImportOptions.parse({});
	}
}

export interface JobRow {
	id: string;
	regionId: string;
	userId: string | null;
	actorLabel: string;
	createdAt: string;
	fileName: string;
	fileSize: number;
	status: 'open' | 'applied' | 'discarded';
	appliedAt: string | null;
	options: ImportOptions;
	result: ImportResult | null;
	version: number;
}

export function tableLimits(s: Pick<Settings, 'IMPORT_MAX_BYTES' | 'IMPORT_MAX_ROWS' | 'IMPORT_MAX_UNPACKED_BYTES'>): TableLimits {
	return { ...DEFAULT_TABLE_LIMITS, maxBytes: s.IMPORT_MAX_BYTES, maxRows: s.IMPORT_MAX_ROWS, maxUnpackedBytes: s.IMPORT_MAX_UNPACKED_BYTES };
}

/** A file name as shown: no path, no control characters, at most 200 characters. */
export function cleanFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	// eslint-disable-next-line no-control-regex -- control characters are what is removed
	return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || 'Tabelle';
}

/** Read a file as a table, or the user's message why not. */
export function readUpload(bytes: Uint8Array, fileName: string, limits: TableLimits): { ok: true; table: ImportTable } | { ok: false; message: string } {
	if (bytes.byteLength <= limits.maxBytes && looksLikeJson(bytes)) {
		const t = jsonTable(bytes, limits.maxRows);
		return typeof t === 'string' ? { ok: false, message: t } : { ok: true, table: t };
	}
	try {
		return { ok: true, table: readTable(bytes, fileName, limits) };
	} catch (e) {
		if (e instanceof TableError) return { ok: false, message: e.message };
		throw e;
	}
}

/** Store an upload as a new job (after reading it once, so a broken file never becomes a job). */
export async function createJob(db: Kysely<Database>, actor: Actor, regionId: string, fileName: string, bytes: Uint8Array, s: Settings, now = new Date()):
	Promise<{ ok: true; id: string } | { ok: false; message: string }> {
	const read = readUpload(bytes, fileName, tableLimits(s));
	if (!read.ok) {
		await audit(db, actor, { action: 'import.abgelehnt', outcome: 'refused', detail: { file: cleanFileName(fileName), reason: read.message.slice(0, 300) } }, now);
		return read;
	}
	await purgeJobs(db, s.IMPORT_JOB_HOURS, now);
	const id = randomBytes(8).toString('hex');
	await db.insertInto('import_job').values({
		id, region_id: regionId, user_id: actor.userId, actor_label: actorLabel(actor), created_at: now.toISOString(),
		file_name: cleanFileName(fileName), file_size: bytes.byteLength, file_bytes: bytes, options_json: JSON.stringify(EMPTY_OPTIONS),
		status: 'open', applied_at: null, result_json: null, version: 1
	}).execute();
	await audit(db, actor, { action: 'import.hochgeladen', entity: 'import', entityId: id, detail: { file: cleanFileName(fileName), bytes: bytes.byteLength } }, now);
	return { ok: true, id };
}

/** Open jobs older than the limit are deleted with their file. */
export async function purgeJobs(db: Kysely<Database>, hours: number, now = new Date()): Promise<void> {
	const before = new Date(now.getTime() - hours * 3600_000).toISOString();
	await db.deleteFrom('import_job').where('status', '=', 'open').where('created_at', '<', before).execute();
}

function toJob(r: ImportJobTable): JobRow {
	return {
		id: r.id, regionId: r.region_id, userId: r.user_id, actorLabel: r.actor_label, createdAt: r.created_at, fileName: r.file_name,
		fileSize: r.file_size, status: r.status, appliedAt: r.applied_at, options: readImportOptions(r.id, r.options_json),
		result: r.result_json ? readJson(IMPORT_RESULT, r.result_json) : null, version: r.version
	};
}

export async function readJob(db: Kysely<Database>, id: string): Promise<JobRow | null> {
	if (!/^[0-9a-f]{16}$/.test(id)) return null;
	const r = await db.selectFrom('import_job').selectAll().where('id', '=', id).executeTakeFirst();
	return r ? toJob(r) : null;
}

export async function listJobs(db: Kysely<Database>, regionId: string, limit = 30): Promise<JobRow[]> {
	const rows = await db.selectFrom('import_job').select(['id', 'region_id', 'user_id', 'actor_label', 'created_at', 'file_name', 'file_size', 'options_json', 'status', 'applied_at', 'result_json', 'version'])
		.where('region_id', '=', regionId).orderBy('created_at', 'desc').limit(limit).execute();
	return rows.map((r) => toJob({ ...r, file_bytes: null }));
}

/** The preview of an open job with its stored (or the given) options, as `actor` may apply it
 * (rows into regions the actor may not import into are marked: permission.ts). */
export async function previewJob(db: Kysely<Database>, actor: Actor, id: string, s: Settings, options?: ImportOptions, today = new Date()): Promise<{ job: JobRow; preview: ImportPreview } | { job: JobRow; message: string } | null> {
	const r = await db.selectFrom('import_job').selectAll().where('id', '=', id).executeTakeFirst();
	if (!r) return null;
	const job = toJob(r);
	if (job.status !== 'open' || !r.file_bytes) return { job, message: 'Dieser Import ist abgeschlossen.' };
	const read = readUpload(new Uint8Array(r.file_bytes), job.fileName, tableLimits(s));
	if (!read.ok) return { job, message: read.message };
	return { job, preview: withRegionPermission(await analyseImport(db, job.regionId, read.table, options ?? job.options, today), actor) };
}

export async function saveOptions(db: Kysely<Database>, id: string, options: ImportOptions): Promise<void> {
	await db.updateTable('import_job').set((eb) => ({ options_json: JSON.stringify(options), version: eb('version', '+', 1) }))
		.where('id', '=', id).where('status', '=', 'open').execute();
}

export async function discardJob(db: Kysely<Database>, actor: Actor, id: string, now = new Date()): Promise<void> {
	await db.updateTable('import_job').set({ status: 'discarded', file_bytes: null }).where('id', '=', id).where('status', '=', 'open').execute();
	await audit(db, actor, { action: 'import.verworfen', entity: 'import', entityId: id }, now);
}

/** Apply an open job with its stored options. */
export async function applyJob(db: Kysely<Database>, actor: Actor, id: string, s: Settings, now = new Date()): Promise<ApplyOutcome> {
	const p = await previewJob(db, actor, id, s, undefined, now);
	if (!p) return { ok: false, problems: ['Diesen Import gibt es nicht (mehr).'] };
	if ('message' in p) return { ok: false, problems: [p.message] };
	return applyPreview(db, actor, p.job.regionId, p.preview, { jobId: id, fileName: p.job.fileName }, now);
}

/** What an applied job wrote, by name: the titles of the cooperations it created or changed and
 * the bodies it created (the result page lists them). */
export async function appliedNames(db: Kysely<Database>, job: JobRow): Promise<{ titles: Record<string, string>; bodies: { id: string; name: string }[] }> {
	const ids = [...(job.result?.created ?? []), ...(job.result?.updated ?? [])];
	const bodyIds = job.result?.bodies ?? [];
	const titles: Record<string, string> = {};
	const bodies: { id: string; name: string }[] = [];
	for (let i = 0; i < ids.length; i += 500) {
		for (const t of await db.selectFrom('cooperation').select(['id', 'title']).where('id', 'in', ids.slice(i, i + 500)).execute()) titles[t.id] = t.title;
	}
	for (let i = 0; i < bodyIds.length; i += 500) {
		bodies.push(...await db.selectFrom('body').select(['id', 'name']).where('id', 'in', bodyIds.slice(i, i + 500)).execute());
	}
	return { titles, bodies };
}
