/**
 * An in-memory, columnar copy of the attributes that filters, facets and sorting need. Built from
 * the database and rebuilt when the database's revision changes, so several app instances on one
 * database never serve stale results.
 *
 * Rows are kept in list order (list, number), so a result collected in row order is already sorted
 * by "Nr.". Other orders use ranks computed once per revision. Fuzzy dates are parsed only when the
 * year filter needs them, through a cache of distinct texts (the register repeats "1983",
 * "01.01.2014" thousands of times).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { foldGerman } from '../../domain/text-fold';
import { compareFuzzyDates, isActiveInYear, parseFuzzyDate, type FuzzyDate } from '../../domain/fuzzy-date';
import { facetGeneration, facetList, PERFORMER_EACH, PERFORMER_JOINTLY, PERFORMER_UNKNOWN, type ByFacet, type FacetDefinition, type IndexRow, type Lookups } from '../../domain/facets';
import { EMPTY, union } from './postings';
import { Lru } from './lru';
import { dataGeneration } from '../db/generation';
import { DIRECTORY_REGION } from '../directory/apply';
import { readJson, REGION_LISTS } from '../db/json-columns';
import { readSnapshot, scheduleSnapshot } from './snapshot';
import { SharedLists } from './shared-lists';
import { primeTextIndex, textIndex } from './text-index';

export { PERFORMER_EACH, PERFORMER_JOINTLY, PERFORMER_UNKNOWN, orgUnitLabel, performerLabel } from '../../domain/facets';
export type { IndexRow, Lookups } from '../../domain/facets';

export interface FacetIndex {
	revision: string;
	/** In list order: list, number, seq. */
	rows: IndexRow[];
	/** seq -> position in rows. */
	bySeq: Map<number, number>;
	lookups: Lookups;
	/** A parsed fuzzy date, cached by its text. */
	date(text: string | null): FuzzyDate | null;
	/** Rank of each row in an order other than list order (computed on first use). */
	rank(order: 'titel' | 'beginn' | '-beginn'): Int32Array;
	/** A value computed once per revision (e.g. the facet counts of the unfiltered register). */
	memo<T>(key: string, compute: () => T): T;
	/** The facets this index was built for (`facetList()` at build time), in their order. */
	facets: readonly FacetDefinition[];
	/** One column per facet, by key: value ids per row and a posting list per value. */
	dims: ByFacet<DimensionColumn>;
	/** Row positions (ascending) that have `value` in facet `key`; empty if none (or no such facet). */
	rowsOf(key: string, value: string): Int32Array;
	/** Rows in which any of the bodies takes part (union of their partner posting lists). */
	rowsOfBodies(ids: Iterable<string>): Int32Array;
	/** Rows in which a body of the region (by the body's region) takes part; cached per region. */
	rowsOfRegion(regionId: string): Int32Array;
	/** Rows active in a year (certainly or possibly), and which of them only possibly; cached per year. */
	rowsInYear(year: number): { rows: Int32Array; maybe: Uint8Array };
	/** Towns, municipalities and other bodies by parent body id (built once per revision). */
	childrenOf(parentId: string): readonly string[];
	/** Bounded cache of query results and per-region / per-entity values of this revision. */
	cache: Lru<unknown>;
	/** Like memo, but bounded (for keys with many possible values: queries, regions, bodies). */
	cached<T>(key: string, compute: () => T, cost?: (v: T) => number): T;
	/**
	 * A page's result computed once per revision and key (bounded), e.g. the register overview
	 * or a region's timeline. Every caller gets the same deeply frozen value (a change throws
	 * instead of altering what the next request sees); a failure is not kept.
	 */
	cachedAsync<T>(key: string, compute: () => Promise<T>): Promise<T>;
}

/**
 * A dimension's values interned to small integers: `single` holds one id per row (-1: none), or
 * `offsets`/`values` the ids of a multi-valued dimension per row (CSR: the ids of row i are
 * values[offsets[i]..offsets[i+1]], in the row's own order). `postings[id]` lists the rows with
 * that value. Counting a facet then increments an Int32Array instead of a Map of strings.
 */
export interface DimensionColumn {
	key: string;
	dict: string[];
	idOf: Map<string, number>;
	single: Int32Array | null;
	offsets: Int32Array | null;
	values: Int32Array | null;
	postings: Int32Array[];
}

/** Entries and row positions the per-revision cache may hold (settings could tune these later). */
const CACHE_ENTRIES = 20_000;
const CACHE_COST = 4_000_000;

function buildColumn(def: FacetDefinition, rows: IndexRow[], lookups: Lookups): DimensionColumn {
	const dict: string[] = [];
	const idOf = new Map<string, number>();
	const lists: number[][] = [];
	const intern = (v: string) => {
		let id = idOf.get(v);
		if (id === undefined) {
			id = dict.length;
			idOf.set(v, id);
			dict.push(v);
			lists.push([]);
		}
		return id;
	};
	let single: Int32Array | null = null;
	let offsets: Int32Array | null = null;
	let values: Int32Array | null = null;
	if (def.value) {
		single = new Int32Array(rows.length);
		rows.forEach((r, i) => {
			const v = def.value!(r, lookups);
			if (v === null) single![i] = -1;
			else {
				const id = intern(v);
				single![i] = id;
				lists[id]!.push(i);
			}
		});
	} else {
		offsets = new Int32Array(rows.length + 1);
		let total = 0;
		const all = rows.map((r) => def.values!(r, lookups));
		for (const vs of all) total += vs.length;
		values = new Int32Array(total);
		let at = 0;
		rows.forEach((r, i) => {
			offsets![i] = at;
			for (const v of all[i]!) {
				const id = intern(v);
				values![at++] = id;
				const list = lists[id]!;
				// A value twice in one row is one posting (rows are visited in ascending order).
				if (list[list.length - 1] !== i) list.push(i);
			}
		});
		offsets[rows.length] = at;
	}
	return { key: def.key, dict, idOf, single, offsets, values, postings: lists.map((l) => Int32Array.from(l)) };
}

/** The value a cooperation has in the performer filter: a body id or one of the constants above. */
export function performerValue(kind: string, body: string | null): string {
	if (kind === 'body' && body) return body;
	if (kind === 'jointly') return PERFORMER_JOINTLY;
	if (kind === 'each') return PERFORMER_EACH;
	return PERFORMER_UNKNOWN;
}

/** What an index is made of: its rows and the labels' lookups (read from the database or a snapshot). */
export interface IndexData {
	rows: IndexRow[];
	lookups: Lookups;
	/** Facet columns read from a snapshot, with the facet generation they were built under. */
	dims?: { generation: number; columns: DimensionColumn[] };
}

const NO_VALUES: readonly string[] = Object.freeze([]);

/** The rows and lookups of the register as the database holds them now. */
export async function readIndexData(db: Kysely<Database>): Promise<IndexData> {
	const coops = await db.selectFrom('cooperation')
		.select(['seq', 'list', 'number', 'legal_form_id', 'performer_kind', 'performer_body_id', 'org_unit', 'status',
			'start_text', 'end_text', 'title', 'confirmed_at', 'region_id'])
		// Archived cooperations leave the register and the analyses; their pages and history stay.
		.where('archived_at', 'is', null)
		.orderBy('list').orderBy('number').orderBy('seq').execute();
	const rows: IndexRow[] = [];
	const bySeq = new Map<number, number>();
	// Issue 15 (memory): the driver gives every row its own copy of each string; the index keeps one
	// copy per distinct value (393,000 partner ids are 11,000 bodies, 100,000 statuses a handful).
	const strings = new Map<string, string>();
	const intern = <T extends string | null>(v: T): T => {
		if (v === null) return v;
		const hit = strings.get(v);
		if (hit !== undefined) return hit as T;
		strings.set(v, v);
		return v;
	};
	const topics: string[][] = [];
	for (const c of coops) {
		bySeq.set(c.seq, rows.length);
		topics.push([]);
		rows.push({
			seq: c.seq, list: intern(c.list), number: c.number ?? 0, legalForm: intern(c.legal_form_id),
			performer: intern(performerValue(c.performer_kind, c.performer_body_id)), orgUnit: intern(c.org_unit), status: intern(c.status),
			topics: NO_VALUES, partners: [], startText: intern(c.start_text), endText: intern(c.end_text), titleKey: foldGerman(c.title),
			confirmedAt: c.confirmed_at, regions: NO_VALUES
		});
	}
	for (const t of await db.selectFrom('cooperation_topic').select(['cooperation_seq', 'topic_id']).orderBy('position').execute()) {
		const i = bySeq.get(t.cooperation_seq);
		if (i !== undefined) topics[i]!.push(intern(t.topic_id));
	}
	for (const p of await db.selectFrom('participation').select(['cooperation_seq', 'body_id']).orderBy('position').execute()) {
		const i = bySeq.get(p.cooperation_seq);
		if (i !== undefined) rows[i]!.partners.push(intern(p.body_id));
	}
	const lookups = await buildLookups(db);
	const shared = new SharedLists();
	rows.forEach((r, i) => {
		// Arrays grown by push keep spare capacity (17 slots for 4 partners): a copy of exact length.
		r.partners = r.partners.slice();
		r.topics = shared.of(topics[i]!);
		// A cooperation shows in the region that records it and in every region of its partners.
		const regions = [coops[i]!.region_id];
		for (const p of r.partners) {
			for (const g of lookups.bodies.get(p)?.regions ?? []) if (!regions.includes(g) && lookups.regionNames.has(g)) regions.push(g);
		}
		r.regions = shared.of(regions);
	});
	return { rows, lookups };
}

/** The index over `data`: columns and posting lists per facet, ranks, caches. */
export function assembleIndex({ rows, lookups, dims: stored }: IndexData, revision: string): FacetIndex {
	const bySeq = new Map<number, number>();
	rows.forEach((r, i) => bySeq.set(r.seq, i));
	const dates = new Map<string, FuzzyDate | null>();
	const date = (text: string | null): FuzzyDate | null => {
		if (text === null) return null;
		let d = dates.get(text);
		if (d === undefined) {
			d = parseFuzzyDate(text);
			dates.set(text, d);
		}
		return d;
	};
	const ranks = new Map<string, Int32Array>();
	const rank = (order: 'titel' | 'beginn' | '-beginn'): Int32Array => {
		let r = ranks.get(order);
		if (!r) {
			const positions = rows.map((_, i) => i);
			if (order === 'titel') {
				positions.sort((a, b) => (rows[a]!.titleKey < rows[b]!.titleKey ? -1 : rows[a]!.titleKey > rows[b]!.titleKey ? 1 : a - b));
			} else {
				const starts = rows.map((row) => date(row.startText));
				const dir = order === 'beginn' ? 1 : -1;
				positions.sort((a, b) => {
					const sa = starts[a] ?? null;
					const sb = starts[b] ?? null;
					// Unknown starts last in both directions.
					const ua = !sa?.earliest;
					const ub = !sb?.earliest;
					if (ua || ub) return ua === ub ? a - b : ua ? 1 : -1;
					return dir * compareFuzzyDates(sa, sb) || a - b;
				});
			}
			r = new Int32Array(rows.length);
			positions.forEach((pos, k) => (r![pos] = k));
			ranks.set(order, r);
		}
		return r;
	};
	const memos = new Map<string, unknown>();
	const memo = <T>(key: string, compute: () => T): T => {
		if (!memos.has(key)) memos.set(key, compute());
		return memos.get(key) as T;
	};
	const facets = [...facetList()];
	// Columns from a snapshot made under the same facet list are used as they are.
	const reuse = new Map(stored?.generation === facetGeneration() ? stored.columns.map((c) => [c.key, c]) : []);
	const dims = Object.fromEntries(facets.map((def) => [def.key, reuse.get(def.key) ?? buildColumn(def, rows, lookups)])) as ByFacet<DimensionColumn>;
	const cache = new Lru<unknown>(CACHE_ENTRIES, CACHE_COST);
	const cached = <T>(key: string, compute: () => T, cost?: (v: T) => number): T =>
		cache.through(key, compute, cost as ((v: unknown) => number) | undefined) as T;
	const cachedAsync = async <T>(key: string, compute: () => Promise<T>): Promise<T> => cached(key, () => compute().then(deepFreeze, (e: unknown) => {
		cache.delete(key);
		throw e;
	}), () => 64);
	const rowsOf = (key: string, value: string): Int32Array => {
		const d = dims[key];
		const id = d?.idOf.get(value);
		return d === undefined || id === undefined ? EMPTY : d.postings[id]!;
	};
	const rowsOfBodies = (ids: Iterable<string>): Int32Array => union([...ids].map((id) => rowsOf('partner', id)));
	let byRegion: Map<string, string[]> | null = null;
	let byParent: Map<string, string[]> | null = null;
	const rowsOfRegion = (regionId: string): Int32Array => cached(`region-rows:${regionId}`, () => {
		if (byRegion === null) {
			byRegion = new Map();
			for (const [id, b] of lookups.bodies) {
				for (const r of b.regions) {
					let list = byRegion.get(r);
					if (!list) byRegion.set(r, (list = []));
					list.push(id);
				}
			}
		}
		return rowsOfBodies(byRegion.get(regionId) ?? []);
	}, (v) => v.length);
	const childrenOf = (parentId: string): readonly string[] => {
		if (byParent === null) {
			byParent = new Map();
			for (const [id, b] of lookups.bodies) {
				if (b.parentId === null) continue;
				let list = byParent.get(b.parentId);
				if (!list) byParent.set(b.parentId, (list = []));
				list.push(id);
			}
		}
		return byParent.get(parentId) ?? [];
	};
	const rowsInYear = (year: number) => cached(`year:${year}`, () => {
		const maybe = new Uint8Array(rows.length);
		const active: number[] = [];
		rows.forEach((r, i) => {
			const end = date(r.endText);
			let activity = isActiveInYear(date(r.startText), end, year);
			if (activity === 'no') return;
			// Ended, but the source gives no end date: every year after the start is uncertain.
			if (activity === 'yes' && r.status === 'ended' && end === null) activity = 'maybe';
			active.push(i);
			if (activity === 'maybe') maybe[i] = 1;
		});
		return { rows: Int32Array.from(active), maybe };
	}, (v) => v.rows.length + v.maybe.length / 4);
	return { revision, rows, bySeq, lookups, date, rank, memo, facets, dims, rowsOf, rowsOfBodies, rowsOfRegion, rowsInYear, childrenOf, cache, cached, cachedAsync };
}

/** Freezes a value and everything reachable from it (plain objects, arrays, Maps' and Sets' entries stay readable). */
function deepFreeze<T>(value: T): T {
	if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
	Object.freeze(value);
	if (value instanceof Map) {
		for (const [k, v] of value) {
			deepFreeze(k);
			deepFreeze(v);
		}
	} else if (value instanceof Set) {
		for (const v of value) deepFreeze(v);
	} else if (!ArrayBuffer.isView(value)) {
		for (const v of Object.values(value)) deepFreeze(v);
	}
	return value;
}

async function buildLookups(db: Kysely<Database>): Promise<Lookups> {
	const bodies = new Map((await db.selectFrom('body').select(['id', 'name', 'kind', 'region_id', 'parent_id', 'lat', 'lon']).execute())
		.map((b) => [b.id, { name: b.name, kind: b.kind, regionId: b.region_id, regions: [b.region_id], parentId: b.parent_id, lat: b.lat, lon: b.lon }]));
	for (const m of await db.selectFrom('region_member').select(['region_id', 'body_id']).execute()) {
		const b = bodies.get(m.body_id);
		if (b && !b.regions.includes(m.region_id)) b.regions.push(m.region_id);
	}
	const topics = new Map((await db.selectFrom('topic').select(['id', 'label']).orderBy('position').execute())
		.map((t) => [t.id, t.label]));
	const legalForms = new Map((await db.selectFrom('legal_form').select(['id', 'label', 'short', 'grp']).orderBy('position').execute())
		.map((l) => [l.id, { label: l.label, short: l.short, group: l.grp }]));
	const lists = new Map<string, string>();
	const kreisOf = new Map<string, string | null>();
	const regionNames = new Map<string, string>();
	for (const r of await db.selectFrom('region').select(['id', 'name', 'lists_json', 'kreis_body_id']).orderBy('position').orderBy('id').execute()) {
		kreisOf.set(r.id, r.kreis_body_id);
		regionNames.set(r.id, r.name);
		for (const l of readJson(REGION_LISTS, r.lists_json)) lists.set(l.id, l.label);
	}
	const officialNames = new Map<string, string>();
	for (const b of await db.selectFrom('body').select(['name', 'official_name']).where('official_name', 'is not', null).where('region_id', '!=', DIRECTORY_REGION).execute()) {
		officialNames.set(b.name, b.official_name!);
	}
	for (const a of await db.selectFrom('body_alias').innerJoin('body', 'body.id', 'body_alias.body_id')
		.select(['body_alias.alias', 'body.name', 'body.official_name']).where('body.region_id', '!=', DIRECTORY_REGION).execute()) {
		if (!officialNames.has(a.alias)) officialNames.set(a.alias, a.official_name ?? a.name);
	}
	return { bodies, topics, legalForms, lists, kreisOf, regionNames, officialNames };
}

/**
 * The index of a revision (`<data generation>/<facet generation>`): from the stored snapshot of
 * the data generation where there is one (snapshot.ts), else built from the database, and then
 * snapshotted for the next instance.
 */
async function load(db: Kysely<Database>, dataRevision: string, revision: string): Promise<FacetIndex> {
	const stored = await readSnapshot(db, dataRevision);
	if (stored) {
		const index = assembleIndex(stored.data, revision);
		primeTextIndex(index, stored.text);
		return index;
	}
	const data = await readIndexData(db);
	const index = assembleIndex(data, revision);
	const columns = { generation: facetGeneration(), columns: index.facets.map((f) => index.dims[f.key]!) };
	scheduleSnapshot(db, dataRevision, { ...data, dims: columns }, async () => (await textIndex(db, index)).data);
	return index;
}

const cache = new WeakMap<Kysely<Database>, { index: FacetIndex | null; pending: Promise<FacetIndex> | null }>();

/**
 * The index for the database's current revision (one cheap query per call; rebuilt on change of
 * the data or of the facet list).
 */
export async function facetIndex(db: Kysely<Database>): Promise<FacetIndex> {
	const dataRevision = await dataGeneration(db);
	const rev = `${dataRevision}/${facetGeneration()}`;
	let entry = cache.get(db);
	if (!entry) {
		entry = { index: null, pending: null };
		cache.set(db, entry);
	}
	if (entry.index !== null && entry.index.revision === rev) return entry.index;
	if (entry.pending === null) {
		const slot = entry;
		slot.pending = load(db, dataRevision, rev).then((index) => {
			slot.index = index;
			slot.pending = null;
			return index;
		}, (e: unknown) => {
			slot.pending = null;
			throw e;
		});
	}
	return entry.pending as Promise<FacetIndex>;
}
