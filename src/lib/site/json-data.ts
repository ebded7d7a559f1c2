/**
 * Page data that crosses to the browser as one JSON text (issue 15: per-request cost of HTML pages).
 *
 * SvelteKit writes each page's server data into the page for hydration with devalue's `uneval`,
 * which walks every object and string in JavaScript. On the search page (25 result rows with their
 * partners, the facets with their options: about 34 KB) that was a quarter of the request's CPU.
 * A load function marks what it returns with `jsonData`; the transport hook (src/hooks.ts) then
 * writes the marked object as a single JSON string (`JSON.stringify`, native), and the browser
 * reads it back with `JSON.parse`. The server renders the page from the very same object.
 *
 * Only for plain JSON data: strings, finite numbers, booleans, null, arrays and plain objects
 * (no Date, Map, Set, undefined, shared references). A test keeps each user to that.
 *
 * Characters above U+00FF are written as `\uXXXX` escapes, so a title with „…“ or – does not
 * turn the whole page into a two-byte string (see src/lib/server/html/escape-html.ts).
 */
const marked = new WeakSet<object>();

/** The same object, marked to cross as JSON. Works for HTML and for `__data.json` requests alike. */
export function jsonData<T extends object>(data: T): T {
	marked.add(data);
	return data;
}

const WIDE = /[\u0100-\uffff]/g;
const escapeWide = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** The transport hook's encoder: the JSON text of a marked object, else false (not ours). */
export function encodeJsonData(value: unknown): string | false {
	if (typeof value !== 'object' || value === null || !marked.has(value)) return false;
	return JSON.stringify(value).replace(WIDE, escapeWide);
}

/** The transport hook's decoder, in the browser. */
export function decodeJsonData(json: string): unknown {
	return JSON.parse(json);
}
