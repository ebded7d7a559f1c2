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
import { PERFORMER_LABEL } from '../../i18n/de';
import { compareFuzzyDates, parseFuzzyDate, type FuzzyDate } from '../../domain/fuzzy-date';
import { dataGeneration } from '../db/generation';

/** Performer values that are not bodies. Leading underscore: body ids never start with one. */
export const PERFORMER_JOINTLY = '_gemeinsam';
export const PERFORMER_EACH = '_jeder';
export const PERFORMER_UNKNOWN = '_unbekannt';

export interface IndexRow {
	seq: number;
	list: string;
	number: number;
	legalForm: string;
	performer: string;
	orgUnit: string | null;
	status: string;
	topics: string[];
	partners: string[];
	startText: string | null;
	endText: string | null;
	titleKey: string;
	/** When a closed survey round last confirmed it (ISO instant), null if never. */
	confirmedAt: string | null;
}

export interface Lookups {
	bodies: Map<string, { name: string; kind: string; regionId: string; parentId: string | null }>;
	topics: Map<string, string>;
	legalForms: Map<string, { label: string; short: string }>;
	lists: Map<string, string>;
	/** Region id -> the body id of its Kreis. */
	kreisOf: Map<string, string | null>;
}

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
}

/** The value a cooperation has in the performer filter: a body id or one of the constants above. */
export function performerValue(kind: string, body: string | null): string {
	if (kind === 'body' && body) return body;
	if (kind === 'jointly') return PERFORMER_JOINTLY;
	if (kind === 'each') return PERFORMER_EACH;
	return PERFORMER_UNKNOWN;
}

/** The German label of a performer value: "Beteiligte gemeinsam" etc., or the body's name. */
export function performerLabel(value: string, lookups: Lookups): string {
	return PERFORMER_LABEL[value] ?? lookups.bodies.get(value)?.name ?? value;
}

async function build(db: Kysely<Database>, revision: string): Promise<FacetIndex> {
	const coops = await db.selectFrom('cooperation')
		.select(['seq', 'list', 'number', 'legal_form_id', 'performer_kind', 'performer_body_id', 'org_unit', 'status',
			'start_text', 'end_text', 'title', 'confirmed_at'])
		// Archived cooperations leave the register and the analyses; their pages and history stay.
		.where('archived_at', 'is', null)
		.orderBy('list').orderBy('number').orderBy('seq').execute();
	const rows: IndexRow[] = [];
	const bySeq = new Map<number, number>();
	for (const c of coops) {
		bySeq.set(c.seq, rows.length);
		rows.push({
			seq: c.seq, list: c.list, number: c.number ?? 0, legalForm: c.legal_form_id,
			performer: performerValue(c.performer_kind, c.performer_body_id), orgUnit: c.org_unit, status: c.status,
			topics: [], partners: [], startText: c.start_text, endText: c.end_text, titleKey: foldGerman(c.title),
			confirmedAt: c.confirmed_at
		});
	}
	for (const t of await db.selectFrom('cooperation_topic').select(['cooperation_seq', 'topic_id']).orderBy('position').execute()) {
		const i = bySeq.get(t.cooperation_seq);
		if (i !== undefined) rows[i]!.topics.push(t.topic_id);
	}
	for (const p of await db.selectFrom('participation').select(['cooperation_seq', 'body_id']).orderBy('position').execute()) {
		const i = bySeq.get(p.cooperation_seq);
		if (i !== undefined) rows[i]!.partners.push(p.body_id);
	}

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
	return { revision, rows, bySeq, lookups: await buildLookups(db), date, rank, memo };
}

async function buildLookups(db: Kysely<Database>): Promise<Lookups> {
	const bodies = new Map((await db.selectFrom('body').select(['id', 'name', 'kind', 'region_id', 'parent_id']).execute())
		.map((b) => [b.id, { name: b.name, kind: b.kind, regionId: b.region_id, parentId: b.parent_id }]));
	const topics = new Map((await db.selectFrom('topic').select(['id', 'label']).orderBy('position').execute())
		.map((t) => [t.id, t.label]));
	const legalForms = new Map((await db.selectFrom('legal_form').select(['id', 'label', 'short']).orderBy('position').execute())
		.map((l) => [l.id, { label: l.label, short: l.short }]));
	const lists = new Map<string, string>();
	const kreisOf = new Map<string, string | null>();
	for (const r of await db.selectFrom('region').select(['id', 'lists_json', 'kreis_body_id']).execute()) {
		kreisOf.set(r.id, r.kreis_body_id);
		for (const l of JSON.parse(r.lists_json) as { id: string; label: string }[]) lists.set(l.id, l.label);
	}
	return { bodies, topics, legalForms, lists, kreisOf };
}

const cache = new WeakMap<Kysely<Database>, { index: FacetIndex | null; pending: Promise<FacetIndex> | null }>();

/** The index for the database's current revision (one cheap query per call; rebuilt on change). */
export async function facetIndex(db: Kysely<Database>): Promise<FacetIndex> {
	const rev = await dataGeneration(db);
	let entry = cache.get(db);
	if (!entry) {
		entry = { index: null, pending: null };
		cache.set(db, entry);
	}
	if (entry.index !== null && entry.index.revision === rev) return entry.index;
	if (entry.pending === null) {
		const slot = entry;
		slot.pending = build(db, rev).then((index) => {
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
