/**
 * German search folding.
 *
 * People type "muell", "müll", "mull", "Boenen", "Bönen", "strassenreinigung". Folding maps all
 * spellings to one key on BOTH sides (indexed text and query), so a plain substring match then
 * finds compound parts too ("rettung" in "rettungsdienst"). Folding is lossy on purpose: "ue"
 * becomes "u" everywhere ("feuer" -> "feur"), which is harmless because the query is folded the
 * same way; it only ever widens recall, never hides a hit.
 */

const UMLAUTS: Record<string, string> = { ä: 'a', ö: 'o', ü: 'u', ß: 'ss', ẞ: 'ss' };

/** Fold a text to its search key: lower case, umlauts and ae/oe/ue to the base vowel, ß to ss,
 * other diacritics removed, every run of non-alphanumerics to one space. */
export function foldGerman(text: string): string {
	const lowered = text.toLowerCase().replace(/[äöüßẞ]/g, (c) => UMLAUTS[c] ?? c);
	// Most texts are plain ASCII once the umlauts are replaced: then NFKD changes nothing and the
	// letters and digits are a-z and 0-9, so the Unicode-aware steps can be skipped (issue 15: the
	// index build folds millions of words). The result is the same either way (text-fold.test.ts).
	if (!NON_ASCII.test(lowered)) return lowered.replace(/([aou])e/g, '$1').replace(/[^a-z0-9]+/g, ' ').trim();
	const plain = lowered.normalize('NFKD').replace(/\p{M}+/gu, '');
	return plain
		.replace(/([aou])e/g, '$1')
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim();
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included, on purpose
const NON_ASCII = /[^\x00-\x7f]/;

/** Split a user query into folded terms (quotes and operators are treated as plain text). */
export function queryTerms(query: string): string[] {
	const folded = foldGerman(query);
	if (!folded) return [];
	return [...new Set(folded.split(' '))];
}

/**
 * Join words that a slide broke with a hyphen and a line break ("Aufgabenüber- nahme"), but keep
 * a hyphen that abbreviates a shared word part ("Städte- und Gemeindebund", "Ver- und Entsorgung").
 */
export function cleanSlideText(text: string): string {
	return text
		.replace(/(\p{Ll})- (?!(?:und|oder|bzw\.?|sowie)\b)(\p{Ll})/gu, '$1$2')
		.replace(/\s+/g, ' ')
		.trim();
}
