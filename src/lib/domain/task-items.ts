/**
 * Checklist items in Markdown (issue 7, item 4): a task list item `- [ ] text` or `- [x] text`,
 * optionally ending in an explicit key `{#key}`. The key identifies the item when it is ticked for
 * a cooperation, so an explicit key keeps the ticks when the wording changes; without one the key
 * is the slug of the text.
 */

const MARKER = /^\[( |x|X)\][ \t]+/;
const KEY = /[ \t]*\{#([a-z0-9][a-z0-9-]{0,59})\}[ \t]*$/;

export interface TaskText {
	checked: boolean;
	/** The text without the marker and the key. */
	text: string;
	/** The explicit key, or null. */
	key: string | null;
}

/** Read a list item's text as a task, or null when it is not one. */
export function parseTaskText(content: string): TaskText | null {
	const m = MARKER.exec(content);
	if (!m) return null;
	const rest = content.slice(m[0].length);
	const k = KEY.exec(rest);
	return { checked: m[1] !== ' ', text: k ? rest.slice(0, k.index) : rest, key: k ? k[1]! : null };
}

/** Strip an explicit key from the end of a text (for the rendered item). */
export function stripTaskKey(text: string): string {
	return text.replace(KEY, '');
}

const TRANSLIT: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', ẞ: 'ss' };

/** A readable, stable key from a text: "Beschluss des Rates (jede Körperschaft)" → "beschluss-des-rates-jede-koerperschaft". */
export function slugKey(text: string, max = 60): string {
	const slug = text.toLowerCase().replace(/[äöüßẞ]/g, (c) => TRANSLIT[c] ?? c)
		.normalize('NFKD').replace(/\p{M}+/gu, '')
		.replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, max).replace(/-+$/g, '');
	return slug || 'punkt';
}

/** Make keys unique in order: a second "pruefen" becomes "pruefen-2". */
export function uniqueKeys(keys: string[]): string[] {
	const seen = new Set<string>();
	return keys.map((k) => {
		let key = k;
		for (let n = 2; seen.has(key); n++) key = `${k}-${n}`;
		seen.add(key);
		return key;
	});
}
