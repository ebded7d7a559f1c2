/**
 * Applying a municipality directory extract to the database (issue 13): the shipped
 * data/directory/ file at the first start, and newer official extracts with
 * `npm run directory:update`. Same code for both, one transaction, batched inserts.
 *
 * - A unit is matched by its ARS; a unit not yet in the database is matched by AGS to a body the
 *   region files already hold (Lünen 05978024 is `luenen`; there is never a second Lünen) and
 *   that body is enriched (population, area, ARS, parent units), never renamed or moved.
 * - Other units get a body of their own (origin 'directory', region DIRECTORY_REGION; decision
 *   0007), named by the rules of domain/directory-names.ts.
 * - A renamed unit keeps its body and id; the old name becomes an alias.
 * - A unit missing from the file has merged away: it is kept with the file's date as end date and
 *   its successor where the file names one (column `nachfolger`) or exactly one unit of the same
 *   Kreis can be it (a new unit, or one whose area grew by the lost area); its body and
 *   cooperations stay as they are.
 * - The same file twice changes nothing.
 */
import { NAMES_GENERATION, newGeneration } from '../db/generation';
import { createHash } from 'node:crypto';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import type { Insertable, Selectable } from 'kysely';
import type { Database } from '../db/schema';
import { isPostgres } from '../db/dialect';
import { FORMER_NAMES, readJson } from '../db/json-columns';
import { foldGerman } from '../../domain/text-fold';
import { directoryNames } from '../../domain/directory-names';
import { namesCached } from './name-lookup';
import { agsOf, DirectoryFormatError, parentArs, type DirectoryExtract, type DirectoryUnit } from './parse';

/** region_id of bodies that only the directory holds (decision 0007): no region, no coordinator. */
export const DIRECTORY_REGION = 'verzeichnis';
export const DIRECTORY_ORIGIN = 'directory';

export interface DirectoryReport {
	added: { ars: string; name: string }[];
	renamed: { ars: string; from: string; to: string }[];
	ended: { ars: string; name: string; successor: string | null; successorName: string | null; inferred: boolean }[];
	returned: { ars: string; name: string }[];
	changed: { ars: string; name: string; fields: string[] }[];
	/** Units linked to a body the region files already hold (matched by AGS). */
	matched: { ars: string; bodyId: string }[];
	unchanged: number;
	revision: number;
	stand: string | null;
}

/** Advisory lock key of the directory load on PostgreSQL (an arbitrary constant of this app). */
const DIRECTORY_LOCK = 4_127_301_611;

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

/** "Coesfeld" → "coesfeld", "Görlitz" → "goerlitz" (readable ids; the folding of the search would give "cosfeld"). */
function slug(text: string): string {
	const plain = text.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
		.normalize('NFKD').replace(/\p{M}+/gu, '');
	return plain.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '') || 'einheit';
}

/** The unit row as compared between files (only what the file says). */
function unitContent(u: DirectoryUnit) {
	return [u.level, u.tk, u.name, u.population, u.area, u.postcode, u.lat, u.lon];
}

/** The kreisfreie Stadt behind a Kreis record of Textkennzeichen 41/42 (the same body). */
const cityOfKreis = (u: DirectoryUnit): string | null => (u.level === 40 && (u.tk === '41' || u.tk === '42') ? `${u.ars}0000000` : null);

type UnitRow = Selectable<Database['directory_unit']>;

/** What the steps of one directory load share. */
interface Load {
	trx: Kysely<Database>;
	extract: DirectoryExtract;
	report: DirectoryReport;
	/** The units the database holds, by ARS. */
	existing: Map<string, UnitRow>;
	/** The file's units that have not ended (no successor column). */
	live: DirectoryUnit[];
	inFile: Map<string, DirectoryUnit>;
	/** In the file, or still valid in the database. */
	exists: (ars: string) => boolean;
	names: Map<string, ReturnType<typeof namesCached>>;
	bodyOrigin: Map<string, string>;
	/** The body of every live unit (step 1). */
	bodyOf: Map<string, string>;
}

export async function applyDirectory(
	db: Kysely<Database>,
	extract: DirectoryExtract,
	opts: { source: string; now?: Date; allowMassEnd?: boolean } = { source: 'shipped' }
): Promise<DirectoryReport> {
	const today = (opts.now ?? new Date()).toISOString().slice(0, 10);
	const stand = extract.stand ?? today;
	const report: DirectoryReport = { added: [], renamed: [], ended: [], returned: [], changed: [], matched: [], unchanged: 0, revision: 0, stand: extract.stand };

	await db.transaction().execute(async (trx) => {
		if (isPostgres(trx)) await sql`SELECT pg_advisory_xact_lock(${DIRECTORY_LOCK})`.execute(trx);
		const existing = new Map((await trx.selectFrom('directory_unit').selectAll().execute()).map((r) => [r.ars, r]));
		const bodyRows = await trx.selectFrom('body').select(['id', 'ags', 'origin', 'name']).execute();

		// A row with a successor (column `nachfolger`) says that the unit has ended.
		const live = extract.units.filter((u) => !u.successor);
		const explicitSuccessor = new Map(extract.units.filter((u) => u.successor).map((u) => [u.ars, u.successor!]));
		const inFile = new Map(live.map((u) => [u.ars, u]));
		refusePartialExtract(existing, inFile, opts.allowMassEnd ?? false);
		const load: Load = {
			trx, extract, report, existing, live, inFile,
			exists: (ars) => inFile.has(ars) || (existing.has(ars) && !existing.get(ars)!.valid_to),
			// Memoised: the lookup built for the first request after the load reuses the same results.
			names: new Map(live.map((u) => [u.ars, namesCached(u)])),
			bodyOrigin: new Map(bodyRows.map((b) => [b.id, b.origin])),
			bodyOf: new Map()
		};

		const newBodies = assignBodies(load, bodyRows);
		const { bodyInserts, unitInserts, aliasInserts } = await writeUnits(load, newBodies);
		await endVanishedUnits(load, explicitSuccessor, stand);

		await bulkInsert(trx, 'body', BODY_COLUMNS, bodyInserts);
		await bulkInsert(trx, 'directory_unit', UNIT_COLUMNS, unitInserts);
		for (const a of aliasInserts) {
			await trx.insertInto('body_alias').values(a).onConflict((oc) => oc.columns(['body_id', 'alias']).doNothing()).execute();
		}
		await recordLoad(trx, report, opts.source, extract.stand);
	});
	return report;
}

/**
 * An official extract is always the whole directory. A file that would end more than 5 % of the
 * units (at least 50) is most likely a part of it: refused unless asked for explicitly.
 */
function refusePartialExtract(existing: Map<string, UnitRow>, inFile: Map<string, DirectoryUnit>, allowMassEnd: boolean): void {
	const active = [...existing.values()].filter((r) => !r.valid_to);
	const vanishing = active.filter((r) => !inFile.has(r.ars)).length;
	if (!allowMassEnd && vanishing > Math.max(50, active.length * 0.05)) {
		throw new DirectoryFormatError(`Die Datei enthält ${vanishing} von ${active.length} Einheiten nicht; sie würden als aufgelöst gelten. Ist es ein Teilauszug? Nur das vollständige Verzeichnis laden (oder --alle-aufloesen, wenn das wirklich so ist).`);
	}
}

/**
 * Step 1: the body of every unit into `load.bodyOf` (cities first, so that their Kreis record can
 * join them); returns the ids of bodies to create.
 */
function assignBodies(load: Load, bodyRows: { id: string; ags: string | null; origin: string }[]): Set<string> {
	const { existing, bodyOf, report } = load;
	const bodyIds = new Set(bodyRows.map((b) => b.id));
	const linked = new Set([...existing.values()].map((r) => r.body_id));
	// Bodies of the region files (or the app) with an AGS, not yet linked to a unit.
	const byAgs = new Map<string, string>();
	for (const b of bodyRows) if (b.ags && b.origin !== DIRECTORY_ORIGIN && !linked.has(b.id) && !byAgs.has(b.ags)) byAgs.set(b.ags, b.id);
	const newBodies = new Set<string>();
	const ordered = [...load.live].sort((a, b) => (cityOfKreis(a) ? 1 : 0) - (cityOfKreis(b) ? 1 : 0));
	for (const u of ordered) {
		const old = existing.get(u.ars);
		if (old) { bodyOf.set(u.ars, old.body_id); continue; }
		const city = cityOfKreis(u);
		const cityBody = city ? bodyOf.get(city) ?? existing.get(city)?.body_id : undefined;
		if (cityBody) { bodyOf.set(u.ars, cityBody); continue; }
		const ags = agsOf(u);
		const match = ags ? byAgs.get(ags) : undefined;
		if (match) {
			byAgs.delete(ags!);
			bodyOf.set(u.ars, match);
			report.matched.push({ ars: u.ars, bodyId: match });
			continue;
		}
		const base = `${slug(load.names.get(u.ars)!.display)}-${ags ?? u.ars}`;
		let id = base;
		for (let n = 2; bodyIds.has(id); n++) id = `${base}-${n}`;
		bodyIds.add(id);
		newBodies.add(id);
		bodyOf.set(u.ars, id);
	}
	return newBodies;
}

/** Step 2: the parent of a unit, the next unit up whose body is another body. */
function parentOf(load: Load, u: DirectoryUnit): string | null {
	const { bodyOf, existing, exists } = load;
	let cur: { ars: string; level: number } = u;
	for (;;) {
		const p = parentArs(cur, exists);
		if (!p) return null;
		if (bodyOf.get(p) ?? existing.get(p)?.body_id) {
			const pb = bodyOf.get(p) ?? existing.get(p)!.body_id;
			if (pb !== bodyOf.get(u.ars)) return p;
		}
		cur = { ars: p, level: p.length === 2 ? 10 : p.length === 3 ? 20 : p.length === 5 ? 40 : p.length === 9 ? 50 : 60 };
	}
}

/** Step 3: units of the file inserted (collected for the bulk insert), updated or renamed. */
async function writeUnits(load: Load, newBodies: Set<string>): Promise<{
	unitInserts: Insertable<Database['directory_unit']>[];
	bodyInserts: Insertable<Database['body']>[];
	aliasInserts: { body_id: string; alias: string; alias_folded: string }[];
}> {
	const { trx, existing, bodyOf, report } = load;
	const unitInserts: Insertable<Database['directory_unit']>[] = [];
	const bodyInserts: Insertable<Database['body']>[] = [];
	const aliasInserts: { body_id: string; alias: string; alias_folded: string }[] = [];
	const primaryUnit = (u: DirectoryUnit) => !cityOfKreis(u);
	for (const u of load.live) {
		const n = load.names.get(u.ars)!;
		const bodyId = bodyOf.get(u.ars)!;
		const pArs = parentOf(load, u);
		const parentBody = pArs ? (bodyOf.get(pArs) ?? existing.get(pArs)?.body_id ?? null) : null;
		const content = hash([unitContent(u), bodyId, pArs]);
		const old = existing.get(u.ars);
		const row = {
			ars: u.ars, level: u.level, tk: u.tk, name: u.name, ags: agsOf(u), body_id: bodyId, parent_ars: pArs,
			population: u.population, area_km2: u.area, postcode: u.postcode, lat: u.lat, lon: u.lon,
			valid_to: null, successor_ars: null, stand: load.extract.stand, content_hash: content
		};
		const bodyRow = {
			id: bodyId, region_id: DIRECTORY_REGION, name: n.display, official_name: n.official !== n.display ? n.official : null,
			kind: n.kind, ags: agsOf(u), parent_id: parentBody, lat: u.lat, lon: u.lon, note: null,
			content_hash: hash([n.display, n.official, n.kind, agsOf(u), parentBody, u.lat, u.lon]), origin: DIRECTORY_ORIGIN
		};
		if (!old) {
			unitInserts.push({ ...row, former_names_json: '[]' });
			if (newBodies.has(bodyId) && primaryUnit(u)) bodyInserts.push(bodyRow);
			report.added.push({ ars: u.ars, name: n.display });
			continue;
		}
		if (old.content_hash === content && !old.valid_to) { report.unchanged++; continue; }
		const fields: string[] = [];
		if (old.valid_to) report.returned.push({ ars: u.ars, name: n.display });
		const formerNames = readJson(FORMER_NAMES, old.former_names_json);
		if (old.name !== u.name) {
			const before = directoryNames({ level: old.level, tk: old.tk, name: old.name }).display;
			report.renamed.push({ ars: u.ars, from: old.name, to: u.name });
			if (!formerNames.includes(old.name)) formerNames.push(old.name);
			if (before !== n.display) aliasInserts.push({ body_id: bodyId, alias: before, alias_folded: foldGerman(before) });
		}
		const compare: [string, unknown, unknown][] = [
			['Art', old.tk, u.tk], ['Einwohner', old.population, u.population], ['Fläche', old.area_km2, u.area],
			['PLZ', old.postcode, u.postcode], ['Lage', `${old.lat},${old.lon}`, `${u.lat},${u.lon}`], ['übergeordnet', old.parent_ars, pArs]
		];
		for (const [label, a, b] of compare) if (a !== b) fields.push(label);
		// A file without coordinates or figures (GV100AD) keeps what the database knows.
		const keep = <T>(value: T | null, before: T | null): T | null => (value === null ? before : value);
		await trx.updateTable('directory_unit').set({
			...row, population: keep(u.population, old.population), area_km2: keep(u.area, old.area_km2),
			postcode: keep(u.postcode, old.postcode), lat: keep(u.lat, old.lat), lon: keep(u.lon, old.lon),
			former_names_json: JSON.stringify(formerNames)
		}).where('ars', '=', u.ars).execute();
		if (primaryUnit(u) && load.bodyOrigin.get(bodyId) === DIRECTORY_ORIGIN) {
			await trx.updateTable('body').set({
				name: bodyRow.name, official_name: bodyRow.official_name, kind: bodyRow.kind, ags: bodyRow.ags, parent_id: bodyRow.parent_id,
				lat: keep(u.lat, null) ?? undefined, lon: keep(u.lon, null) ?? undefined, note: null, content_hash: bodyRow.content_hash
			}).where('id', '=', bodyId).execute();
		}
		if (fields.length && old.name === u.name) report.changed.push({ ars: u.ars, name: n.display, fields });
		else if (fields.length) report.changed.push({ ars: u.ars, name: n.display, fields: ['Name', ...fields] });
	}
	return { unitInserts, bodyInserts, aliasInserts };
}

/** Step 4: units no longer in the file have merged away; kept, with end date and successor. */
async function endVanishedUnits(load: Load, explicitSuccessor: Map<string, string>, stand: string): Promise<void> {
	const { trx, existing, inFile, live, report } = load;
	const addedArs = new Set(report.added.map((a) => a.ars));
	for (const old of existing.values()) {
		if (inFile.has(old.ars) || old.valid_to) continue;
		let successor: string | null = null;
		let inferred = false;
		const explicit = explicitSuccessor.get(old.ars) ?? null;
		if (explicit) successor = explicit.length === 8 ? live.find((u) => agsOf(u) === explicit)?.ars ?? null : (inFile.has(explicit) ? explicit : null);
		if (!successor && old.level === 60) {
			const kreis = old.ars.slice(0, 5);
			const sameKreis = live.filter((u) => u.level === 60 && u.ars.startsWith(kreis));
			const fresh = sameKreis.filter((u) => addedArs.has(u.ars));
			const grown = sameKreis.filter((u) => {
				const before = existing.get(u.ars)?.area_km2;
				if (before == null || u.area == null || old.area_km2 == null) return false;
				const gain = u.area - before;
				return gain > 0 && Math.abs(gain - old.area_km2) <= Math.max(0.5, old.area_km2 * 0.05);
			});
			const one = fresh.length === 1 ? fresh : grown.length === 1 ? grown : [];
			if (one.length === 1) { successor = one[0]!.ars; inferred = true; }
		}
		await trx.updateTable('directory_unit').set({ valid_to: stand, successor_ars: successor }).where('ars', '=', old.ars).execute();
		const oldName = directoryNames({ level: old.level, tk: old.tk, name: old.name }).display;
		const successorName = successor ? (load.names.get(successor)?.display ?? null) : null;
		if (load.bodyOrigin.get(old.body_id) === DIRECTORY_ORIGIN && old.level !== 40) {
			const note = `Nicht mehr im Gemeindeverzeichnis seit ${stand}${successorName ? `; Nachfolger: ${successorName} (${agsOf({ ars: successor!, level: 60 })})` : ''}.`;
			await trx.updateTable('body').set({ note }).where('id', '=', old.body_id).execute();
		}
		report.ended.push({ ars: old.ars, name: oldName, successor, successorName, inferred });
	}
}

/** Step 5: a new revision and generations when anything changed; the source and stand of the load. */
async function recordLoad(trx: Kysely<Database>, report: DirectoryReport, source: string, stand: string | null): Promise<void> {
	const rev = await trx.selectFrom('meta').select('value').where('key', '=', 'revision').executeTakeFirst();
	report.revision = Number(rev?.value ?? 0);
	const changed = report.added.length + report.renamed.length + report.ended.length + report.returned.length + report.changed.length > 0;
	if (changed) {
		report.revision += 1;
		await upsertMeta(trx, 'revision', String(report.revision));
		await upsertMeta(trx, 'generation', newGeneration());
		await upsertMeta(trx, NAMES_GENERATION, newGeneration());
	}
	await upsertMeta(trx, 'directory_source', source);
	if (stand) await upsertMeta(trx, 'directory_stand', stand);
}

const BODY_COLUMNS = ['id', 'region_id', 'name', 'official_name', 'kind', 'ags', 'parent_id', 'lat', 'lon', 'note', 'content_hash', 'origin'] as const;
const UNIT_COLUMNS = ['ars', 'level', 'tk', 'name', 'ags', 'body_id', 'parent_ars', 'population', 'area_km2', 'postcode', 'lat', 'lon', 'valid_to', 'successor_ars', 'former_names_json', 'stand', 'content_hash'] as const;

/**
 * Many rows per statement, compiled by hand (the query builder's cost for 25,000 rows was most of
 * the load time; issue 13: the directory into SQLite ≤ 5 s, into PostgreSQL ≤ 15 s). SQLite: one
 * multi-row VALUES per chunk of 500 rows. PostgreSQL: the chunk travels as one JSON parameter and
 * json_populate_recordset unpacks it. Table and column names are the constants above, never input.
 */
async function bulkInsert(db: Kysely<Database>, table: 'body' | 'directory_unit', columns: readonly string[], rows: Record<string, unknown>[]): Promise<void> {
	const cols = columns.map((c) => `"${c}"`).join(', ');
	const pg = isPostgres(db);
	const size = pg ? 4000 : 500;
	for (let i = 0; i < rows.length; i += size) {
		const chunk = rows.slice(i, i + size);
		if (pg) {
			const json = JSON.stringify(chunk.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))));
			await db.executeQuery(CompiledQuery.raw(`INSERT INTO "${table}" (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::"${table}", $1::json)`, [json]));
		} else {
			const row = `(${columns.map(() => '?').join(', ')})`;
			const params: unknown[] = [];
			for (const r of chunk) for (const c of columns) params.push(r[c] ?? null);
			await db.executeQuery(CompiledQuery.raw(`INSERT INTO "${table}" (${cols}) VALUES ${chunk.map(() => row).join(', ')}`, params));
		}
	}
}

async function upsertMeta(db: Kysely<Database>, key: string, value: string): Promise<void> {
	await db.insertInto('meta').values({ key, value })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`excluded.value` }))
		.execute();
}

/** A German report for the console. */
export function formatDirectoryReport(r: DirectoryReport, max = 40): string {
	const list = <T>(items: T[], line: (x: T) => string) => {
		const lines = items.slice(0, max).map(line);
		if (items.length > max) lines.push(`  … und ${items.length - max} weitere`);
		return lines;
	};
	return [
		`Gemeindeverzeichnis${r.stand ? ` (Gebietsstand ${r.stand})` : ''}: ${r.added.length} neu, ${r.renamed.length} umbenannt, ${r.ended.length} aufgelöst/fusioniert, ${r.returned.length} wieder enthalten, ${r.changed.length} geändert, ${r.unchanged} unverändert`,
		...(r.matched.length ? [`  ${r.matched.length} Einheiten mit vorhandenen Körperschaften verknüpft (über den AGS)`] : []),
		...list(r.added, (a) => `  + ${a.ars} ${a.name}`),
		...list(r.renamed, (a) => `  ~ ${a.ars} umbenannt: ${a.from} → ${a.to}`),
		...list(r.ended, (a) => `  - ${a.ars} ${a.name}: nicht mehr enthalten${a.successor ? `, Nachfolger ${a.successorName ?? a.successor}${a.inferred ? ' (erschlossen)' : ''}` : ', kein Nachfolger angegeben'}`),
		...list(r.returned, (a) => `  + ${a.ars} ${a.name}: wieder enthalten`),
		...list(r.changed, (a) => `  ~ ${a.ars} ${a.name}: ${a.fields.join(', ')}`),
		`Datenstand (Revision): ${r.revision}`
	].join('\n');
}
