/**
 * Character references in served HTML, decoded the way a browser reads them. Pages write every
 * character above U+00FF as a numeric reference (`&#8211;` for –, issue 15), so a test that
 * looks for text in the HTML as served decodes it first instead of expecting the characters.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** `html` with numeric references (decimal and hex) and the common named ones decoded. */
export function decodeReferences(html: string): string {
	return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
		e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1))) : (ENTITIES[e] ?? m));
}
