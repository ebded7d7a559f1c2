/**
 * Only the design system's CSS the app uses (issue 17, item 4: light pages). KERN's stylesheet
 * (@kern-ux/native, 340 KB minified) styles every component of the design system; the app uses a
 * part of them. At build time (vite.config.ts) the rules are dropped whose selectors all need a
 * `kern-…` class that no source file of the app mentions.
 *
 * Deliberately conservative, so that nothing the app shows loses its style:
 * - a class counts as used when its name appears anywhere in the sources (markup, scripts, strings);
 *   a name followed by `{`, `${` or ending in `-`/`_` (built at run time, e.g. `kern-badge--{tone}`)
 *   keeps every class that starts with it;
 * - only classes of the given prefix are judged; element, attribute and other selectors stay;
 * - classes inside parentheses (`:not(.kern-x)`, `:has(…)`, `:is(…)`) and brackets are not judged;
 * - at-rules other than grouping ones (@media, @supports, @layer, @container) are kept as they are
 *   (@font-face, @keyframes, custom properties on :root).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface UsedClasses {
	names: Set<string>;
	prefixes: string[];
}

/** The class names of the prefix that the given source texts mention. */
export function usedClasses(sources: Iterable<string>, prefix = 'kern-'): UsedClasses {
	const names = new Set<string>();
	const prefixes = new Set<string>();
	const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const token = new RegExp(`(?<![\\w-])${escaped}[\\w-]*`, 'g');
	for (const text of sources) {
		for (const m of text.matchAll(token)) {
			const name = m[0];
			const next = text[m.index + name.length] ?? '';
			if (next === '{' || next === '$') prefixes.add(name);
			// 'kern-badge--' + tone; the bare prefix in a text (as in this module) says nothing.
			else if (/[-_]$/.test(name)) {
				if (name.length > prefix.length) prefixes.add(name);
			} else names.add(name);
		}
	}
	return { names, prefixes: [...prefixes] };
}

const GROUPING = new Set(['media', 'supports', 'layer', 'container', 'document']);

/** `css` without the rules that only match classes of the prefix that are not used. */
export function trimCss(css: string, used: UsedClasses, prefix = 'kern-'): string {
	const isUsed = (name: string) => used.names.has(name) || used.prefixes.some((p) => name.startsWith(p));
	const alive = (selector: string) => {
		const outer = stripNested(selector);
		for (const m of outer.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) {
			const name = m[1]!;
			if (name.startsWith(prefix) && !isUsed(name)) return false;
		}
		return true;
	};
	return trimRules(css, alive);
}

function trimRules(css: string, alive: (selector: string) => boolean): string {
	let out = '';
	let i = 0;
	while (i < css.length) {
		const stop = findTopLevel(css, i, '{;');
		if (stop === -1) {
			out += css.slice(i);
			break;
		}
		const prelude = css.slice(i, stop);
		if (css[stop] === ';') {
			out += `${prelude};`;
			i = stop + 1;
			continue;
		}
		const close = matchingBrace(css, stop);
		const body = css.slice(stop + 1, close);
		const head = prelude.trim();
		if (head.startsWith('@')) {
			const name = /^@([\w-]+)/.exec(head)?.[1]?.toLowerCase() ?? '';
			if (GROUPING.has(name)) {
				const inner = trimRules(body, alive);
				if (inner.trim()) out += `${prelude}{${inner}}`;
			} else {
				out += `${prelude}{${body}}`;
			}
		} else {
			const kept = splitTopLevel(prelude).filter((s) => alive(s));
			if (kept.length) out += `${kept.join(',')}{${body}}`;
		}
		i = close + 1;
	}
	return out;
}

/**
 * Walk `text` from `from`, skipping comments, strings, escaped characters and what stands in
 * parentheses or brackets; `atTop` sees every other character (depth 0) and stops the walk by
 * returning true. Returns the index where it stopped, or -1.
 */
function walkTopLevel(text: string, from: number, atTop: (c: string) => boolean): number {
	let depth = 0;
	for (let i = from; i < text.length; i++) {
		const c = text[i]!;
		if (c === '/' && text[i + 1] === '*') {
			const end = text.indexOf('*/', i + 2);
			i = end === -1 ? text.length : end + 1;
		} else if (c === '"' || c === "'") {
			i = endOfString(text, i);
		} else if (c === '\\') {
			i++;
		} else if (c === '(' || c === '[') {
			depth++;
		} else if (c === ')' || c === ']') {
			depth = Math.max(0, depth - 1);
		} else if (depth === 0 && atTop(c)) {
			return i;
		}
	}
	return -1;
}

/** Index of the first of `chars` at depth 0 (outside strings, comments, parentheses, brackets), or -1. */
function findTopLevel(css: string, from: number, chars: string): number {
	return walkTopLevel(css, from, (c) => chars.includes(c));
}

function endOfString(css: string, start: number): number {
	const quote = css[start];
	for (let i = start + 1; i < css.length; i++) {
		if (css[i] === '\\') i++;
		else if (css[i] === quote) return i;
	}
	return css.length;
}

/** Index of the `}` that closes the `{` at `open` (the end of the text if it is never closed). */
function matchingBrace(css: string, open: number): number {
	let depth = 0;
	for (let i = open; i < css.length; i++) {
		const c = css[i]!;
		if (c === '/' && css[i + 1] === '*') {
			const end = css.indexOf('*/', i + 2);
			i = end === -1 ? css.length : end + 1;
		} else if (c === '"' || c === "'") {
			i = endOfString(css, i);
		} else if (c === '\\') {
			i++;
		} else if (c === '{') {
			depth++;
		} else if (c === '}') {
			depth--;
			if (depth === 0) return i;
		}
	}
	return css.length;
}

/** A selector list split at its top-level commas. */
function splitTopLevel(list: string): string[] {
	const parts: string[] = [];
	let start = 0;
	for (;;) {
		const comma = findTopLevel(list, start, ',');
		if (comma === -1) break;
		parts.push(list.slice(start, comma));
		start = comma + 1;
	}
	parts.push(list.slice(start));
	return parts.filter((p) => p.trim());
}

/** The selector without comments, strings and what stands in parentheses or brackets. */
function stripNested(selector: string): string {
	let out = '';
	walkTopLevel(selector, 0, (c) => {
		out += c;
		return false;
	});
	return out;
}

/** The texts of the app's source files under `root` (Svelte components, scripts, HTML), for `usedClasses`. */
export function readSources(root: string): string[] {
	const out: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (/\.(svelte|ts|js|html)$/.test(entry.name)) out.push(fs.readFileSync(full, 'utf8'));
		}
	};
	walk(root);
	return out;
}
