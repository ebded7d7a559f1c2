/** The HTML alternative of a mail: escaped, real links only for absolute http(s) addresses, the same text as the plain part. */
import { describe, expect, it } from 'vitest';
import { mailHtml } from './html';
import { deadlineMail, invitationMail, proposalDecidedMail } from './messages';

const origin = 'https://ikz.kreis-goerlitz.example';

describe('the HTML part of a mail', () => {
	it('escapes everything a person typed; nothing becomes markup', () => {
		const m = proposalDecidedMail({ origin, name: 'Jürgen <b>Weiß</b> & "Söhne"', id: 9, title: '<script>alert(1)</script>', accepted: false, comment: "Bitte <img src=x onerror=alert(1)> prüfen 'jetzt'", link: '/vorschlaege/9' });
		const html = mailHtml(m.subject, m.text);
		expect(html).not.toMatch(/<script|<img|<b>/);
		expect(html).toContain('Jürgen &lt;b&gt;Weiß&lt;/b&gt; &amp; &quot;Söhne&quot;');
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).toContain('&#39;jetzt&#39;');
		// The only tags are the document's own.
		const tags = new Set([...html.matchAll(/<\/?([a-z!]+)/gi)].map((x) => x[1]!.toLowerCase()));
		expect([...tags].sort()).toEqual(['!doctype', 'a', 'body', 'br', 'footer', 'head', 'hr', 'html', 'meta', 'p', 'title']);
	});

	it('links only absolute addresses, with the address as the visible text; a full stop after a link stays outside', () => {
		const m = invitationMail({ origin, name: 'Amt Gransee', invitedBy: 'Koordinierung', token: 'AbC-12_x', hours: 24 });
		const html = mailHtml(m.subject, m.text);
		expect(html).toContain(`<a href="${origin}/einrichtung/AbC-12_x">${origin}/einrichtung/AbC-12_x</a>`);
		const text = mailHtml('Test', 'Siehe https://a.example/x. Und (https://b.example/y), javascript:alert(1) und www.c.example.');
		expect(text).toContain('<a href="https://a.example/x">https://a.example/x</a>.');
		expect(text).toContain('(<a href="https://b.example/y">https://b.example/y</a>)');
		expect(text).not.toContain('href="javascript');
		expect(text).not.toContain('href="www');
	});

	it('is German, titled with the subject, keeps paragraphs and line breaks, and sets the signature apart', () => {
		const m = deadlineMail({ origin, name: 'Stadt Zittau', what: 'Überprüfung nach § 2b UStG', title: 'Bauhof-Kooperation', dateLabel: '01.03.2027', note: 'Laut Eintrag', link: '/kooperationen/gr-3' });
		const html = mailHtml(m.subject, m.text);
		expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="de">/);
		expect(html).toContain(`<title>Frist 01.03.2027: Überprüfung nach § 2b UStG – Bauhof-Kooperation</title>`);
		expect(html).toContain('<p>Guten Tag Stadt Zittau,</p>');
		expect(html).toContain('Bauhof-Kooperation<br>\nLaut Eintrag');
		expect(html).toMatch(/<hr>\n<footer[^>]*><p>IKZ-Atlas – Register der interkommunalen Zusammenarbeit<br>/);
		// Every word of the text is in the HTML (after removing tags and entities).
		const words = (s: string) => s.match(/[\p{L}\d]{3,}/gu) ?? [];
		const plain = html.replace(/<[^>]+>/g, ' ').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
		for (const w of words(m.text)) expect(plain, w).toContain(w);
	});
});
