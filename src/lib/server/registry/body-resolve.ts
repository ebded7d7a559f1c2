/**
 * Turning a typed body name into a body id (issue 3, item 2): used by the cooperation form and
 * the import, so "Frönd.", "Fröndenberg", "Stadt Fröndenberg/Ruhr" and "05978012" all land on
 * the same body. Matching order:
 *   1. the folded text equals a name, official name or alias of exactly one body – including the
 *      name forms of the national directory (issue 13: "Stadt Coesfeld", "Lkr. Cham"; a body the
 *      register itself holds wins over one only the directory holds), then the directory's weak
 *      forms (the bare name of a Landkreis);
 *   2. the body's id, typed as is;
 *   3. an AGS (digits only) that exactly one body has;
 *   4. an abbreviation with a dot ("Frönd.", "Märk. Kreis"): every typed word ending in a dot is
 *      a prefix of the alias word at the same place, the other words are equal; accepted only
 *      when exactly one body matches (or exactly one the register itself holds: "Bergk." is
 *      Kreis Unna's Bergkamen, not the Bavarian Bergkirchen of the directory);
 *   5. otherwise up to five suggestions by similarity (folded Levenshtein, trigram overlap,
 *      prefix and containment).
 * When two bodies match a step equally, the answer is their names as suggestions, never a guess.
 * Nothing here knows any region's names: the rules are the same for every Kreis.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { BodyMatch } from '../../domain/cooperation-form';
import { foldGerman } from '../../domain/text-fold';
import { dataGeneration, namesGeneration } from '../db/generation';
import { foldCached, loadNameLookup } from '../directory/name-lookup';
import { DIRECTORY_ORIGIN } from '../directory/apply';

export interface BodyResolver {
	/** `suggest: false`: only a unique match is wanted, no similarity search for suggestions (the import's name index). */
	resolve(typed: string, options?: { suggest?: boolean }): BodyMatch;
	/** The display name of an id (the id itself when unknown). */
	bodyName(id: string): string;
	/** The register's bodies, sorted by name (for datalists and selects): every body except those
	 * only the national directory holds and no cooperation names (issue 13: no 11,000 options). */
	all(): { id: string; name: string }[];
}

interface Entry {
	id: string;
	name: string;
	ags: string | null;
	/** Distinct folded names and aliases. */
	keys: string[];
	/** The keys' words: computed on the first abbreviation or similarity search (cold import speed). */
	words: string[][] | null;
	/** Computed on the first similarity search (12,000 bodies: most are never compared). */
	trigrams: Set<string>[] | null;
}

/** Suggestions are only offered above this similarity (0–1). */
const MIN_SCORE = 0.45;
const MAX_SUGGESTIONS = 5;
/** The first word of an abbreviation needs at least this many letters ("K." would match anything;
 * later words may be single letters: "Neust. a. d. Weinstr."). */
const MIN_ABBREVIATION = 2;

const collator = new Intl.Collator('de', { sensitivity: 'base', numeric: true });

function trigrams(folded: string): Set<string> {
	const padded = `  ${folded} `;
	const set = new Set<string>();
	for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
	return set;
}

function dice(a: Set<string>, b: Set<string>): number {
	if (a.size === 0 || b.size === 0) return 0;
	let common = 0;
	for (const t of a) if (b.has(t)) common++;
	return (2 * common) / (a.size + b.size);
}

function levenshtein(a: string, b: string): number {
	if (a === b) return 0;
	if (a.length === 0) return b.length;
	if (b.length === 0) return a.length;
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		for (let j = 1; j <= b.length; j++) {
			cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}
		prev = cur;
	}
	return prev[b.length]!;
}

const levSimilarity = (a: string, b: string): number => 1 - levenshtein(a, b) / Math.max(a.length, b.length);

/** How similar a folded query is to one folded key (0–1). */
function similarity(q: string, qWords: string[], qTri: Set<string>, key: string, keyWords: string[], keyTri: Set<string>): number {
	let score = Math.max(levSimilarity(q, key), dice(qTri, keyTri));
	if (q.length >= 3) {
		if (key.startsWith(q)) score = Math.max(score, 0.9);
		else if (keyWords.some((w) => w.startsWith(q))) score = Math.max(score, 0.8);
		else if (key.includes(q)) score = Math.max(score, 0.7);
	}
	// A one-word query against each word of a longer key: "Kammen" ~ "Stadt Kamen".
	if (qWords.length === 1 && keyWords.length > 1) {
		for (const w of keyWords) if (w.length >= 3) score = Math.max(score, 0.95 * levSimilarity(q, w));
	}
	return score;
}

interface Token {
	word: string;
	abbreviated: boolean;
}

/** The typed words, folded, each marked when a dot follows it directly ("Frönd." → frond, abbreviated). */
function tokens(typed: string): Token[] {
	const out: Token[] = [];
	for (const m of typed.normalize('NFC').matchAll(/([\p{L}\p{N}\p{M}]+)(\.)?/gu)) {
		const word = foldGerman(m[1]!);
		if (word) out.push({ word, abbreviated: m[2] === '.' });
	}
	return out;
}

/** Does an abbreviated query match the words of one key? */
function abbreviationMatches(t: Token[], keyWords: string[]): boolean {
	if (keyWords.length < t.length) return false;
	const last = t[t.length - 1]!;
	// "Frönd." may stand for "Fröndenberg/Ruhr"; "Märk. Kreis" must cover the whole key.
	if (!last.abbreviated && keyWords.length !== t.length) return false;
	return t.every((tok, i) => (tok.abbreviated ? keyWords[i]!.startsWith(tok.word) : keyWords[i] === tok.word));
}

/** Registers up to this many bodies are sorted once and scanned whole by the similarity search. */
const FULL_SCAN = 2000;
const SHORTLIST = 300;

/**
 * The bodies the similarity search scores for a query's trigrams. A national register (12,000
 * bodies with the directory): only the bodies that share most trigrams with the query (an inverted
 * index built on first use); a small register is scanned whole.
 */
function similarityShortlist(sorted: Entry[]): (qTri: Set<string>) => Entry[] {
	let byTrigram: Map<string, number[]> | null = null;
	return (qTri) => {
		if (sorted.length <= FULL_SCAN) return sorted;
		if (!byTrigram) {
			byTrigram = new Map();
			sorted.forEach((e, i) => {
				const own = new Set<string>();
				for (const k of e.keys) for (const t of trigrams(k)) own.add(t);
				for (const t of own) {
					const list = byTrigram!.get(t);
					if (list) list.push(i); else byTrigram!.set(t, [i]);
				}
			});
		}
		const shared = new Map<number, number>();
		for (const t of qTri) for (const i of byTrigram.get(t) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
		return [...shared].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, SHORTLIST).map(([i]) => sorted[i]!);
	};
}

export function buildBodyResolver(
	bodies: { id: string; name: string; ags: string | null; listed?: boolean; preferred?: boolean }[],
	aliases: { body_id: string; alias: string }[],
	/** Forms that count only when no body has the text as a name or alias ("Cham" for the Landkreis). */
	weakAliases: { body_id: string; alias: string }[] = []
): BodyResolver {
	const byId = new Map<string, Entry>();
	for (const b of bodies) byId.set(b.id, { id: b.id, name: b.name, ags: b.ags, keys: [], words: null, trigrams: null });
	// Owners per key as plain arrays (a Set per key was most of the cold build's garbage).
	const exact = new Map<string, string[]>();
	const weakExact = new Map<string, string[]>();
	const addKey = (e: Entry, text: string, into = exact): void => {
		const key = foldCached(text);
		if (!key || e.keys.includes(key)) return;
		e.keys.push(key);
		const owners = into.get(key);
		if (!owners) into.set(key, [e.id]);
		else if (!owners.includes(e.id)) owners.push(e.id);
	};
	const wordsOf = (e: Entry): string[][] => (e.words ??= e.keys.map((k) => k.split(' ')));
	for (const e of byId.values()) addKey(e, e.name);
	for (const a of aliases) {
		const e = byId.get(a.body_id);
		if (e) addKey(e, a.alias);
	}
	for (const a of weakAliases) {
		const e = byId.get(a.body_id);
		if (e) addKey(e, a.alias, weakExact);
	}
	const listed = new Set(bodies.filter((b) => b.listed !== false).map((b) => b.id));
	// Of several bodies with the same name, the one the register itself holds (a region file's or
	// the app's) wins over bodies only the national directory holds: "Hamm" stays Kreis Unna's Hamm.
	const preferred = new Set(bodies.filter((b) => b.preferred).map((b) => b.id));
	const preferOne = (ids: string[]): string[] => {
		if (ids.length < 2) return ids;
		const own = ids.filter((id) => preferred.has(id));
		return own.length === 1 ? own : ids;
	};
	const byName = (a: Entry, b: Entry) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id);
	// A national register (12,000 bodies) is not sorted as a whole on every rebuild: each answer
	// sorts its own few entries (the collator is the slow part).
	const sorted = byId.size <= FULL_SCAN ? [...byId.values()].sort(byName) : [...byId.values()];
	const byAgs = new Map<string, string[]>();
	for (const e of sorted) if (e.ags) byAgs.set(e.ags, [...(byAgs.get(e.ags) ?? []), e.id]);

	const named = (ids: Iterable<string>): { id: string; name: string }[] =>
		[...ids].map((id) => byId.get(id)!).sort((a, b) => collator.compare(a.name, b.name)).slice(0, MAX_SUGGESTIONS).map((e) => ({ id: e.id, name: e.name }));
	const oneOrSuggestions = (ids: string[]): BodyMatch | null => {
		if (ids.length === 1) return { id: ids[0]! };
		if (ids.length > 1) return { suggestions: named(ids) };
		return null;
	};

	const similarityCandidates = similarityShortlist(sorted);

	function resolve(typed: string, options: { suggest?: boolean } = {}): BodyMatch {
		const raw = typed.trim();
		const q = foldGerman(raw);
		if (!q) return { suggestions: [] };

		const exactHit = oneOrSuggestions(preferOne(exact.get(q) ?? []));
		if (exactHit) return exactHit;
		const weakHit = oneOrSuggestions(preferOne(weakExact.get(q) ?? []));
		if (weakHit) return weakHit;

		if (byId.has(raw)) return { id: raw };

		const digits = raw.replace(/\s+/g, '');
		if (/^\d{2,12}$/.test(digits)) {
			const agsHit = oneOrSuggestions(byAgs.get(digits) ?? []);
			if (agsHit) return agsHit;
			return { suggestions: sorted.filter((e) => e.ags?.startsWith(digits)).sort(byName).slice(0, MAX_SUGGESTIONS).map((e) => ({ id: e.id, name: e.name })) };
		}

		const t = tokens(raw);
		const abbreviated = t.some((tok) => tok.abbreviated);
		if (abbreviated && t[0]!.word.length >= MIN_ABBREVIATION) {
			const hits = sorted.filter((e) => wordsOf(e).some((w) => abbreviationMatches(t, w))).map((e) => e.id);
			const abbrHit = oneOrSuggestions(preferOne(hits));
			if (abbrHit) return abbrHit;
		}

		if (options.suggest === false) return { suggestions: [] };
		const qWords = q.split(' ');
		const qTri = trigrams(q);
		const scored: { e: Entry; score: number }[] = [];
		for (const e of similarityCandidates(qTri)) {
			let best = 0;
			e.trigrams ??= e.keys.map(trigrams);
			const words = wordsOf(e);
			for (let i = 0; i < e.keys.length; i++) {
				best = Math.max(best, similarity(q, qWords, qTri, e.keys[i]!, words[i]!, e.trigrams[i]!));
			}
			if (best >= MIN_SCORE) scored.push({ e, score: best });
		}
		scored.sort((a, b) => b.score - a.score || collator.compare(a.e.name, b.e.name));
		return { suggestions: scored.slice(0, MAX_SUGGESTIONS).map(({ e }) => ({ id: e.id, name: e.name })) };
	}

	const list = sorted.filter((e) => listed.has(e.id)).sort(byName).map((e) => ({ id: e.id, name: e.name }));
	return {
		resolve,
		bodyName: (id) => byId.get(id)?.name ?? id,
		all: () => list.map((b) => ({ ...b }))
	};
}

interface Cached {
	/** The names generation the names part (resolve, bodyName) was built for. */
	names: string;
	core: BodyResolver;
	/** The data generation the list of `all()` was built for (it depends on which bodies cooperations name). */
	data: string;
	/** The listed bodies in lookup order (to see whether a new list would be the same) and sorted by name. */
	listedKey: string;
	list: { id: string; name: string }[];
	resolver: BodyResolver;
}

const cache = new WeakMap<Kysely<Database>, Cached>();

/**
 * The resolver over every body and alias in the database. Its names part is rebuilt only when
 * bodies, aliases or directory units change (the names generation, issue 15); the list of `all()`,
 * which depends on the bodies cooperations name, is checked when the data generation changes (one
 * query) and sorted again only when it differs.
 */
export async function loadBodyResolver(db: Kysely<Database>): Promise<BodyResolver> {
	const [names, data] = await Promise.all([namesGeneration(db), dataGeneration(db)]);
	const hit = cache.get(db);
	if (hit && hit.names === names && hit.data === data) return hit.resolver;
	// Names, aliases and the directory's name forms (issue 13) come from the shared name lookup.
	const [lookup, named, members] = await Promise.all([
		loadNameLookup(db),
		db.selectFrom('participation').select('body_id').distinct().execute(),
		// Bodies of a region created from the directory (decision 0008) are the register's own.
		db.selectFrom('region_member').select('body_id').distinct().execute()
	]);
	const inUse = new Set([...named.map((r) => r.body_id), ...members.map((r) => r.body_id)]);
	let core = hit?.names === names ? hit.core : null;
	if (!core) {
		const bodies: { id: string; name: string; ags: string | null; preferred: boolean }[] = [];
		const aliases: { body_id: string; alias: string }[] = [];
		const weak: { body_id: string; alias: string }[] = [];
		for (const e of lookup.entries()) {
			bodies.push({ id: e.id, name: e.name, ags: e.ags, preferred: e.origin !== DIRECTORY_ORIGIN });
			for (const f of e.strong) aliases.push({ body_id: e.id, alias: f });
			for (const f of e.weak) weak.push({ body_id: e.id, alias: f });
		}
		core = buildBodyResolver(bodies, aliases, weak);
	}
	// Every body except those only the national directory holds and no cooperation names.
	const listed = [...lookup.entries()].filter((e) => e.origin !== DIRECTORY_ORIGIN || inUse.has(e.id));
	const listedKey = listed.map((e) => `${e.id}\u0000${e.name}`).join('\u0001');
	const list = hit && hit.names === names && hit.listedKey === listedKey ? hit.list
		: listed.map((e) => ({ id: e.id, name: e.name })).sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));
	const resolver: BodyResolver = { resolve: core.resolve, bodyName: core.bodyName, all: () => list.map((b) => ({ ...b })) };
	cache.set(db, { names, core, data, listedKey, list, resolver });
	return resolver;
}
