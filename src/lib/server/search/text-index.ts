/**
 * The text index of the register search (issue 17), built once per data generation beside the
 * facet index: every word of a cooperation, folded, with the rows (positions in the facet index)
 * that carry it in each field. A query then looks words up in the vocabulary, never walks the rows.
 *
 * Matching rules (docs/architecture.md, "Search"):
 * - a word of up to three letters (IT, VHS, ZV) matches whole words only;
 * - a place name (a town, municipality or Kreis of the register) matches the whole word and its
 *   inflected forms ("Unnaer", "Kamens"), so "kamen" does not find Bergkamen; "*kamen" asks for it;
 * - any other word also matches inside longer words: "abfall" finds "Abfallbeseitigung"; a word
 *   ending in -e also without it, as compounds drop it ("schule" finds "Förderschullandschaft");
 * - each word also finds the words of its synonym groups (data/taxonomies/synonyms.yaml);
 * - topic labels match whole words as typed ("umwelt", "verkehr", "IT"); the topic descriptions
 *   are consulted only for a word that finds nothing else;
 * - every word must be found (AND); a row's score adds, per word, the weight of the best field it
 *   was found in: title 8, partners 4, topic 2, description and notes 1 (a synonym counts half).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { type SearchTerm, SHORT_WORD_MAX, editDistance, parseSearchTerms, textWords } from '../../domain/search-terms';
import { foldGerman } from '../../domain/text-fold';
import type { FacetIndex } from './facet-index';
import { EMPTY, fromPositions } from './postings';
import { Lru } from './lru';
import { shippedVocabulary, type Vocabulary } from './synonyms';

export const FIELDS = ['title', 'partner', 'topic', 'text', 'topicInfo'] as const;
export type Field = (typeof FIELDS)[number];
const TITLE = 0;
const PARTNER = 1;
const TOPIC = 2;
const TEXT = 3;
const TOPIC_INFO = 4;
/** Weight of a hit by field (index as in FIELDS). */
export const FIELD_WEIGHT: readonly number[] = [8, 4, 2, 1, 1];
/** A hit through a synonym counts this much of a hit of the word as typed. */
const SYNONYM_FACTOR = 0.5;

/** Kinds of bodies whose names are place names. */
const PLACE_KINDS = new Set(['stadt', 'gemeinde', 'kreis', 'kreisfreie-stadt']);
/** Words in such names that are no place of their own ("Kreis Unna", "Fröndenberg/Ruhr"). */
const NOT_PLACES = new Set(['kreis', 'stadt', 'gemeinde', 'ruhr', 'westfalen', 'lippe', 'sauerland', 'rhein', 'main', 'land']);
/** Endings a place name takes in German text: "Unnaer Kreis", "Kamens Bürgermeister". */
const PLACE_ENDINGS = ['', 'er', 'ers', 'ern', 's'];

export interface TextMatch {
	/** Matching row positions, ascending. */
	rows: Int32Array;
	/** Score per row position (higher first). */
	score: Map<number, number>;
}

export interface Suggestions {
	/** Queries with a word spelled as the register spells it, each with its number of results. */
	spellings: { query: string; count: number }[];
	/** Topic ids related to the words, most rows first. */
	topics: string[];
}

export interface TextIndex {
	/** Rows matching every word of the query; null when the query has no words. */
	match(query: string): TextMatch | null;
	/** What to offer when a query finds nothing. */
	suggest(query: string, max?: number): Suggestions;
	/** Whether the word is treated as a place name. */
	isPlace(word: string): boolean;
	/** What it was made of (for the index snapshot, search/snapshot.ts). */
	data: TextData;
}

/** The text index's contents: postings per word and field, spellings, place names, topic words. */
export interface TextData {
	postings: Map<string, Int32Array[]>;
	/** Every indexed word, for part-of-word and spelling look-ups. */
	vocab: string[];
	/** Folded word -> a spelling as the data writes it. */
	surface: Map<string, string>;
	places: Set<string>;
	rowTopics: (readonly string[])[];
	topicWords: Map<string, Set<string>>;
}

async function build(db: Kysely<Database>, index: FacetIndex, voc: Vocabulary): Promise<TextData> {
	const n = index.rows.length;
	const coops = await db.selectFrom('cooperation')
		.select(['seq', 'title', 'title_source', 'description', 'notes', 'partners_source', 'performer_source', 'org_unit',
			'legal_form_id', 'legal_form_source'])
		.where('archived_at', 'is', null).execute();
	const bodies = new Map<string, string[]>();
	const places = new Set<string>();
	for (const b of await db.selectFrom('body').select(['id', 'name', 'official_name', 'kind']).execute()) {
		bodies.set(b.id, [b.name, b.official_name ?? '']);
		if (PLACE_KINDS.has(b.kind)) {
			for (const w of textWords(b.name)) if (w.folded.length > SHORT_WORD_MAX && !NOT_PLACES.has(w.folded)) places.add(w.folded);
		}
	}
	for (const a of await db.selectFrom('body_alias').select(['body_id', 'alias']).execute()) bodies.get(a.body_id)?.push(a.alias);
	const coopAt: ((typeof coops)[number] | undefined)[] = new Array(n);
	for (const c of coops) {
		const i = index.bySeq.get(c.seq);
		if (i !== undefined) coopAt[i] = c;
	}
	const groups = new Map<number, string[]>();
	for (const g of await db.selectFrom('partner_group').select(['cooperation_seq', 'label', 'note']).execute()) {
		const i = index.bySeq.get(g.cooperation_seq);
		if (i === undefined) continue;
		let list = groups.get(i);
		if (!list) groups.set(i, (list = []));
		list.push(g.label, g.note ?? '');
	}
	/**
	 * The texts of row i per field, put together when the row is indexed and dropped after it (a
	 * national register's texts for all rows at once held about 60 MB at the build's peak).
	 */
	const fieldsOf = (i: number): string[][] => {
		const f: string[][] = FIELDS.map(() => []);
		const c = coopAt[i];
		if (c) {
			f[TITLE]!.push(c.title);
			f[PARTNER]!.push(c.title_source ?? '', c.partners_source ?? '', c.performer_source ?? '');
			const lf = index.lookups.legalForms.get(c.legal_form_id);
			f[TEXT]!.push(c.description ?? '', c.notes ?? '', c.org_unit ?? '', c.legal_form_source ?? '');
			if (lf && c.legal_form_id !== 'unknown') f[TEXT]!.push(lf.label, lf.short);
		}
		f[PARTNER]!.push(...(groups.get(i) ?? []));
		const r = index.rows[i]!;
		const named = new Set(r.partners);
		if (!r.performer.startsWith('_')) named.add(r.performer);
		for (const id of named) f[PARTNER]!.push(...(bodies.get(id) ?? []));
		for (const t of r.topics) {
			f[TOPIC]!.push(index.lookups.topics.get(t) ?? '');
			f[TOPIC_INFO]!.push(voc.topicDescriptions.get(t) ?? '');
		}
		return f;
	};
	const rowTopics: (readonly string[])[] = index.rows.map((r) => r.topics);
	const lists = new Map<string, number[][]>();
	const surface = new Map<string, string>();
	// The same words come back thousands of times (a partner's name in each of its cooperations, a
	// topic label, task words): each is folded once per build (the cache is as large as the
	// vocabulary, not as the register).
	const folds = new Map<string, string>();
	const fold = (word: string) => {
		let f = folds.get(word);
		if (f === undefined) folds.set(word, (f = foldGerman(word)));
		return f;
	};
	for (let i = 0; i < n; i++) {
		const fields = fieldsOf(i);
		FIELDS.forEach((_, k) => {
			for (const text of fields[k]!) {
				for (const { folded, surface: s } of textWords(text, fold)) {
					let l = lists.get(folded);
					if (!l) lists.set(folded, (l = FIELDS.map(() => [])));
					const list = l[k]!;
					if (list[list.length - 1] !== i) list.push(i);
					if (!surface.has(folded) || (k === TITLE && s !== s.toUpperCase())) surface.set(folded, s);
				}
			}
		});
	}
	const postings = new Map<string, Int32Array[]>();
	for (const [w, l] of lists) postings.set(w, l.map((x) => (x.length ? Int32Array.from(x) : EMPTY)));
	const topicWords = new Map<string, Set<string>>();
	for (const [id, label] of index.lookups.topics) {
		topicWords.set(id, new Set([...textWords(label), ...textWords(voc.topicDescriptions.get(id) ?? '')].map((w) => w.folded)));
	}
	return { postings, vocab: [...postings.keys()].sort(), surface, places, rowTopics, topicWords };
}

function makeIndex(b: TextData, voc: Vocabulary): TextIndex {
	const expansions = new Lru<string[]>(5_000, 1_000_000);
	const isPlace = (word: string) => b.places.has(word);
	/** The vocabulary words a word stands for, by the rules above (cached per word and mode). */
	const wordsFor = (word: string, t: Pick<SearchTerm, 'prefix' | 'suffix'>, wholeOnly: boolean): string[] => {
		const part = !wholeOnly && word.length > SHORT_WORD_MAX && !isPlace(word);
		if (!t.prefix && !t.suffix && !part) {
			if (isPlace(word)) return PLACE_ENDINGS.map((e) => word + e).filter((w) => b.postings.has(w));
			return b.postings.has(word) ? [word] : [];
		}
		const key = `${t.prefix ? '*' : ''}${word}${t.suffix ? '*' : ''}${part ? '~' : ''}`;
		return expansions.through(key, () => b.vocab.filter((w) =>
			w === word || (t.prefix && t.suffix) || part ? w.includes(word) : t.prefix ? w.startsWith(word) : w.endsWith(word)
		), (v) => v.length + 1);
	};
	const add = (score: Map<number, number>, rows: Int32Array, weight: number) => {
		for (const i of rows) if ((score.get(i) ?? 0) < weight) score.set(i, weight);
	};
	/** Row -> best weight of one search word. */
	const termScore = (t: SearchTerm): Map<number, number> => {
		const score = new Map<number, number>();
		const forms: [string, number][] = [[t.word, 1]];
		if (!t.prefix && !t.suffix) for (const s of voc.synonyms.get(t.word) ?? []) forms.push([s, SYNONYM_FACTOR]);
		// A compound drops the final -e of its first part: "Schule" -> "Schulträger", "Förderschullandschaft".
		const stems: [string, number][] = t.prefix || t.suffix ? [] : forms
			.filter(([f]) => f.length > 4 && f.endsWith('e') && !isPlace(f))
			.map(([f, factor]) => [f.slice(0, -1), factor]);
		for (const [form, factor] of [...forms, ...stems]) {
			for (const w of wordsFor(form, t, false)) {
				const p = b.postings.get(w)!;
				for (const k of [TITLE, PARTNER, TEXT]) add(score, p[k]!, FIELD_WEIGHT[k]! * factor);
			}
		}
		for (const w of wordsFor(t.word, t, true)) add(score, b.postings.get(w)![TOPIC]!, FIELD_WEIGHT[TOPIC]!);
		if (score.size === 0) {
			for (const [form, factor] of forms) {
				for (const w of wordsFor(form, t, true)) add(score, b.postings.get(w)![TOPIC_INFO]!, FIELD_WEIGHT[TOPIC_INFO]! * factor);
			}
		}
		return score;
	};
	const combine = (terms: SearchTerm[]): TextMatch => {
		const scores = terms.map(termScore).sort((x, y) => x.size - y.size);
		const total = new Map<number, number>();
		for (const [i, s] of scores[0]!) {
			let sum = s;
			let all = true;
			for (let k = 1; k < scores.length && all; k++) {
				const v = scores[k]!.get(i);
				if (v === undefined) all = false;
				else sum += v;
			}
			if (all) total.set(i, sum);
		}
		return { rows: fromPositions([...total.keys()]), score: total };
	};
	const match = (query: string): TextMatch | null => {
		const terms = parseSearchTerms(query);
		return terms.length === 0 ? null : combine(terms);
	};
	const suggest = (query: string, max = 3): Suggestions => {
		const terms = parseSearchTerms(query);
		const spellings: { query: string; count: number }[] = [];
		const related = new Map<string, number>();
		const countTopics = (rows: Iterable<number>) => {
			for (const i of rows) for (const t of b.rowTopics[i]!) related.set(t, (related.get(t) ?? 0) + 1);
		};
		const words = query.split(/\s+/).filter(Boolean);
		terms.forEach((t) => {
			const alone = termScore(t);
			countTopics(alone.keys());
			if (alone.size > 0 || t.word.length <= SHORT_WORD_MAX) return;
			const limit = t.word.length <= 5 ? 1 : 2;
			const near = b.vocab
				.map((w) => ({ w, d: editDistance(t.word, w, limit) }))
				.filter((x) => x.d <= limit)
				.sort((x, y) => x.d - y.d || x.w.localeCompare(y.w));
			for (const { w } of near) {
				if (spellings.length >= max) break;
				const replaced = words.map((piece) => (foldGerman(piece) === t.word ? b.surface.get(w) ?? w : piece)).join(' ');
				if (spellings.some((s) => s.query === replaced)) continue;
				const found = match(replaced);
				if (found && found.rows.length > 0) {
					spellings.push({ query: replaced, count: found.rows.length });
					countTopics(found.rows);
				}
			}
			// A topic whose label or description has the word inside a longer word ("rettungswesen").
			for (const [id, ws] of b.topicWords) {
				if ([...ws].some((w) => w.includes(t.word))) related.set(id, (related.get(id) ?? 0) + 1);
			}
		});
		const topics = [...related].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, max).map(([id]) => id);
		return { spellings, topics };
	};
	return { match, suggest, isPlace, data: b };
}

const built = new WeakMap<FacetIndex, Promise<TextIndex>>();

/** The text index of the facet index's data generation (built on first use, then shared). */
export function textIndex(db: Kysely<Database>, index: FacetIndex, voc: Vocabulary = shippedVocabulary()): Promise<TextIndex> {
	let pending = built.get(index);
	if (!pending) {
		pending = build(db, index, voc).then((b) => makeIndex(b, voc));
		pending.catch(() => built.delete(index));
		built.set(index, pending);
	}
	return pending;
}

/** Use text data read from a snapshot as the text index of `index` (shipped vocabulary). */
export function primeTextIndex(index: FacetIndex, data: TextData, voc: Vocabulary = shippedVocabulary()): void {
	built.set(index, Promise.resolve(makeIndex(data, voc)));
}

/** Seqs of the cooperations matching the text (null: no words, no restriction). */
export async function matchTextSeqs(db: Kysely<Database>, index: FacetIndex, query: string): Promise<Set<number> | null> {
	const m = (await textIndex(db, index)).match(query);
	return m === null ? null : new Set([...m.rows].map((i) => index.rows[i]!.seq));
}
