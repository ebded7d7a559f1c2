/**
 * Connecting a body to its council information system (issue 21, item 1): the coordinator's URL
 * is fetched and checked (an OParl System with its body list, or a Body object itself), what was
 * found is shown, and the chosen OParl body is stored for the region's body.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Actor } from '../auth/policy';
import { audit } from '../auth/audit';
import { fetchJson, type FetchLimits } from './client';
import { OparlBody, OparlPage, OparlSystem } from './schemas';
import { OPARL_RUN_LOG, readJson } from '../db/json-columns';

export interface Inspection {
	systemUrl: string;
	systemName: string | null;
	oparlVersion: string | null;
	bodies: { id: string; name: string; paper: string | null; meeting: string | null }[];
}

export type InspectResult = { ok: true; found: Inspection } | { ok: false; problem: string };

const MAX_BODY_PAGES = 5;

/** Fetch the URL and find the OParl bodies it offers. */
export async function inspectSystem(url: string, limits: FetchLimits): Promise<InspectResult> {
	const first = await fetchJson(url, limits);
	if (!first.ok) return { ok: false, problem: first.note };
	if (first.status === 304) return { ok: false, problem: 'Unerwartete Antwort 304.' };
	const asBody = OparlBody.safeParse(first.json);
	if (asBody.success) {
		const b = asBody.data;
		return { ok: true, found: { systemUrl: url, systemName: null, oparlVersion: null, bodies: [{ id: b.id, name: b.name, paper: b.paper ?? null, meeting: b.meeting ?? null }] } };
	}
	const sys = OparlSystem.safeParse(first.json);
	if (!sys.success) return { ok: false, problem: 'Unter dieser Adresse steht kein OParl-System (Objekt vom Typ System oder Body).' };
	const bodies: Inspection['bodies'] = [];
	let next: string | undefined = sys.data.body;
	for (let i = 0; next && i < MAX_BODY_PAGES; i++) {
		const r = await fetchJson(next, limits);
		if (!r.ok) return { ok: false, problem: `Liste der Körperschaften: ${r.note}` };
		if (r.status === 304) break;
		const page = OparlPage.safeParse(r.json);
		if (!page.success) return { ok: false, problem: 'Die Liste der Körperschaften ist keine OParl-Liste.' };
		for (const item of page.data.data) {
			const b = OparlBody.safeParse(item);
			if (b.success && !b.data.deleted) bodies.push({ id: b.data.id, name: b.data.name, paper: b.data.paper ?? null, meeting: b.data.meeting ?? null });
		}
		next = page.data.links?.next;
	}
	if (!bodies.length) return { ok: false, problem: 'Das System nennt keine Körperschaft.' };
	return { ok: true, found: { systemUrl: url, systemName: sys.data.name ?? null, oparlVersion: sys.data.oparlVersion ?? null, bodies } };
}

export type ConnectResult = { ok: true; id: string } | { ok: false; problem: string };

/** Check again and store: the body of the region `bodyId` reads the OParl body `oparlBodyId`. */
export async function connectSource(
	db: Kysely<Database>, actor: Actor, input: { bodyId: string; systemUrl: string; oparlBodyId: string }, limits: FetchLimits, now = new Date()
): Promise<ConnectResult> {
	const body = await db.selectFrom('body').select(['id', 'region_id']).where('id', '=', input.bodyId).executeTakeFirst();
	if (!body) return { ok: false, problem: 'Diese Körperschaft gibt es nicht.' };
	const r = await inspectSystem(input.systemUrl, limits);
	if (!r.ok) return r;
	const ob = r.found.bodies.find((b) => b.id === input.oparlBodyId);
	if (!ob) return { ok: false, problem: 'Diese Körperschaft nennt das System nicht.' };
	if (!ob.paper && !ob.meeting) return { ok: false, problem: 'Diese Körperschaft bietet weder Drucksachen noch Sitzungen an.' };
	const exists = await db.selectFrom('oparl_source').select('id').where('body_id', '=', input.bodyId).where('body_url', '=', ob.id).executeTakeFirst();
	if (exists) return { ok: false, problem: 'Diese Verbindung besteht schon.' };
	const id = randomBytes(8).toString('hex');
	await db.insertInto('oparl_source').values({
		id, region_id: body.region_id, body_id: input.bodyId, system_url: r.found.systemUrl, system_name: r.found.systemName, oparl_version: r.found.oparlVersion,
		body_url: ob.id, body_name: ob.name, paper_url: ob.paper, meeting_url: ob.meeting, created_at: now.toISOString(), created_by: actor.userId!, last_run_at: null
	}).execute();
	await audit(db, actor, { action: 'oparl.verbunden', entity: 'oparl_source', entityId: id, detail: { body: input.bodyId, system: r.found.systemUrl } }, now);
	return { ok: true, id };
}

/** The councils among the given bodies (Kreise, Städte, Gemeinden) by name: those that can have an OParl system. */
export async function councilBodies(db: Kysely<Database>, ids: string[]): Promise<{ id: string; name: string }[]> {
	if (!ids.length) return [];
	return db.selectFrom('body').select(['id', 'name']).where('id', 'in', ids).where('kind', 'in', ['kreis', 'stadt', 'gemeinde', 'kreisfreie-stadt']).orderBy('name').execute();
}

/** A connected source's id and region; undefined for an unknown id. */
export async function sourceById(db: Kysely<Database>, id: string) {
	return db.selectFrom('oparl_source').select(['id', 'region_id']).where('id', '=', id).executeTakeFirst();
}

export async function listSources(db: Kysely<Database>, regionId: string | null) {
	let q = db.selectFrom('oparl_source').innerJoin('body', 'body.id', 'oparl_source.body_id')
		.select(['oparl_source.id', 'oparl_source.body_id', 'body.name as body_label', 'oparl_source.system_url', 'oparl_source.system_name',
			'oparl_source.body_name', 'oparl_source.last_run_at', 'oparl_source.region_id']);
	if (regionId) q = q.where('oparl_source.region_id', '=', regionId);
	const sources = await q.orderBy('body.name').execute();
	const out = [];
	for (const s of sources) {
		const run = await db.selectFrom('oparl_run').selectAll().where('source_id', '=', s.id).orderBy('id', 'desc').limit(1).executeTakeFirst();
		out.push({ ...s, run: run ? { ...run, log: readJson(OPARL_RUN_LOG, run.log_json) } : null });
	}
	return out;
}
