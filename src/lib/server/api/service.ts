/**
 * What the API v1 endpoints do, on the same services as the pages: the register search
 * (runSearch with the page's parameters), profiles, the measure board, the overview figures, and
 * the one write path of the forms (submitCooperation → saveCooperation). Routes stay thin: parse,
 * call, answer. Every answer passes its zod response schema (unknown fields are stripped, so
 * nothing slips out that the OpenAPI document does not name – contacts never do).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema';
import type { OparlEntity } from '../db/schema-api';
import type { Settings } from '../settings';
import { parseSearchQuery, toSearchParams } from '../../domain/search-query';
import { runSearch } from '../search/run-search';
import { facetIndex } from '../search/facet-index';
import { labelFacets } from '../search/labelled-facets';
import { cooperationRows } from '../registry/rows';
import { cooperationJson, bodyJson } from '../registry/present';
import { bodyProfile, overview, searchBodies } from '../registry/profiles';
import { bodiesOf, newCooperationId, readCooperation, type StoredCooperation } from '../registry/write';
import { formSetup, submitCooperation } from '../registry/cooperation-edit';
import { measureBoard } from '../steering/measures';
import { STATUS_LABEL } from '../../i18n/de';
import { can, recordingRegion, type Action, type Actor, type Resource } from '../auth/policy';
import { bodyResource, regionIdsInOrder } from '../registry/regions';
import { audit } from '../auth/audit';
import { decodeCursor, encodeCursor, queryHash, resumeAt } from './cursor';
import {
	AnalysisSummary, ARRAY_PARAMS, BodyDetail, BodyList, BodyListQuery, CooperationCreate, CooperationDetail, CooperationList,
	CooperationListQuery, CooperationUpdate, LIMIT_DEFAULT, MeasureBoard, MeasureQuery, OparlLink, OparlLinkInput, OparlLinkList
} from './schemas';
import { EffectListQuery, EffectRollup } from './schemas';
import { effectReport, type ReportRow } from '../effects/report';
import { actorLabel } from '../auth/actor-label';

type Db = Kysely<Database>;
export type Issue = { pointer: string; message: string };

/** The outcome of an API operation, turned into a response by the route (api/respond.ts). */
export type Outcome<T = unknown> =
	| { ok: true; status?: number; data: T; etag?: string; location?: string }
	| { ok: false; status: number; code: string; detail: string; errors?: Issue[] };

const fail = (status: number, code: string, detail: string, errors?: Issue[]): Outcome<never> => ({ ok: false, status, code, detail, errors });

const issues = (e: z.ZodError, prefix = ''): Issue[] =>
	e.issues.slice(0, 50).map((i) => ({ pointer: `${prefix}/${i.path.join('/')}`, message: i.message }));

/** Query parameters into the shape of a query schema (repeatable ones as arrays); unknown ones are left out. */
export function queryObject(schema: z.ZodObject, params: URLSearchParams): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const key of Object.keys(schema.shape)) {
		if (ARRAY_PARAMS.has(key)) {
			const all = params.getAll(key);
			if (all.length) out[key] = all;
		} else if (params.has(key)) out[key] = params.get(key);
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Cooperations

/** One page of the register search, by cursor, with facets: the same search as /kooperationen. */
export async function listCooperations(db: Db, settings: Settings, params: URLSearchParams): Promise<Outcome<z.infer<typeof CooperationList>>> {
	const parsed = CooperationListQuery.safeParse(queryObject(CooperationListQuery, params));
	if (!parsed.success) return fail(400, 'invalid-parameters', 'Ungültige Parameter.', issues(parsed.error, '#/query'));
	const { limit = LIMIT_DEFAULT, cursor } = parsed.data;
	const searchParams = new URLSearchParams();
	for (const [k, v] of params) if (k !== 'limit' && k !== 'cursor') searchParams.append(k, v);
	const limits = { pageSizeDefault: settings.PAGE_SIZE_DEFAULT, pageSizeMax: settings.PAGE_SIZE_MAX, queryMaxLength: settings.QUERY_MAX_LENGTH, filterMaxValues: settings.FILTER_MAX_VALUES };
	const query = parseSearchQuery(searchParams, limits);
	const hash = queryHash(toSearchParams({ ...query, page: 1, perPage: limits.pageSizeDefault }, limits).toString());
	// The hits' keys are read on demand (hitSeqs): only the page's window and the cursor's check.
	const result = await runSearch(db, query, { allRows: true, maxRows: 0, facetMaxOptions: settings.FACET_MAX_OPTIONS });
	const hits = result.hitSeqs;
	const keys = {
		length: hits.length,
		at: (k: number) => hits.at(k)?.toString(),
		indexOf: (key: string) => (/^\d{1,15}$/.test(key) ? hits.indexOf(Number(key)) : -1)
	};
	let start = 0;
	if (cursor) {
		const pos = decodeCursor(cursor, hash);
		if (!pos) return fail(400, 'invalid-cursor', 'Der Cursor passt nicht zu dieser Abfrage (oder ist beschädigt). Bitte ohne cursor neu beginnen.', [{ pointer: '#/query/cursor', message: 'invalid' }]);
		start = resumeAt(keys, pos);
	}
	const pageSeqs = hits.slice(start, start + limit);
	const end = start + pageSeqs.length;
	const { lookups, facets } = await facetIndex(db);
	const data = CooperationList.parse({
		items: (await cooperationRows(db, pageSeqs)).map(cooperationJson),
		next_cursor: end < keys.length && pageSeqs.length ? encodeCursor({ offset: end, lastKey: keys.at(end - 1)! }, hash) : null,
		total: result.total,
		uncertain_in_year: result.uncertainInYear,
		// The same facets as the register page (the region facet only once there is a choice).
		facets: labelFacets(facets, result.facets, query, lookups)
	});
	return { ok: true, data };
}

export const ID = /^[a-z0-9][a-z0-9-]{0,80}$/;

async function linksOf(db: Db, entity: OparlEntity, id: string) {
	const rows = await db.selectFrom('oparl_link').select(['id', 'kind', 'url', 'label', 'created_at'])
		.where('entity', '=', entity).where('entity_id', '=', id).orderBy('created_at').orderBy('id').execute();
	return rows.map((r) => OparlLink.parse(r));
}

/** Strong ETag of a cooperation: its version, then a hash of the representation (links change it too). */
export function cooperationEtag(version: number, body: string): string {
	return `"${version}-${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
}

/** The version an If-Match tag names (`"7-…"`, `W/"7-…"` or `"7"`), or null. */
export function versionOfEtag(tag: string): number | null {
	const m = /^(?:W\/)?"(\d{1,9})(?:-[A-Za-z0-9_-]*)?"$/.exec(tag.trim());
	return m ? Number(m[1]) : null;
}

async function detailOf(db: Db, c: StoredCooperation, origin: string): Promise<{ data: z.infer<typeof CooperationDetail>; etag: string }> {
	const data = CooperationDetail.parse({
		id: c.record.id, version: c.version, region: c.regionId, archived_at: c.archivedAt, confirmed_at: c.confirmedAt, updated_at: c.updatedAt,
		html_url: `${origin}/kooperationen/${c.record.id}`, record: c.record, oparl_links: await linksOf(db, 'cooperation', c.record.id)
	});
	return { data, etag: cooperationEtag(c.version, JSON.stringify(data)) };
}

export async function getCooperation(db: Db, id: string, origin: string): Promise<Outcome> {
	const c = ID.test(id) ? await readCooperation(db, id) : null;
	if (!c) return fail(404, 'not-found', 'Diese Kooperation gibt es nicht.');
	return { ok: true, ...(await detailOf(db, c, origin)) };
}

interface Who {
	actor: Actor;
	address: string | null;
	path: string;
}

/** The policy's answer; a refusal is written to the audit log (as requireCan does for the forms). */
async function allowed(db: Db, who: Who, action: Action, resource: Resource, entity: string, entityId: string): Promise<boolean> {
	if (can(who.actor, action, resource)) return true;
	await audit(db, who.actor, { action, outcome: 'refused', entity, entityId, detail: { path: who.path, via: 'api' }, address: who.address });
	return false;
}

const FOREIGN = 'Dafür fehlt Ihnen die Berechtigung: Sie können nur Einträge bearbeiten, an denen Ihre Körperschaft beteiligt ist.';

async function regionOf(db: Db, actor: Actor): Promise<string> {
	const id = recordingRegion(actor, await regionIdsInOrder(db));
	if (!id) throw new Error('no region');
	return id;
}

export async function createCooperation(db: Db, who: Who, body: unknown, origin: string): Promise<Outcome> {
	const parsed = CooperationCreate.safeParse(body);
	if (!parsed.success) return fail(400, 'invalid-body', 'Der Inhalt passt nicht zum Schema CooperationCreate.', issues(parsed.error, '#'));
	const regionId = await regionOf(db, who.actor);
	// A full record is a draft; its id is replaced by a fresh one (list-hex).
	const record = { ...parsed.data, id: await newCooperationId(db, parsed.data.list), number: parsed.data.number ?? null };
	if (!(await allowed(db, who, 'cooperation.create', { bodyIds: bodiesOf(record), regionId }, 'cooperation', record.id))) {
		return fail(403, 'forbidden', 'Ihre eigene Körperschaft muss an der Kooperation beteiligt sein (als Partner oder als Aufgabenträger).');
	}
	const { names } = await formSetup(db);
	const r = await submitCooperation(db, { actor: who.actor, current: null, draft: record, baseVersion: null, regionId, action: 'angelegt', comment: 'über die API', names });
	if (r.kind === 'proposed') return { ok: true, status: 202, data: null, location: `${origin}/vorschlaege/${r.proposalId}` };
	if (r.kind === 'errors') return fail(422, 'rejected', 'Der Eintrag wurde nicht gespeichert.', r.errors.map((e) => ({ pointer: `#/${e.field.replace(/\./g, '/')}`, message: e.message })));
	if (r.kind === 'conflict') return fail(409, 'conflict', 'Konflikt beim Anlegen.');
	const c = (await readCooperation(db, r.id))!;
	return { ok: true, status: 201, location: `${origin}/api/v1/cooperations/${r.id}`, ...(await detailOf(db, c, origin)) };
}

export async function updateCooperation(db: Db, who: Who, id: string, ifMatch: string | null, body: unknown, origin: string): Promise<Outcome> {
	const c = ID.test(id) ? await readCooperation(db, id) : null;
	if (!c) return fail(404, 'not-found', 'Diese Kooperation gibt es nicht.');
	if (!(await allowed(db, who, 'cooperation.edit', { bodyIds: bodiesOf(c.record), regionId: c.regionId }, 'cooperation', id))) return fail(403, 'forbidden', FOREIGN);
	if (!ifMatch) return fail(428, 'if-match-required', 'Bitte senden Sie If-Match mit dem ETag der Version, auf der Ihre Änderung beruht.');
	const tags = ifMatch.split(',').map((t) => t.trim()).slice(0, 20);
	if (!tags.some((t) => t === '*' || versionOfEtag(t) === c.version)) {
		return fail(412, 'version-mismatch', `Die Kooperation ist inzwischen bei Version ${c.version}: Jemand anderes hat gespeichert. Bitte neu laden und die Änderung erneut anwenden.`);
	}
	const parsed = CooperationUpdate.safeParse(body);
	if (!parsed.success) return fail(400, 'invalid-body', 'Der Inhalt passt nicht zum Schema CooperationUpdate.', issues(parsed.error, '#'));
	if (parsed.data.id !== undefined && parsed.data.id !== id) return fail(400, 'invalid-body', 'Die Kennung im Inhalt weicht vom Pfad ab.', [{ pointer: '#/id', message: 'must equal the path' }]);
	const record = { ...parsed.data, id, number: parsed.data.number ?? null };
	const ended = record.status === 'ended' && c.record.status !== 'ended';
	const { names } = await formSetup(db);
	const r = await submitCooperation(db, { actor: who.actor, current: c, draft: record, baseVersion: c.version, regionId: c.regionId, action: ended ? 'beendet' : 'bearbeitet', comment: 'über die API', names });
	if (r.kind === 'proposed') return { ok: true, status: 202, data: null, location: `${origin}/vorschlaege/${r.proposalId}` };
	if (r.kind === 'conflict') return fail(412, 'version-mismatch', 'Jemand anderes hat gespeichert, während Sie geändert haben.');
	if (r.kind === 'errors') return fail(422, 'rejected', 'Die Änderung wurde nicht gespeichert.', r.errors.map((e) => ({ pointer: `#/${e.field.replace(/\./g, '/')}`, message: e.message })));
	return { ok: true, ...(await detailOf(db, (await readCooperation(db, id))!, origin)) };
}

// ---------------------------------------------------------------------------------------------
// OParl links

/** Most links one body or cooperation may carry. */
export const OPARL_MAX_LINKS = 50;

async function oparlTarget(db: Db, entity: OparlEntity, id: string): Promise<{ action: Action; resource: Resource } | null> {
	if (!ID.test(id)) return null;
	if (entity === 'cooperation') {
		const c = await readCooperation(db, id);
		return c ? { action: 'cooperation.edit', resource: { bodyIds: bodiesOf(c.record), regionId: c.regionId } } : null;
	}
	const b = await db.selectFrom('body').select(['id']).where('id', '=', id).executeTakeFirst();
	return b ? { action: 'body.edit', resource: await bodyResource(db, b.id) } : null;
}

export async function listOparl(db: Db, entity: OparlEntity, id: string): Promise<Outcome> {
	if (!(await oparlTarget(db, entity, id))) return fail(404, 'not-found', 'Diesen Eintrag gibt es nicht.');
	return { ok: true, data: OparlLinkList.parse({ items: await linksOf(db, entity, id) }) };
}

export async function addOparl(db: Db, who: Who, entity: OparlEntity, id: string, body: unknown, origin: string, now = new Date()): Promise<Outcome> {
	const target = await oparlTarget(db, entity, id);
	if (!target) return fail(404, 'not-found', 'Diesen Eintrag gibt es nicht.');
	if (!(await allowed(db, who, target.action, target.resource, entity, id))) return fail(403, 'forbidden', FOREIGN);
	const parsed = OparlLinkInput.safeParse(body);
	if (!parsed.success) return fail(400, 'invalid-body', 'Der Inhalt passt nicht zum Schema OparlLinkInput.', issues(parsed.error, '#'));
	const existing = await linksOf(db, entity, id);
	if (existing.length >= OPARL_MAX_LINKS) return fail(422, 'too-many-links', `Höchstens ${OPARL_MAX_LINKS} Verweise je Eintrag.`);
	const row = {
		id: randomBytes(8).toString('hex'), entity, entity_id: id, kind: parsed.data.kind, url: parsed.data.url, label: parsed.data.label ?? null,
		created_at: now.toISOString(), created_by: actorLabel(who.actor)
	};
	await db.insertInto('oparl_link').values(row).execute();
	await audit(db, who.actor, { action: 'oparl.verknuepft', entity, entityId: id, detail: { kind: row.kind, link: row.id }, address: who.address }, now);
	const base = entity === 'cooperation' ? 'cooperations' : 'bodies';
	return { ok: true, status: 201, location: `${origin}/api/v1/${base}/${id}/oparl/${row.id}`, data: OparlLink.parse(row) };
}

export async function deleteOparl(db: Db, who: Who, entity: OparlEntity, id: string, linkId: string): Promise<Outcome> {
	const target = await oparlTarget(db, entity, id);
	if (!target) return fail(404, 'not-found', 'Diesen Eintrag gibt es nicht.');
	if (!(await allowed(db, who, target.action, target.resource, entity, id))) return fail(403, 'forbidden', FOREIGN);
	const r = /^[0-9a-f]{16}$/.test(linkId)
		? await db.deleteFrom('oparl_link').where('id', '=', linkId).where('entity', '=', entity).where('entity_id', '=', id).executeTakeFirst()
		: null;
	if (!r || Number(r.numDeletedRows) !== 1) return fail(404, 'not-found', 'Diesen Verweis gibt es hier nicht.');
	await audit(db, who.actor, { action: 'oparl.entfernt', entity, entityId: id, detail: { link: linkId }, address: who.address });
	return { ok: true, status: 204, data: null };
}

// ---------------------------------------------------------------------------------------------
// Bodies, measures, figures

export async function listBodies(db: Db, params: URLSearchParams): Promise<Outcome> {
	const parsed = BodyListQuery.safeParse(queryObject(BodyListQuery, params));
	if (!parsed.success) return fail(400, 'invalid-parameters', 'Ungültige Parameter.', issues(parsed.error, '#/query'));
	const { limit = LIMIT_DEFAULT, cursor, q, art } = parsed.data;
	const p = new URLSearchParams();
	if (q) p.set('q', q);
	if (art) p.set('art', art);
	const { bodies } = await searchBodies(db, p);
	const hash = queryHash(p.toString());
	const keys = bodies.map((b) => b.id);
	let start = 0;
	if (cursor) {
		const pos = decodeCursor(cursor, hash);
		if (!pos) return fail(400, 'invalid-cursor', 'Der Cursor passt nicht zu dieser Abfrage.', [{ pointer: '#/query/cursor', message: 'invalid' }]);
		start = resumeAt(keys, pos);
	}
	const page = bodies.slice(start, start + limit);
	const end = start + page.length;
	return {
		ok: true,
		data: BodyList.parse({
			items: page.map(bodyJson),
			next_cursor: end < keys.length && page.length ? encodeCursor({ offset: end, lastKey: keys[end - 1]! }, hash) : null,
			total: bodies.length
		})
	};
}

export async function getBody(db: Db, id: string, origin: string): Promise<Outcome> {
	const b = ID.test(id) ? await bodyProfile(db, id) : null;
	if (!b) return fail(404, 'not-found', 'Diese Körperschaft gibt es nicht.');
	return {
		ok: true,
		data: BodyDetail.parse({
			id: b.id, name: b.name, official_name: b.officialName, kind: b.kind, ags: b.ags, parent: b.parent, children: b.children,
			aliases: b.aliases, lat: b.lat, lon: b.lon, note: b.note, html_url: `${origin}/koerperschaften/${b.id}`,
			takes_part: b.takesPart.map(cooperationJson), performs: b.performs.map(cooperationJson), oparl_links: await linksOf(db, 'body', b.id)
		})
	};
}

export async function measures(db: Db, params: URLSearchParams): Promise<Outcome> {
	const parsed = MeasureQuery.safeParse(queryObject(MeasureQuery, params));
	if (!parsed.success) return fail(400, 'invalid-parameters', 'Ungültige Parameter.', issues(parsed.error, '#/query'));
	const region = parsed.data.region
		? await db.selectFrom('region').select('id').where('id', '=', parsed.data.region).executeTakeFirst()
		: await db.selectFrom('region').select('id').orderBy('position').orderBy('id').executeTakeFirst();
	if (!region) return fail(404, 'not-found', 'Diese Region gibt es nicht.');
	const board = await measureBoard(db, region.id);
	return {
		ok: true,
		data: MeasureBoard.parse({
			region: board.regionId, total: board.total, counts: board.counts,
			fields: board.fields.map((f) => ({
				id: f.id, number: f.number, title: f.title, counts: f.counts,
				measures: f.measures.map((m) => ({ id: m.id, number: m.number, title: m.title, status: m.status, lead: m.lead, lead_note: m.leadNote, cooperation_count: m.cooperationCount }))
			}))
		})
	};
}

export async function analysisSummary(db: Db): Promise<Outcome> {
	const o = await overview(db);
	const { dims, lookups } = await facetIndex(db);
	const lists = new Map(dims.list.dict.map((id, k) => [id, dims.list.postings[k]!.length]));
	return {
		ok: true,
		data: AnalysisSummary.parse({
			total: o.total, bodies: o.bodies,
			regions: o.regions.map((r) => ({ id: r.id, name: r.name, kreis: r.kreisId ? { id: r.kreisId, name: r.kreisName ?? r.kreisId } : null, with_kreis: r.withKreis, towns_among: r.townsAmong, towns: r.towns })),
			by_status: o.byStatus.map((s) => ({ id: s.value, label: STATUS_LABEL[s.value] ?? s.value, count: s.count })),
			by_list: [...lists].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id, count]) => ({ id, label: lookups.lists.get(id) ?? id, count })),
			by_legal_form: o.byLegalForm, by_topic: o.byTopic, by_performer: o.byPerformer, unknown_start: o.unknownStart,
			oldest: o.oldest.map(cooperationJson), newest: o.newest.map(cooperationJson)
		})
	};
}

// ---------------------------------------------------------------------------------------------
// Effects (issue 19)

export async function effects(db: Db, params: URLSearchParams): Promise<Outcome> {
	const parsed = EffectListQuery.safeParse(queryObject(EffectListQuery, params));
	if (!parsed.success) return fail(400, 'invalid-parameters', 'Ungültige Parameter.', issues(parsed.error, '#/query'));
	if (parsed.data.region && !(await db.selectFrom('region').select('id').where('id', '=', parsed.data.region).executeTakeFirst())) {
		return fail(404, 'not-found', 'Diese Region gibt es nicht.');
	}
	const r = await effectReport(db, { regionId: parsed.data.region ?? null, year: parsed.data.jahr ?? null });
	const row = (x: ReportRow) => ({
		key: x.key, label: x.label, realised: x.realised, expected: x.expected, one_off: x.oneOff, cooperations: x.cooperations,
		linked: x.linked, with_figures: x.withFigures, derived: x.derived, split: x.split
	});
	return {
		ok: true,
		data: EffectRollup.parse({
			region: r.regionId, year: r.year, years: r.years, cooperations: r.cooperations, with_figures: r.withFigures, without_figures: r.withoutFigures,
			gap: r.gap, promise_euro: r.promise, by_year: r.byYear.map((x) => ({ ...row(x), year: x.year })),
			by_measure: r.byMeasure.map(row), by_topic: r.byTopic.map(row), by_body: r.byBody.map(row), by_region: r.byRegion.map(row)
		})
	};
}
