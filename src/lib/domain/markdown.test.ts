import { describe, expect, it } from 'vitest';
import { checklistItems, isAllowedLink, markdownPlainText, renderMarkdown } from './markdown';
import { parseTaskText, slugKey, uniqueKeys } from './task-items';

/** Every start tag in the output, e.g. `<a href="…" class="kern-link">`. */
const tags = (html: string) => html.match(/<[a-z][^>]*>/gi) ?? [];

describe('markdown safety', () => {
	it('raw HTML comes out as text: no script, no img, no event handler attribute', () => {
		const html = renderMarkdown([
			'<script>alert(1)</script>',
			'',
			'Text <img src=x onerror="alert(2)"> und <b onclick=alert(3)>fett</b>',
			'',
			'<iframe src="https://example.org"></iframe>',
			'',
			'<svg><script>alert(4)</script></svg>'
		].join('\n'));
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toMatch(/<img/i);
		expect(html).not.toMatch(/<iframe/i);
		expect(html).not.toMatch(/<svg/i);
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
		for (const tag of tags(html)) expect(tag, tag).not.toMatch(/\son[a-z]+\s*=/i);
	});

	it('javascript:, data: and vbscript: links stay text, also disguised', () => {
		const sources = [
			'[klick](javascript:alert(1))',
			'[klick](JavaScript:alert(1))',
			'[klick](jav&#x61;script:alert(1))',
			'[klick](javascript&colon;alert(1))',
			'[klick]( javascript:alert(1) )',
			'[klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
			'[klick](vbscript:msgbox(1))',
			'<javascript:alert(1)>',
			'[klick][ref]\n\n[ref]: javascript:alert(1)',
			'[klick](//evil.example/x)'
		];
		for (const src of sources) {
			const html = renderMarkdown(src);
			expect(html, src).not.toMatch(/<a\s/i);
			expect(html.toLowerCase(), src).not.toContain('href="javascript');
			expect(html.toLowerCase(), src).not.toContain('href="data');
		}
	});

	it('images are not rendered as images', () => {
		const html = renderMarkdown('![Logo](https://example.org/x.png) und ![x](x)');
		expect(html).not.toMatch(/<img/i);
	});

	it('allowed links: https with rel and an external marker, mailto and relative without', () => {
		const html = renderMarkdown('[Kurie](https://curia.europa.eu/juris/liste.jsf?num=C-480/06), [Post](mailto:ikz@kreis-unna.de), [Register](/kooperationen?q=vhs), [oben](#anfang)');
		expect(html).toContain('<a href="https://curia.europa.eu/juris/liste.jsf?num=C-480/06" class="kern-link" rel="noopener noreferrer">Kurie<span class="external-mark" aria-hidden="true"> ↗</span><span class="kern-sr-only"> (externer Link)</span></a>');
		expect(html).toContain('<a href="mailto:ikz@kreis-unna.de" class="kern-link">Post</a>');
		expect(html).toContain('<a href="/kooperationen?q=vhs" class="kern-link">Register</a>');
		expect(html).toContain('<a href="#anfang" class="kern-link">oben</a>');
		// Bare URLs are not turned into links.
		expect(renderMarkdown('siehe https://example.org')).not.toMatch(/<a\s/);
	});

	it('the link check itself', () => {
		for (const ok of ['https://a.de', 'http://a.de/x', 'mailto:a@b.de', '/wissen', 'wissen/x', './x', '../x', '#x', '?q=1']) expect(isAllowedLink(ok), ok).toBe(true);
		for (const bad of ['javascript:x', ' javascript:x', 'java\nscript:x', 'data:x', 'file:///etc/passwd', 'ftp://a', '//a.de', '', 'a:b']) expect(isAllowedLink(bad), bad).toBe(false);
	});

	it('headings start at h2 under the page title, in order', () => {
		const html = renderMarkdown('# Eins\n\n## Zwei\n\n###### Sechs');
		expect(html).toContain('<h2 class="kern-heading-medium">Eins</h2>');
		expect(html).toContain('<h3 class="kern-heading-small">Zwei</h3>');
		expect(html).toContain('<h6 class="kern-heading-small">Sechs</h6>');
		expect(html).not.toContain('<h1>');
		const fromTwo = renderMarkdown('## Zwei\n\n### Drei');
		expect(fromTwo).toContain('<h2 class="kern-heading-medium">Zwei</h2>');
		expect(fromTwo).toContain('<h3 class="kern-heading-small">Drei</h3>');
		expect(renderMarkdown('### Drei')).toContain('<h2 class="kern-heading-medium">Drei</h2>');
	});
});

describe('task lists', () => {
	const source = [
		'Schritte:',
		'',
		'- [ ] **Beschluss** des Rates jeder beteiligten Körperschaft {#ratsbeschluss}',
		'- [ ] Vereinbarung schriftlich abschließen',
		'- [x] Schon erledigt',
		'- Kein Punkt zum Abhaken',
		'- [ ] Vereinbarung schriftlich abschließen',
		'',
		'1. [ ] Nummeriert `§ 24 GkG` prüfen'
	].join('\n');

	it('are rendered as a list with boxes, not as form controls, without the keys', () => {
		const html = renderMarkdown(source);
		expect(html).not.toMatch(/<input/i);
		expect(html).toContain('<ul class="kern-list task-list">');
		expect(html).toContain('<li class="task-list-item"><span class="task-box" aria-hidden="true">☐</span><strong>Beschluss</strong> des Rates jeder beteiligten Körperschaft</li>');
		expect(html).toContain('<span class="task-box" aria-hidden="true">✓</span><span class="kern-sr-only">erledigt: </span>Schon erledigt');
		expect(html).not.toContain('{#ratsbeschluss}');
		expect(html).not.toContain('[ ]');
		expect(html).toContain('<li>Kein Punkt zum Abhaken</li>');
	});

	it('have stable keys: explicit {#key}, otherwise the slug of the text, duplicates numbered', () => {
		expect(checklistItems(source)).toEqual([
			{ key: 'ratsbeschluss', text: 'Beschluss des Rates jeder beteiligten Körperschaft' },
			{ key: 'vereinbarung-schriftlich-abschliessen', text: 'Vereinbarung schriftlich abschließen' },
			{ key: 'schon-erledigt', text: 'Schon erledigt' },
			{ key: 'vereinbarung-schriftlich-abschliessen-2', text: 'Vereinbarung schriftlich abschließen' },
			{ key: 'nummeriert-24-gkg-pruefen', text: 'Nummeriert § 24 GkG prüfen' }
		]);
	});

	it('a changed wording keeps an explicit key and changes a derived one', () => {
		const before = checklistItems('- [ ] Rat beschließt {#rat}\n- [ ] Anzeige bei der Aufsicht');
		const after = checklistItems('- [ ] Der Rat jeder Körperschaft beschließt {#rat}\n- [ ] Anzeige bei der Aufsichtsbehörde');
		expect(after[0]!.key).toBe(before[0]!.key);
		expect(after[1]!.key).not.toBe(before[1]!.key);
	});

	it('task markers inside code are not items', () => {
		expect(checklistItems('```\n- [ ] kein Punkt\n```\n\n    - [ ] auch keiner')).toEqual([]);
	});

	it('the helpers', () => {
		expect(parseTaskText('[ ] Text {#k-1}')).toEqual({ checked: false, text: 'Text', key: 'k-1' });
		expect(parseTaskText('[X] Text')).toEqual({ checked: true, text: 'Text', key: null });
		expect(parseTaskText('[] Text')).toBeNull();
		expect(parseTaskText('Text')).toBeNull();
		expect(slugKey('Veröffentlichung im Amtsblatt (§ 24 Abs. 3)')).toBe('veroeffentlichung-im-amtsblatt-24-abs-3');
		expect(slugKey('§§')).toBe('punkt');
		expect(slugKey('a'.repeat(80))).toHaveLength(60);
		expect(uniqueKeys(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', 'a-2', 'a-3']);
	});
});

describe('plain text for the search', () => {
	it('keeps the words and drops markup and link targets', () => {
		const text = markdownPlainText('## Bekanntmachung\n\nIm **Amtsblatt** [veröffentlichen](https://example.org/geheim).');
		expect(text).toContain('Bekanntmachung');
		expect(text).toContain('Amtsblatt');
		expect(text).toContain('veröffentlichen');
		expect(text).not.toContain('example.org');
		expect(text).not.toContain('**');
	});
});
