import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Component } from 'svelte';
import { compile } from 'svelte/compiler';
import { render } from 'svelte/server';
import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import { checkEscapingShape } from './latin1-plugins.ts';
import { rewriteStaticHtml, StaticHtmlRewriter, type AstNode } from './latin1-template.ts';
// What the browser reads: numeric references decoded (the rest stays as served).
import { decodeNumericReferences as decodeReferences } from '../../../../tests/support/html-text.ts';

const parse = (code: string) => parseAst(code) as unknown as AstNode;


const wide = (s: string) => [...s].filter((c) => c.codePointAt(0)! > 0xff).join('');

/**
 * A component that has what the rewrite must and must not touch: static text with an en dash (as
 * a character and as `&ndash;`), attributes with „…“, a dynamic value next to them, <textarea>
 * (references decoded there), <style> and <script> raw text and {@html} (left alone).
 */
const SOURCE = `<script>
	let { name } = $props();
	const suffix = name + ' – Ende';
</script>
<svelte:head>
	<title>Suche &ndash; {name} – IKZ-Atlas</title>
	<style>.x::before { content: "– „"; }</style>
	<script type="application/ld+json">{"name": "„Müll“ – Abfuhr"}</script>
</svelte:head>
<nav aria-label="Pfad › Kooperationen"><a href="/" title="„Start“">Start</a> › {name}</nav>
<p class="hinweis" data-x={suffix}>Treffer für „{name}“ → Seite 2 … 🚲</p>
{#each [1, 2] as n}<span>{n}–</span>{/each}
<textarea name="t">„vorbelegt“</textarea>
<div>{@html '<b>– roh</b>'}</div>
<!-- ein Kommentar – bleibt -->`;

function compiled(): string {
	return compile(SOURCE, { generate: 'server', filename: 'Probe.svelte', preserveComments: true }).js.code;
}

/**
 * Imports compiled server code as a module (from a folder inside the project, so that its import of
 * Svelte's server runtime resolves) and returns its component.
 */
async function load(code: string, name: string): Promise<Component<{ name: string }>> {
	const cache = path.resolve('node_modules/.cache');
	mkdirSync(cache, { recursive: true });
	const dir = mkdtempSync(path.join(cache, 'ikz-latin1-'));
	try {
		const file = path.join(dir, `${name}.js`);
		writeFileSync(file, code);
		return ((await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default: Component<{ name: string }> }).default;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe('rewriteStaticHtml on compiled Svelte output', () => {
	const original = compiled();
	const result = rewriteStaticHtml(original, parse, 'Probe.svelte');
	const rewritten = result?.code ?? '';

	it('changes the code and leaves JavaScript strings alone', () => {
		expect(result).not.toBeNull();
		expect(rewritten).toContain("name + ' – Ende'");
		expect(rewritten).toContain("'<b>– roh</b>'");
		expect(result?.map.mappings).toBeTruthy();
	});

	it('renders references in text and attributes, none in raw text, {@html} or comments', async () => {
		const before = render(await load(original, 'before'), { props: { name: 'Kamen' } });
		const after = render(await load(rewritten, 'after'), { props: { name: 'Kamen' } });
		// The browser sees the same characters.
		expect(decodeReferences(after.head)).toBe(before.head);
		expect(decodeReferences(after.body)).toBe(before.body);
		expect(after.head).toContain('<title>Suche &#8211; Kamen &#8211; IKZ-Atlas</title>');
		expect(after.body).toContain('aria-label="Pfad &#8250; Kooperationen"');
		expect(after.body).toContain('title="&#8222;Start&#8220;"');
		expect(after.body).toContain('Treffer für &#8222;Kamen&#8220; &#8594; Seite 2 &#8230; &#128690;</p>');
		expect(after.body).toContain('<span>1&#8211;</span><span>2&#8211;</span>');
		expect(after.body).toContain('<textarea name="t">&#8222;vorbelegt&#8220;</textarea>');
		// Raw text, {@html} and the comment keep their characters; a dynamic value is the escape function's job.
		expect(after.head).toContain('<style>.x::before { content: "– „"; }</style>');
		expect(after.head).toContain('{"name": "„Müll“ – Abfuhr"}</script>');
		expect(after.body).toContain('<b>– roh</b>');
		expect(after.body).toContain('<!-- ein Kommentar – bleibt -->');
		// Apart from those (and a dynamic value, escaped by Svelte's own function in this test) the body is Latin-1.
		const rest = after.body.replace('<b>– roh</b>', '').replace('<!-- ein Kommentar – bleibt -->', '').replace('data-x="Kamen – Ende"', '');
		expect(wide(rest)).toBe('');
	});
});

describe('rewriteStaticHtml on hand-written code', () => {
	it('re-escapes what the template literal needs and reads \\u escapes', () => {
		const code = 'function C($$renderer) { $$renderer.push(`<p>\\u2013 \\` \\${x} ${$.escape(a)} „</p>`); }';
		const out = rewriteStaticHtml(code, parse)?.code ?? '';
		expect(out).toBe('function C($$renderer) { $$renderer.push(`<p>&#8211; \\` \\${x} ${$.escape(a)} &#8222;</p>`); }');
		expect(wide(out)).toBe('');
	});

	it('rewrites a plain string argument and leaves other calls and templates alone', () => {
		const code = 'function C($$renderer) { $$renderer.push("<i>–</i>"); log(`–`); other.push(`<i>–</i>`); }';
		expect(rewriteStaticHtml(code, parse)?.code).toBe('function C($$renderer) { $$renderer.push("<i>&#8211;</i>"); log(`–`); other.push(`<i>–</i>`); }');
	});

	it('returns null when there is nothing above U+00FF', () => {
		expect(rewriteStaticHtml('function C($$renderer) { $$renderer.push(`<p>Grüße</p>`); }', parse)).toBeNull();
	});
});

describe('StaticHtmlRewriter', () => {
	it('carries raw text, comments and CDATA across the parts of one template', () => {
		const r = new StaticHtmlRewriter();
		expect(r.rewrite('<p>–</p><SCRIPT data-t="a>–">–')).toBe('<p>&#8211;</p><SCRIPT data-t="a>&#8211;">–');
		expect(r.rewrite('– </scripts> – </Script >–<!-- –')).toBe('– </scripts> – </Script >&#8211;<!-- –');
		expect(r.rewrite('– -->–<![CDATA[–]]>–')).toBe('– -->&#8211;<![CDATA[–]]>&#8211;');
		expect(r.rewrite('<scripts>–</scripts><stylesheet>–<iframe>–</iframe>–')).toBe(
			'<scripts>&#8211;</scripts><stylesheet>&#8211;<iframe>–</iframe>&#8211;'
		);
	});
});

describe('checkEscapingShape', () => {
	it("accepts the installed Svelte's escaping module and rejects another shape", () => {
		const svelte = path.dirname(createRequire(import.meta.url).resolve('svelte/package.json'));
		const source = readFileSync(path.join(svelte, 'src/escaping.js'), 'utf8');
		expect(() => checkEscapingShape(parse(source))).not.toThrow();
		expect(() => checkEscapingShape(parse(source + '\nexport function escape_more(x) { return x; }'))).toThrow(/escape_more/);
		expect(() => checkEscapingShape(parse(source.replace('escape_html(value, is_attr)', 'escape_html(value)')))).toThrow(/escaping\.js/);
		expect(() => checkEscapingShape(parse('export const x = 1;'))).toThrow(/escaping\.js/);
	});
});
