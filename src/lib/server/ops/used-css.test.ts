import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { readSources, trimCss, usedClasses } from './used-css';

describe('usedClasses', () => {
	it('finds class names in markup, scripts and strings; names built at run time become prefixes', () => {
		const used = usedClasses([
			'<div class="kern-card kern-card--small">',
			'<span class="kern-badge kern-badge--{tone}">',
			"const c = `kern-alert--${kind}`; const d = 'kern-tag--' + x; const e = ['kern-link'];",
			'<p class="kern-form-input{err ? \' kern-form-input--error\' : \'\'}">',
			'--kern-color-layout: red; xkern-not-a-class; the bare prefix kern-… says nothing'
		]);
		expect([...used.names].sort()).toEqual(['kern-badge', 'kern-card', 'kern-card--small', 'kern-form-input--error', 'kern-link']);
		expect(used.prefixes.sort()).toEqual(['kern-alert--', 'kern-badge--', 'kern-form-input', 'kern-tag--']);
	});

	it('works for another prefix', () => {
		const used = usedClasses(['<b class="fr-btn fr-btn--sm kern-x">'], 'fr-');
		expect([...used.names].sort()).toEqual(['fr-btn', 'fr-btn--sm']);
	});
});

describe('trimCss', () => {
	const used = { names: new Set(['kern-btn', 'kern-label', 'kern-table']), prefixes: ['kern-badge--'] };

	it('drops rules whose selectors all need an unused class and keeps the used selectors of a list', () => {
		const css = '.kern-btn{color:red}.kern-dialog{display:none}.kern-btn .kern-label,.kern-card .kern-label{gap:1px}.kern-badge--success,.kern-badge{x:1}';
		expect(trimCss(css, used)).toBe('.kern-btn{color:red}.kern-btn .kern-label{gap:1px}.kern-badge--success{x:1}');
	});

	it('keeps element, attribute, other-prefix selectors, :root, @font-face and @keyframes', () => {
		const css = '@charset "UTF-8";*,*:before{box-sizing:border-box}:root{--kern-a:1px}[data-kern-theme=dark]{c:1}.app-x{c:2}'
			+ '@font-face{font-family:"F";src:url("f.woff2")}@keyframes kern-spin{to{transform:rotate(1turn)}}';
		expect(trimCss(css, used)).toBe(css);
	});

	it('does not judge classes in :not(), :has(), brackets, strings and comments', () => {
		const css = 'body:has(.kern-dialog[open]){overflow:hidden}.kern-btn:not(.kern-card){a:1}a[href$=".kern-pdf"]{b:2}'
			+ '.kern-table/* .kern-zzz */ td{c:3}:is(.kern-card,.kern-x) p{d:4}';
		expect(trimCss(css, used)).toBe(css);
	});

	it('recurses into @media and @supports, drops them when empty, and keeps braces inside strings', () => {
		const css = '@media (min-width:48em){.kern-card{a:1}.kern-btn{b:2}}@media print{.kern-card{a:1}}'
			+ '@supports (display:grid){.kern-dialog{c:3}}.kern-btn::after{content:"}{;"}.kern-card::after{content:"{"}';
		expect(trimCss(css, used)).toBe('@media (min-width:48em){.kern-btn{b:2}}.kern-btn::after{content:"}{;"}');
	});

	it('leaves messy, unminified CSS with comments intact where it is used', () => {
		const css = '/* Kopf */\n.kern-btn ,\n  .kern-gone {\n  color: red; /* } */\n}\n\n.kern-gone > .x { y: 1 }\n';
		expect(trimCss(css, used)).toBe('/* Kopf */\n.kern-btn {\n  color: red; /* } */\n}\n');
	});

	it('on the real KERN stylesheet with the app\'s sources: every class the app names keeps its rules, much of the rest goes', () => {
		const path = 'node_modules/@kern-ux/native/dist/kern.min.css';
		const css = fs.readFileSync(path, 'utf8');
		const app = usedClasses(readSources('src'));
		const out = trimCss(css, app);
		expect(out.length).toBeLessThan(css.length * 0.5);
		const classesIn = (text: string) => new Set([...text.matchAll(/\.(kern-[\w-]+)/g)].map((m) => m[1]!));
		const before = classesIn(css);
		const after = classesIn(out);
		for (const name of app.names) if (before.has(name)) expect(after.has(name), name).toBe(true);
		expect(after.has('kern-btn')).toBe(true);
		// Balanced braces: the output is still one stylesheet.
		expect(out.split('{').length).toBe(out.split('}').length);
	});
});
