/**
 * Profile pages (Steckbriefe) of one cooperation and one body, and the register overview.
 * Everything is computed from the register; nothing is typed in.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { facetIndex, performerLabel, type FacetIndex, type IndexRow } from '../search/facet-index';
import { intersect, union } from '../search/postings';
import { cooperationRows, type CooperationRow } from './rows';
import { parseFuzzyDate, type FuzzyDate } from '../../domain/fuzzy-date';
import { foldGerman } from '../../domain/text-fold';
import { loadNameLookup, type NameLookup } from '../directory/name-lookup';
import { TOPIC_NONE, TOPIC_NONE_LABEL } from '../../domain/facets';
import { sourceHref } from '../../domain/source-link';
import { COOPERATION_DERIVED, FORMER_NAMES, readJson, REGION_SOURCE } from '../db/json-columns';

export interface CooperationProfile extends CooperationRow {
	seq: number;
	slide: number | null;
	titleSource: string | null;
	partnersSource: string | null;
	performerSource: string | null;
	performerNote: string | null;
	startDate: FuzzyDate | null;
	startClean: string | null;
	endDate: FuzzyDate | null;
	description: string | null;
	notes: string | null;
	/** The cooperation's source (issue 14): its text, and the link when it is an http(s) URL. */
	citation: { text: string; href: string | null } | null;
	derived: string[];
	participants: (PartnerRefFull)[];
	groups: { label: string; count: number | null; note: string | null }[];
	events: { kind: string; date: string | null; text: string | null }[];
	related: CooperationRow[];
	source: { document: string; list: string; number: number | null; slide: number | null };
}

/** The source text's date when it can be read (it keeps every phase), else null. */
function readableDate(text: string | null): FuzzyDate | null {
	const d = parseFuzzyDate(text);
	return d && d.readable ? d : null;
}

export interface PartnerRefFull {
	id: string;
	name: string;
	kind: string;
	role: string;
	joined: FuzzyDate | null;
	left: FuzzyDate | null;
	note: string | null;
}

/** A cooperation's profile; computed once per revision and id (bounded cache, a copy per caller). */
export async function cooperationProfile(db: Kysely<Database>, id: string): Promise<CooperationProfile | null> {
	return (await facetIndex(db)).cachedAsync(`cooperation-profile:${id}`, () => readCooperationProfile(db, id));
}

async function readCooperationProfile(db: Kysely<Database>, id: string): Promise<CooperationProfile | null> {
	const c = await db.selectFrom('cooperation').selectAll().where('id', '=', id).executeTakeFirst();
	if (!c) return null;
	const [row] = await cooperationRows(db, [c.seq]);
	if (!row) return null;
	const { lookups, rows: index, bySeq } = await facetIndex(db);
	const participants = await db.selectFrom('participation').selectAll().where('cooperation_seq', '=', c.seq).orderBy('position').execute();
	const groups = await db.selectFrom('partner_group').select(['label', 'count', 'note']).where('cooperation_seq', '=', c.seq).orderBy('position').execute();
	const events = await db.selectFrom('lifecycle_event').select(['kind', 'date_text', 'text']).where('cooperation_seq', '=', c.seq).orderBy('position').execute();
	const region = await db.selectFrom('region').select('source_json').where('id', '=', c.region_id).executeTakeFirst();
	const derived = readJson(COOPERATION_DERIVED, c.derived_json);

	const self = index[bySeq.get(c.seq) ?? -1];
	const related = self ? relatedSeqs(await facetIndex(db), self) : [];
	const source = readJson(REGION_SOURCE, region?.source_json ?? '{}');
	return {
		...row,
		seq: c.seq,
		slide: c.slide,
		titleSource: c.title_source,
		partnersSource: c.partners_source,
		performerSource: c.performer_source,
		performerNote: derived.performer_note ?? null,
		startDate: readableDate(c.start_text) ?? parseFuzzyDate(derived.start_clean ?? null),
		startClean: derived.start_clean ?? null,
		endDate: parseFuzzyDate(c.end_text),
		description: c.description,
		notes: c.notes,
		citation: c.source ? { text: c.source, href: sourceHref(c.source) } : null,
		derived: derived.fields ?? [],
		participants: participants.map((p) => ({
			id: p.body_id,
			name: lookups.bodies.get(p.body_id)?.name ?? p.body_id,
			kind: lookups.bodies.get(p.body_id)?.kind ?? 'sonstige',
			role: p.role,
			joined: parseFuzzyDate(p.joined_text),
			left: parseFuzzyDate(p.left_text),
			note: p.note
		})),
		groups,
		events: events.map((e) => ({ kind: e.kind, date: e.date_text, text: e.text })),
		related: await cooperationRows(db, related),
		source: { document: source.title ?? '', list: lookups.lists.get(c.list) ?? c.list, number: c.number, slide: c.slide }
	};
}

/** Rows whose folded title contains the word (one scan per word and revision, bounded cache). */
function titleWordRows(index: FacetIndex, word: string): Int32Array {
	return index.cached(`title-word:${word}`, () => {
		const out: number[] = [];
		index.rows.forEach((r, i) => {
			if (r.titleKey.includes(word)) out.push(i);
		});
		return Int32Array.from(out);
	}, (v) => v.length + 16);
}

/**
 * Related cooperations: same task (the title's first word of 5+ letters) 3 points, same first
 * topic 2, each shared partner 1 (at most 3); 4 points needed. Partners alone give at most 3, so
 * a related row shares a partner, or has the title word and the first topic: only those rows (from
 * the posting lists) are scored, not the register.
 */
function relatedSeqs(index: FacetIndex, self: IndexRow): number[] {
	const selfPos = index.bySeq.get(self.seq) ?? -1;
	const titleWord = self.titleKey.split(' ')[0] ?? '';
	const firstTopic = self.topics[0];
	const candidates = [index.rowsOfBodies(self.partners)];
	if (titleWord.length > 4 && firstTopic !== undefined) candidates.push(intersect(index.rowsOf('topic', firstTopic), titleWordRows(index, titleWord)));
	// The best 8 by score, then seq: kept sorted while scanning (thousands may share a task word).
	const top: { seq: number; score: number }[] = [];
	const before = (a: { seq: number; score: number }, b: { seq: number; score: number }) => a.score > b.score || (a.score === b.score && a.seq < b.seq);
	for (const i of union(candidates)) {
		if (i === selfPos) continue;
		const r = index.rows[i]!;
		const sharedTopic = r.topics[0] !== undefined && r.topics[0] === firstTopic ? 2 : 0;
		let sharedPartners = 0;
		for (const p of r.partners) if (self.partners.includes(p)) sharedPartners++;
		const sameTask = titleWord.length > 4 && r.titleKey.includes(titleWord) ? 3 : 0;
		const entry = { seq: r.seq, score: sameTask + sharedTopic + Math.min(sharedPartners, 3) };
		if (entry.score < 4 || (top.length === 8 && !before(entry, top[7]!))) continue;
		let at = top.length;
		while (at > 0 && before(entry, top[at - 1]!)) at--;
		top.splice(at, 0, entry);
		if (top.length > 8) top.pop();
	}
	return top.map((s) => s.seq);
}

export interface BodyProfile {
	id: string;
	name: string;
	officialName: string | null;
	kind: string;
	ags: string | null;
	parent: { id: string; name: string } | null;
	children: { id: string; name: string }[];
	aliases: string[];
	lat: number | null;
	lon: number | null;
	note: string | null;
	takesPart: CooperationRow[];
	performs: CooperationRow[];
	partnersMost: { id: string; name: string; count: number }[];
	topics: { id: string; label: string; count: number }[];
	leftOrEnded: { row: CooperationRow; reason: string }[];
	/** What the national municipality directory says about the body (issue 13); null outside it. */
	directory: DirectoryFacts | null;
}

export interface DirectoryFacts {
	ars: string;
	kindLabel: string | null;
	population: number | null;
	areaKm2: number | null;
	postcode: string | null;
	/** ISO day since when the unit is no longer in the directory (merged away). */
	endedAt: string | null;
	successor: { id: string; name: string } | null;
	formerNames: string[];
}

/** The directory unit of a body (the Gemeinde record of a kreisfreie Stadt, which also has a Kreis record). */
async function directoryFacts(db: Kysely<Database>, id: string): Promise<DirectoryFacts | null> {
	const units = await db.selectFrom('directory_unit').selectAll().where('body_id', '=', id).orderBy('level', 'desc').execute();
	const u = units[0];
	if (!u) return null;
	const lookup = await loadNameLookup(db);
	const successorBody = u.successor_ars
		? (await db.selectFrom('directory_unit').select('body_id').where('ars', '=', u.successor_ars).executeTakeFirst())?.body_id ?? null
		: null;
	return {
		ars: u.ars, kindLabel: lookup.entry(id)?.kindLabel ?? null, population: u.population, areaKm2: u.area_km2,
		postcode: u.postcode, endedAt: u.valid_to,
		successor: successorBody ? { id: successorBody, name: lookup.entry(successorBody)?.name ?? successorBody } : null,
		formerNames: readJson(FORMER_NAMES, u.former_names_json)
	};
}

/** A body's profile; computed once per revision and id (bounded cache, a copy per caller). */
export async function bodyProfile(db: Kysely<Database>, id: string): Promise<BodyProfile | null> {
	return (await facetIndex(db)).cachedAsync(`body-profile:${id}`, () => readBodyProfile(db, id));
}

async function readBodyProfile(db: Kysely<Database>, id: string): Promise<BodyProfile | null> {
	const b = await db.selectFrom('body').selectAll().where('id', '=', id).executeTakeFirst();
	if (!b) return null;
	const { lookups, rows: index, rowsOf } = await facetIndex(db);
	const aliases = (await db.selectFrom('body_alias').select('alias').where('body_id', '=', id).execute())
		.map((a) => a.alias).filter((a) => a !== b.name && a !== b.official_name);
	const children = (await db.selectFrom('body').select(['id', 'name']).where('parent_id', '=', id).orderBy('name').execute());

	const mine = Array.from(rowsOf('partner', id), (i) => index[i]!);
	const performed = Array.from(rowsOf('performer', id), (i) => index[i]!);
	const partnerCounts = new Map<string, number>();
	const topicCounts = new Map<string, number>();
	for (const r of mine) {
		for (const p of new Set(r.partners)) if (p !== id) partnerCounts.set(p, (partnerCounts.get(p) ?? 0) + 1);
		// The first topic, as the overview counts; a cooperation without one under "ohne Themenfeld".
		const t = r.topics[0] ?? TOPIC_NONE;
		topicCounts.set(t, (topicCounts.get(t) ?? 0) + 1);
	}
	const left = await db.selectFrom('participation').select(['cooperation_seq', 'left_text'])
		.where('body_id', '=', id).where('left_text', 'is not', null).execute();
	const leftSeqs = new Map(left.map((l) => [l.cooperation_seq, l.left_text]));
	const endedSeqs = mine.filter((r) => r.status === 'ended').map((r) => r.seq);
	const leftOrEndedSeqs = [...new Set([...leftSeqs.keys(), ...endedSeqs])];
	const leftRows = await cooperationRows(db, leftOrEndedSeqs);

	const sortSeqs = (rs: typeof index) => [...rs].sort((a, c) => a.list.localeCompare(c.list) || a.number - c.number).map((r) => r.seq);
	return {
		id: b.id,
		name: b.name,
		officialName: b.official_name,
		kind: b.kind,
		ags: b.ags,
		parent: b.parent_id ? { id: b.parent_id, name: lookups.bodies.get(b.parent_id)?.name ?? b.parent_id } : null,
		children,
		aliases,
		lat: b.lat,
		lon: b.lon,
		note: b.note,
		takesPart: await cooperationRows(db, sortSeqs(mine)),
		performs: await cooperationRows(db, sortSeqs(performed)),
		partnersMost: [...partnerCounts].sort((a, c) => c[1] - a[1] || a[0].localeCompare(c[0])).slice(0, 12)
			.map(([pid, count]) => ({ id: pid, name: lookups.bodies.get(pid)?.name ?? pid, count })),
		topics: [...topicCounts].sort((a, c) => c[1] - a[1])
			.map(([tid, count]) => ({ id: tid, label: tid === TOPIC_NONE ? TOPIC_NONE_LABEL : (lookups.topics.get(tid) ?? tid), count })),
		leftOrEnded: leftRows.map((row, i) => {
			const leftText = leftSeqs.get(leftOrEndedSeqs[i] ?? -1);
			const reason = leftText ? `ausgetreten ${leftText}` : `beendet${row.end ? ` ${row.end}` : ''}`;
			return { row, reason };
		}),
		directory: await directoryFacts(db, id)
	};
}

export interface BodyListItem {
	id: string;
	name: string;
	kind: string;
	ags: string | null;
	parentName: string | null;
	cooperations: number;
}

/**
 * The body list for one query (`q`: any name form – "Stadt Coesfeld", "Lkr. Cham", "VG Kaisersesch"
 * –, part of a name or of the Kreis, or an AGS/ARS or its beginning; `art`: kind), for page, JSON
 * and CSV. Bodies the name-form lookup finds come first, then the substring hits.
 */
export async function searchBodies(db: Kysely<Database>, params: URLSearchParams) {
	const q = (params.get('q') ?? '').trim().slice(0, 100);
	const kind = params.get('art') ?? '';
	const { list: all, byId, text, lookup } = await bodyListCache(db);
	let bodies = all;
	if (q) {
		const hits = lookup.find(q).map((c) => byId.get(c.id)).filter((b): b is BodyListItem => !!b);
		const first = new Set(hits.map((b) => b.id));
		const digits = q.replace(/\s+/g, '');
		const needle = /^\d{2,12}$/.test(digits) ? digits : foldGerman(q);
		bodies = needle ? [...hits, ...all.filter((b) => !first.has(b.id) && text.get(b.id)!.includes(needle))] : hits;
	}
	if (kind) bodies = bodies.filter((b) => b.kind === kind);
	const kinds = [...new Set(all.map((b) => b.kind))].sort();
	return { bodies, q, kind, kinds, total: all.length };
}

/** One page of a list (1-based page number, clamped to the pages there are). */
export function pageOf<T>(items: T[], page: number, perPage: number): { items: T[]; page: number; pageCount: number } {
	const pageCount = Math.max(1, Math.ceil(items.length / perPage));
	const p = Math.min(Math.max(1, page), pageCount);
	return { items: items.slice((p - 1) * perPage, p * perPage), page: p, pageCount };
}

interface BodyListCache {
	index: unknown;
	lookup: NameLookup;
	list: BodyListItem[];
	byId: Map<string, BodyListItem>;
	/** Folded name forms, parent name and keys of each body, for the substring search. */
	text: Map<string, string>;
}
const listCache = new WeakMap<Kysely<Database>, BodyListCache>();

async function bodyListCache(db: Kysely<Database>): Promise<BodyListCache> {
	const index = await facetIndex(db);
	const lookup = await loadNameLookup(db);
	const hit = listCache.get(db);
	if (hit && hit.index === index && hit.lookup === lookup) return hit;
	const counts = new Map<string, number>();
	for (const r of index.rows) for (const p of new Set(r.partners)) counts.set(p, (counts.get(p) ?? 0) + 1);
	const list: BodyListItem[] = [];
	const text = new Map<string, string>();
	for (const e of lookup.entries()) {
		const parentName = e.parentId ? (lookup.entry(e.parentId)?.name ?? null) : null;
		list.push({ id: e.id, name: e.name, kind: e.kind, ags: e.ags, parentName, cooperations: counts.get(e.id) ?? 0 });
		text.set(e.id, [...e.keys, foldGerman(parentName ?? ''), e.ags ?? '', ...e.ars].join(' | '));
	}
	list.sort((a, c) => c.cooperations - a.cooperations || a.name.localeCompare(c.name, 'de') || a.id.localeCompare(c.id));
	const built = { index, lookup, list, byId: new Map(list.map((b) => [b.id, b])), text };
	listCache.set(db, built);
	return built;
}

/** All bodies with the number of cooperations each takes part in (the national directory's too). */
export async function bodyList(db: Kysely<Database>): Promise<BodyListItem[]> {
	return (await bodyListCache(db)).list;
}

export interface Overview {
	total: number;
	bodies: number;
	regions: { id: string; name: string; kreisId: string | null; kreisName: string | null; withKreis: number; townsAmong: number; towns: number }[];
	byStatus: { value: string; count: number }[];
	byLegalForm: { id: string; label: string; count: number }[];
	byTopic: { id: string; label: string; count: number }[];
	byPerformer: { id: string; label: string; count: number }[];
	oldest: CooperationRow[];
	newest: CooperationRow[];
	unknownStart: number;
	/** The region the figures are scoped to (a region's start page, `/?region=`), else null: all regions. */
	region: { id: string; name: string } | null;
}

/** The figures the deck stated by hand ("rund 50 Kooperationen"), computed. */
export async function overview(db: Kysely<Database>, regionId: string | null = null): Promise<Overview> {
	// The landing page: the same for every request of a revision, so computed once (per region).
	const index = await facetIndex(db);
	const region = regionId && index.lookups.regionNames.has(regionId) ? regionId : null;
	return index.cachedAsync(region ? `overview:${region}` : 'overview', () => computeOverview(db, index, region));
}

async function computeOverview(db: Kysely<Database>, index: FacetIndex, regionId: string | null): Promise<Overview> {
	const { lookups } = index;
	// A region's start page: the cooperations that show in it (recorded there or with a partner of it).
	const inScope = regionId ? new Set(index.rowsOf('region', regionId)) : null;
	const rows = inScope ? index.rows.filter((_, i) => inScope.has(i)) : index.rows;
	const regions = (await db.selectFrom('region').select(['id', 'name', 'kreis_body_id']).orderBy('position').orderBy('id').execute())
		.filter((r) => !regionId || r.id === regionId);
	// One pass over the rows (not regions x rows): a row counts for a region's Kreis when the Kreis
	// takes part, otherwise for every region one of whose own towns takes part.
	const kreisRegion = new Map(regions.filter((r) => r.kreis_body_id).map((r) => [r.kreis_body_id!, r.id]));
	const townRegion = new Map<string, string>();
	for (const [bid, b] of lookups.bodies) {
		const region = b.parentId ? kreisRegion.get(b.parentId) : undefined;
		if (region && (b.kind === 'stadt' || b.kind === 'gemeinde')) townRegion.set(bid, region);
	}
	const withKreis = new Map<string, number>();
	const townsAmong = new Map<string, number>();
	const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
	for (const row of rows) {
		const kreisRegions = new Set(row.partners.map((p) => kreisRegion.get(p)).filter((x): x is string => !!x));
		for (const r of kreisRegions) bump(withKreis, r);
		const townRegions = new Set(row.partners.map((p) => townRegion.get(p)).filter((x): x is string => !!x && !kreisRegions.has(x)));
		for (const r of townRegions) bump(townsAmong, r);
	}
	const townCount = new Map<string, number>();
	for (const r of townRegion.values()) bump(townCount, r);
	const regionStats = regions.map((r) => ({
		id: r.id, name: r.name, kreisId: r.kreis_body_id,
		kreisName: r.kreis_body_id ? (lookups.bodies.get(r.kreis_body_id)?.name ?? null) : null,
		withKreis: withKreis.get(r.id) ?? 0, townsAmong: townsAmong.get(r.id) ?? 0, towns: townCount.get(r.id) ?? 0
	}));
	const count = <T extends string>(values: T[]) => {
		const m = new Map<T, number>();
		for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
		return [...m].sort((a, b) => b[1] - a[1]);
	};
	const known = (r: (typeof rows)[number]) => !!index.date(r.startText)?.earliest;
	const firstKnown = (order: 'beginn' | '-beginn', n: number) => {
		const rank = index.rank(order);
		const all = index.rows;
		const positions = new Int32Array(all.length);
		rank.forEach((k, i) => (positions[k] = i));
		const seqs: number[] = [];
		for (const i of positions) {
			if (seqs.length >= n) break;
			if ((!inScope || inScope.has(i)) && known(all[i]!)) seqs.push(all[i]!.seq);
		}
		return seqs;
	};
	const bodies = regionId
		? [...lookups.bodies.values()].filter((b) => b.regions.includes(regionId)).length
		: Number((await db.selectFrom('body').select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n ?? 0);
	return {
		total: rows.length,
		bodies,
		regions: regionStats,
		byStatus: count(rows.map((r) => r.status)).map(([value, c]) => ({ value, count: c })),
		byLegalForm: count(rows.map((r) => r.legalForm)).map(([id, c]) => ({ id, label: lookups.legalForms.get(id)?.label ?? id, count: c })),
		byTopic: count(rows.map((r) => r.topics[0] ?? TOPIC_NONE)).map(([id, c]) => ({ id, label: id === TOPIC_NONE ? TOPIC_NONE_LABEL : (lookups.topics.get(id) ?? id), count: c })),
		byPerformer: count(rows.map((r) => r.performer)).map(([id, c]) => ({ id, label: performerLabel(id, lookups), count: c })),
		oldest: await cooperationRows(db, firstKnown('beginn', 5)),
		newest: await cooperationRows(db, firstKnown('-beginn', 5)),
		unknownStart: rows.filter((r) => !known(r)).length,
		region: regionId ? { id: regionId, name: lookups.regionNames.get(regionId) ?? regionId } : null
	};
}
