/**
 * Character references in served HTML, decoded the way a browser reads them. Pages write every
 * character above U+00FF as a numeric reference (`&#8211;` for –, issue 15), so a test that
 * looks for text in the HTML as served decodes it first instead of expecting the characters.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

const character = (reference: string): string =>
	String.fromCodePoint(reference[1] === 'x' || reference[1] === 'X' ? parseInt(reference.slice(2), 16) : Number(reference.slice(1)));

/**
 * `html` with only the numeric references (decimal and hex) decoded: markup and escaped markup
 * (`&lt;`, `&amp;`, `&quot;`) stay as served, so a check for markup keeps its meaning.
 */
export function decodeNumericReferences(html: string): string {
	return html.replace(/&(#x[0-9a-f]+|#\d+);/gi, (_, e: string) => character(e));
}

/** `text` (an attribute value or text of the HTML) with numeric and the common named references decoded. */
export function decodeReferences(text: string): string {
	return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => (e[0] === '#' ? character(e) : (ENTITIES[e] ?? m)));
}
