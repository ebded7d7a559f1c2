/**
 * Markdown for the knowledge base (issue 7, item 4), rendered on the server with markdown-it set up
 * so that its output is safe to insert as HTML:
 *
 * - `html: false`: raw HTML in the source (`<script>`, `<img onerror=…>`) is escaped as text;
 * - images are switched off (no third-party requests, no `src` to smuggle);
 * - `linkify: false`, and every link target is checked: only http(s), mailto and relative links
 *   (after markdown-it has decoded entities, so `jav&#x61;script:` is caught); anything else stays text;
 * - external links get `rel="noopener noreferrer"` and a visible and spoken marker;
 * - headings are moved so that the body's top level is h2 (the page's title is the h1);
 * - task list items (`- [ ] …`) become a list with a box or a tick, not form controls.
 *
 * The only HTML the renderer emits is markdown-it's own (escaped text in fixed tags) plus the few
 * fixed fragments added below.
 */
import MarkdownIt from 'markdown-it';
import type { Options, Renderer, Token } from 'markdown-it';
import { parseTaskText, slugKey, stripTaskKey, uniqueKeys } from './task-items';

export const BODY_MAX = 100_000;

/** Allowed link targets: http(s), mailto, and relative ones (path, ./, ../, #anchor, ?query). */
export function isAllowedLink(url: string): boolean {
	// Browsers ignore control characters and whitespace inside a scheme ("java\nscript:").
	const u = Array.from(url).filter((ch) => {
		const c = ch.charCodeAt(0);
		return c > 0x20 && (c < 0x7f || c > 0x9f);
	}).join('').toLowerCase();
	if (!u) return false;
	if (u.startsWith('//') || u.startsWith('\\\\') || u.startsWith('/\\')) return false;
	const scheme = /^([a-z][a-z0-9+.-]*):/.exec(u);
	if (!scheme) return !u.includes(':') || /^[/?#.]/.test(u);
	return scheme[1] === 'http' || scheme[1] === 'https' || scheme[1] === 'mailto';
}

const isExternal = (href: string) => /^https?:/i.test(href);

function createRenderer(): MarkdownIt {
	const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: false });
	md.disable('image');
	md.validateLink = isAllowedLink;

	// Task lists and heading levels, after the inline parse.
	md.core.ruler.push('ikz_tasks_headings', (state) => {
		const tokens = state.tokens;
		const lists: Token[] = [];
		// The body's top heading level becomes h2, whether the author started with # or ##.
		const levels = tokens.filter((t) => t.type === 'heading_open').map((t) => Number(t.tag.slice(1)));
		const shift = levels.length ? 2 - Math.min(...levels) : 0;
		for (let i = 0; i < tokens.length; i++) {
			const t = tokens[i]!;
			if (t.type === 'heading_open' || t.type === 'heading_close') {
				const level = Math.max(2, Math.min(6, Number(t.tag.slice(1)) + shift));
				t.tag = `h${level}`;
				if (t.type === 'heading_open') t.attrSet('class', level === 2 ? 'kern-heading-medium' : 'kern-heading-small');
			} else if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
				t.attrSet('class', t.type === 'bullet_list_open' ? 'kern-list kern-list--bullet' : 'kern-list kern-list--number');
				lists.push(t);
			} else if (t.type === 'paragraph_open' && !t.hidden) {
				t.attrSet('class', 'kern-body');
			} else if (t.type === 'tr_open') {
				t.attrSet('class', 'kern-table__row');
			} else if (t.type === 'th_open' || t.type === 'td_open') {
				t.attrJoin('class', t.type === 'th_open' ? 'kern-table__header' : 'kern-table__cell');
				if (t.type === 'th_open') t.attrSet('scope', 'col');
			} else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') {
				lists.pop();
			} else if (t.type === 'inline' && tokens[i - 1]?.type === 'paragraph_open' && tokens[i - 2]?.type === 'list_item_open') {
				const task = parseTaskText(t.content);
				const first = t.children?.[0];
				if (!task || !first || first.type !== 'text') continue;
				first.content = first.content.replace(/^\[( |x|X)\][ \t]+/, '');
				const last = t.children![t.children!.length - 1]!;
				if (last.type === 'text') last.content = stripTaskKey(last.content);
				const box = new state.Token('html_inline', '', 0);
				box.content = task.checked
					? '<span class="task-box" aria-hidden="true">✓</span><span class="kern-sr-only">erledigt: </span>'
					: '<span class="task-box" aria-hidden="true">☐</span>';
				t.children!.unshift(box);
				tokens[i - 2]!.attrJoin('class', 'task-list-item');
				lists.at(-1)?.attrSet('class', 'kern-list task-list');
			}
		}
	});

	const defaultRender = (tokens: Token[], idx: number, options: Options, _env: unknown, self: Renderer) => self.renderToken(tokens, idx, options);
	md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
		const t = tokens[idx]!;
		t.attrJoin('class', 'kern-link');
		const href = t.attrGet('href') ?? '';
		const external = isExternal(href);
		if (external) t.attrSet('rel', 'noopener noreferrer');
		(env as { links?: boolean[] }).links ??= [];
		(env as { links: boolean[] }).links.push(external);
		return defaultRender(tokens, idx, options, env, self);
	};
	md.renderer.rules.link_close = (tokens, idx, options, env, self) => {
		const external = (env as { links?: boolean[] }).links?.pop() ?? false;
		const marker = external ? '<span class="external-mark" aria-hidden="true"> ↗</span><span class="kern-sr-only"> (externer Link)</span>' : '';
		return marker + defaultRender(tokens, idx, options, env, self);
	};
	md.renderer.rules.table_open = (tokens, idx, options, env, self) => {
		tokens[idx]!.attrJoin('class', 'kern-table');
		return defaultRender(tokens, idx, options, env, self);
	};
	return md;
}

const renderer = createRenderer();

/** Markdown → safe HTML (see the module comment). Input beyond BODY_MAX is cut. */
export function renderMarkdown(source: string): string {
	return renderer.render(source.slice(0, BODY_MAX), {});
}

export interface ChecklistItem {
	key: string;
	/** The item's text as plain text (formatting removed). */
	text: string;
}

/** The task items of a Markdown text with their stable keys, in order. */
export function checklistItems(source: string): ChecklistItem[] {
	const tokens = renderer.parse(source.slice(0, BODY_MAX), {});
	const found: { key: string; text: string }[] = [];
	for (let i = 2; i < tokens.length; i++) {
		const t = tokens[i]!;
		if (t.type !== 'inline' || tokens[i - 1]!.type !== 'paragraph_open' || tokens[i - 2]!.type !== 'list_item_open') continue;
		const task = parseTaskText(t.content);
		if (!task) continue;
		const plain = (t.children ?? [])
			.map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : c.type === 'softbreak' || c.type === 'hardbreak' ? ' ' : ''))
			.join('');
		const text = stripTaskKey(plain.replace(/^\[( |x|X)\][ \t]+/, '')).replace(/\s+/g, ' ').trim();
		found.push({ key: task.key ?? slugKey(text), text });
	}
	const keys = uniqueKeys(found.map((f) => f.key));
	return found.map((f, i) => ({ key: keys[i]!, text: f.text }));
}

/** Plain text of a Markdown source for the search index (markup removed, link targets dropped). */
export function markdownPlainText(source: string): string {
	const tokens = renderer.parse(source.slice(0, BODY_MAX), {});
	const out: string[] = [];
	for (const t of tokens) {
		if (t.type === 'inline') out.push((t.children ?? []).map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : ' ')).join(''));
		else if (t.type === 'fence' || t.type === 'code_block') out.push(t.content);
	}
	return out.join('\n');
}
