/**
 * Names in an imported list, resolved against the national directory the way offices write them
 * (issue 14, part 1). On top of the alias-aware resolver (registry/body-resolve.ts) this reads a
 * typed name as a shape: an optional kind of unit ("Stadt", "Gem.", "VGem", "Lkr.", "des
 * Hochsauerlandkreises", "dem Landkreis Cham", "…, Stadt") and a base name whose designations are
 * written one way ("an der" = "a.d.", "am" = "a.", "bei" = "b.", "in Oberbayern" = "i.OB",
 * "Sankt" = "St."). The same reading is applied to every name form of every body, so the two
 * sides meet whatever spelling either uses; umlauts, case and hyphens are folded (text-fold.ts).
 *
 * When several bodies carry the name (many Neustadts, Zells, Reichenbachs), the place decides,
 * nearer before far away: the row's other partners and lead body first, then the file's
 * resolved names, then the importing region's Kreis – each time the same Kreis before the same
 * Land. Only a unique nearest body is taken; a tie is asked, never guessed. A body the register
 * itself holds stays preferred over directory-only bodies of the same name ("Hamm").
 *
 * No place names in code: the rules are the same for every Land.
 */
import type { BodyResolver } from '../registry/body-resolve';
import { foldCached, type NameLookup } from '../directory/name-lookup';
import { DIRECTORY_ORIGIN } from '../directory/apply';
import { foldGerman } from '../../domain/text-fold';

/** What kind of unit a typed name says it is. */
export type UnitClass = 'municipality' | 'verband' | 'kreis';

/** Type words, folded, as people write them before (or after) a name. Longest first. */
const TYPE_WORDS: [string, UnitClass][] = [
	['grosse kreisstadt', 'municipality'], ['gr kreisstadt', 'municipality'], ['kreisfreie stadt', 'municipality'],
	['gkst', 'municipality'], ['kreisstadt', 'municipality'], ['stadtkreis', 'municipality'], ['hansestadt', 'municipality'],
	['stadtgemeinde', 'municipality'], ['ortsgemeinde', 'municipality'], ['marktgemeinde', 'municipality'],
	['stadt', 'municipality'], ['markt', 'municipality'], ['mkt', 'municipality'], ['gemeinde', 'municipality'],
	['gem', 'municipality'], ['gde', 'municipality'], ['flecken', 'municipality'],
	['verwaltungsgemeinschaft', 'verband'], ['verw gem', 'verband'], ['verbandsgemeinde', 'verband'], ['verbandsgem', 'verband'],
	['vgem', 'verband'], ['vg', 'verband'], ['vvg', 'verband'], ['samtgemeinde', 'verband'], ['samtgem', 'verband'], ['sg', 'verband'],
	['gemeindeverwaltungsverband', 'verband'], ['verwaltungsverband', 'verband'], ['gvv', 'verband'], ['vvb', 'verband'], ['amt', 'verband'],
	['landratsamt', 'kreis'], ['kreisverwaltung', 'kreis'], ['landkreis', 'kreis'], ['landkr', 'kreis'], ['lkreis', 'kreis'], ['lkrs', 'kreis'], ['lkr', 'kreis'], ['lk', 'kreis'],
	['kreis', 'kreis'], ['krs', 'kreis'], ['kr', 'kreis']
];

/** Designation words → the directory's abbreviation (folded, word by word). */
const DESIGNATION_WORDS: Record<string, string> = {
	an: 'a', am: 'a', der: 'd', dem: 'd', in: 'i', im: 'i', bei: 'b', beim: 'b', ob: 'o', vor: 'v', unter: 'u',
	sankt: 'st', heiligen: 'hl', heilige: 'hl', heiliger: 'hl',
	oberbayern: 'ob', oberpfalz: 'opf', oberfranken: 'ofr', mittelfranken: 'mfr', unterfranken: 'ufr', niederbayern: 'ndb',
	oberlausitz: 'o l', vogtland: 'vogtl', erzgebirge: 'erzgeb'
};

/** Inflected forms of kind words ("des Landkreises", "dem Kreise", "des Marktes", "des Amtes"). */
function deinflect(word: string): string {
	if (/kreises$/.test(word)) return word.slice(0, -2);
	if (/kreise$/.test(word)) return word.slice(0, -1);
	if (word === 'marktes') return 'markt';
	if (word === 'amtes') return 'amt';
	return word;
}

export interface NameShape {
	cls: UnitClass | null;
	/** The base name, folded, designations written one way. */
	base: string;
}

const TYPE_BY_WORDS = new Map<string, UnitClass>(TYPE_WORDS);
const MAX_TYPE_WORDS = Math.max(...TYPE_WORDS.map(([w]) => w.split(' ').length));

/** Shapes are pure: kept across index rebuilds (bounded by the distinct folded texts). */
const shapeMemo = new Map<string, NameShape>();

/** Read a typed name as kind of unit + base name. A shape depends on the folded text only, so
 * the many forms of a body that fold alike are read once (cold import speed, issue 14). */
export function nameShape(text: string): NameShape {
	// The name lookup has folded every form of every body already.
	const folded = foldCached(text);
	const memo = shapeMemo.get(folded);
	if (memo) return memo;
	const shape = shapeOfFolded(folded);
	if (shapeMemo.size > 500_000) shapeMemo.clear();
	shapeMemo.set(folded, shape);
	return shape;
}

function shapeOfFolded(folded: string): NameShape {
	let words = folded.split(' ').filter(Boolean);
	// Articles and prepositions in front: "des Hochsauerlandkreises", "dem Landkreis Cham", "mit der Stadt X".
	while (words.length > 1 && /^(des|der|dem|den|die|das|mit|von|vom|zwischen|und|sowie)$/.test(words[0]!)) words.shift();
	words = words.map(deinflect);
	let cls: UnitClass | null = null;
	// The longest kind word in front, else at the end ("Lünen, Stadt", "Marktl (VGem)").
	for (let n = Math.min(MAX_TYPE_WORDS, words.length - 1); n >= 1 && !cls; n--) {
		const c = TYPE_BY_WORDS.get(words.slice(0, n).join(' '));
		if (c) { cls = c; words = words.slice(n); }
	}
	for (let n = Math.min(MAX_TYPE_WORDS, words.length - 1); n >= 1 && !cls; n--) {
		const c = TYPE_BY_WORDS.get(words.slice(-n).join(' '));
		if (c) { cls = c; words = words.slice(0, -n); }
	}
	// A compound Kreis name carries its kind: "Hochsauerlandkreis", "Vogelsbergkreis".
	if (!cls && words.length === 1 && /.{3,}kreis$/.test(words[0]!)) cls = 'kreis';
	const base = words.map((w) => DESIGNATION_WORDS[w] ?? w).join(' ');
	return { cls, base };
}

function classOfKind(kind: string): UnitClass | 'other' {
	if (kind === 'gemeinde' || kind === 'stadt' || kind === 'kreisfreie-stadt' || kind === 'gemeindefreies-gebiet') return 'municipality';
	if (kind === 'gemeindeverband') return 'verband';
	if (kind === 'kreis') return 'kreis';
	return 'other';
}

interface IndexHit {
	id: string;
	/** The form had no kind word (a bare name), and it is a strong form. */
	bare: boolean;
	strong: boolean;
	/** The form is a weak form of the body ("Cham" for the Landkreis). */
	weak: boolean;
}

export interface Place {
	kreis: string | null;
	land: string | null;
}

/** Where the row and the file are: Kreis and Land codes of bodies already known. */
export interface Anchors {
	row: Place[];
	file: Place[];
	region: Place[];
}

export type NameResult = { id: string } | { ask: { id: string; name: string }[] };

export interface ImportNames {
	/** Resolve one typed name with the place around it. */
	resolve(text: string, anchors: Anchors): NameResult;
	/** Resolve without context: only names that one body carries (for anchors). */
	resolvePlain(text: string): string | null;
	place(id: string): Place | null;
	/** Suggestions for a name that stays unknown, nearest first. */
	suggest(text: string, anchors: Anchors): { id: string; name: string }[];
	/** Bodies for the searchable picker (register and directory), by typed text. */
	search(text: string, limit: number): { id: string; name: string }[];
	name(id: string): string;
}

const indexCache = new WeakMap<NameLookup, Map<string, IndexHit[]>>();

function buildIndex(lookup: NameLookup): Map<string, IndexHit[]> {
	const hit = indexCache.get(lookup);
	if (hit) return hit;
	const index = new Map<string, IndexHit[]>();
	const add = (form: string, id: string, strong: boolean) => {
		const s = nameShape(form);
		if (!s.base) return;
		const list = index.get(s.base) ?? [];
		const bare = !s.cls && strong;
		const weak = !strong && !s.cls;
		const same = list.find((h) => h.id === id);
		if (same) { same.bare ||= bare; same.strong ||= strong; same.weak ||= weak; }
		else list.push({ id, bare, strong, weak });
		index.set(s.base, list);
	};
	for (const e of lookup.entries()) {
		for (const f of e.strong) add(f, e.id, true);
		for (const f of e.weak) add(f, e.id, false);
	}
	indexCache.set(lookup, index);
	return index;
}

/** The Kreis (5 digits) and Land (2 digits) of a body from its ARS or AGS. */
function placeOf(e: { ars: string[]; ags: string | null } | undefined): Place | null {
	if (!e) return null;
	const key = e.ars.find((a) => a.length >= 5) ?? (e.ags && e.ags.length >= 5 ? e.ags : null) ?? e.ars[0] ?? null;
	if (!key) return null;
	return { kreis: key.length >= 5 ? key.slice(0, 5) : null, land: key.slice(0, 2) };
}

/** How near a place is to a set of anchors: 2 same Kreis, 1 same Land, 0 elsewhere. */
function nearness(p: Place | null, anchors: Place[]): number {
	if (!p) return 0;
	let best = 0;
	for (const a of anchors) {
		if (p.kreis && a.kreis === p.kreis) return 2;
		if (p.land && a.land === p.land) best = 1;
	}
	return best;
}

/** Memos that live as long as the resolver or the name lookup they were computed from (both are
 * cached until bodies or names change): a preview computed again (every decision in the browser)
 * does not resolve the same names again. */
interface Memos {
	place: Map<string, Place | null>;
	candidates: Map<string, { narrow: string[]; wide: string[] }>;
}
const lookupMemos = new WeakMap<NameLookup, Memos>();
const resolverMemos = new WeakMap<BodyResolver, Map<string, string | null>>();

/** The bodies a name can mean before any place is considered (see `NameResolver.candidates`). */
interface Candidates {
	narrow: string[];
	wide: string[];
}

/**
 * Names of an import resolved against the register and the national directory, in named steps:
 * the candidates a name's shape can mean, the resolver's own answer, contesting weak forms, the
 * nearest body by place (row, file, region), and suggestions and search for what stays unknown.
 */
class NameResolver implements ImportNames {
	private readonly index: Map<string, IndexHit[]>;
	private readonly placeMemo: Map<string, Place | null>;
	private readonly candidateMemo: Map<string, Candidates>;
	private readonly firstMemo: Map<string, string | null>;

	constructor(private readonly resolver: BodyResolver, private readonly lookup: NameLookup) {
		this.index = buildIndex(lookup);
		const memos = lookupMemos.get(lookup) ?? { place: new Map(), candidates: new Map() };
		lookupMemos.set(lookup, memos);
		this.placeMemo = memos.place;
		this.candidateMemo = memos.candidates;
		this.firstMemo = resolverMemos.get(resolver) ?? new Map<string, string | null>();
		resolverMemos.set(resolver, this.firstMemo);
	}

	place(id: string): Place | null {
		if (!this.placeMemo.has(id)) {
			const e = this.lookup.entry(id);
			let p = placeOf(e);
			// A register body without a key of its own (a Zweckverband) lies in its parent's Kreis.
			if (!p && e?.parentId) p = placeOf(this.lookup.entry(e.parentId));
			this.placeMemo.set(id, p);
		}
		return this.placeMemo.get(id)!;
	}

	name(id: string): string {
		return this.resolver.bodyName(id);
	}

	private isRegister(id: string): boolean {
		const o = this.lookup.entry(id)?.origin;
		return !!o && o !== DIRECTORY_ORIGIN;
	}

	private classOf(id: string): UnitClass | 'other' {
		return classOfKind(this.lookup.entry(id)?.kind ?? '');
	}

	/** A bare name shared by a Gemeinde and the Verband or Kreis it belongs to ("Löbau", "Bautzen")
	 * means the Gemeinde: the others are named after it. */
	private preferMunicipality(ids: string[]): string[] {
		const towns = ids.filter((id) => this.classOf(id) === 'municipality');
		if (towns.length !== 1 || ids.length < 2) return ids;
		const town = this.lookup.entry(towns[0]!)!;
		const within = ids.every((id) => {
			if (id === town.id) return true;
			const e = this.lookup.entry(id);
			const cls = this.classOf(id);
			return (cls === 'verband' || cls === 'kreis') && !!e?.ars.some((a) => town.ars.some((t) => t.startsWith(a)));
		});
		return within ? [town.id] : ids;
	}

	/** Living bodies before ended ones, the register's one body before the directory's, then the town rule. */
	private tidy(ids: string[], typed: boolean): string[] {
		const alive = ids.filter((id) => !this.lookup.entry(id)?.endedAt);
		if (alive.length) ids = alive;
		const own = ids.filter((id) => this.isRegister(id));
		return own.length === 1 ? own : typed ? ids : this.preferMunicipality(ids);
	}

	/** The bodies a shape can mean (before any place is considered): `narrow` the bodies with the
	 * name as a bare strong form (or of the kind typed), `wide` also those with it as a weak form
	 * ("Lauterbach" for "Lauterbach (Hessen)"). */
	private candidates(text: string): Candidates {
		const memo = this.candidateMemo.get(text);
		if (memo) return memo;
		const s = nameShape(text);
		const hits = this.index.get(s.base) ?? [];
		let out: Candidates;
		if (s.cls) {
			const ids = this.tidy(hits.filter((h) => this.classOf(h.id) === s.cls).map((h) => h.id), true);
			out = { narrow: ids, wide: ids };
		} else {
			const bare = hits.filter((h) => h.bare).map((h) => h.id);
			const wide = hits.filter((h) => h.bare || h.weak).map((h) => h.id);
			out = { narrow: this.tidy(bare, false), wide: this.tidy(wide, false) };
		}
		if (this.candidateMemo.size > 200_000) this.candidateMemo.clear();
		this.candidateMemo.set(text, out);
		return out;
	}

	/** The resolver's answer when one body carries the name (strong forms before weak ones). */
	private resolverHit(text: string): string | null {
		if (!this.firstMemo.has(text)) {
			if (this.firstMemo.size > 200_000) this.firstMemo.clear();
			const m = this.resolver.resolve(text, { suggest: false });
			this.firstMemo.set(text, 'id' in m ? m.id : null);
		}
		return this.firstMemo.get(text)!;
	}

	/** Other bodies that carry the name as a weak form ("Lautertal" for "Lautertal (Vogelsberg)")
	 * contest a directory body the name is a strong form of. */
	private contested(id: string, text: string): string[] {
		if (this.isRegister(id)) return [];
		const c = this.candidates(text);
		if (!c.wide.includes(id)) return [];
		// A town's own name never goes to the Kreis or Verband named after it ("Regensburg").
		const town = this.classOf(id) === 'municipality';
		return c.wide.filter((x) => x !== id && (!town || this.classOf(x) === 'municipality'));
	}

	/** A name only one body carries, uncontested: what places a row (no context needed). */
	resolvePlain(text: string): string | null {
		const hit = this.resolverHit(text);
		if (hit) return this.contested(hit, text).length ? null : hit;
		const c = this.candidates(text);
		if (c.narrow.length === 1 && c.wide.length <= 1) return c.narrow[0]!;
		if (c.narrow.length === 0 && c.wide.length === 1) return c.wide[0]!;
		return null;
	}

	private byNearness(ids: string[], anchors: Anchors): string[] {
		const score = (id: string) => [nearness(this.place(id), anchors.row), nearness(this.place(id), anchors.file), nearness(this.place(id), anchors.region)];
		const scored = ids.map((id) => ({ id, s: score(id), pop: this.lookup.entry(id)?.population ?? 0 }));
		scored.sort((a, b) => b.s[0]! - a.s[0]! || b.s[1]! - a.s[1]! || b.s[2]! - a.s[2]! || b.pop - a.pop);
		return scored.map((x) => x.id);
	}

	/** The one nearest body, level by level (the row, then the file, then the region), or null. */
	private nearest(ids: string[], anchors: Anchors): string | null {
		let left = ids;
		for (const level of [anchors.row, anchors.file, anchors.region]) {
			const scores = left.map((id) => nearness(this.place(id), level));
			const best = Math.max(...scores);
			if (best === 0) continue;
			left = left.filter((_, i) => scores[i] === best);
			// Several equally near: only a farther level that tells them apart decides.
			if (left.length === 1) return left[0]!;
		}
		return null;
	}

	/** The strong form wins, unless it lies outside the Kreise of the row (or of the file) and
	 * exactly one body with the name as a weak form lies in one of them. */
	private strongOrNear(hit: string, text: string, anchors: Anchors): string {
		const others = this.contested(hit, text);
		for (const level of others.length ? [anchors.row, anchors.file] : []) {
			const own = nearness(this.place(hit), level);
			if (own === 2) break;
			const near = others.filter((id) => nearness(this.place(id), level) === 2);
			if (near.length === 1) return near[0]!;
			if (own > 0 || near.length > 1) break;
		}
		return hit;
	}

	resolve(text: string, anchors: Anchors): NameResult {
		const hit = this.resolverHit(text);
		if (hit) return { id: this.strongOrNear(hit, text, anchors) };
		const plain = this.resolvePlain(text);
		if (plain) return { id: plain };
		const c = this.candidates(text);
		if (c.wide.length === 0 && c.narrow.length === 0) return { ask: this.suggest(text, anchors) };
		const id = this.nearest(c.narrow, anchors) ?? (c.wide.length > c.narrow.length ? this.nearest(c.wide, anchors) : null);
		if (id) return { id };
		return { ask: this.suggest(text, anchors) };
	}

	/** A name with where it is, so two Neustadts can be told apart in a list. */
	private label(id: string): string {
		const e = this.lookup.entry(id);
		if (!e) return this.resolver.bodyName(id);
		const p = this.place(id);
		const kreis = p?.kreis && e.kind !== 'kreis' ? [...(this.lookup.find(p.kreis))].find((c) => c.kind === 'kreis' || c.kind === 'kreisfreie-stadt') : undefined;
		const where = kreis && kreis.id !== id ? `, ${kreis.name}` : '';
		return `${e.name} (${e.kindLabel ?? e.kind}${where})`;
	}

	suggest(text: string, anchors: Anchors): { id: string; name: string }[] {
		const c = this.candidates(text);
		const all = [...new Set([...c.narrow, ...c.wide])];
		if (all.length) return this.byNearness(all, anchors).slice(0, 8).map((id) => ({ id, name: this.label(id) }));
		const m = this.resolver.resolve(text);
		const s = 'suggestions' in m ? m.suggestions.map((x) => x.id) : [];
		// Similar names: those near the file first. A directory-only body far from everything the
		// file and the region name is no suggestion at all (a small Gemeinde for a Ruhr city).
		const known = anchors.row.length + anchors.file.length + anchors.region.length > 0;
		const near = (id: string) => this.isRegister(id) || !known || nearness(this.place(id), [...anchors.row, ...anchors.file, ...anchors.region]) > 0;
		return this.byNearness(s.filter(near), anchors).slice(0, 5).map((id) => ({ id, name: this.label(id) }));
	}

	search(text: string, limit: number): { id: string; name: string }[] {
		const q = foldGerman(text);
		if (q.length < 2) return [];
		const out: { id: string; name: string }[] = [];
		const seen = new Set<string>();
		const push = (id: string) => { if (!seen.has(id) && out.length < limit) { seen.add(id); out.push({ id, name: this.label(id) }); } };
		for (const id of this.candidates(text).wide) push(id);
		for (const e of this.lookup.entries()) {
			if (out.length >= limit) break;
			if (e.keys.some((k) => k.startsWith(q))) push(e.id);
		}
		return out;
	}
}

/** The import's name resolution for a resolver and a name lookup (memos live as long as they do). */
export function importNames(resolver: BodyResolver, lookup: NameLookup): ImportNames {
	return new NameResolver(resolver, lookup);
}
