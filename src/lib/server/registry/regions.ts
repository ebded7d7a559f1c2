/**
 * Regions by self-service (issue 13, part 3; decision 0008). An administrator picks a Land,
 * Regierungsbezirk, Kreis or kreisfreie Stadt from the national directory; the region is created
 * with the unit's body and the bodies of every unit below it (Gemeindeverbände, Gemeinden) as
 * members (`region_member`). A body may be a member of several regions; its `region_id` stays its
 * home region (the data-file region, or `verzeichnis`). The data-file regions keep position 0, so
 * Kreis Unna stays the first region.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { bumpRevision } from '../db/versions';
import { DIRECTORY_REGION } from '../directory/apply';
import { foldCached, namesCached } from '../directory/name-lookup';

/** Directory levels a region can stand for: Land, Regierungsbezirk, Kreis (with the kreisfreien Städte). */
export const REGION_LEVELS = [10, 20, 40] as const;

export interface RegionCandidate {
	ars: string;
	name: string;
	kindLabel: string;
	/** The region that already stands for this unit, if any. */
	regionId: string | null;
}

export interface RegionSummary {
	id: string;
	name: string;
	unitArs: string | null;
	kreisBodyId: string | null;
	members: number;
}

/** Readable ids: "Kreis Coesfeld" → "kreis-coesfeld", "Landkreis Görlitz" → "landkreis-goerlitz". */
export function regionSlug(text: string): string {
	const plain = text.toLowerCase().replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
		.normalize('NFKD').replace(/\p{M}+/gu, '');
	return plain.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '') || 'region';
}

/** The regions in their order (data-file regions first), with the number of their bodies. */
export async function listRegions(db: Kysely<Database>): Promise<RegionSummary[]> {
	const regions = await db.selectFrom('region').select(['id', 'name', 'unit_ars', 'kreis_body_id']).orderBy('position').orderBy('id').execute();
	const home = await db.selectFrom('body').select(['region_id']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('region_id').execute();
	const member = await db.selectFrom('region_member').select(['region_id']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('region_id').execute();
	const count = new Map<string, number>();
	for (const r of [...home, ...member]) count.set(r.region_id, (count.get(r.region_id) ?? 0) + Number(r.n));
	return regions.map((r) => ({ id: r.id, name: r.name, unitArs: r.unit_ars, kreisBodyId: r.kreis_body_id, members: count.get(r.id) ?? 0 }));
}

/** Region ids in their order: the first is the default region (Kreis Unna while it is shipped). */
export async function regionIdsInOrder(db: Kysely<Database>): Promise<string[]> {
	return (await db.selectFrom('region').select('id').orderBy('position').orderBy('id').execute()).map((r) => r.id);
}

/** The bodies of a region: those whose home it is and its members. */
export async function regionBodyIds(db: Kysely<Database>, regionId: string): Promise<string[]> {
	const home = await db.selectFrom('body').select('id').where('region_id', '=', regionId).execute();
	const member = await db.selectFrom('region_member').select('body_id').where('region_id', '=', regionId).execute();
	return [...new Set([...home.map((b) => b.id), ...member.map((m) => m.body_id)])];
}

/** The regions a body belongs to: its home region (`verzeichnis` for directory-only bodies) and its memberships. */
export async function regionsOfBody(db: Kysely<Database>, bodyId: string): Promise<string[]> {
	const b = await db.selectFrom('body').select('region_id').where('id', '=', bodyId).executeTakeFirst();
	if (!b) return [];
	const member = await db.selectFrom('region_member').select('region_id').where('body_id', '=', bodyId).orderBy('region_id').execute();
	return [...new Set([b.region_id, ...member.map((m) => m.region_id)])];
}

/** What the policy needs to decide about a body: the body and every region it belongs to. */
export async function bodyResource(db: Kysely<Database>, bodyId: string): Promise<{ bodyId: string; regionIds: string[] }> {
	return { bodyId, regionIds: await regionsOfBody(db, bodyId) };
}

/**
 * Units a region can be created for whose name (any form: "Kreis Coesfeld", "Coesfeld",
 * "LK Görlitz", "Lkr. Cham", the ARS) contains the query; the best matches first.
 */
export async function regionCandidates(db: Kysely<Database>, query: string, limit = 25): Promise<RegionCandidate[]> {
	const q = foldCached(query.trim());
	if (!q) return [];
	const units = await db.selectFrom('directory_unit').select(['ars', 'level', 'tk', 'name'])
		.where('level', 'in', [...REGION_LEVELS]).where('valid_to', 'is', null).execute();
	const taken = new Map((await db.selectFrom('region').select(['id', 'unit_ars', 'kreis_body_id']).execute()).flatMap((r) => [
		...(r.unit_ars ? [[`ars:${r.unit_ars}`, r.id] as const] : []),
		...(r.kreis_body_id ? [[`body:${r.kreis_body_id}`, r.id] as const] : [])
	]));
	const bodyOf = new Map((await db.selectFrom('directory_unit').select(['ars', 'body_id']).where('level', 'in', [...REGION_LEVELS]).execute()).map((u) => [u.ars, u.body_id]));
	const scored: { c: RegionCandidate; score: number }[] = [];
	for (const u of units) {
		const n = namesCached(u);
		const forms = [n.display, n.official, ...n.forms, ...n.weakForms].map(foldCached);
		let score = -1;
		if (u.ars === query.trim()) score = 3;
		else if (forms.some((f) => f === q)) score = 2;
		else if (forms.some((f) => f.startsWith(q))) score = 1;
		else if (forms.some((f) => f.includes(q))) score = 0;
		if (score < 0) continue;
		const regionId = taken.get(`ars:${u.ars}`) ?? taken.get(`body:${bodyOf.get(u.ars)}`) ?? null;
		scored.push({ c: { ars: u.ars, name: n.display, kindLabel: n.kindLabel, regionId }, score });
	}
	scored.sort((a, b) => b.score - a.score || a.c.name.localeCompare(b.c.name, 'de') || a.c.ars.localeCompare(b.c.ars));
	return scored.slice(0, limit).map((s) => s.c);
}

export type CreateRegionResult = { kind: 'created'; id: string; name: string; members: number } | { kind: 'error'; message: string };

/**
 * The lists of a new region's register, like a Kreis' two tables (decision 0008): a Kreis or
 * kreisfreie Stadt (5-digit ARS) keeps the agreements it takes part in apart from those of its
 * towns among themselves; a Land or Regierungsbezirk has one list.
 */
export function regionLists(name: string, ars: string): { id: string; label: string }[] {
	const towns = { id: 'kommunen', label: 'Kooperationen der Städte und Gemeinden untereinander' };
	if (ars.length !== 5) return [{ id: 'kommunen', label: `Kooperationen der Kommunen – ${name}` }];
	return [{ id: 'kreis', label: `Vereinbarungen mit Beteiligung: ${name}` }, towns];
}

/**
 * Create the region of a directory unit with its bodies. Refused when the unit is unknown, ended,
 * not a Land/Regierungsbezirk/Kreis, or already has a region (also a data-file region such as
 * Kreis Unna, found by its Kreis body).
 */
export async function createRegionFromUnit(db: Kysely<Database>, ars: string, now = new Date()): Promise<CreateRegionResult> {
	const key = ars.trim();
	if (!/^\d{2,12}$/.test(key)) return { kind: 'error', message: 'Bitte eine Einheit aus dem Gemeindeverzeichnis wählen.' };
	return db.transaction().execute(async (trx) => {
		const unit = await trx.selectFrom('directory_unit').selectAll().where('ars', '=', key).executeTakeFirst();
		if (!unit || !(REGION_LEVELS as readonly number[]).includes(unit.level)) {
			return { kind: 'error', message: 'Eine Region kann nur für ein Land, einen Regierungsbezirk, einen Kreis oder eine kreisfreie Stadt des Gemeindeverzeichnisses angelegt werden.' };
		}
		if (unit.valid_to) return { kind: 'error', message: `${unit.name} besteht seit ${unit.valid_to} nicht mehr.` };
		const names = namesCached(unit);
		const existing = await trx.selectFrom('region').select(['id', 'name'])
			.where((eb) => eb.or([eb('unit_ars', '=', key), eb('kreis_body_id', '=', unit.body_id)])).executeTakeFirst();
		if (existing) return { kind: 'error', message: `Für ${names.display} gibt es schon die Region „${existing.name}“.` };

		const base = regionSlug(names.display);
		const ids = new Set((await trx.selectFrom('region').select('id').execute()).map((r) => r.id));
		let id = base;
		for (let i = 2; ids.has(id) || id === DIRECTORY_REGION; i++) id = `${base}-${i}`;

		// The unit and every current unit below it (the ARS is hierarchical: Land 2, Regierungsbezirk 3,
		// Kreis 5, Gemeindeverband 9, Gemeinde 12 digits).
		const below = await trx.selectFrom('directory_unit').select(['ars', 'body_id', 'lat', 'lon', 'population'])
			.where('ars', 'like', `${key}%`).where('valid_to', 'is', null).execute();
		const bodyIds = [...new Set([unit.body_id, ...below.filter((u) => u.ars.startsWith(key)).map((u) => u.body_id)])];

		const position = Number((await trx.selectFrom('region').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst())?.p ?? 0) + 1;
		await trx.insertInto('region').values({
			id, name: names.display, kreis_body_id: unit.body_id, unit_ars: key, position, created_at: now.toISOString(),
			// No source document: the region's data are recorded in the app. (Its bodies come from the
			// directory, whose source every page names; it is not the author of the region's register,
			// its papers or its open data.)
			source_json: '{}',
			lists_json: JSON.stringify(regionLists(names.display, key))
		}).execute();
		for (let i = 0; i < bodyIds.length; i += 400) {
			await trx.insertInto('region_member').values(bodyIds.slice(i, i + 400).map((b) => ({ region_id: id, body_id: b }))).execute();
		}
		// The map needs a position for the unit's own body: the directory gives positions of
		// Gemeinden only, so a Kreis, Regierungsbezirk or Land without one is placed at the
		// population-weighted centre of its Gemeinden.
		const body = await trx.selectFrom('body').select(['lat', 'lon']).where('id', '=', unit.body_id).executeTakeFirst();
		if (body && (body.lat === null || body.lon === null)) {
			const placed = below.filter((u) => u.lat !== null && u.lon !== null && u.ars !== key);
			const weight = (u: { population: number | null }) => Math.max(1, u.population ?? 1);
			const total = placed.reduce((s, u) => s + weight(u), 0);
			if (total > 0) {
				const lat = placed.reduce((s, u) => s + u.lat! * weight(u), 0) / total;
				const lon = placed.reduce((s, u) => s + u.lon! * weight(u), 0) / total;
				await trx.updateTable('body').set({ lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 }).where('id', '=', unit.body_id).execute();
			}
		}
		await bumpRevision(trx);
		return { kind: 'created', id, name: names.display, members: bodyIds.length };
	});
}

/**
 * The region an actor's region-wide page works in (import, council systems): the actor's own; for
 * an actor without one (an administrator), the only region there is, else null (the page asks).
 */
export async function ownOrOnlyRegion(db: Kysely<Database>, actor: { regionId: string | null }): Promise<string | null> {
	if (actor.regionId) return actor.regionId;
	const regions = await db.selectFrom('region').select('id').execute();
	return regions.length === 1 ? regions[0]!.id : null;
}
