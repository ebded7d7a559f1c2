/**
 * Rewrites the static HTML that a compiled Svelte server component pushes so that it holds no
 * character above U+00FF (issue 15; why: `escape-html.ts`).
 *
 * The Svelte compiler decodes `&ndash;` in a template to the character and pushes the static
 * parts of the markup as template literals: `$$renderer.push(\`<title>Suche – ${…}</title>\`)`.
 * Here every such literal is found in the parsed module and each character above U+00FF in its
 * text becomes a numeric reference, except inside comments, CDATA sections and the raw-text
 * elements (`<script>`, `<style>`, …), where the HTML parser does not decode references. The
 * expressions between the static parts (escaped values, `{@html}`) are left alone: dynamic values
 * reach the page through the escaping function, and `{@html}` is the app's own markup.
 */
import MagicString from 'magic-string';
import { latin1References } from './escape-html.ts';

/** The part of an ESTree node this module reads (offsets are UTF-16 indexes into the code). */
export interface AstNode {
	type: string;
	start: number;
	end: number;
}

/** A parser that returns an ESTree program, such as a Vite plugin's `this.parse`. */
export type ParseProgram = (code: string) => AstNode;

/** The result of a transform: the new code and its source map. */
export interface Rewritten {
	code: string;
	map: ReturnType<MagicString['generateMap']>;
}

/** Elements whose content the HTML parser reads as raw text (references stay undecoded). */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

/** Where the HTML tokenizer is between two pieces of static text. */
type State = 'data' | 'comment' | 'cdata' | 'raw-open-tag' | 'raw';

/**
 * Follows the HTML of one template through its static parts (the expressions between them are
 * taken to be complete fragments) and rewrites each part.
 */
export class StaticHtmlRewriter {
	private state: State = 'data';
	private rawName = '';
	private quote = '';

	/** Rewrites one static part and carries the tokenizer state on to the next one. */
	rewrite(text: string): string {
		let out = '';
		let i = 0;
		while (i < text.length) {
			// Text and start tags are encoded (what a step consumes at a `<` is ASCII markup);
			// comments, CDATA and raw text stay as they are.
			const encode = this.state === 'data' || this.state === 'raw-open-tag';
			const start = i;
			i = this.step(text, i);
			out += encode ? latin1References(text.slice(start, i)) : text.slice(start, i);
		}
		return out;
	}

	/** Consumes one run of text in the current state and returns where it ended. */
	private step(text: string, i: number): number {
		switch (this.state) {
			case 'comment':
				return this.until(text, i, '-->');
			case 'cdata':
				return this.until(text, i, ']]>');
			case 'raw':
				return this.untilRawClose(text, i);
			case 'raw-open-tag':
				return this.openTag(text, i);
			default:
				return this.data(text, i);
		}
	}

	/** Verbatim up to and including `end`; then back in data. */
	private until(text: string, i: number, end: string): number {
		const at = text.indexOf(end, i);
		if (at < 0) return text.length;
		this.state = 'data';
		return at + end.length;
	}

	/** Verbatim up to the end tag of the raw-text element (which is then read as data). */
	private untilRawClose(text: string, i: number): number {
		const lower = text.toLowerCase();
		let at = lower.indexOf('</' + this.rawName, i);
		while (at >= 0) {
			const after = lower[at + 2 + this.rawName.length];
			if (after === undefined || after === '>' || after === '/' || /\s/.test(after)) {
				this.state = 'data';
				return at;
			}
			at = lower.indexOf('</' + this.rawName, at + 1);
		}
		return text.length;
	}

	/** Inside the start tag of a raw-text element: attribute values are encoded; `>` starts the raw text. */
	private openTag(text: string, i: number): number {
		for (; i < text.length; i++) {
			const ch = text[i];
			if (this.quote) {
				if (ch === this.quote) this.quote = '';
			} else if (ch === '"' || ch === "'") this.quote = ch;
			else if (ch === '>') {
				this.state = 'raw';
				return i + 1;
			}
		}
		return text.length;
	}

	/** Text up to the next `<`, then the markup that begins there. */
	private data(text: string, i: number): number {
		const lt = text.indexOf('<', i);
		if (lt < 0) return text.length;
		if (lt > i) return lt;
		if (text.startsWith('<!--', i)) {
			this.state = 'comment';
			return i + 4;
		}
		if (text.startsWith('<![CDATA[', i)) {
			this.state = 'cdata';
			return i + 9;
		}
		let end = i + 1;
		while (end < text.length && !/[\s/>]/.test(text[end] ?? '')) end++;
		const name = text.slice(i + 1, end).toLowerCase();
		if (RAW_TEXT.has(name)) {
			this.state = 'raw-open-tag';
			this.rawName = name;
			this.quote = '';
			return end;
		}
		return i + 1;
	}
}

/** Whether `node` is `$$renderer.push(…)`, the call a compiled server component writes HTML with. */
function isRendererPush(node: AstNode): node is AstNode & { arguments: AstNode[] } {
	if (node.type !== 'CallExpression') return false;
	const callee = (node as unknown as { callee: AstNode & { object?: AstNode; property?: AstNode } }).callee;
	if (callee.type !== 'MemberExpression' || !callee.object || !callee.property) return false;
	const object = callee.object as AstNode & { name?: string };
	const property = callee.property as AstNode & { name?: string };
	return object.type === 'Identifier' && object.name === '$$renderer' && property.type === 'Identifier' && property.name === 'push';
}

/** Whether `code` has a character above U+00FF, written out or as a `\u` escape. */
function mayHoldWideCharacters(code: string): boolean {
	if (code.includes('\\u')) return true;
	for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) > 0xff) return true;
	return false;
}

/** Calls `visit` on every node below `node` (depth first, each node once). */
function walk(node: AstNode, visit: (node: AstNode) => void): void {
	visit(node);
	for (const [key, value] of Object.entries(node)) {
		if (key === 'parent') continue;
		if (Array.isArray(value)) {
			for (const item of value) if (isNode(item)) walk(item, visit);
		} else if (isNode(value)) walk(value, visit);
	}
}

function isNode(value: unknown): value is AstNode {
	return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

/** A string written as the raw text of a template literal part. */
function asTemplateRaw(text: string): string {
	return text.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${');
}

/** Rewrites the argument of one `$$renderer.push(…)` call in place. */
function rewritePush(code: string, argument: AstNode, edits: MagicString): void {
	const rewriter = new StaticHtmlRewriter();
	if (argument.type === 'TemplateLiteral') {
		const quasis = (argument as unknown as { quasis: (AstNode & { value: { raw: string; cooked: string | null } })[] }).quasis;
		for (const quasi of quasis) {
			const { raw, cooked } = quasi.value;
			if (cooked === null) return;
			if (code.slice(quasi.start, quasi.end) !== raw) {
				throw new Error(`latin1 template: a template part's offsets do not match its text (${quasi.start}–${quasi.end})`);
			}
			const rewritten = rewriter.rewrite(cooked);
			if (rewritten !== cooked) edits.overwrite(quasi.start, quasi.end, asTemplateRaw(rewritten));
		}
	} else if (argument.type === 'Literal') {
		const value = (argument as unknown as { value: unknown }).value;
		if (typeof value !== 'string') return;
		const rewritten = rewriter.rewrite(value);
		if (rewritten !== value) edits.overwrite(argument.start, argument.end, JSON.stringify(rewritten));
	}
}

/**
 * Rewrites the static HTML of every `$$renderer.push(…)` in a compiled server component. Returns
 * null when nothing changed.
 */
export function rewriteStaticHtml(code: string, parse: ParseProgram, file = 'component.svelte'): Rewritten | null {
	if (!mayHoldWideCharacters(code)) return null;
	const edits = new MagicString(code);
	walk(parse(code), (node) => {
		if (isRendererPush(node) && node.arguments[0]) rewritePush(code, node.arguments[0], edits);
	});
	if (!edits.hasChanged()) return null;
	return { code: edits.toString(), map: edits.generateMap({ hires: true, source: file, includeContent: true }) };
}
