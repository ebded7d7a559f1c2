/**
 * The words of a search as the text index matches them (issue 17).
 *
 * A word is folded like the indexed text (text-fold.ts). A star asks for a word part explicitly:
 * "*kamen" finds words ending in "kamen" (Bergkamen), "kamen*" words starting with it, "*kamen*"
 * words containing it. Without a star the index decides by the word itself (text-index.ts):
 * short words and place names match whole words, longer words also compound parts.
 */
import { foldGerman } from './text-fold';

export interface SearchTerm {
	/** The folded word. */
	word: string;
	/** "*word": also words that end with it. */
	suffix: boolean;
	/** "word*": also words that start with it. */
	prefix: boolean;
}

/** Words of at most this many letters match whole words only ("IT" is not in "Mitte"). */
export const SHORT_WORD_MAX = 3;

/** Split a query into folded terms, keeping stars as part-of-word requests; duplicates dropped. */
export function parseSearchTerms(query: string): SearchTerm[] {
	const out: SearchTerm[] = [];
	const seen = new Set<string>();
	for (const piece of query.split(/\s+/)) {
		if (!piece) continue;
		const suffix = /^[*%]/.test(piece.replace(/^["'„“(]+/, ''));
		const prefix = /[*%]$/.test(piece.replace(/["'“”).,;:!?]+$/, ''));
		const words = foldGerman(piece).split(' ').filter(Boolean);
		words.forEach((word, k) => {
			const term = { word, suffix: suffix && k === 0, prefix: prefix && k === words.length - 1 };
			const key = `${term.suffix ? '*' : ''}${word}${term.prefix ? '*' : ''}`;
			if (seen.has(key)) return;
			seen.add(key);
			out.push(term);
		});
	}
	return out;
}

/** The words of a text as the index keeps them: each run of letters and digits, folded (`fold`: foldGerman or a cache of it). */
export function textWords(text: string, fold: (word: string) => string = foldGerman): { folded: string; surface: string }[] {
	const out: { folded: string; surface: string }[] = [];
	for (const piece of text.split(/[^\p{L}\p{N}]+/u)) {
		if (!piece) continue;
		const folded = fold(piece);
		if (folded) out.push({ folded, surface: piece });
	}
	return out;
}

/**
 * Levenshtein distance, or `max + 1` as soon as it must exceed `max` (spelling suggestions only
 * need to know whether a word is close).
 */
export function editDistance(a: string, b: string, max: number): number {
	if (Math.abs(a.length - b.length) > max) return max + 1;
	let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		const cur = [i];
		let best = i;
		for (let j = 1; j <= b.length; j++) {
			const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
			cur.push(v);
			if (v < best) best = v;
		}
		if (best > max) return max + 1;
		prev = cur;
	}
	return Math.min(prev[b.length]!, max + 1);
}
