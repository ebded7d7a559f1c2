/**
 * HTML escaping for server-rendered pages that keeps every page a one-byte (Latin-1) string
 * (issue 15).
 *
 * V8 stores a string with one byte per character while every character is at most U+00FF. One
 * character above that (an en dash in a title, „German quotes“ around a search word) makes the
 * whole page two bytes per character, and a two-byte page over about 128 KB is a "large object"
 * that costs fresh pages on every flatten and `TextEncoder.encode`. So besides the usual escapes
 * (`&`, `<`, and `"` in attribute values) every character above U+00FF is written as a numeric
 * character reference, which HTML and XML/SVG alike decode to the same character: the browser
 * shows exactly the same text.
 *
 * The SSR build uses this function in place of Svelte's own `escape_html` (see
 * `latin1-plugins.ts`), so every `{value}` and attribute value in a component goes through it.
 */

/** The reference for U+FFFD, which is what a lone surrogate becomes once encoded as UTF-8. */
const REPLACEMENT = '&#65533;';

/**
 * The numeric reference for the character above U+00FF at `i` (`code` is its UTF-16 unit): a
 * surrogate pair becomes one reference of its code point, a lone surrogate U+FFFD.
 */
function wideReference(text: string, i: number, code: number): string {
	if (code < 0xd800 || code > 0xdfff) return `&#${code};`;
	const low = text.charCodeAt(i + 1);
	if (code <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
		return `&#${(code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000};`;
	}
	return REPLACEMENT;
}

/** Whether `wideReference` at a unit `code` used two units (a surrogate pair). */
function isPair(code: number, reference: string): boolean {
	return code >= 0xd800 && code <= 0xdbff && reference !== REPLACEMENT;
}

/**
 * Escapes `value` for HTML text (or, with `isAttribute`, a double-quoted attribute value) and
 * writes characters above U+00FF as numeric character references; a surrogate pair becomes one
 * reference of its code point. `null` and `undefined` become the empty string, anything else
 * `String(value)`. A string that needs nothing is returned as it is (no copy).
 */
export function escapeHtml(value: unknown, isAttribute?: boolean): string {
	const text = String(value ?? '');
	let out = '';
	let copied = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		// The common case first: letters, digits and Latin-1 letters (all above '<', at most U+00FF).
		if (code > 0x3c && code < 0x100) continue;
		let reference: string;
		if (code === 0x26) reference = '&amp;';
		else if (code === 0x3c) reference = '&lt;';
		else if (code === 0x22 && isAttribute) reference = '&quot;';
		else if (code < 0x100) continue;
		else reference = wideReference(text, i, code);
		out += text.slice(copied, i) + reference;
		if (isPair(code, reference)) i++;
		copied = i + 1;
	}
	return copied === 0 ? text : out + text.slice(copied);
}

/**
 * Writes the characters above U+00FF in `text` as numeric character references and leaves
 * everything else (markup included) as it is. For static template text that is already HTML.
 */
export function latin1References(text: string): string {
	let out = '';
	let copied = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x100) continue;
		const reference = wideReference(text, i, code);
		out += text.slice(copied, i) + reference;
		if (isPair(code, reference)) i++;
		copied = i + 1;
	}
	return copied === 0 ? text : out + text.slice(copied);
}
