/**
 * Name-form lookup over every body (issue 13, reused by issue 14's import): any name form people
 * write – "Stadt Coesfeld", "Coesfeld", "Markt Garmisch-Partenkirchen", "VG Kaisersesch",
 * "Lkr. Cham", an alias of the region files, a former name – or an AGS/ARS gives the candidate
 * bodies, each with its AGS. Built in memory once per data revision (meta.revision), so a lookup is
 * a map access. The bodies list, its JSON, the API and the alias-aware resolver of the forms
 * (registry/body-resolve.ts) use it.
 *
 * Strong forms (names, official names, aliases, the directory's derived short forms) are tried
 * first; weak forms (the bare name of a Landkreis or Verwaltungsgemeinschaft, "Halle" for
 * "Halle (Saale)") only when no body has the text as a strong form.
 */
import { namesGeneration } from '../db/generation';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { foldGerman } from '../../domain/text-fold';
import { directoryNames } from '../../domain/directory-names';
import { FORMER_NAMES, readJson } from '../db/json-columns';

export interface NameEntry {
	id: string;
	name: string;
	kind: string;
	ags: string | null;
	/** Directory keys (ARS) of the body; empty for bodies outside the directory. */
	ars: string[];
	/** The directory's kind of unit ("Markt", "Landkreis", "Verbandsgemeinde"); null outside it. */
	kindLabel: string | null;
	parentId: string | null;
	population: number | null;
	/** ISO day since when the unit is no longer in the directory (merged away). */
	endedAt: string | null;
	origin: string;
	/** Folded strong and weak keys (for substring search). */
	keys: string[];
	strong: string[];
	weak: string[];
}

export interface NameCandidate {
	id: string;
	name: string;
	ags: string | null;
	kind: string;
	kindLabel: string | null;
	/** exact: a strong name form; weak: only a weak form; key: an AGS or ARS. */
	match: 'exact' | 'weak' | 'key';
	endedAt: string | null;
}

export interface NameLookup {
	/** Candidate bodies for one typed name form or key, best first. */
	find(typed: string): NameCandidate[];
	entry(id: string): NameEntry | undefined;
	entries(): IterableIterator<NameEntry>;
	/** Every strong and weak form of a body (for the resolver). */
	forms(id: string): { strong: string[]; weak: string[] };
	size: number;
}

interface Input {
	bodies: { id: string; name: string; official_name: string | null; kind: string; ags: string | null; parent_id: string | null; origin: string }[];
	aliases: { body_id: string; alias: string }[];
	units: { ars: string; level: number; tk: string | null; name: string; ags: string | null; body_id: string; population: number | null; valid_to: string | null; former_names_json: string }[];
}

/** Folding and the directory's name rules are pure: their results are kept across rebuilds (a write
 * bumps the revision, but the 12,000 directory names rarely change). Bounded by the distinct texts. */
const foldMemo = new Map<string, string>();
export function foldCached(text: string): string {
	let v = foldMemo.get(text);
	if (v === undefined) {
		v = foldGerman(text);
		if (foldMemo.size > 500_000) foldMemo.clear();
		foldMemo.set(text, v);
	}
	return v;
}
const namesMemo = new Map<string, ReturnType<typeof directoryNames>>();
export function namesCached(u: { level: number; tk: string | null; name: string }) {
	const key = `${u.level}|${u.tk ?? ''}|${u.name}`;
	let v = namesMemo.get(key);
	if (!v) {
		v = directoryNames(u);
		if (namesMemo.size > 100_000) namesMemo.clear();
		namesMemo.set(key, v);
	}
	return v;
}

const LEVEL_RANK: Record<string, number> = {
	'kreisfreie-stadt': 0, stadt: 0, gemeinde: 0, kreis: 1, gemeindeverband: 2, 'gemeindefreies-gebiet': 3, regierungsbezirk: 4, land: 5
};

export function buildNameLookup(input: Input): NameLookup {
	const byId = new Map<string, NameEntry>();
	for (const b of input.bodies) {
		byId.set(b.id, {
			id: b.id, name: b.name, kind: b.kind, ags: b.ags, ars: [], kindLabel: null, parentId: b.parent_id, population: null,
			endedAt: null, origin: b.origin, keys: [], strong: [b.name, ...(b.official_name ? [b.official_name] : [])], weak: []
		});
	}
	for (const a of input.aliases) byId.get(a.body_id)?.strong.push(a.alias);
	const byKey = new Map<string, string[]>();
	const addKey = (key: string | null, id: string) => {
		if (!key) return;
		const list = byKey.get(key);
		if (!list) byKey.set(key, [id]);
		else if (!list.includes(id)) list.push(id);
	};
	for (const u of input.units) {
		const e = byId.get(u.body_id);
		if (!e) continue;
		const n = namesCached(u);
		e.ars.push(u.ars);
		// A kreisfreie Stadt has a Kreis and a Gemeinde record: the Gemeinde's kind names it.
		if (u.level === 60 || !e.kindLabel) e.kindLabel = n.kindLabel;
		if (u.population !== null) e.population = u.population;
		if (u.valid_to) e.endedAt = u.valid_to;
		e.strong.push(...n.forms, ...(u.former_names_json === '[]' ? [] : readJson(FORMER_NAMES, u.former_names_json)));
		e.weak.push(...n.weakForms);
		addKey(u.ars, e.id);
		addKey(u.ags, e.id);
	}
	const strong = new Map<string, string[]>();
	const weak = new Map<string, string[]>();
	const put = (m: Map<string, string[]>, key: string, id: string) => {
		const list = m.get(key);
		if (!list) m.set(key, [id]);
		else if (!list.includes(id)) list.push(id);
	};
	for (const e of byId.values()) {
		if (e.ars.length) {
			e.strong = [...new Set(e.strong)];
			const own = new Set(e.strong);
			e.weak = [...new Set(e.weak.filter((w) => !own.has(w)))];
		}
		const keys = new Set<string>();
		for (const f of e.strong) { const k = foldCached(f); if (k) { put(strong, k, e.id); keys.add(k); } }
		for (const f of e.weak) { const k = foldCached(f); if (k) { put(weak, k, e.id); keys.add(k); } }
		e.keys = [...keys];
		addKey(e.ags, e.id);
	}

	const rank = (a: NameEntry, b: NameEntry) =>
		(a.endedAt ? 1 : 0) - (b.endedAt ? 1 : 0) || (LEVEL_RANK[a.kind] ?? 0) - (LEVEL_RANK[b.kind] ?? 0) ||
		(b.population ?? 0) - (a.population ?? 0) || a.name.localeCompare(b.name, 'de');
	const candidates = (ids: string[], match: NameCandidate['match']): NameCandidate[] =>
		ids.map((id) => byId.get(id)!).sort(rank).map((e) => ({ id: e.id, name: e.name, ags: e.ags, kind: e.kind, kindLabel: e.kindLabel, match, endedAt: e.endedAt }));

	return {
		find(typed: string): NameCandidate[] {
			const raw = typed.trim();
			const digits = raw.replace(/\s+/g, '');
			if (/^\d{2,12}$/.test(digits)) return candidates(byKey.get(digits) ?? [], 'key');
			const q = foldGerman(raw);
			if (!q) return [];
			const s = strong.get(q);
			if (s) return candidates(s, 'exact');
			return candidates(weak.get(q) ?? [], 'weak');
		},
		entry: (id) => byId.get(id),
		entries: () => byId.values(),
		forms: (id) => ({ strong: byId.get(id)?.strong ?? [], weak: byId.get(id)?.weak ?? [] }),
		size: byId.size
	};
}

/** The rows the lookup is built from. */
export async function readNameInput(db: Kysely<Database>): Promise<Input> {
	const [bodies, aliases, units] = await Promise.all([
		db.selectFrom('body').select(['id', 'name', 'official_name', 'kind', 'ags', 'parent_id', 'origin']).execute(),
		db.selectFrom('body_alias').select(['body_id', 'alias']).execute(),
		db.selectFrom('directory_unit').select(['ars', 'level', 'tk', 'name', 'ags', 'body_id', 'population', 'valid_to', 'former_names_json']).execute()
	]);
	return { bodies, aliases, units };
}

const cache = new WeakMap<Kysely<Database>, { revision: string; lookup: Promise<NameLookup> }>();

/** The lookup over the database's bodies; rebuilt when bodies, aliases or directory units change
 * (the names generation), not with every cooperation save. */
export async function loadNameLookup(db: Kysely<Database>): Promise<NameLookup> {
	const revision = await namesGeneration(db);
	const hit = cache.get(db);
	if (hit && hit.revision === revision) return hit.lookup;
	const lookup = readNameInput(db).then(buildNameLookup);
	cache.set(db, { revision, lookup });
	try {
		return await lookup;
	} catch (e) {
		cache.delete(db);
		throw e;
	}
}
